import { serviceAccountOf, WEBHOOK_KEYS } from '../../credentials';
import { defineRule } from '../rule';

export default defineRule({
  id: 'k8s-webhook-label-missing',
  cloud: 'kubernetes',
  severity: 'error',
  title: 'A pod meant for Azure workload identity lacks the `azure.workload.identity/use: "true"` label',
  description: 'Since azure-workload-identity v1.0 the webhook acts only on pods labelled `azure.workload.identity/use: "true"` (on the pod template, not the service account). Without it nothing is injected — no token, no `AZURE_CLIENT_ID` — and the SDK fails at run time. A labelled pod whose service account has no client-id annotation (and no `AZURE_CLIENT_ID`) is a warning.',
  fix: 'Add the label `azure.workload.identity/use: "true"` to the pod template\'s metadata.labels.',
  see: 'https://azure.github.io/azure-workload-identity/docs/topics/service-account-labels-and-annotations.html',
  check(ctx, report) {
    const key = WEBHOOK_KEYS.azureUse;
    for (const w of ctx.graph.k8s.workloads) {
      const sa = serviceAccountOf(ctx.graph, w);
      const label = w.podLabels[key];
      const explicit = w.containers.some(c => c.env.AZURE_FEDERATED_TOKEN_FILE !== undefined);
      if (sa?.annotations[WEBHOOK_KEYS.azureClientId] !== undefined && label !== 'true' && !explicit) {
        const why = label !== undefined ? `the pod template's label ${key} is "${label}", and the webhook acts only on the exact string "true"`
          : sa.labels[key] !== undefined ? `the label ${key} is on the service account, where the webhook no longer reads it, not on the pod template`
            : `the pod template lacks the label ${key}: "true"`;
        report(w.ref, `service account ${sa.namespace}/${sa.name} is annotated for Azure workload identity, but ${why}: the webhook injects no token and no AZURE_* variables`,
          { fix: `add ${key}: "true" to the pod template's metadata.labels` });
      } else if (label === 'true' && sa && sa.annotations[WEBHOOK_KEYS.azureClientId] === undefined && !w.containers.some(c => c.env.AZURE_CLIENT_ID !== undefined)) {
        report(w.ref, `the pod template has ${key}: "true", but service account ${sa.namespace}/${sa.name} has no ${WEBHOOK_KEYS.azureClientId} annotation: the SDK gets no client id`,
          { severity: 'warning', fix: `annotate service account ${sa.name} with ${WEBHOOK_KEYS.azureClientId}: <the identity's client id>` });
      }
    }
  },
});
