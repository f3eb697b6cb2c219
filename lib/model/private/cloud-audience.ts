import { fail, GUID } from './checks';
import { IssuerKind } from '../issuer';
import type { Workload } from '../workload';

/** The longest audience both targets take: an IAM OIDC provider's client id (255), a GCP allowed audience (256). */
const MAX_AUDIENCE_CHARS = 255;

/**
 * The audience a cloud identity's token carries for a grant: required for Entra ID and Google
 * sources (their tokens carry what the workload asks for, and the target must pin it), refused
 * for everything else (Kubernetes and CI tokens get each cloud's audience from the model; an AWS
 * role's signed request names the GCP provider itself).
 * @see https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference
 * @see https://cloud.google.com/docs/authentication/get-id-token
 */
export function cloudAudience(where: string, workload: Workload, audience: string | undefined, target: 'AWS' | 'GCP'): string | undefined {
  const kind = workload.issuer.kind;
  if (!workload.isCloudIdentity || kind === IssuerKind.AWS) {
    if (audience !== undefined) {
      fail(where, 'audience', audience, kind === IssuerKind.AWS
        ? 'does not apply to an AWS role: its signed request names the GCP pool provider itself (x-goog-cloud-target-resource)'
        : `applies to cloud identities only (entra-id and google issuers), not to a ${workload.isKubernetes ? 'Kubernetes service account' : 'CI pipeline'}`,
      'no audience', kind === IssuerKind.AWS ? 'remove audience' : 'remove audience: the model gives Kubernetes and CI tokens each target cloud\'s own audience');
    }
    return undefined;
  }
  const entra = kind === IssuerKind.ENTRA_ID;
  if (audience === undefined) {
    fail(where, 'audience', undefined, entra ? `is missing: an Entra ID token carries the application it was requested for, and ${target} must pin it` : `is missing: a Google ID token carries the audience the service account asks for, and ${target} must pin it`,
      entra ? 'the application ID URI the identity requests its token for, e.g. "api://acme-aws-federation"' : 'the audience the service account asks for, e.g. "sts.amazonaws.com"',
      entra ? 'register an application for the federation (az ad app create … --identifier-uris api://<name>) and set audience to its application ID URI'
        : 'choose an audience (one per target cloud) and set it; the workload asks the metadata server for an ID token with it');
  }
  if (typeof audience !== 'string' || audience.length === 0 || audience.length > MAX_AUDIENCE_CHARS || /\s|[*?]/.test(audience)) {
    fail(where, 'audience', audience, 'is not a valid audience', `1–${MAX_AUDIENCE_CHARS} characters, no spaces, no wildcard`, 'write the audience exactly as the tokens carry it in aud');
  }
  if (entra && workload.issuer.entraTokenVersion === 2 && !GUID.test(audience)) {
    fail(where, 'audience', audience, `is not a client id, but the v2.0 tokens of issuer "${workload.issuer.name}" always carry the application's client id in aud, never its application ID URI`,
      'the client (application) id of the application the identity requests tokens for', 'set audience to the application\'s client id, or declare the issuer with tokenVersion: 1 if the tokens are v1.0');
  }
  if (entra && !GUID.test(audience) && !/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(audience)) {
    fail(where, 'audience', audience, 'is neither an application ID URI nor a client id', 'an application ID URI such as "api://acme-aws-federation", or the application\'s client id',
      'copy the application ID URI from the app registration\'s "Expose an API" page');
  }
  return audience;
}
