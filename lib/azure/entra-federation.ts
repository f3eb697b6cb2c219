import { Construct } from 'constructs';
import { EntraApplication } from './entra-application';
import { EntraManagedIdentity } from './entra-managed-identity';
import { EntraSignInLogExport } from './sign-in-log-export';
import { AzureTenant, EntraIdentityKind } from '../model/azure';
import { fail } from './private/terraform';

/** Props of an {@link EntraFederation}. */
export interface EntraFederationProps {
  /** The Entra tenant of the model whose applications and managed identities to render. */
  readonly tenant: AzureTenant;
}

/**
 * Everything one Entra tenant of the model needs: an {@link EntraApplication} or
 * {@link EntraManagedIdentity} per identity the model's grants name, each with its federated
 * credentials, role assignments and client-id output, and the {@link EntraSignInLogExport} of
 * the tenant's federated sign-ins when its audit setting asks for one. Add it to a stack of your own that has
 * the `azuread` provider (and `azurerm` when the model has managed identities or role
 * assignments), or use {@link EntraStack}, which adds both.
 */
export class EntraFederation extends Construct {
  /** The tenant. */
  public readonly tenant: AzureTenant;
  /** One construct per application, in the order of `AzureTenant.identities`. */
  public readonly applications: EntraApplication[];
  /** One construct per managed identity, in the order of `AzureTenant.identities`. */
  public readonly managedIdentities: EntraManagedIdentity[];
  /** The export of the tenant's federated sign-ins, when its audit setting asks crossfed for one. */
  public readonly signInLogExport?: EntraSignInLogExport;

  constructor(scope: Construct, id: string, props: EntraFederationProps) {
    super(scope, id);
    if (!(props.tenant instanceof AzureTenant)) {
      fail(this.node.path, 'tenant', props.tenant, 'is not an AzureTenant of a model', 'a tenant returned by model.addAzureTenant() or model.findAzureTenant()', 'pass the tenant object of the model');
    }
    this.tenant = props.tenant;
    this.applications = [];
    this.managedIdentities = [];
    for (const identity of props.tenant.identities) {
      if (identity.kind === EntraIdentityKind.APPLICATION) {
        this.applications.push(new EntraApplication(this, identity.slug, { identity }));
      } else {
        this.managedIdentities.push(new EntraManagedIdentity(this, identity.slug, { identity }));
      }
    }
    if (props.tenant.audit?.createsDiagnosticSetting && props.tenant.identities.length > 0) {
      this.signInLogExport = new EntraSignInLogExport(this, 'SignInLogExport', { tenant: props.tenant });
    }
  }

  /** Whether the tenant's resources need the `azurerm` provider (managed identities, role assignments, the sign-in log export). */
  public get needsAzurerm(): boolean {
    return this.signInLogExport !== undefined || this.tenant.identities.some(i => i.kind === EntraIdentityKind.MANAGED_IDENTITY || i.roleAssignments.length > 0);
  }
}
