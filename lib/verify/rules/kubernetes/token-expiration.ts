import { MIN_TOKEN_EXPIRATION_SECONDS } from '../../../model/targets';
import { WEBHOOK_KEYS } from '../../credentials';
import { ENTRA_MAX_TOKEN_LIFETIME_SECONDS } from '../../private/static-exchange';
import { defineRule } from '../rule';

/** What each webhook accepts for its token-expiration annotation (REFERENCE.md). */
const WEBHOOK_RANGES: ReadonlyArray<[string, number, number, string]> = [
  [WEBHOOK_KEYS.awsTokenExpiration, 600, 86400, 'the EKS pod identity webhook'],
  [WEBHOOK_KEYS.azureTokenExpiration, 3600, 86400, 'the azure-workload-identity webhook'],
];

export default defineRule({
  id: 'k8s-token-expiration',
  cloud: 'kubernetes',
  severity: 'error',
  title: 'A projected token lifetime the API server refuses, or outside what its target accepts',
  description: 'The API server refuses a `serviceAccountToken` projection with `expirationSeconds` under 600 ("may not specify a duration less than 10 minutes") — the pod is never created (error). The webhooks accept token-expiration annotations of 600–86,400 s (AWS) and 3,600–86,400 s (Azure), and Entra ID refuses tokens living longer than 25 hours (AADSTS70023) — warnings.',
  fix: 'Use 3600 (the Kubernetes default) unless a target needs otherwise.',
  see: 'https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/#projections',
  check(ctx, report) {
    for (const w of ctx.graph.k8s.workloads) {
      for (const t of w.projectedTokens) {
        if (t.expirationSeconds !== undefined && t.expirationSeconds < MIN_TOKEN_EXPIRATION_SECONDS) {
          report(w.ref, `volume ${t.volumeName}: serviceAccountToken expirationSeconds ${t.expirationSeconds} is refused by the API server ("spec.expirationSeconds: Invalid value: ${t.expirationSeconds}: may not specify a duration less than 10 minutes")`,
            { fix: `set expirationSeconds to at least ${MIN_TOKEN_EXPIRATION_SECONDS} (3600 is the default)` });
        }
      }
    }
    for (const sa of ctx.graph.k8s.serviceAccounts) {
      for (const [key, lo, hi, who] of WEBHOOK_RANGES) {
        const v = sa.annotations[key];
        if (v === undefined) continue;
        const n = /^\d+$/.test(v.trim()) ? Number(v) : NaN;
        if (!(n >= lo && n <= hi)) report(sa.ref, `annotation ${key}: "${v}" is outside the ${lo}–${hi} seconds ${who} accepts`, { severity: 'warning', fix: `set it between ${lo} and ${hi} (or remove it for the default)` });
      }
    }
    for (const c of ctx.credentials) {
      const exp = c.token?.expirationSeconds;
      if (c.target.cloud === 'azure' && exp !== undefined && exp > ENTRA_MAX_TOKEN_LIFETIME_SECONDS && c.token?.source === 'projected') {
        report(c.workload.ref, `container ${c.container}: the token for Entra ID lives ${exp} seconds; Entra ID refuses tokens over 25 hours ("AADSTS70023: External OIDC Provider token must have a lifetime of less than or equal to 1.01:00:00")`,
          { severity: 'warning', fix: 'set expirationSeconds to 86400 or less' });
      }
    }
  },
});
