/**
 * The trust graph: what a set of artifacts (CloudFormation, Terraform JSON, Kubernetes YAML —
 * crossfed's own or hand-written) says about who may become whom. Parsers fill it; rules and
 * the exchange simulator read it. Plain data: no framework, no renderer.
 *
 * A value the parsers cannot resolve statically (a parameter, a data source, an output of
 * another stack) is kept as `Unresolved`, never guessed.
 */

/** A value that could not be resolved statically. */
export interface Unresolved {
  /** The expression as written, e.g. `{"Ref":"ClusterName"}` or `${data.azuread_client_config.current.object_id}`. */
  readonly unresolved: string;
  /**
   * When only some parts are unknown: the value as literal parts and unknown gaps (`null`),
   * e.g. `["arn:", null, ":iam::", null, ":oidc-provider/oidc.eks…"]`, so that a rule can still
   * compare the parts that are known. Absent: nothing is known.
   */
  readonly parts?: ReadonlyArray<string | null>;
}

/** A string value or an unresolved expression. */
export type Val = string | Unresolved;

/** Whether a value is unresolved. */
export function isUnresolved(v: unknown): v is Unresolved {
  if (typeof v !== 'object' || v === null || typeof (v as Unresolved).unresolved !== 'string') return false;
  const parts = (v as Unresolved).parts;
  return parts === undefined || (Array.isArray(parts) && parts.every(p => p === null || typeof p === 'string'));
}

/** The value as text for messages: the string, or `<unresolved: expr>`. */
export function show(v: Val | undefined): string {
  if (v === undefined) return '<absent>';
  return isUnresolved(v) ? `<unresolved: ${v.unresolved}>` : v;
}

/** Where a node comes from. */
export interface SourceRef {
  /** The file, relative to what the user passed. */
  readonly file: string;
  /** Resource address: CloudFormation logical id, Terraform `type.name`, Kubernetes `Kind/namespace/name`. */
  readonly resource: string;
  /** 1-based line of the resource in the file, when known. */
  readonly line?: number;
}

// ---------------------------------------------------------------- Kubernetes

export interface K8sServiceAccount {
  readonly ref: SourceRef;
  readonly namespace: string;
  readonly name: string;
  readonly annotations: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  /** The cluster's issuer: `crossfed.dev/issuer` annotation, `--issuer`, or the model. */
  readonly issuer?: string;
}

/** A projected service-account token in a pod spec. */
export interface K8sProjectedToken {
  readonly volumeName: string;
  /** `audience` of the serviceAccountToken projection (absent: the API server's default audiences). */
  readonly audience?: Val;
  readonly expirationSeconds?: number;
  /** `path` inside the volume. */
  readonly path: string;
}

export interface K8sVolumeMount {
  readonly volumeName: string;
  readonly mountPath: string;
  readonly subPath?: string;
}

export interface K8sContainer {
  readonly name: string;
  /** Env vars with literal values; `valueFrom` entries are `Unresolved` with their source. */
  readonly env: Readonly<Record<string, Val>>;
  /** `envFrom` sources (ConfigMap/Secret names). */
  readonly envFrom: ReadonlyArray<{ readonly kind: 'ConfigMap' | 'Secret'; readonly name: string }>;
  readonly mounts: readonly K8sVolumeMount[];
}

/** Any object with a pod template: Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob. */
export interface K8sWorkload {
  readonly ref: SourceRef;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** `spec.serviceAccountName` of the pod template (default `default`). */
  readonly serviceAccountName: string;
  /** The cluster's issuer, as for its service account (absent: unknown). */
  readonly issuer?: string;
  /** Pod template labels. */
  readonly podLabels: Readonly<Record<string, string>>;
  /** Pod template annotations (e.g. the webhooks' `skip-containers`). */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  readonly containers: readonly K8sContainer[];
  readonly projectedTokens: readonly K8sProjectedToken[];
  /** Volumes from ConfigMaps: volume name → ConfigMap name (items: key → path). */
  readonly configMapVolumes: ReadonlyArray<{ readonly volumeName: string; readonly configMapName: string; readonly items?: Readonly<Record<string, string>> }>;
  /** Volumes from Secrets: volume name → Secret name. */
  readonly secretVolumes: ReadonlyArray<{ readonly volumeName: string; readonly secretName: string }>;
}

export interface K8sConfigMap {
  readonly ref: SourceRef;
  readonly namespace: string;
  readonly name: string;
  readonly data: Readonly<Record<string, string>>;
}

export interface K8sSecret {
  readonly ref: SourceRef;
  readonly namespace: string;
  readonly name: string;
  /** `stringData` and base64-decoded `data`. */
  readonly data: Readonly<Record<string, string>>;
  readonly type?: string;
}

export interface K8sBinding {
  readonly ref: SourceRef;
  readonly kind: 'RoleBinding' | 'ClusterRoleBinding';
  readonly namespace?: string;
  readonly name: string;
  readonly roleRef: { readonly kind: string; readonly name: string };
  readonly subjects: ReadonlyArray<{ readonly kind: string; readonly name: string; readonly namespace?: string }>;
}

