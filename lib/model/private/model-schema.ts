import { z } from 'zod';

/**
 * The model file format (YAML or JSON). Field names are those of the TypeScript props, so
 * an error names the same field in both. The JSON Schema under `schema/` is generated from
 * this (`npm run schema`).
 */
const str = (d: string) => z.string().describe(d);
const strs = (d: string) => z.array(z.string()).describe(d);

const HostingPath = {
  path: str('Path under the host for this cluster\'s documents, e.g. "clusters/onprem" (default: the root).').optional(),
  trailingSlash: z.boolean().describe('End the issuer URL with "/" (only if --service-account-issuer does).').optional(),
};

const Hosting = z.strictObject({
  s3: z.strictObject({
    account: str('Name of the AWS account under clouds.aws that owns the bucket.'),
    bucketName: str('S3 bucket name (no "." with public-read).'),
    region: str('Bucket region (default: the account\'s region).').optional(),
    access: z.enum(['public-read', 'cloudfront']).describe('public-read (bucket endpoint) or cloudfront (private bucket, origin access control, your domain).').optional(),
    domainName: str('cloudfront: the domain name the distribution serves.').optional(),
    certificateArn: str('cloudfront: ACM certificate for domainName, in us-east-1.').optional(),
    ...HostingPath,
  }).describe('An S3 bucket.').optional(),
  gcs: z.strictObject({
    project: str('Name of the GCP project under clouds.gcp that owns the bucket.'),
    bucketName: str('GCS bucket name.'),
    location: str('Bucket location (default "US").').optional(),
    ...HostingPath,
  }).describe('A GCS bucket with public read on its objects.').optional(),
  azureStorage: z.strictObject({
    tenant: str('Name of the Azure tenant under clouds.azure whose subscription holds the account.'),
    storageAccountName: str('Storage account name (3–24 lowercase letters and digits).'),
    resourceGroupName: str('Resource group of the storage account.'),
    location: str('Azure region, e.g. westeurope.'),
    staticWebsiteHost: str('Static website host <account>.z<N>.web.core.windows.net (default: the blob endpoint with a public container).').optional(),
    containerName: str('Container of the documents without staticWebsiteHost (default "oidc").').optional(),
    ...HostingPath,
  }).describe('An Azure storage account.').optional(),
}).describe('Self-managed: where crossfed publishes the discovery document and JWKS (exactly one of s3, gcs, azureStorage).');

const Issuer = z.strictObject({
  name: str('Short issuer name (lowercase, digits, "-", ≤32). Used in derived resource names.'),
  kind: z.enum(['eks', 'aks', 'gke', 'self-managed', 'azure-devops', 'github-actions', 'gitlab', 'generic', 'entra-id', 'google', 'aws'])
    .describe('Kind of token source: a cluster, a CI system, or a cloud identity source (entra-id: a tenant\'s managed identities and service principals; google: service accounts; aws: the IAM roles of an account, for GCP).'),
  url: str('Issuer URL, byte for byte as tokens carry it in `iss` (AKS: with its trailing "/"). Not used for azure-devops, github-actions, entra-id, google and aws, derived from their other fields.').optional(),
  accountId: str('EKS: the AWS account of the cluster; aws: the account of the roles (12 digits, quoted).').optional(),
  partition: z.enum(['aws', 'aws-cn', 'aws-us-gov']).describe('aws: the partition of the account (default "aws").').optional(),
  clusterName: str('EKS: the cluster name (for Pod Identity and access entries).').optional(),
  jwksJson: str('Self-managed: the cluster JWKS as JSON text (for clouds that cannot fetch it).').optional(),
  thumbprints: strs('Self-managed: SHA-1 thumbprints of the discovery host\'s CA, for AWS.').optional(),
  hosting: Hosting.optional(),
  publicKeys: strs('Self-managed with hosting: PEM public keys of --service-account-key-file (several during a rotation).').optional(),
  organizationName: str('Azure DevOps: organization name.').optional(),
  organizationId: str('Azure DevOps: organization GUID (legacy vstoken issuer).').optional(),
  tenantId: str('Azure DevOps: Entra tenant (Entra-issued tokens); entra-id: the tenant of the principals (lowercase GUID).').optional(),
  tokenVersion: z.number().int().describe('entra-id: the access token version the principals get, which decides the issuer: 1 (https://sts.windows.net/<tenant>/, a managed identity\'s default) or 2 (https://login.microsoftonline.com/<tenant>/v2.0).').optional(),
  enterpriseSlug: str('GitHub Actions: enterprise slug for an enterprise-specific issuer.').optional(),
  shared: z.boolean().describe('Generic: whether many tenants share the issuer.').optional(),
}).describe('A token issuer: a cluster or a CI system.');

const Statement = z.strictObject({
  effect: z.enum(['Allow', 'Deny']).optional(),
  actions: strs('IAM actions.'),
  resources: strs('Resource ARNs.'),
});

