import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { StorageAccountStaticWebsiteA } from '@cdktf/provider-azurerm/lib/storage-account-static-website';
import { StorageBlob } from '@cdktf/provider-azurerm/lib/storage-blob';
import { StorageContainer } from '@cdktf/provider-azurerm/lib/storage-container';
import { ITerraformDependable, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { nameElement, terraformName } from './private/terraform';
import { IssuerHostingConstructProps, IssuerHostingKind, PublishedDocument } from '../model/hosting';
import { publishedIssuer } from '../oidc/issuer-documents';

/** Props of an {@link AzureIssuerHosting}: an issuer whose hosting is `IssuerHosting.azureStorage`. */
export interface AzureIssuerHostingProps extends IssuerHostingConstructProps {}

/**
 * Publishes a self-managed cluster's discovery document and JWKS in an Azure storage account,
 * at the exact issuer URL the model's hosting yields (`issuerUrl`, the value of
 * `--service-account-issuer`): a resource group, a `azurerm_storage_account` (https only,
 * TLS 1.2, `prevent_destroy` — a deleted account's name can be claimed by anyone, who could
 * then publish keys every cloud would trust), and the two documents as `azurerm_storage_blob`s
 * with their content inline (`application/json`, `public, max-age=300`) — the output of the
 * same function as `crossfed issuer`.
 *
 * - Static website (`staticWebsiteHost`): `azurerm_storage_account_static_website` serves the
 *   `$web` container; the account allows no public containers, and a postcondition fails the
 *   apply when the account's `primary_web_host` is not the host the issuer URL names, before
 *   any document is written.
 * - Otherwise a container with anonymous read access to its blobs (`container_access_type =
 *   "blob"`: no listing), at `https://<account>.blob.core.windows.net/<container>`.
 */
export class AzureIssuerHosting extends Construct {
  /** The issuer URL the documents are served at: `--service-account-issuer`, byte for byte. */
  public readonly issuerUrl: string;
  /** The documents as stored. */
  public readonly documents: PublishedDocument[];
  /** The kube-apiserver flags for this issuer, `--service-account-issuer` first. */
  public readonly apiServerFlags: string[];

  constructor(scope: Construct, id: string, props: AzureIssuerHostingProps) {
    super(scope, id);
    const issuer = props.issuer;
    const published = publishedIssuer(this.node.path, issuer, IssuerHostingKind.AZURE_STORAGE, props.federatesToEntra);
    const hosting = issuer.hosting!;
    this.issuerUrl = published.url;
    this.apiServerFlags = published.apiServerFlags;
    this.documents = published.documents;
    const name = terraformName('issuer', issuer.name);
    const website = hosting.staticWebsiteHost;
    const accountName = hosting.storageAccountName!;

    const group = new ResourceGroup(this, 'ResourceGroup', { name: hosting.resourceGroupName!, location: hosting.location! });
    nameElement(group, name);
    const account = new StorageAccount(this, 'StorageAccount', {
      name: accountName,
      resourceGroupName: hosting.resourceGroupName!,
      location: hosting.location!,
      accountTier: 'Standard',
      accountReplicationType: 'LRS',
      httpsTrafficOnlyEnabled: true,
      minTlsVersion: 'TLS1_2',
      // The static website's $web container is public by itself; only the container form needs this.
      allowNestedItemsToBePublic: website === undefined,
      tags: { 'managed-by': 'crossfed' },
      dependsOn: [group],
      lifecycle: {
        preventDestroy: true,
        postcondition: website === undefined ? undefined : [{
          condition: `\${self.primary_web_host == "${website}"}`,
          errorMessage: `The static website host of storage account ${accountName} is not ${website}, the host of issuer ${issuer.url}: set staticWebsiteHost in the model to this account's primary_web_host and synthesize again.`,
        }],
      },
    });
    nameElement(account, name);
    let container: ITerraformDependable;
    if (website !== undefined) {
      const site = new StorageAccountStaticWebsiteA(this, 'StaticWebsite', { storageAccountId: account.id });
      nameElement(site, name);
      container = site;
    } else {
      const c = new StorageContainer(this, 'Container', { name: hosting.containerName!, storageAccountId: account.id, containerAccessType: 'blob' });
      nameElement(c, name);
      container = c;
    }
    this.documents.forEach((d, i) => {
      const blob = new StorageBlob(this, i === 0 ? 'DiscoveryDocument' : 'Jwks', {
        name: d.key,
        storageAccountName: accountName,
        storageContainerName: hosting.containerName!,
        type: 'Block',
        sourceContent: d.content,
        contentType: d.contentType,
        cacheControl: d.cacheControl,
        dependsOn: [container],
      });
      nameElement(blob, terraformName('issuer', issuer.name, i === 0 ? 'discovery' : 'jwks'));
    });
    const output = new TerraformOutput(this, 'IssuerUrl', { value: issuer.url, description: `--service-account-issuer of self-managed cluster ${issuer.name} (crossfed)` });
    nameElement(output, terraformName('issuer_url', issuer.name));
  }
}
