import { WEBHOOK_KEYS } from '../../credentials';
import { hostPath, issuerForm } from '../../private/issuers';
import { known, showVal } from '../../private/val';
import { ExchangeStep, PresentedToken } from '../../simulator';
import { defineRule } from '../rule';

/** Refusals other rules report with more precision (GCP audiences, bindings, subject length; legacy tokens; token lifetimes the API server may cap). */
const OWNED: Readonly<Record<string, readonly ExchangeStep[]>> = { aws: ['token'], azure: ['lifetime'], gcp: ['audience', 'binding', 'mapping'] };

const EXPECTED_AUDIENCE = { aws: 'sts.amazonaws.com', azure: 'api://AzureADTokenExchange', gcp: 'the pool provider\'s name' } as const;
const TOKEN_VARIABLE = { aws: 'AWS_WEB_IDENTITY_TOKEN_FILE', azure: 'AZURE_FEDERATED_TOKEN_FILE', gcp: 'credential_source.file' } as const;

/** What to change, by cloud and refusing step. */
function fixFor(cloud: 'aws' | 'azure' | 'gcp', step: ExchangeStep | undefined, t: PresentedToken): string {
  const exact = `issuer "${t.iss}", subject "${t.sub}", audience "${t.aud[0] ?? ''}"`;
  if (cloud === 'aws') {
    if (step === 'provider') return `register the OIDC provider with Url "${t.iss}" byte for byte, and trust it in the role`;
    return step === 'audience' ? `add "${t.aud[0]}" to the ClientIdList of the OIDC provider for ${t.iss}`
      : `make the role trust oidc-provider/${hostPath(t.iss)} with StringEquals ${hostPath(t.iss)}:sub "${t.sub}" and :aud "${t.aud[0]}", or run the pod as a service account the role trusts`;
  }
  if (cloud === 'azure') return step === 'lifetime' ? 'set the token\'s expirationSeconds to 86400 or less' : `give the identity a federated credential with ${exact} (byte for byte), or point the pod at the identity that has one`;
  return step === 'condition' ? `let the provider's attribute_condition admit "${t.sub}", or run the pod as a service account it admits`
    : `give the pool a provider for issuer "${t.iss}" (issuer_uri byte for byte), or point the credential configuration at the provider for this cluster`;
}

export default defineRule({
  id: 'x-unreachable',
  cloud: 'cross-artifact',
  severity: 'error',
  title: 'A pod\'s credential names an identity that would not accept the pod\'s token',
  description: 'Follows each container\'s credential — `AWS_ROLE_ARN` + `AWS_WEB_IDENTITY_TOKEN_FILE`, `AZURE_CLIENT_ID` + `AZURE_FEDERATED_TOKEN_FILE`, a GCP credential configuration, or a webhook\'s annotations — to the token it reads (issuer, subject, audience) and to the identity it names in the other artifacts, and evaluates the exchange as the cloud would. Reports the refusal in the cloud\'s words with what causes it: a role trusting another issuer or subject, a credential that is a near miss, a token file nothing mounts. A projected token without audience is a warning (it carries the API server\'s default audience, which clouds do not accept unless configured to).',
  fix: 'Make the identity trust exactly this token (issuer, subject, audience), or point the pod at the identity that does.',
  see: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html',
  check(ctx, report) {
    for (const c of ctx.credentials) {
      const where = c.container ? `container ${c.container}` : 'the pod';
      const cloud = c.target.cloud;
      if (c.via === 'gke-native') continue;
      if (c.tokenFile === undefined) {
        const written = c.workload.containers.find(x => x.name === c.container)?.env[TOKEN_VARIABLE[cloud]];
        if (written !== undefined) continue; // set, but from a source not in the artifacts
        report(c.workload.ref, `${where}: ${cloud === 'aws' ? 'AWS_ROLE_ARN is set but AWS_WEB_IDENTITY_TOKEN_FILE is not' : cloud === 'azure' ? 'AZURE_CLIENT_ID is set but AZURE_FEDERATED_TOKEN_FILE is not (and the webhook does not inject it)' : 'the credential configuration has no credential_source.file'}: the SDK has no token to exchange`,
          { fix: `mount a projected serviceAccountToken with audience "${EXPECTED_AUDIENCE[cloud]}" and set ${TOKEN_VARIABLE[cloud]} to its path` });
        continue;
      }
      if (!c.token) {
        report(c.workload.ref, `${where}: ${TOKEN_VARIABLE[cloud]} is ${c.tokenFile}, but no projected service-account token is mounted there: the SDK finds no token`,
          { fix: `mount a projected serviceAccountToken at ${c.tokenFile} (volume mountPath + path), or point ${TOKEN_VARIABLE[cloud]} at the one mounted` });
        continue;
      }
      if (c.token.source === 'legacy' || !c.token.issuer) continue;
      if (c.via === 'webhook' && cloud === 'aws' && ['aks', 'gke'].includes(issuerForm(c.token.issuer))) {
        report(c.workload.ref, `${where}: service account annotation ${WEBHOOK_KEYS.awsRoleArn} is read by the EKS pod identity webhook, which ${issuerForm(c.token.issuer).toUpperCase()} clusters do not run: the pod gets no AWS credentials`,
          { fix: 'mount a projected token with audience "sts.amazonaws.com" and set AWS_ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE, AWS_REGION and AWS_STS_REGIONAL_ENDPOINTS=regional yourself' });
        continue;
      }
      if (c.token.audience === undefined) {
        report(c.workload.ref, `${where}: the projected token at ${c.tokenFile} has no audience, so it carries the API server's default audience, not "${EXPECTED_AUDIENCE[cloud]}"`,
          { severity: 'warning', fix: `set audience: "${EXPECTED_AUDIENCE[cloud]}" on the serviceAccountToken projection` });
        continue;
      }
      const token = ctx.tokenOf(c);
      if (!token) continue;
      const verdict = ctx.simulator.exchange(ctx.graph, token, c.target);
      if (verdict.accepted !== false || (verdict.step && OWNED[cloud].includes(verdict.step))) continue;
      const target = c.target.cloud === 'aws' ? `role ${showVal(c.target.roleArn)}` : c.target.cloud === 'azure' ? `the identity with client id ${showVal(c.target.clientId)}` : `provider ${known(c.target.audience) ?? '?'}`;
      report(c.workload.ref, `${where}: ${target} would refuse its token (iss "${token.iss}", sub "${token.sub}", aud "${token.aud.join('", "')}"): ${verdict.reason}`, { fix: fixFor(c.target.cloud, verdict.step, token) });
    }
  },
});
