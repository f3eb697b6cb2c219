import { WEBHOOK_KEYS } from '../../credentials';
import { editDistance } from '../../private/text';
import { defineRule } from '../rule';

const KEYS: readonly string[] = Object.values(WEBHOOK_KEYS);

/** The words a misspelt prefix of each webhook still contains. */
const FAMILY: Readonly<Record<string, RegExp>> = { 'eks.amazonaws.com': /amazon|eks/i, 'azure.workload.identity': /azure|workload/i, 'iam.gke.io': /gke|google|gcp/i };

/** The webhook key a key is a near miss of: another case, a few typos, or the right name under a misspelt prefix. */
export function nearMissKey(key: string): string | undefined {
  if (KEYS.includes(key)) return undefined;
  const lower = key.toLowerCase().trim();
  const slash = lower.lastIndexOf('/');
  return KEYS.find(k => k === lower)
    ?? (lower.length >= 10 ? KEYS.find(k => editDistance(lower, k) <= 3) : undefined)
    ?? (slash > 0 ? KEYS.find(k => k.endsWith(lower.slice(slash)) && FAMILY[k.split('/')[0]]?.test(lower.slice(0, slash))) : undefined);
}

export default defineRule({
  id: 'k8s-annotation-typo',
  cloud: 'kubernetes',
  severity: 'error',
  title: 'An annotation or label that is a near miss of a webhook\'s key',
  description: 'The webhooks read exact keys: `eks.amazonaws.com/role-arn`, `azure.workload.identity/client-id`, `azure.workload.identity/use`, `iam.gke.io/gcp-service-account` …. `eks.amazon.com/role-arn` or `azure.workload.identity/client_id` is silently ignored and the pod starts without credentials.',
  fix: 'Spell the key exactly as the webhook documents it.',
  see: 'https://github.com/aws/amazon-eks-pod-identity-webhook#eks-walkthrough',
  check(ctx, report) {
    const check = (ref: Parameters<typeof report>[0], what: string, keys: readonly string[]) => {
      for (const key of keys) {
        const meant = nearMissKey(key);
        if (meant) report(ref, `${what} "${key}" is not a key any webhook reads; did you mean "${meant}"?`, { fix: `rename it to "${meant}"` });
      }
    };
    for (const sa of ctx.graph.k8s.serviceAccounts) {
      check(sa.ref, 'annotation', Object.keys(sa.annotations));
      check(sa.ref, 'label', Object.keys(sa.labels));
    }
    for (const w of ctx.graph.k8s.workloads) check(w.ref, 'pod label', Object.keys(w.podLabels));
  },
});
