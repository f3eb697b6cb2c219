/**
 * How a platform team adds crossfed to a cdktf app of its own: its backend, its providers and
 * its stack, with crossfed's constructs rendering the identities its model declares, and the
 * team's own additions next to them.
 */
import * as path from 'path';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { App, GcsBackend, TerraformOutput, TerraformResource, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { azure, gcp, model } from '../lib';

/** The team's identity stack: Entra ID and GCP federation for one model, remote state in GCS. */
export class PlatformIdentityStack extends TerraformStack {
  constructor(scope: Construct, id: string, identities: model.IdentityModel) {
    super(scope, id);
    new GcsBackend(this, { bucket: 'acme-terraform-state', prefix: 'platform-identity' });

    // cdktf adds no provider on its own: declare the ones crossfed's resources need.
    const tenant = identities.findAzureTenant('acme')!;
    const project = identities.findGcpProject('data')!;
    new AzureadProvider(this, 'azuread', { tenantId: tenant.tenantId });
    new AzurermProvider(this, 'azurerm', { features: [{}], subscriptionId: tenant.subscriptionId, tenantId: tenant.tenantId });
    new GoogleProvider(this, 'google', { project: project.projectId });

    const entra = new azure.EntraFederation(this, 'Entra', { tenant });
    const data = new gcp.GcpFederation(this, 'Gcp', { project });

    // A deleted pool id stays unusable for about 30 days: never destroy it by accident.
    (data.pool!.node.defaultChild as TerraformResource).addOverride('lifecycle.prevent_destroy', true);

    // The GitHub workflow's `google-github-actions/auth` step needs the provider's resource
    // name: take it from the model, the same source the pool provider was rendered from.
    const github = identities.findIssuer('github')!;
    new TerraformOutput(this, 'github-workload-identity-provider', { value: project.provider(github).resourceName, staticId: true });

    // Client ids are outputs already (named by the model); the workflows also need the tenant.
    new TerraformOutput(this, 'azure-tenant-id', { value: tenant.tenantId, staticId: true });
  }
}

if (require.main === module) {
  const app = new App();
  new PlatformIdentityStack(app, 'platform-identity', model.IdentityModel.fromFile(path.join(__dirname, 'default-model.yaml')));
  app.synth();
}
