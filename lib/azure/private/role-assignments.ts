import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { Construct } from 'constructs';
import { fail, nameElement, shortHash, terraformName } from './terraform';
import { EntraIdentity, isBroadAzureScope } from '../../model/azure';

/**
 * One `azurerm_role_assignment` per role assignment of the identity, at the scope the model
 * names, for the given principal (service principal object id or managed identity principal id).
 * @see https://learn.microsoft.com/azure/role-based-access-control/role-assignments-template
 */
export function addRoleAssignments(scope: Construct, identity: EntraIdentity, principalId: string): RoleAssignment[] {
  return identity.roleAssignments.map(a => {
    if (isBroadAzureScope(a.scope) && !a.allowBroadScope) {
      fail(scope.node.path, 'roleAssignments.scope', a.scope, `gives "${a.role}" over a whole subscription or management group`, 'a resource or resource group scope, unless allowBroadScope is set',
        'scope the assignment to the resource, or set allowBroadScope: true in the model if this is really meant');
    }
    const hash = shortHash(a.scope, a.role);
    const assignment = new RoleAssignment(scope, `RoleAssignment-${hash}`, {
      scope: a.scope,
      roleDefinitionName: a.role,
      principalId,
      // Tells ARM the principal's type, so a service principal created moments before is not
      // refused while Entra ID replicates it.
      principalType: 'ServicePrincipal',
    });
    nameElement(assignment, terraformName(identity.slug, a.role.toLowerCase(), hash));
    return assignment;
  });
}
