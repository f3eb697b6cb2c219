import { Testing } from 'cdktf';
import { AzureIssuerHosting, EntraStack } from '../../lib/azure';
import { synthesizeAzureTerraform } from '../../lib/azure/synthesize';
import { issuerDocuments } from '../../lib/oidc/issuer-documents';
import { problemOf } from '../model/helpers';
import { FIXED_PEM, hostedModel } from '../oidc/fixtures';
import { expectValidTerraform, onlyResource, resourcesOf, terraformOf, withoutVersions } from '../terraform/helpers';

const FILE = 'terraform/azure-acme/cdk.tf.json';
const documentsFor = (url: string) => issuerDocuments({ issuer: url, keys: [{ pem: FIXED_PEM, source: 'sa.pub' }] }).files.map(f => f.content);

describe('AzureIssuerHosting', () => {
  test('GIVEN an Azure storage hosting without a static website (minimal) WHEN synthesized THEN a container with anonymous blob read, and the two documents crossfed issuer writes', () => {
    const model = hostedModel('{ azureStorage: { tenant: acme, storageAccountName: acmeonpremoidc, resourceGroupName: rg-oidc, location: westeurope } }', FIXED_PEM);
    const url = 'https://acmeonpremoidc.blob.core.windows.net/oidc';
    expect(model.findIssuer('onprem')!.url).toBe(url);
    const doc = terraformOf(synthesizeAzureTerraform(model), FILE);
    expectValidTerraform(doc);
    expect(onlyResource(doc, 'azurerm_resource_group')[1]).toMatchObject({ name: 'rg-oidc', location: 'westeurope' });
    expect(onlyResource(doc, 'azurerm_storage_account')[1]).toMatchObject({
      name: 'acmeonpremoidc', resource_group_name: 'rg-oidc', account_tier: 'Standard', account_replication_type: 'LRS',
      https_traffic_only_enabled: true, min_tls_version: 'TLS1_2', allow_nested_items_to_be_public: true, lifecycle: { prevent_destroy: true },
    });
    expect(onlyResource(doc, 'azurerm_storage_container')[1]).toMatchObject({ name: 'oidc', container_access_type: 'blob', storage_account_id: '${azurerm_storage_account.issuer__onprem.id}' });
    expect(resourcesOf(doc, 'azurerm_storage_account_static_website')).toEqual({});
    const blobs = Object.values<any>(resourcesOf(doc, 'azurerm_storage_blob'));
    expect(blobs.map(b => [b.storage_account_name, b.storage_container_name, b.name, b.type, b.content_type, b.cache_control])).toEqual([
      ['acmeonpremoidc', 'oidc', '.well-known/openid-configuration', 'Block', 'application/json', 'public, max-age=300'],
      ['acmeonpremoidc', 'oidc', 'openid/v1/jwks', 'Block', 'application/json', 'public, max-age=300'],
    ]);
    expect(blobs.map(b => b.source_content)).toEqual(documentsFor(url));
    expect(doc.output.issuer_url__onprem.value).toBe(url);
    expect(doc.provider.azurerm[0]).toMatchObject({ subscription_id: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' });
    expect(withoutVersions(doc)).toMatchSnapshot();
  });

  test('GIVEN a static website host, a path and a trailing slash (all props) WHEN synthesized THEN $web blobs under the path, no public containers, and a postcondition on the account\'s host', () => {
    const model = hostedModel('{ azureStorage: { tenant: acme, storageAccountName: acmeonpremoidc, resourceGroupName: rg-oidc, location: westeurope, staticWebsiteHost: acmeonpremoidc.z6.web.core.windows.net, path: onprem, trailingSlash: true } }', FIXED_PEM);
    const url = 'https://acmeonpremoidc.z6.web.core.windows.net/onprem/';
    expect(model.findIssuer('onprem')!.url).toBe(url);
    const doc = terraformOf(synthesizeAzureTerraform(model), FILE);
    expectValidTerraform(doc);
    const [, account] = onlyResource(doc, 'azurerm_storage_account');
    expect(account.allow_nested_items_to_be_public).toBe(false);
    expect(account.lifecycle.postcondition).toEqual([{
      condition: '${self.primary_web_host == "acmeonpremoidc.z6.web.core.windows.net"}',
      error_message: `The static website host of storage account acmeonpremoidc is not acmeonpremoidc.z6.web.core.windows.net, the host of issuer ${url}: set staticWebsiteHost in the model to this account's primary_web_host and synthesize again.`,
    }]);
    expect(onlyResource(doc, 'azurerm_storage_account_static_website')[1]).toMatchObject({ storage_account_id: '${azurerm_storage_account.issuer__onprem.id}' });
    expect(resourcesOf(doc, 'azurerm_storage_container')).toEqual({});
    const blobs = Object.values<any>(resourcesOf(doc, 'azurerm_storage_blob'));
    expect(blobs.map(b => [b.storage_container_name, b.name, b.depends_on])).toEqual([
      ['$web', 'onprem/.well-known/openid-configuration', ['azurerm_storage_account_static_website.issuer__onprem']],
      ['$web', 'onprem/openid/v1/jwks', ['azurerm_storage_account_static_website.issuer__onprem']],
    ]);
    expect(JSON.parse(blobs[0].source_content)).toMatchObject({ issuer: url, jwks_uri: 'https://acmeonpremoidc.z6.web.core.windows.net/onprem/openid/v1/jwks' });
    expect(withoutVersions(doc)).toMatchSnapshot();
  });

  test('GIVEN an issuer hosted in GCS WHEN given to AzureIssuerHosting THEN refused with the construct path', () => {
    const model = hostedModel('{ gcs: { project: data, bucketName: acme-onprem-oidc } }', FIXED_PEM);
    const stack = new EntraStack(Testing.app(), 'azure', { tenant: model.findAzureTenant('acme')! });
    const p = problemOf(() => new AzureIssuerHosting(stack, 'Hosting', { issuer: model.findIssuer('onprem')! }));
    expect([p.where, p.field, p.problem]).toEqual(['azure/Hosting', 'issuer', 'has no Azure storage hosting']);
  });
});
