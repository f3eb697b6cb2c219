import { LEGACY_TOKEN_FILE } from '../../credentials';
import { defineRule } from '../rule';

const VARIABLE = { aws: 'AWS_WEB_IDENTITY_TOKEN_FILE', azure: 'AZURE_FEDERATED_TOKEN_FILE', gcp: 'credential_source.file' } as const;

export default defineRule({
  id: 'k8s-legacy-token',
  cloud: 'kubernetes',
  severity: 'error',
  title: 'A cloud credential reads the default service-account token',
  description: `\`${LEGACY_TOKEN_FILE}\` holds the token every pod gets: its audience is the API server's (legacy secret-based tokens have none, and live a year). AWS ("Missing a required claim: aud" / "Incorrect token audience"), Entra ID and GCP all refuse it.`,
  fix: 'Mount a projected `serviceAccountToken` with the target cloud\'s audience and point the credential at it.',
  see: 'https://kubernetes.io/docs/concepts/security/service-accounts/#bound-service-account-tokens',
  check(ctx, report) {
    for (const c of ctx.credentials) {
      if (c.token?.source !== 'legacy') continue;
      report(c.workload.ref, `container ${c.container}: ${VARIABLE[c.target.cloud]} is ${LEGACY_TOKEN_FILE}, the default service-account token, whose audience no cloud accepts`,
        { fix: `mount a projected serviceAccountToken with the ${c.target.cloud === 'aws' ? '"sts.amazonaws.com"' : c.target.cloud === 'azure' ? '"api://AzureADTokenExchange"' : 'pool provider\'s'} audience and set ${VARIABLE[c.target.cloud]} to its path` });
    }
  },
});
