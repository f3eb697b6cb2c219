/**
 * The intended (token, identity) pairs: from an identity model — for every grant, the token the
 * workload would carry (issuer, subject and audience as the model derives them) and the
 * identity it is meant to become — or, without a model, from the Kubernetes artifacts.
 */
import { EksCluster } from './aws-pod-identity';
import { ExchangeTarget } from './exchange';
import { IntendedPair } from './negative-matrix';
import { nowSeconds, Token, TokenClaims } from './token';
import { credentialToken, workloadCredentials } from './workload-tokens';
import { EntraIdentityKind } from '../../model/azure';
import { IdentityModel } from '../../model/identity-model';
import { IssuerKind } from '../../model/issuer';
import { AccessMechanism, EKS_POD_IDENTITY_AUDIENCE } from '../../model/targets';
import { Workload } from '../../model/workload';
import { TrustGraph } from '../graph';

/** Token lifetimes the mechanisms ask for when the model says nothing (seconds). */
const DEFAULT_LIFETIME: Partial<Record<AccessMechanism, number>> = {
  [AccessMechanism.IRSA]: 86400,
  [AccessMechanism.POD_IDENTITY]: 86400,
};

/** Lifetimes of cloud identities' tokens: a managed identity's access token (about a day), a Google ID token (an hour). */
const CLOUD_LIFETIME: Partial<Record<IssuerKind, number>> = { [IssuerKind.ENTRA_ID]: 86399, [IssuerKind.GOOGLE]: 3600 };

/** Claims a CI token carries besides `sub` (what attribute mappings read). */
function ciClaims(w: Workload): Record<string, unknown> {
  const s = w.ciSubject;
  if (!s) return {};
  const out: Record<string, unknown> = {};
  if (s.parts.repository) {
    out.repository = s.parts.repository;
    out.repository_owner = s.parts.repository.split('/')[0];
  }
  if (s.parts.projectPath) out.project_path = s.parts.projectPath;
  const ref = /:ref:(refs\/(?:heads|tags)\/.+)$/.exec(w.subject)?.[1] ?? /:ref:([^:]+)$/.exec(w.subject)?.[1];
  if (ref) out.ref = ref;
  const env = /:environment:(.+)$/.exec(w.subject)?.[1];
  if (env) out.environment = env;
  return out;
}

/** The session name of the AWS role sessions the matrix presents (any name: the trust pins the role). */
export const AWS_SESSION_NAME = 'crossfed-check';
/** How long a SigV4 signature stays valid. @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-troubleshooting.html */
export const AWS_SIGNATURE_SECONDS = 900;

/**
 * What a cloud identity presents: an Entra ID access token (v1.0 or v2.0 claims), a Google
 * service account's ID token (`azp` = `sub` = its unique id), or an AWS role session's caller
 * identity (see `isAwsCallerIdentity`).
 * @see https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference
 * @see https://cloud.google.com/compute/docs/instances/verifying-instance-identity#token_format
 */
function cloudToken(w: Workload, audience: string, now: number, lifetime: number): Token {
  const p = w.cloudPrincipal!;
  const i = w.issuer;
  switch (i.kind) {
    case IssuerKind.ENTRA_ID:
      return { claims: { iss: i.url, sub: p.subject, aud: audience, exp: now + lifetime, iat: now, nbf: now, oid: p.subject, tid: i.azureTenantId, idtyp: 'app', ver: i.entraTokenVersion === 2 ? '2.0' : '1.0' } };
    case IssuerKind.GOOGLE:
      return { claims: { iss: i.url, sub: p.subject, azp: p.subject, aud: audience, exp: now + lifetime, iat: now, ...(p.parts.email ? { email: p.parts.email, email_verified: true } : {}) } };
    default:
      return { claims: { arn: `${p.subject}/${AWS_SESSION_NAME}`, account: p.parts.accountId, userid: `AROAEXAMPLEROLEID:${AWS_SESSION_NAME}`, aud: audience, iat: now, exp: now + AWS_SIGNATURE_SECONDS } };
  }
}

/** The token a workload would present with this audience, minted at `now`. */
export function workloadToken(w: Workload, audience: string, now: number, lifetime: number): Token {
  if (w.isCloudIdentity) return cloudToken(w, audience, now, lifetime);
  const claims: TokenClaims = {
    iss: w.issuer.url, sub: w.subject, aud: audience, exp: now + lifetime, iat: now, nbf: now,
    ...(w.isKubernetes
      ? { 'kubernetes.io': { namespace: w.namespace!, serviceaccount: { name: w.serviceAccount!, uid: '00000000-0000-4000-8000-000000000000' }, pod: { name: `${w.serviceAccount}-0`, uid: '00000000-0000-4000-8000-000000000001' } } }
      : ciClaims(w)),
  };
  return { claims };
}

