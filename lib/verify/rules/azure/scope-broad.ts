import { isBroadAzureScope } from '../../../model/azure';
import { partsOf, showVal } from '../../private/val';
import { defineRule } from '../rule';

/** Roles that can change access or everything else. */
const PRIVILEGED = /^(Owner|Contributor|User Access Administrator|Role Based Access Control Administrator)$/i;
/** Their built-in role definition ids (`role_definition_id` ends with one). */
const PRIVILEGED_IDS = /(8e3af657-a8ff-443c-a75c-2fe8c4bcb635|b24988ac-6180-42a0-ab88-20f7382dd24c|18d7d88d-d35e-4fb5-a5c3-7773c20a72d9|f58310d9-a9f6-439a-9e8d-f62e7b41a168)$/i;

/** Whether a scope is a subscription, a management group or the root: known, or from a data source that can only be one. */
function broadScope(scope: ReturnType<typeof partsOf>, text: string): boolean {
  if (scope.length === 1 && typeof scope[0] === 'string') return isBroadAzureScope(scope[0]);
  if (/^\$\{data\.azurerm_(subscription|management_group)\.[\w-]+\.id\}$/.test(text)) return true;
  return scope.length === 2 && scope[0] === '/subscriptions/' && scope[1] === null;
}

export default defineRule({
  id: 'azure-scope-broad',
  cloud: 'azure',
  severity: 'error',
  title: 'A role assignment at subscription or management-group scope',
  description: 'A federated identity assigned a role over a whole subscription (or management group, or `/`) reaches every resource in it: a stolen token or a near-miss credential gets all of it. Error for Owner, Contributor, User Access Administrator and Role Based Access Control Administrator; warning for other roles.',
  fix: 'Assign the role at the scope of the resource the workload uses (its resource id), or at most its resource group.',
  see: 'https://learn.microsoft.com/azure/role-based-access-control/scope-overview',
  check(ctx, report) {
    for (const a of ctx.graph.azure.roleAssignments) {
      const text = typeof a.scope === 'string' ? a.scope : a.scope.unresolved;
      if (!broadScope(partsOf(a.scope), text)) continue;
      const role = typeof a.role === 'string' ? a.role : '';
      report(a.ref, `assigns ${showVal(a.role)} at scope ${showVal(a.scope)}, a whole subscription or management group`,
        { severity: PRIVILEGED.test(role) || PRIVILEGED_IDS.test(role) ? 'error' : 'warning', fix: 'scope the assignment to the resource the workload uses (e.g. the storage account\'s id), or at most its resource group' });
    }
  },
});