// ---------------------------------------------------------------- AWS

export interface AwsOidcProvider {
  readonly ref: SourceRef;
  /** The issuer URL as registered (with https://). */
  readonly url: Val;
  /** `arn:<partition>:iam::<account>:oidc-provider/<host/path>` when the account is known. */
  readonly arn: Val;
  readonly clientIds: readonly Val[];
  readonly thumbprints: readonly Val[];
}

export interface AwsRole {
  readonly ref: SourceRef;
  readonly roleName: Val;
  readonly arn: Val;
  /** The trust policy document with intrinsics resolved where static (strings may be `Unresolved`). */
  readonly trustPolicy: unknown;
  readonly managedPolicyArns: readonly Val[];
  /** Inline policy documents. */
  readonly policies: readonly unknown[];
  /** The account the template deploys to, when known. */
  readonly accountId?: Val;
}

/** A CloudFormation template as a whole (for the stack quotas). */
export interface AwsTemplate {
  readonly ref: SourceRef;
  /** Number of entries under `Resources`. */
  readonly resourceCount: number;
  /** Size of the template file in bytes (UTF-8). */
  readonly bytes: number;
}

export interface AwsPodIdentityAssociation {
  readonly ref: SourceRef;
  readonly clusterName: Val;
  readonly namespace: Val;
  readonly serviceAccount: Val;
  readonly roleArn: Val;
}

export interface AwsAccessEntry {
  readonly ref: SourceRef;
  readonly clusterName: Val;
  readonly principalArn: Val;
  readonly kubernetesGroups: readonly Val[];
  readonly accessPolicies: ReadonlyArray<{ readonly policyArn: Val; readonly namespaces?: readonly Val[] }>;
}

/** A CloudTrail trail (`AWS::CloudTrail::Trail`): what records an account's token exchanges. */
export interface AwsTrail {
  readonly ref: SourceRef;
  readonly trailName: Val;
  /** The account the template deploys to, when known. */
  readonly accountId?: Val;
  /** The template's region, when known. */
  readonly region?: Val;
  /** `IsLogging` (undefined when unresolved). */
  readonly isLogging?: boolean;
  readonly multiRegion: boolean;
  readonly organization: boolean;
  /**
   * Why the trail does not record `AssumeRoleWithWebIdentity` (a read-only management event of
   * `sts.amazonaws.com`), e.g. `ReadWriteType is WriteOnly`; absent when it does or cannot be told.
   */
  readonly missesTokenExchanges?: string;
}

// ---------------------------------------------------------------- Entra ID / Azure

export interface AzureIdentity {
  readonly ref: SourceRef;
  /** Terraform address (`azuread_application.pipeline`), or an external id for existing identities. */
  readonly id: string;
  readonly kind: 'application' | 'managed-identity' | 'service-principal';
  readonly displayName: Val;
  readonly clientId?: Val;
  /** Object id of the service principal / principal id of the managed identity, when known. */
  readonly principalId?: Val;
}

export interface AzureFederatedCredential {
  readonly ref: SourceRef;
  /** The parent identity's `id` in the graph, or the parent expression when unknown. */
  readonly parent: Val;
  readonly name: Val;
  readonly issuer: Val;
  readonly subject: Val;
  readonly audiences: readonly Val[];
  /** Flexible credential expression (`claims_matching_expression`), if any. */
  readonly claimsMatchingExpression?: Val;
}

export interface AzureRoleAssignment {
  readonly ref: SourceRef;
  readonly scope: Val;
  readonly role: Val;
  readonly principalId: Val;
  /**
   * The identity `id` the principal id resolves to, when it does (a service principal of an
   * application of the set resolves to the application).
   */
  readonly identity?: string;
}

/** An Entra diagnostic setting (`azurerm_monitor_aad_diagnostic_setting`): which sign-in logs leave the tenant. */
export interface AzureSignInExport {
  readonly ref: SourceRef;
  /** Enabled log categories (`ServicePrincipalSignInLogs`, `ManagedIdentitySignInLogs` …). */
  readonly categories: readonly string[];
  /** Whether a destination (workspace, storage account or event hub) is set. */
  readonly hasDestination: boolean;
}

// ---------------------------------------------------------------- GCP

export interface GcpPool {
  readonly ref: SourceRef;
  readonly id: string;
  readonly project?: Val;
  readonly poolId: Val;
  readonly disabled?: boolean;
}

export interface GcpProvider {
  readonly ref: SourceRef;
  readonly id: string;
  /** The pool's graph `id`, or the expression. */
  readonly pool: Val;
  readonly poolId: Val;
  readonly providerId: Val;
  readonly projectNumber?: Val;
  /** OIDC providers: `oidc.issuer_uri`. Absent for AWS providers. */
  readonly issuerUri?: Val;
  /** AWS providers (`aws { account_id }`): the AWS account whose roles and users may exchange. @default - an OIDC provider */
  readonly awsAccountId?: Val;
  readonly allowedAudiences: readonly Val[];
  readonly attributeMapping: Readonly<Record<string, string>>;
  readonly attributeCondition?: Val;
  readonly jwksJson?: Val;
  readonly disabled?: boolean;
}

