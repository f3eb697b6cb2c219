import { Application } from '@cdktf/provider-azuread/lib/application';
import { ApplicationFederatedIdentityCredential } from '@cdktf/provider-azuread/lib/application-federated-identity-credential';
import { DataAzureadServicePrincipal } from '@cdktf/provider-azuread/lib/data-azuread-service-principal';
import { ServicePrincipal } from '@cdktf/provider-azuread/lib/service-principal';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { EntraIdentity, EntraIdentityKind } from '../model/azure';
import { checkCredentials } from './private/credentials';
import { addRoleAssignments } from './private/role-assignments';
import { fail, nameElement, terraformName } from './private/terraform';

/** Props of an {@link EntraApplication}. */
export interface EntraApplicationProps {
  /**
   * The application as the model computed it (an entry of `AzureTenant.identities` of kind
   * `application`): its display name, federated credentials, role assignments and client-id
   * output all come from it. Changing the display name of a new application replaces it (a new
   * client id).
   * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-create-trust
   */
  readonly identity: EntraIdentity;
}

/**
 * An Entra ID application that workloads sign in as with their own tokens: a new app
 * registration with its service principal (`azuread_application`, `azuread_service_principal`)
 * or an existing one, one `azuread_application_federated_identity_credential` per workload
 * (issuer byte for byte, exact subject, exactly one audience), `azurerm_role_assignment`s at
 * the model's scopes, and the Terraform output that carries the client id.
 *
 * Terraform names come from the model (the identity's slug and the credential names), not from
 * construct paths: moving the construct does not replace anything.
 */
export class EntraApplication extends Construct {
  /** The model's application. */
  public readonly identity: EntraIdentity;
  /** The application (client) id: the literal id of an existing application, a Terraform reference for a new one. */
  public readonly clientId: string;
  /** The application's resource id for federated credentials (`/applications/<object id>`), literal or a reference. */
  public readonly applicationId: string;
  /** The object id of its service principal (a Terraform reference): the principal of its role assignments. */
  public readonly servicePrincipalObjectId: string;
  /** The name of the Terraform output that carries the client id (`terraform output -json`). */
  public readonly clientIdOutputName: string;

  constructor(scope: Construct, id: string, props: EntraApplicationProps) {
    super(scope, id);
    const identity = props.identity;
    if (identity?.kind !== EntraIdentityKind.APPLICATION) {
      fail(this.node.path, 'identity', identity?.displayName, `is a ${identity?.kind ?? 'missing'} identity, not an application`, 'an EntraIdentity of kind "application"', 'use EntraManagedIdentity for managed identities');
    }
    const credentials = checkCredentials(this.node.path, identity);
    this.identity = identity;
    this.clientIdOutputName = identity.clientIdOutputName;

    if (identity.existing) {
      // The application exists: credentials hang off its object id, and role assignments need
      // its service principal, looked up by client id at plan time.
      this.clientId = identity.clientId!;
      this.applicationId = `/applications/${identity.objectId}`;
      const sp = new DataAzureadServicePrincipal(this, 'ServicePrincipal', { clientId: this.clientId });
      nameElement(sp, identity.slug);
      this.servicePrincipalObjectId = sp.objectId;
    } else {
      const app = new Application(this, 'Resource', {
        displayName: identity.displayName,
        description: 'Workload identity federation, managed by crossfed: sign-in only with the federated credentials below.',
      });
      nameElement(app, identity.slug);
      const sp = new ServicePrincipal(this, 'ServicePrincipal', { clientId: app.clientId });
      nameElement(sp, identity.slug);
      this.clientId = app.clientId;
      this.applicationId = app.id;
      this.servicePrincipalObjectId = sp.objectId;
    }

    for (const c of credentials) {
      const credential = new ApplicationFederatedIdentityCredential(this, `FederatedCredential-${c.name}`, {
        applicationId: this.applicationId,
        displayName: c.name,
        description: `crossfed: workload ${c.workloadId}`,
        issuer: c.issuer,
        subject: c.subject,
        audiences: [c.audience],
      });
      nameElement(credential, terraformName(identity.slug, c.name));
    }

    addRoleAssignments(this, identity, this.servicePrincipalObjectId);

    const output = new TerraformOutput(this, 'ClientId', {
      value: this.clientId,
      description: `Client id of Entra application "${identity.displayName}" (crossfed)`,
    });
    nameElement(output, identity.clientIdOutputName);
  }
}