const EksAccess = z.strictObject({
  cluster: str('Name of the EKS issuer of the cluster.'),
  kubernetesGroups: strs('Kubernetes groups the role maps to.'),
  clusterRole: str('ClusterRole the groups get (default "edit").').optional(),
  namespaces: strs('Namespaces to bind in (default: cluster-wide).').optional(),
  accessPolicyArn: str('EKS access policy to associate too.').optional(),
});

const AwsGrant = z.strictObject({
  account: str('Name of an AWS account under clouds.aws.'),
  roleName: str('Role name (≤64). Grants with the same name share one role.').optional(),
  existingRoleArn: str('Use an existing role.').optional(),
  mechanism: z.enum(['irsa', 'pod-identity', 'aws-web-identity', 'ci', 'cloud-identity']).describe('How the workload gets credentials (default: irsa on EKS, aws-web-identity elsewhere).').optional(),
  audience: str('Cloud identities (entra-id, google): the audience their token carries for this role (Entra: the application ID URI requested; Google: the audience asked for).').optional(),
  webhook: z.boolean().describe('IRSA: rely on the EKS webhook (default true).').optional(),
  wildcardSubject: str('Opt-in StringLike subject pattern. Opens the role to every matching name.').optional(),
  managedPolicyArns: strs('Managed policy ARNs.').optional(),
  statements: z.array(Statement).describe('Inline statements.').optional(),
  s3ReadBuckets: strs('Buckets to read.').optional(),
  s3WriteBuckets: strs('Buckets to read and write.').optional(),
  secretsRead: strs('Secrets Manager ARNs to read.').optional(),
  ecrPull: strs('ECR repository ARNs to pull from.').optional(),
  ecrPush: strs('ECR repository ARNs to push to.').optional(),
  eksAccess: EksAccess.describe('CI deployers: EKS access entry and Kubernetes group.').optional(),
  description: str('Role description.').optional(),
  maxSessionDurationSeconds: z.number().int().optional(),
});

const RoleAssignment = z.strictObject({
  role: str('Role definition name, e.g. "Storage Blob Data Reader".'),
  scope: str('Resource id or resource group; a subscription or management group only with allowBroadScope.'),
  allowBroadScope: z.boolean().optional(),
});

const AzureGrant = z.strictObject({
  tenant: str('Name of an Azure tenant under clouds.azure.'),
  application: str('New app registration display name.').optional(),
  existingApplication: z.strictObject({ clientId: z.string(), objectId: z.string() }).optional(),
  managedIdentity: z.strictObject({ name: z.string(), resourceGroupName: z.string(), location: z.string() }).optional(),
  existingManagedIdentity: z.strictObject({ name: z.string(), resourceGroupName: z.string(), clientId: z.string(), principalId: z.string() }).optional(),
  roleAssignments: z.array(RoleAssignment).optional(),
  webhook: z.boolean().describe('Use the azure-workload-identity webhook (default: true on AKS).').optional(),
  credentialName: str('Federated credential name (changing it replaces the credential).').optional(),
});

const GcpRole = z.strictObject({
  resourceType: z.enum(['project', 'bucket', 'secret', 'bigquery-dataset', 'pubsub-topic', 'pubsub-subscription', 'service-account']),
  resource: z.string(),
  role: z.string(),
});

const GcpGrant = z.strictObject({
  project: str('Name of a GCP project under clouds.gcp.'),
  serviceAccount: str('New service account id to impersonate.').optional(),
  existingServiceAccountEmail: str('Existing service account to impersonate.').optional(),
  direct: z.boolean().describe('Grant roles to the federated principal itself.').optional(),
  audience: str('entra-id sources: the application ID URI (v1) or client id (v2) their token is requested for; the provider\'s allowed audience.').optional(),
  bucketRoles: z.array(z.strictObject({ bucket: z.string(), role: z.string() })).optional(),
  resourceRoles: z.array(GcpRole).optional(),
  projectRoles: strs('Project-level roles.').optional(),
  allowBroadRoles: z.boolean().optional(),
  gkeNative: z.boolean().describe('GKE: native workload identity (default true on GKE).').optional(),
});

const Subject = z.strictObject({
  githubBranch: z.strictObject({ repository: z.string(), branch: z.string() }).optional(),
  githubTag: z.strictObject({ repository: z.string(), tag: z.string() }).optional(),
  githubEnvironment: z.strictObject({ repository: z.string(), environment: z.string() }).optional(),
  githubPullRequest: z.strictObject({ repository: z.string() }).optional(),
  gitlabBranch: z.strictObject({ projectPath: z.string(), branch: z.string() }).optional(),
  gitlabTag: z.strictObject({ projectPath: z.string(), tag: z.string() }).optional(),
  azureDevOps: z.strictObject({ organization: z.string(), project: z.string(), serviceConnection: z.string() }).optional(),
  azureDevOpsEntra: str('The "Subject identifier" Azure DevOps shows (/eid1/c/pub/t/…).').optional(),
  exact: str('Any exact subject (generic issuers).').optional(),
}).describe('Exactly one subject form.');

