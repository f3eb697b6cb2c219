import { FederatedIdentityCredential } from '@cdktf/provider-azurerm/lib/federated-identity-credential';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { EntraIdentity, EntraIdentityKind } from '../model/azure';
import { checkCredentials } from './private/credentials';
import { addRoleAssignments } from './private/role-assignments';
import { fail, nameElement, terraformName } from './private/terraform';

/** Props of an {@link EntraManagedIdentity}. */
export interface EntraManagedIdentityProps {
  /**
   * The user-assigned managed identity as the model computed it (an entry of
   * `AzureTenant.identities` of kind `managed-identity`). Changing its name or resource group
   * replaces the identity (it gets a new client id).
   * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-create-trust-user-assigned-managed-identity
   */
  readonly identity: EntraIdentity;
}

/**
 * A user-assigned managed identity that workloads sign in as: a new
 * `azurerm_user_assigned_identity` or an existing one, its `azurerm_federated_identity_credential`s
 * — created one after another (`depends_on` the previous one), because Azure refuses concurrent
 * writes of credentials to one identity — role assignments at the model's scopes, and the
 * Terraform output that carries the client id.
 */
export class EntraManagedIdentity extends Construct {
  /** The model's managed identity. */
  public readonly identity: EntraIdentity;
  /** The client id: literal for an existing identity, a Terraform reference for a new one. */
  public readonly clientId: string;
  /** The principal (object) id: literal for an existing identity, a Terraform reference for a new one. */
  public readonly principalId: string;
  /** The identity's ARM resource id, the parent of its federated credentials. */
  public readonly resourceId: string;
  /** The name of the Terraform output that carries the client id (`terraform output -json`). */
  public readonly clientIdOutputName: string;

  constructor(scope: Construct, id: string, props: EntraManagedIdentityProps) {
    super(scope, id);
    const identity = props.identity;
    if (identity?.kind !== EntraIdentityKind.MANAGED_IDENTITY) {
      fail(this.node.path, 'identity', identity?.displayName, `is a ${identity?.kind ?? 'missing'} identity, not a managed identity`, 'an EntraIdentity of kind "managed-identity"', 'use EntraApplication for applications');
    }
    const credentials = checkCredentials(this.node.path, identity);
    this.identity = identity;
    this.clientIdOutputName = identity.clientIdOutputName;

    if (identity.existing) {
      this.clientId = identity.clientId!;
      this.principalId = identity.principalId!;
      this.resourceId = identity.resourceId!;
    } else {
      const mi = new UserAssignedIdentity(this, 'Resource', {
        name: identity.displayName,
        resourceGroupName: identity.resourceGroupName!,
        location: identity.location!,
        tags: { 'managed-by': 'crossfed' },
      });
      nameElement(mi, identity.slug);
      this.clientId = mi.clientId;
      this.principalId = mi.principalId;
      this.resourceId = mi.id;
    }

    // Azure answers 409 to concurrent credential writes on one identity: chain them, in the
    // model's declaration order, so adding a workload only appends to the chain.
    let previous: FederatedIdentityCredential | undefined;
    for (const c of credentials) {
      const credential: FederatedIdentityCredential = new FederatedIdentityCredential(this, `FederatedCredential-${c.name}`, {
        name: c.name,
        resourceGroupName: identity.resourceGroupName!,
        parentId: this.resourceId,
        issuer: c.issuer,
        subject: c.subject,
        audience: [c.audience],
        dependsOn: previous ? [previous] : undefined,
      });
      nameElement(credential, terraformName(identity.slug, c.name));
      previous = credential;
    }

    addRoleAssignments(this, identity, this.principalId);

    const output = new TerraformOutput(this, 'ClientId', {
      value: this.clientId,
      description: `Client id of managed identity "${identity.displayName}" (crossfed)`,
    });
    nameElement(output, identity.clientIdOutputName);
  }
}
