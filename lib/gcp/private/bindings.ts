import { BigqueryDatasetIamMember } from '@cdktf/provider-google/lib/bigquery-dataset-iam-member';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { PubsubSubscriptionIamMember } from '@cdktf/provider-google/lib/pubsub-subscription-iam-member';
import { PubsubTopicIamMember } from '@cdktf/provider-google/lib/pubsub-topic-iam-member';
import { SecretManagerSecretIamMember } from '@cdktf/provider-google/lib/secret-manager-secret-iam-member';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import { ITerraformDependable, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { fail, nameElement, shortHash, terraformName } from '../../azure/private/terraform';
import { GcpProject, GcpResourceRole, GcpResourceType } from '../../model/gcp';

/** The role every federated principal or GKE service account needs on the service account it impersonates. */
export const WORKLOAD_IDENTITY_USER = 'roles/iam.workloadIdentityUser';

/** `projects/<project>/serviceAccounts/<email>`, the project taken from the email's domain. */
export function serviceAccountResourceName(where: string, email: string): string {
  const m = /^[a-z][a-z0-9-]{4,28}[a-z0-9]@([a-z][a-z0-9-]{4,28}[a-z0-9])\.iam\.gserviceaccount\.com$/.exec(email);
  if (!m) fail(where, 'serviceAccount', email, 'is not a user-managed service account email', '<id>@<project>.iam.gserviceaccount.com', 'use the service account\'s email');
  return `projects/${m[1]}/serviceAccounts/${email}`;
}

/** A binding to write: one role on one resource for one member. */
export interface Binding {
  readonly member: string;
  readonly role: GcpResourceRole;
}

/**
 * One `*_iam_member` per binding, at the resource the model names (bucket, secret, dataset,
 * topic, subscription, service account) and at the project only for project roles: additive
 * members, never a `*_iam_policy` that would drop bindings crossfed does not own.
 * Identical bindings are written once. Terraform names: `<project>__<holder>__<type>__<hash>`.
 * @see https://cloud.google.com/iam/docs/granting-changing-revoking-access
 */
export function addBindings(scope: Construct, project: GcpProject, holder: string, bindings: Binding[], dependsOn: ITerraformDependable[]): TerraformResource[] {
  const seen = new Set<string>();
  const out: TerraformResource[] = [];
  for (const b of bindings) {
    const r = b.role;
    const hash = shortHash(r.resourceType, r.resource, r.role, b.member);
    if (seen.has(hash)) continue;
    seen.add(hash);
    const id = `Binding-${r.resourceType}-${hash}`;
    const base = { role: r.role, member: b.member, dependsOn: dependsOn.length > 0 ? dependsOn : undefined };
    const where = scope.node.path;
    let resource: TerraformResource;
    switch (r.resourceType) {
      case GcpResourceType.PROJECT:
        resource = new ProjectIamMember(scope, id, { ...base, project: r.resource });
        break;
      case GcpResourceType.BUCKET:
        resource = new StorageBucketIamMember(scope, id, { ...base, bucket: r.resource });
        break;
      case GcpResourceType.SECRET: {
        const [p, secretId] = split(where, r, 'secrets', project.projectId);
        resource = new SecretManagerSecretIamMember(scope, id, { ...base, project: p, secretId });
        break;
      }
      case GcpResourceType.BIGQUERY_DATASET: {
        const [p, datasetId] = split(where, r, 'datasets', project.projectId);
        resource = new BigqueryDatasetIamMember(scope, id, { ...base, project: p, datasetId });
        break;
      }
      case GcpResourceType.PUBSUB_TOPIC: {
        const [p, topic] = split(where, r, 'topics', project.projectId);
        resource = new PubsubTopicIamMember(scope, id, { ...base, project: p, topic });
        break;
      }
      case GcpResourceType.PUBSUB_SUBSCRIPTION: {
        const [p, subscription] = split(where, r, 'subscriptions', project.projectId);
        resource = new PubsubSubscriptionIamMember(scope, id, { ...base, project: p, subscription });
        break;
      }
      case GcpResourceType.SERVICE_ACCOUNT:
        resource = new ServiceAccountIamMember(scope, id, { ...base, serviceAccountId: serviceAccountResourceName(where, r.resource) });
        break;
      default:
        return fail(where, 'resourceType', r.resourceType, 'is not a resource type crossfed can bind roles on', Object.values(GcpResourceType).join(', '), 'use one of the listed resource types');
    }
    nameElement(resource, terraformName(project.projectId, holder, r.resourceType, hash));
    out.push(resource);
  }
  return out;
}

/** `projects/<p>/<collection>/<id>` or a bare id (in the model's project) → [project, id]. */
function split(where: string, r: GcpResourceRole, collection: string, defaultProject: string): [string, string] {
  const full = new RegExp(`^projects/([a-z][a-z0-9-]{4,28}[a-z0-9])/${collection}/([^/]+)$`).exec(r.resource);
  if (full) return [full[1], full[2]];
  if (!/^[A-Za-z0-9_.~+%-]+$/.test(r.resource)) {
    fail(where, 'resource', r.resource, `is not a ${r.resourceType} id`, `an id, or projects/<project>/${collection}/<id>`, `write the ${r.resourceType} as its id or its full resource name`);
  }
  return [defaultProject, r.resource];
}