const AwsAudit = z.strictObject({
  enabled: z.boolean().describe('Record token exchanges (default true); false says knowingly that nothing does.').optional(),
  organizationTrail: z.boolean().describe('An organization trail records this account: crossfed creates nothing.').optional(),
  existingTrailArn: str('A trail of this account recording read and write management events in all regions: crossfed creates nothing.').optional(),
  existingBucketName: str('An existing bucket the trail crossfed creates writes into.').optional(),
  trailName: str('Name of the trail crossfed creates (default "crossfed-audit").').optional(),
  retentionDays: z.number().int().describe('Days the bucket crossfed creates keeps log files (default 365).').optional(),
}).describe('Where the account\'s token exchanges are recorded (CloudTrail).');

const AzureAudit = z.strictObject({
  enabled: z.boolean().describe('Export federated sign-ins (default true); false says knowingly that nothing does.').optional(),
  workspaceResourceId: str('Resource id of an existing Log Analytics workspace.').optional(),
  newWorkspace: z.strictObject({
    name: z.string(), resourceGroupName: z.string(), location: z.string(),
    retentionDays: z.number().int().describe('30–730 (default 90).').optional(),
  }).describe('A Log Analytics workspace crossfed creates.').optional(),
  existingExport: z.boolean().describe('A diagnostic setting not managed by crossfed exports the sign-ins already.').optional(),
  existingWorkspaceId: str('With existingExport: the workspace GUID queries run against.').optional(),
  diagnosticSettingName: str('Name of the diagnostic setting crossfed creates.').optional(),
}).describe('Where the tenant\'s federated sign-ins go (ServicePrincipalSignInLogs, ManagedIdentitySignInLogs).');

const GcpAudit = z.strictObject({
  enabled: z.boolean().describe('Record token exchanges (default true); false says knowingly that nothing does.').optional(),
  organizationAuditConfig: z.boolean().describe('Data Access logs are enabled on the organization or folder: no audit config.').optional(),
  sinkDestination: str('An existing sink destination (storage.googleapis.com/…, logging.googleapis.com/…, bigquery.googleapis.com/…, pubsub.googleapis.com/…).').optional(),
  logBucketRetentionDays: z.number().int().describe('Create a log bucket with this retention and route the logs there.').optional(),
}).describe('Where the project\'s token exchanges are recorded (Data Access audit logs).');

const Workload = z.strictObject({
  issuer: str('Name of the issuer.'),
  name: str('Short name (default for service accounts: <namespace>-<serviceAccount>).').optional(),
  namespace: str('Kubernetes namespace.').optional(),
  serviceAccount: str('Kubernetes service account.').optional(),
  subject: Subject.optional(),
  objectId: str('entra-id: the object (principal) id of the managed identity or service principal (lowercase GUID).').optional(),
  uniqueId: z.union([z.string(), z.number()]).describe('google: the service account\'s unique id, 21 digits (quoted: unquoted, YAML reads it as an imprecise number).').optional(),
  serviceAccountEmail: str('google: the service account\'s email (for reviewers; trusts pin the unique id).').optional(),
  roleArn: str('aws: the IAM role\'s ARN, arn:aws:iam::<account>:role/<name>.').optional(),
  tokenExpirationSeconds: z.number().int().describe('Projected token lifetime (600–86400).').optional(),
  description: str('What the workload is.').optional(),
  aws: z.array(AwsGrant).optional(),
  azure: z.array(AzureGrant).optional(),
  gcp: z.array(GcpGrant).optional(),
}).describe('A Kubernetes service account (namespace + serviceAccount), a CI identity (subject), or a cloud identity (objectId, uniqueId or roleArn).');

export const ModelFileSchema = z.strictObject({
  $schema: z.string().optional(),
  name: str('Model name.').optional(),
  clouds: z.strictObject({
    aws: z.array(z.strictObject({
      name: str('Name used by grants (default: the account id).').optional(),
      accountId: str('12-digit account id (quoted).'),
      region: z.string().optional(),
      oidcProviderQuota: z.number().int().optional(),
      trustPolicySizeQuota: z.number().int().optional(),
      existingOidcProviders: strs('Issuers whose IAM OIDC provider exists already.').optional(),
      audit: AwsAudit.optional(),
    })).optional(),
    azure: z.array(z.strictObject({
      name: z.string().optional(),
      tenantId: z.string(),
      subscriptionId: z.string(),
      audience: z.string().optional(),
      audit: AzureAudit.optional(),
    })).optional(),
    gcp: z.array(z.strictObject({
      name: z.string().optional(),
      projectId: z.string(),
      projectNumber: str('Project number (digits, quoted).'),
      poolId: z.string().optional(),
      audit: GcpAudit.optional(),
    })).optional(),
  }).optional(),
  issuers: z.array(Issuer).optional(),
  workloads: z.array(Workload).optional(),
}).describe('crossfed identity model');

export type ModelFile = z.infer<typeof ModelFileSchema>;
export type IssuerEntry = z.infer<typeof Issuer>;
export type WorkloadEntry = z.infer<typeof Workload>;

/** The JSON Schema of the model file, for editors. */
export function modelJsonSchema(): unknown {
  const schema = z.toJSONSchema(ModelFileSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
  return { ...schema, $id: 'https://crossfed.dev/schema/crossfed-model.schema.json', title: 'crossfed identity model' };
}
