import { MAX_FEDERATED_CREDENTIALS } from '../../../model/azure';
import { show } from '../../graph';
import { defineRule } from '../rule';

export default defineRule({
  id: 'azure-fic-limit',
  cloud: 'azure',
  severity: 'error',
  title: 'More than 20 federated credentials on one application or managed identity',
  description: 'Entra ID allows at most 20 federated identity credentials per application or user-assigned managed identity; the 21st create fails.',
  fix: 'Spread the workloads over several applications or managed identities.',
  see: 'https://learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations#general-federated-identity-credential-considerations',
  check(ctx, report) {
    const byParent = new Map<string, typeof ctx.graph.azure.credentials>();
    for (const c of ctx.graph.azure.credentials) {
      const key = show(c.parent);
      byParent.set(key, [...byParent.get(key) ?? [], c]);
    }
    for (const [parent, creds] of byParent) {
      if (creds.length <= MAX_FEDERATED_CREDENTIALS) continue;
      report(creds[MAX_FEDERATED_CREDENTIALS].ref, `${parent} gets ${creds.length} federated credentials; Entra ID allows ${MAX_FEDERATED_CREDENTIALS}, so this one and the ones after it fail`,
        { fix: `move ${creds.length - MAX_FEDERATED_CREDENTIALS} of them to another application or managed identity` });
    }
  },
});
