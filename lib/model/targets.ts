/** A target cloud. */
export enum TargetCloud {
  /** Amazon Web Services (STS). */
  AWS = 'aws',
  /** Microsoft Entra ID / Azure. */
  AZURE = 'azure',
  /** Google Cloud (Security Token Service / IAM). */
  GCP = 'gcp',
}

/** How a workload obtains credentials in a target cloud. */
export enum AccessMechanism {
  /** IAM Roles for Service Accounts through the EKS pod identity webhook (annotations only). */
  IRSA = 'irsa',
  /** EKS Pod Identity (association on the AWS side, nothing in the pod). */
  POD_IDENTITY = 'pod-identity',
  /** `AssumeRoleWithWebIdentity` with a projected token and env vars written out explicitly. */
  AWS_WEB_IDENTITY = 'aws-web-identity',
  /** Azure workload identity webhook (label + annotations). */
  AZURE_WEBHOOK = 'azure-webhook',
  /** Entra federated credential with a projected token and env vars written out explicitly. */
  AZURE_EXPLICIT = 'azure-explicit',
  /** GKE workload identity (annotation, `PROJECT.svc.id.goog[ns/sa]` member). */
  GKE_NATIVE = 'gke-native',
  /** Workload identity federation, impersonating a Google service account. */
  GCP_IMPERSONATION = 'gcp-impersonation',
  /** Workload identity federation with roles granted to the federated principal itself. */
  GCP_DIRECT = 'gcp-direct',
  /** A CI job exchanging its OIDC token (no Kubernetes objects). */
  CI = 'ci',
  /**
   * A cloud identity exchanging its own cloud's credential: an Entra ID access token, a Google
   * ID token, or (to GCP) an AWS role's signed `GetCallerIdentity` request. No Kubernetes objects.
   */
  CLOUD_IDENTITY = 'cloud-identity',
}

/** Audience of tokens for AWS STS. @see https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html */
export const AWS_STS_AUDIENCE = 'sts.amazonaws.com';
/** Audience Entra ID expects by default. @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-create-trust */
export const ENTRA_DEFAULT_AUDIENCE = 'api://AzureADTokenExchange';
/** Audience EKS Pod Identity uses (injected by the agent). */
export const EKS_POD_IDENTITY_AUDIENCE = 'pods.eks.amazonaws.com';
/** Service principal EKS Pod Identity roles trust. */
export const EKS_POD_IDENTITY_PRINCIPAL = 'pods.eks.amazonaws.com';

/** Token lifetime bounds (seconds) accepted by Kubernetes for projected tokens. */
export const MIN_TOKEN_EXPIRATION_SECONDS = 600;
/** Upper bound crossfed accepts (the webhooks' and clouds' maximum). */
export const MAX_TOKEN_EXPIRATION_SECONDS = 86400;

/**
 * Where tokens and configs are mounted in pods. The webhook paths are those the webhooks
 * inject, so explicit and webhook mode look the same to the SDKs.
 */
export const TOKEN_PATHS = {
  aws: { volume: 'aws-iam-token', dir: '/var/run/secrets/eks.amazonaws.com/serviceaccount', file: 'token' },
  azure: { volume: 'azure-identity-token', dir: '/var/run/secrets/azure/tokens', file: 'azure-identity-token' },
  gcp: { volume: 'gcp-identity-token', dir: '/var/run/secrets/gcp/serviceaccount', file: 'token' },
  gcpConfig: { volume: 'gcp-credential-config', dir: '/etc/crossfed/gcp', file: 'credential-configuration.json' },
} as const;