export interface GcpServiceAccount {
  readonly ref: SourceRef;
  readonly id: string;
  readonly email: Val;
  readonly project?: Val;
}

export interface GcpBinding {
  readonly ref: SourceRef;
  /** `service-account`, `project`, `bucket`, `secret`, `bigquery-dataset`, `pubsub-topic`, `pubsub-subscription`, … */
  readonly resourceType: string;
  /** The resource: service account email or id, project id, bucket name, … */
  readonly resource: Val;
  readonly role: Val;
  readonly member: Val;
}

/** A Data Access audit config (`google_project_iam_audit_config`, or a project `google_*_iam_audit_config`). */
export interface GcpAuditConfig {
  readonly ref: SourceRef;
  readonly project: Val;
  /** The service (`sts.googleapis.com`, `iamcredentials.googleapis.com`, `allServices`). */
  readonly service: Val;
  /** Log types enabled (`ADMIN_READ`, `DATA_READ`, `DATA_WRITE`). */
  readonly logTypes: readonly string[];
  /** Members whose calls are not logged. */
  readonly exemptedMembers: readonly Val[];
}

// ---------------------------------------------------------------- published issuer documents

/** A self-managed cluster's published OpenID discovery document and JWKS (`check --discovery DIR`). */
export interface OidcDocuments {
  readonly ref: SourceRef;
  /** `issuer` of the discovery document. */
  readonly issuer?: string;
  /** `jwks_uri` of the discovery document. */
  readonly jwksUri?: string;
  /** `id_token_signing_alg_values_supported`. */
  readonly algorithms?: readonly string[];
  /** The JWKS's keys as published (absent when the JWKS file is missing). */
  readonly keys?: ReadonlyArray<Readonly<Record<string, unknown>>>;
  /** Where the JWKS was read from. */
  readonly jwksRef?: SourceRef;
  /** The bucket or container that publishes them, when they came from artifacts (`s3://<bucket>`, `gs://<bucket>`, `azure://<account>/<container>`). */
  readonly store?: string;
}

/** An object a hosting writes (an S3 object, a GCS object, an Azure blob) whose content the artifact holds. */
export interface PublishedObject {
  readonly ref: SourceRef;
  /** `s3://<bucket>`, `gs://<bucket>` or `azure://<account>/<container>`. */
  readonly store: string;
  /** The object key (name). */
  readonly key: string;
  /** Its content, when the artifact holds it literally. */
  readonly content?: string;
  /** Its `Content-Type`, when given. */
  readonly contentType?: string;
}

// ---------------------------------------------------------------- the graph

/** A file the parsers could not read, with the position of the problem. */
export interface ParseError {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

export interface TrustGraph {
  readonly k8s: {
    readonly serviceAccounts: K8sServiceAccount[];
    readonly workloads: K8sWorkload[];
    readonly configMaps: K8sConfigMap[];
    readonly secrets: K8sSecret[];
    readonly bindings: K8sBinding[];
  };
  readonly aws: {
    readonly providers: AwsOidcProvider[];
    readonly roles: AwsRole[];
    readonly podIdentityAssociations: AwsPodIdentityAssociation[];
    readonly accessEntries: AwsAccessEntry[];
    /** Templates read (absent in graphs built by hand). */
    readonly templates?: AwsTemplate[];
    /** CloudTrail trails (absent in graphs built by hand). */
    readonly trails?: AwsTrail[];
  };
  readonly azure: {
    readonly identities: AzureIdentity[];
    readonly credentials: AzureFederatedCredential[];
    readonly roleAssignments: AzureRoleAssignment[];
    /** Diagnostic settings exporting sign-in logs (absent in graphs built by hand). */
    readonly signInExports?: AzureSignInExport[];
  };
  readonly gcp: {
    readonly pools: GcpPool[];
    readonly providers: GcpProvider[];
    readonly serviceAccounts: GcpServiceAccount[];
    readonly bindings: GcpBinding[];
    /** Data Access audit configs (absent in graphs built by hand). */
    readonly auditConfigs?: GcpAuditConfig[];
  };
  /** Published issuer documents: given with `--discovery`, or written by a hosting in the artifacts. */
  readonly oidc?: OidcDocuments[];
  /** Objects hostings write (issuer documents), as the artifacts declare them. */
  readonly published?: PublishedObject[];
  /** Files read. */
  readonly files: string[];
  /** Files or documents that could not be parsed. */
  readonly parseErrors: ParseError[];
}

/** An empty graph. */
export function emptyGraph(): TrustGraph {
  return {
    k8s: { serviceAccounts: [], workloads: [], configMaps: [], secrets: [], bindings: [] },
    aws: { providers: [], roles: [], podIdentityAssociations: [], accessEntries: [], templates: [], trails: [] },
    azure: { identities: [], credentials: [], roleAssignments: [], signInExports: [] },
    gcp: { pools: [], providers: [], serviceAccounts: [], bindings: [], auditConfigs: [] },
    published: [],
    files: [],
    parseErrors: [],
  };
}