/** Every grant of the model as an intended pair (except grants of existing IAM roles, whose trust crossfed does not write). */
export function intendedPairsFromModel(model: IdentityModel, options: { now?: number } = {}): IntendedPair[] {
  const now = options.now ?? nowSeconds();
  const pairs: IntendedPair[] = [];
  const lifetime = (w: Workload, m: AccessMechanism) => w.tokenExpirationSeconds ?? (w.isCloudIdentity ? CLOUD_LIFETIME[w.issuer.kind] : DEFAULT_LIFETIME[m]) ?? 3600;
  const add = (w: Workload, audience: string, m: AccessMechanism, target: ExchangeTarget, identity: string) => {
    pairs.push({ label: `${w.id} → ${target.cloud} ${identity}`, token: workloadToken(w, audience, now, lifetime(w, m)), target });
  };
  for (const w of model.workloads) {
    for (const a of w.awsAccess) {
      // An existing role's trust policy is not in the artifacts: nothing to evaluate it against.
      if (a.role.existing) continue;
      if (a.mechanism === AccessMechanism.POD_IDENTITY) {
        const i = w.issuer;
        add(w, EKS_POD_IDENTITY_AUDIENCE, a.mechanism, { cloud: 'aws', kind: 'pod-identity', roleArn: a.role.arn, cluster: { name: i.clusterName!, issuer: i.url, arn: i.eksClusterArn, accountId: i.awsAccountId } }, a.role.arn);
      } else {
        add(w, a.audience, a.mechanism, { cloud: 'aws', kind: 'web-identity', roleArn: a.role.arn }, a.role.arn);
      }
    }
    for (const a of w.azureAccess) {
      const id = a.identity;
      const identity = id.clientId ? { clientId: id.clientId } : { displayName: id.displayName, kind: id.kind === EntraIdentityKind.MANAGED_IDENTITY ? 'managed-identity' as const : 'application' as const };
      add(w, a.audience, a.mechanism, { cloud: 'azure', kind: 'federated-credential', identity }, `${id.kind} ${id.displayName}`);
    }
    for (const a of w.gcpAccess) {
      if (a.mechanism === AccessMechanism.GKE_NATIVE) {
        if (w.issuer.kind !== IssuerKind.GKE || !w.issuer.gkeWorkloadPool) continue;
        add(w, w.issuer.gkeWorkloadPool, a.mechanism, { cloud: 'gcp', kind: 'gke-native', serviceAccountEmail: a.serviceAccount!.email }, a.serviceAccount!.email);
      } else {
        // An AWS role's credential configuration names its provider (the signed request carries it).
        const provider = w.issuer.kind === IssuerKind.AWS ? { provider: a.audience! } : {};
        if (a.serviceAccount) add(w, a.audience!, a.mechanism, { cloud: 'gcp', kind: 'impersonation', serviceAccountEmail: a.serviceAccount.email, ...provider }, a.serviceAccount.email);
        else add(w, a.audience!, a.mechanism, { cloud: 'gcp', kind: 'direct', ...provider }, `direct access of ${a.member}`);
      }
    }
  }
  return pairs;
}

/** The model's EKS clusters (those with a cluster name), for EKS Pod Identity. */
export function eksClustersFromModel(model: IdentityModel): EksCluster[] {
  return model.issuers.filter(i => i.kind === IssuerKind.EKS && i.clusterName).map(i => ({ name: i.clusterName!, issuer: i.url, arn: i.eksClusterArn, accountId: i.awsAccountId }));
}

/**
 * The intended pairs of a set of artifacts without a model: every token a Kubernetes workload's
 * containers carry, with the identity its env vars, credential configuration or webhook
 * annotations point it at. Credentials the API server or the SDK would not get that far with
 * are left out (the exchange results report them).
 */
export function intendedPairsFromWorkloads(graph: TrustGraph, options: { now?: number; issuer?: string; eksClusters?: readonly EksCluster[] } = {}): IntendedPair[] {
  const now = options.now ?? nowSeconds();
  const pairs: IntendedPair[] = [];
  for (const w of graph.k8s.workloads) {
    const sa = graph.k8s.serviceAccounts.find(s => s.namespace === w.namespace && s.name === w.serviceAccountName);
    const issuer = sa?.issuer ?? options.issuer;
    if (!issuer) continue;
    for (const cred of workloadCredentials(graph, w, { issuer, eksClusters: options.eksClusters })) {
      if (cred.problem || !cred.target) continue;
      pairs.push({ label: `${w.kind}/${w.namespace}/${w.name} (${cred.container}) → ${cred.target.cloud} via ${cred.source}`, token: credentialToken(w, cred, issuer, now), target: cred.target });
    }
  }
  return pairs;
}
