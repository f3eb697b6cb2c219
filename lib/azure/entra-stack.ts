import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { TerraformBackend, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { EntraFederation } from './entra-federation';
import { AzureIssuerHosting, AzureIssuerHostingProps } from './issuer-hosting';
import { AzureTenant } from '../model/azure';
import { defaultBackend, fail } from './private/terraform';

/** Props of an {@link EntraStack}. */
export interface EntraStackProps {
  /** The Entra tenant of the model to render. */
  readonly tenant: AzureTenant;
  /**
   * Self-managed issuers whose documents a storage account of the tenant's subscription
   * publishes (`IssuerHosting.azureStorage` naming this tenant), each an {@link AzureIssuerHosting}.
   * @default - none
   * @see https://azure.github.io/azure-workload-identity/docs/installation/self-managed-clusters/oidc-issuer.html
   */
  readonly issuerHostings?: AzureIssuerHostingProps[];
}

/**
 * A Terraform stack with one Entra tenant's federation: the `azuread` provider for the tenant,
 * the `azurerm` provider for its subscription when managed identities or role assignments
 * need it (declared explicitly: cdktf adds no provider on its own), and an
 * {@link EntraFederation}.
 *
 * Unless you add a backend to the stack, state goes to `terraform.tfstate` beside the
 * synthesized file (a relative path, so the output is the same on every machine).
 */
export class EntraStack extends TerraformStack {
  /** The stack name crossfed uses for a tenant: `azure-<tenant>` (the CLI writes `terraform/<name>/cdk.tf.json`). */
  public static stackName(tenant: AzureTenant): string {
    return `azure-${tenant.slug.replace(/_/g, '-')}`;
  }

  /** The tenant's federation. */
  public readonly federation: EntraFederation;
  /** The issuer hostings of the tenant's subscription. */
  public readonly issuerHostings: AzureIssuerHosting[];

  constructor(scope: Construct, id: string, props: EntraStackProps) {
    super(scope, id);
    const tenant = props.tenant;
    // Provider credentials come from the environment (ARM_* / `az login`); only the tenant and
    // subscription are pinned, so a plan never lands in another tenant.
    new AzureadProvider(this, 'azuread', { tenantId: tenant.tenantId });
    this.federation = new EntraFederation(this, 'Entra', { tenant });
    this.issuerHostings = (props.issuerHostings ?? []).map(h => {
      if (h.issuer?.hosting?.azureTenant !== tenant) {
        fail(this.node.path, 'issuerHostings', h.issuer?.name, `is not hosted in tenant "${tenant.name}"`, 'issuers whose Azure storage hosting names this tenant', 'render each hosting in the stack of its own tenant');
      }
      return new AzureIssuerHosting(this, `Issuer-${h.issuer.name}`, h);
    });
    if (this.federation.needsAzurerm || this.issuerHostings.length > 0) {
      new AzurermProvider(this, 'azurerm', { features: [{}], subscriptionId: tenant.subscriptionId, tenantId: tenant.tenantId });
    }
  }

  /** The backend you added, or a local one at the relative path `terraform.tfstate`. */
  public ensureBackendExists(): TerraformBackend {
    return defaultBackend(this);
  }
}
