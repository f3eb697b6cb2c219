/**
 * Annotation and label keys the webhooks and GKE read.
 * @see https://github.com/aws/amazon-eks-pod-identity-webhook#eks-walkthrough
 * @see https://azure.github.io/azure-workload-identity/docs/topics/service-account-labels-and-annotations.html
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity
 */
export const KEYS = {
  irsaRoleArn: 'eks.amazonaws.com/role-arn',
  irsaAudience: 'eks.amazonaws.com/audience',
  irsaRegionalSts: 'eks.amazonaws.com/sts-regional-endpoints',
  irsaTokenExpiration: 'eks.amazonaws.com/token-expiration',
  /** Pod annotation: comma-separated containers the IRSA webhook leaves alone. */
  irsaSkipContainers: 'eks.amazonaws.com/skip-containers',
  azureClientId: 'azure.workload.identity/client-id',
  azureTenantId: 'azure.workload.identity/tenant-id',
  azureTokenExpiration: 'azure.workload.identity/service-account-token-expiration',
  /** Pod label the azure-workload-identity webhook acts on. */
  azureUse: 'azure.workload.identity/use',
  /** Pod annotation: semicolon-separated containers the Azure webhook leaves alone. */
  azureSkipContainers: 'azure.workload.identity/skip-containers',
  gkeServiceAccount: 'iam.gke.io/gcp-service-account',
} as const;

/** The IRSA webhook's default token lifetime (seconds). */
export const IRSA_WEBHOOK_DEFAULT_EXPIRATION = 86400;
/** The azure-workload-identity webhook's default token lifetime, also its minimum (seconds). */
export const AZURE_WEBHOOK_DEFAULT_EXPIRATION = 3600;
/** Kubernetes' default lifetime of projected tokens, and crossfed's for explicit mode (seconds). */
export const KUBERNETES_DEFAULT_EXPIRATION = 3600;

/** Environment variables whose value names the identity: a different value set by the user is a conflict. */
export const IDENTITY_ENV = new Set([
  'AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AZURE_CLIENT_ID', 'AZURE_TENANT_ID', 'AZURE_FEDERATED_TOKEN_FILE',
  'GOOGLE_APPLICATION_CREDENTIALS',
]);
