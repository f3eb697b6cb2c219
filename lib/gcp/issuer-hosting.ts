import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import { StorageBucketObject } from '@cdktf/provider-google/lib/storage-bucket-object';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { fail, nameElement, terraformName } from '../azure/private/terraform';
import { IssuerHostingKind, PublishedDocument } from '../model/hosting';
import { Issuer } from '../model/issuer';
import { apiServerFlags, hostedIssuerDocuments } from '../oidc/issuer-documents';

/** Props of a {@link GcsIssuerHosting}. */
export interface GcsIssuerHostingProps {
  /**
   * A self-managed issuer of the model whose hosting is a GCS bucket (`IssuerHosting.gcs`): its
   * bucket, location, path and keys come from the model.
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#service-account-issuer-discovery
   */
  readonly issuer: Issuer;
  /**
   * Whether a workload of the cluster federates to Entra ID, which accepts only RS256: EC keys
   * are then refused.
   * @default true
   * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations
   */
  readonly federatesToEntra?: boolean;
}

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
    const hosting = issuer?.hosting;
    if (!hosting || hosting.kind !== IssuerHostingKind.GCS) {
      fail(this.node.path, 'issuer', issuer?.name, 'has no GCS hosting', 'a self-managed issuer with hosting IssuerHosting.gcs(…)', 'add a GCS hosting to the issuer in the model, or use the S3 or Azure hosting construct for its hosting');
    }
    this.issuerUrl = issuer.url;
    this.apiServerFlags = apiServerFlags(issuer.url);
    this.documents = hostedIssuerDocuments(issuer, props.federatesToEntra ?? true).objects;
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
