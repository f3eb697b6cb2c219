import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import { StorageBucketObject } from '@cdktf/provider-google/lib/storage-bucket-object';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { nameElement, terraformName } from '../azure/private/terraform';
import { IssuerHostingConstructProps, IssuerHostingKind, PublishedDocument } from '../model/hosting';
import { publishedIssuer } from '../oidc/issuer-documents';

/** Props of a {@link GcsIssuerHosting}: an issuer whose hosting is `IssuerHosting.gcs`. */
export interface GcsIssuerHostingProps extends IssuerHostingConstructProps {}

/**
 * Publishes a self-managed cluster's discovery document and JWKS in a GCS bucket, at
 * `https://storage.googleapis.com/<bucket>[/<path>]` (`issuerUrl`, the value of
 * `--service-account-issuer`): a `google_storage_bucket` with uniform bucket-level access,
 * `allUsers` granted `roles/storage.legacyObjectReader` (read an object by name, never list
 * the bucket), and the two documents as `google_storage_bucket_object`s with their content
 * inline (`application/json`, `public, max-age=300`) — the output of the same function as
 * `crossfed issuer`.
 *
 * The bucket has `prevent_destroy`: a deleted bucket's name can be claimed by anyone, who
 * could then publish keys every cloud would trust. Terraform names come from the issuer name.
 */
export class GcsIssuerHosting extends Construct {
  /** The issuer URL the documents are served at: `--service-account-issuer`, byte for byte. */
  public readonly issuerUrl: string;
  /** The documents as stored. */
  public readonly documents: PublishedDocument[];
  /** The kube-apiserver flags for this issuer, `--service-account-issuer` first. */
  public readonly apiServerFlags: string[];

  constructor(scope: Construct, id: string, props: GcsIssuerHostingProps) {
    super(scope, id);
    const issuer = props.issuer;
    const published = publishedIssuer(this.node.path, issuer, IssuerHostingKind.GCS, props.federatesToEntra);
    const hosting = issuer.hosting!;
    this.issuerUrl = published.url;
    this.apiServerFlags = published.apiServerFlags;
    this.documents = published.documents;
    const project = hosting.gcpProject!.projectId;
    const name = terraformName('issuer', issuer.name);

    const bucket = new StorageBucket(this, 'Bucket', {
      name: hosting.bucketName!,
      project,
      location: hosting.location!,
      uniformBucketLevelAccess: true,
      // "inherited" lets allUsers read; "enforced" would refuse the binding below.
      publicAccessPrevention: 'inherited',
      versioning: { enabled: true },
      forceDestroy: false,
      labels: { 'managed-by': 'crossfed' },
      lifecycle: { preventDestroy: true },
    });
    nameElement(bucket, name);
    const reader = new StorageBucketIamMember(this, 'PublicRead', {
      bucket: hosting.bucketName!,
      role: 'roles/storage.legacyObjectReader',
      member: 'allUsers',
      dependsOn: [bucket],
    });
    nameElement(reader, name);
    this.documents.forEach((d, i) => {
      const object = new StorageBucketObject(this, i === 0 ? 'DiscoveryDocument' : 'Jwks', {
        bucket: hosting.bucketName!,
        name: d.key,
        content: d.content,
        contentType: d.contentType,
        cacheControl: d.cacheControl,
        dependsOn: [bucket],
      });
      nameElement(object, terraformName('issuer', issuer.name, i === 0 ? 'discovery' : 'jwks'));
    });
    const output = new TerraformOutput(this, 'IssuerUrl', { value: issuer.url, description: `--service-account-issuer of self-managed cluster ${issuer.name} (crossfed)` });
    nameElement(output, terraformName('issuer_url', issuer.name));
  }
}
