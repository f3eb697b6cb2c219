/**
 * The Terraform arguments crossfed writes, per resource type: which the provider requires,
 * their value types and the formats the clouds accept. The Terraform providers cannot be
 * downloaded here, so `terraform validate` cannot run: every synthesized resource is checked
 * against this schema instead (`checkTerraform`), and `schema-drift.test.ts` checks the schema
 * itself against the provider packages' generated config interfaces, so neither can drift.
 */

/** How a value is written in Terraform JSON. */
export type ArgType = 'string' | 'string[]' | 'number' | 'map' | 'bool' | 'block' | 'block[]';

/** A format check: a pattern, or a function returning what is wrong (undefined when fine). */
export type Format = RegExp | Check;
/** What is wrong with a value, or undefined. */
export type Check = (value: any) => string | undefined;

export interface ArgSpec {
  readonly type: ArgType;
  /** The provider requires it (checked against the generated types). */
  readonly required?: boolean;
  /** Checked on the string, on each element of a list, or on each value of a map. */
  readonly format?: Format;
  /** Checked on the whole value (list lengths, map keys). */
  readonly check?: (value: any) => string | undefined;
  /** Blocks: the generated interface and the arguments crossfed writes in it. */
  readonly block?: { readonly tsInterface: string; readonly args: Readonly<Record<string, ArgSpec>> };
}

export interface TypeSpec {
  readonly package: '@cdktf/provider-azuread' | '@cdktf/provider-azurerm' | '@cdktf/provider-google';
  /** `lib/<module>` of the package. */
  readonly module: string;
  /** The generated config interface. */
  readonly tsInterface: string;
  readonly args: Readonly<Record<string, ArgSpec>>;
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const ref = (address: string, attr: string) => new RegExp(`^\\$\\{${address.replace(/\./g, '\\.')}\\.[A-Za-z_][A-Za-z0-9_-]*\\.${attr}\\}$`);
const anyOf = (...formats: RegExp[]): Check => (v: string) => formats.some(f => f.test(v)) ? undefined : `matches none of ${formats.map(String).join(', ')}`;
const length = (min: number, max: number): Check => (v: string) => v.length < min || v.length > max ? `has ${v.length} characters, not ${min}–${max}` : undefined;
const items = (min: number, max: number) => (v: unknown[]) => v.length < min || v.length > max ? `has ${v.length} items, not ${min}–${max}` : undefined;
const range = (min: number, max: number) => (v: number) => !Number.isInteger(v) || v < min || v > max ? `is ${v}, not a whole number from ${min} to ${max}` : undefined;
const bytes = (max: number): Check => (v: string) => Buffer.byteLength(v, 'utf8') > max ? `is ${Buffer.byteLength(v, 'utf8')} bytes, over ${max}` : undefined;
const all = (...fs: Format[]): Check => (v: any) => {
  for (const f of fs) {
    const problem = f instanceof RegExp ? (f.test(v) ? undefined : `does not match ${f}`) : f(v);
    if (problem) return problem;
  }
  return undefined;
};

// ------------------------------------------------------------------ Entra ID / Azure
const ENTRA_ISSUER = all(/^https:\/\/\S+$/, length(1, 600));
// Exact match only: Entra compares literally, so a "*" is never what the author meant.
const ENTRA_SUBJECT = all(/^[^*\s]([^*]*[^*\s])?$/s, length(1, 600));
const ENTRA_AUDIENCE = all(/^\S+$/, length(1, 600));
const CREDENTIAL_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{2,119}$/;
const RESOURCE_GROUP = /^[-\w.()]{0,89}[-\w()]$/;
const MI_ID = /^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[-\w.()]+\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/[A-Za-z0-9][A-Za-z0-9_-]{2,127}$/;
const LA_WORKSPACE_ID = /^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[-\w.()]+\/providers\/Microsoft\.OperationalInsights\/workspaces\/[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$/i;
/** Entra diagnostic-setting log categories. @see https://learn.microsoft.com/entra/identity/monitoring-health/howto-configure-diagnostic-settings */
const ENTRA_LOG_CATEGORY = /^(AuditLogs|SignInLogs|NonInteractiveUserSignInLogs|ServicePrincipalSignInLogs|ManagedIdentitySignInLogs|ProvisioningLogs|ADFSSignInLogs|RiskyUsers|UserRiskEvents|RiskyServicePrincipals|ServicePrincipalRiskEvents|NetworkAccessTrafficLogs|EnrichedOffice365AuditLogs|MicrosoftGraphActivityLogs|RemoteNetworkHealthLogs)$/;
const AZURE_SCOPE = /^(\/subscriptions\/[0-9a-fA-F-]{36}(\/resourceGroups\/[-\w.()]+(\/providers\/[A-Za-z0-9.]+(\/[^/]+\/[^/]+)+)?)?|\/providers\/Microsoft\.Management\/managementGroups\/[^/]+)$/;

// ------------------------------------------------------------------ GCP
const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const POOL_ID = all(/^[a-z0-9-]{4,32}$/, (v: string) => v.startsWith('gcp-') ? 'starts with the reserved prefix gcp-' : undefined);
const ROLE = /^(roles\/[A-Za-z0-9_.]+|projects\/[a-z][a-z0-9-]{4,28}[a-z0-9]\/roles\/[A-Za-z0-9_.]+|organizations\/\d+\/roles\/[A-Za-z0-9_.]+)$/;
const SA_EMAIL = '[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z][a-z0-9-]{4,28}[a-z0-9]\\.iam\\.gserviceaccount\\.com';
const POOL_PRINCIPAL = /^principal:\/\/iam\.googleapis\.com\/projects\/\d+\/locations\/global\/workloadIdentityPools\/[a-z0-9-]{4,32}\/subject\/(.+)$/s;
const MEMBER: Format = (v: string) => {
  const principal = POOL_PRINCIPAL.exec(v);
  if (principal) return bytes(127)(principal[1]) && `subject ${bytes(127)(principal[1])}`;
  return anyOf(
    /^principalSet:\/\/iam\.googleapis\.com\/projects\/\d+\/locations\/global\/workloadIdentityPools\/[a-z0-9-]{4,32}\/attribute\.[a-z0-9_]+\/.+$/,
    /^serviceAccount:[a-z][a-z0-9-]{4,28}[a-z0-9]\.svc\.id\.goog\[[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?\]$/,
    new RegExp(`^serviceAccount:${SA_EMAIL}$`),
  )(v);
};
const MEMBER_ARGS = { role: { type: 'string', required: true, format: ROLE }, member: { type: 'string', required: true, format: MEMBER } } as const;
/** GCP accepts only these JWK fields in `jwks_json`. */
const JWK_FIELDS = ['kty', 'alg', 'use', 'kid', 'n', 'e', 'x', 'y', 'crv'];
const JWKS_JSON: Format = (v: string) => {
  let jwks: any;
  try {
    jwks = JSON.parse(v);
  } catch {
    return 'is not JSON';
  }
  if (!Array.isArray(jwks?.keys) || jwks.keys.length === 0) return 'has no keys';
  for (const k of jwks.keys) {
    const extra = Object.keys(k).filter(f => !JWK_FIELDS.includes(f));
    if (extra.length > 0) return `key ${k.kid} has fields GCP refuses: ${extra.join(', ')}`;
    if (!['RSA', 'EC'].includes(k.kty)) return `key ${k.kid} has kty ${k.kty}`;
  }
  return undefined;
};
const ATTRIBUTE_MAPPING = (m: Record<string, string>) => {
  if (m['google.subject'] === undefined) return 'does not map google.subject';
  const bad = Object.keys(m).find(k => !/^(google\.(subject|groups)|attribute\.[a-z0-9_]+)$/.test(k));
  if (bad) return `maps ${bad}, not google.subject, google.groups or attribute.<[a-z0-9_]>`;
  if (Object.keys(m).filter(k => k.startsWith('attribute.')).length > 50) return 'maps more than 50 custom attributes';
  return undefined;
};
const ATTRIBUTE_CONDITION = all(length(1, 4096), (v: string) => /startsWith|endsWith|matches\(|contains\(/.test(v) ? 'matches by prefix or pattern' : undefined);

/** Cloud Logging sink destinations. @see https://cloud.google.com/logging/docs/export/configure_export_v2#dest-path */
const SINK_DESTINATION = anyOf(
  /^storage\.googleapis\.com\/[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/,
  /^logging\.googleapis\.com\/projects\/[a-z][a-z0-9-]{4,28}[a-z0-9]\/locations\/[a-z0-9-]+\/buckets\/[A-Za-z0-9_-]{1,100}$/,
  /^bigquery\.googleapis\.com\/projects\/[a-z][a-z0-9-]{4,28}[a-z0-9]\/datasets\/[A-Za-z0-9_]{1,1024}$/,
  /^pubsub\.googleapis\.com\/projects\/[a-z][a-z0-9-]{4,28}[a-z0-9]\/topics\/[A-Za-z][-A-Za-z0-9_.~+%]{2,254}$/,
);

const GOOGLE = '@cdktf/provider-google' as const;

// ------------------------------------------------------------------ issuer hosting
const GCS_BUCKET = /^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/;
/** An issuer document: JSON with the fields the clouds read. */
const ISSUER_DOCUMENT: Check = (v: string) => {
  let doc: any;
  try {
    doc = JSON.parse(v);
  } catch {
    return 'is not JSON';
  }
  if (Array.isArray(doc?.keys)) return doc.keys.every((k: any) => k.use === 'sig' && typeof k.kid === 'string') ? undefined : 'has a key without use "sig" or kid';
  return typeof doc?.issuer === 'string' && typeof doc?.jwks_uri === 'string' ? undefined : 'is neither a discovery document (issuer, jwks_uri) nor a JWKS (keys)';
};
const DOCUMENT_KEY = /^([A-Za-z0-9._~-]+\/)*(\.well-known\/openid-configuration|openid\/v1\/jwks)$/;
const JSON_TYPE = /^application\/json$/;
const CACHE_CONTROL = /^public, max-age=\d+$/;
const STORAGE_ACCOUNT = /^[a-z0-9]{3,24}$/;

/** Resources (`resource.<type>`), data sources (`data.<type>`) and providers (`provider.<name>`). */
export const TERRAFORM_SCHEMA: Readonly<Record<string, TypeSpec>> = {
  // ---- Entra ID
  'provider.azuread': {
    package: '@cdktf/provider-azuread', module: 'provider', tsInterface: 'AzureadProviderConfig',
    args: { tenant_id: { type: 'string', format: GUID } },
  },
  'resource.azuread_application': {
    package: '@cdktf/provider-azuread', module: 'application', tsInterface: 'ApplicationConfig',
    args: {
      display_name: { type: 'string', required: true, format: all(/^\S(.*\S)?$/, length(1, 120)) },
      description: { type: 'string', format: length(0, 1024) },
    },
  },
  'resource.azuread_service_principal': {
    package: '@cdktf/provider-azuread', module: 'service-principal', tsInterface: 'ServicePrincipalConfig',
    args: { client_id: { type: 'string', required: true, format: anyOf(ref('azuread_application', 'client_id'), GUID) } },
  },
  'data.azuread_service_principal': {
    package: '@cdktf/provider-azuread', module: 'data-azuread-service-principal', tsInterface: 'DataAzureadServicePrincipalConfig',
    args: { client_id: { type: 'string', format: GUID } },
  },
  'resource.azuread_application_federated_identity_credential': {
    package: '@cdktf/provider-azuread', module: 'application-federated-identity-credential', tsInterface: 'ApplicationFederatedIdentityCredentialConfig',
    args: {
      application_id: { type: 'string', required: true, format: anyOf(ref('azuread_application', 'id'), /^\/applications\/[0-9a-fA-F-]{36}$/) },
      display_name: { type: 'string', required: true, format: CREDENTIAL_NAME },
      description: { type: 'string', format: length(0, 600) },
      issuer: { type: 'string', required: true, format: ENTRA_ISSUER },
      subject: { type: 'string', required: true, format: ENTRA_SUBJECT },
      audiences: { type: 'string[]', required: true, format: ENTRA_AUDIENCE, check: items(1, 1) },
    },
  },
  'provider.azurerm': {
    package: '@cdktf/provider-azurerm', module: 'provider', tsInterface: 'AzurermProviderConfig',
    args: {
      features: { type: 'block[]', check: items(1, 1), block: { tsInterface: 'AzurermProviderFeatures', args: {} } },
      subscription_id: { type: 'string', format: GUID },
      tenant_id: { type: 'string', format: GUID },
    },
  },
  'resource.azurerm_user_assigned_identity': {
    package: '@cdktf/provider-azurerm', module: 'user-assigned-identity', tsInterface: 'UserAssignedIdentityConfig',
    args: {
      name: { type: 'string', required: true, format: /^[A-Za-z0-9][A-Za-z0-9_-]{2,127}$/ },
      resource_group_name: { type: 'string', required: true, format: RESOURCE_GROUP },
      location: { type: 'string', required: true, format: /^[a-z0-9]+$/ },
      tags: { type: 'map', format: length(0, 256) },
    },
  },
  'resource.azurerm_federated_identity_credential': {
    package: '@cdktf/provider-azurerm', module: 'federated-identity-credential', tsInterface: 'FederatedIdentityCredentialConfig',
    args: {
      name: { type: 'string', required: true, format: CREDENTIAL_NAME },
      resource_group_name: { type: 'string', required: true, format: RESOURCE_GROUP },
      parent_id: { type: 'string', required: true, format: anyOf(ref('azurerm_user_assigned_identity', 'id'), MI_ID) },
      issuer: { type: 'string', required: true, format: ENTRA_ISSUER },
      subject: { type: 'string', required: true, format: ENTRA_SUBJECT },
      audience: { type: 'string[]', required: true, format: ENTRA_AUDIENCE, check: items(1, 1) },
    },
  },
  'resource.azurerm_log_analytics_workspace': {
    package: '@cdktf/provider-azurerm', module: 'log-analytics-workspace', tsInterface: 'LogAnalyticsWorkspaceConfig',
    args: {
      name: { type: 'string', required: true, format: /^[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$/ },
      resource_group_name: { type: 'string', required: true, format: RESOURCE_GROUP },
      location: { type: 'string', required: true, format: /^[a-z0-9]+$/ },
      sku: { type: 'string', format: /^(PerGB2018|CapacityReservation|LACluster|Free|Standalone|PerNode|Premium|Standard|Unlimited)$/ },
      retention_in_days: { type: 'number', check: range(30, 730) },
      tags: { type: 'map', format: length(0, 256) },
    },
  },
  'resource.azurerm_monitor_aad_diagnostic_setting': {
    package: '@cdktf/provider-azurerm', module: 'monitor-aad-diagnostic-setting', tsInterface: 'MonitorAadDiagnosticSettingConfig',
    args: {
      name: { type: 'string', required: true, format: all(/^[^<>*%&:\\?+/]+$/, length(1, 260)) },
      log_analytics_workspace_id: { type: 'string', format: anyOf(ref('azurerm_log_analytics_workspace', 'id'), LA_WORKSPACE_ID) },
      enabled_log: {
        type: 'block[]', check: items(1, 15),
        block: { tsInterface: 'MonitorAadDiagnosticSettingEnabledLog', args: { category: { type: 'string', required: true, format: ENTRA_LOG_CATEGORY } } },
      },
    },
  },
  'resource.azurerm_role_assignment': {
    package: '@cdktf/provider-azurerm', module: 'role-assignment', tsInterface: 'RoleAssignmentConfig',
    args: {
      scope: { type: 'string', required: true, format: AZURE_SCOPE },
      role_definition_name: { type: 'string', format: /^\S(.*\S)?$/ },
      principal_id: {
        type: 'string', required: true,
        format: anyOf(ref('azuread_service_principal', 'object_id'), ref('data.azuread_service_principal', 'object_id'), ref('azurerm_user_assigned_identity', 'principal_id'), GUID),
      },
      principal_type: { type: 'string', format: /^(ServicePrincipal|User|Group)$/ },
    },
  },

  // ---- GCP
  'provider.google': { package: GOOGLE, module: 'provider', tsInterface: 'GoogleProviderConfig', args: { project: { type: 'string', format: PROJECT_ID } } },
  'resource.google_iam_workload_identity_pool': {
    package: GOOGLE, module: 'iam-workload-identity-pool', tsInterface: 'IamWorkloadIdentityPoolConfig',
    args: {
      project: { type: 'string', format: PROJECT_ID },
      workload_identity_pool_id: { type: 'string', required: true, format: POOL_ID },
      display_name: { type: 'string', format: length(0, 32) },
      description: { type: 'string', format: length(0, 256) },
    },
  },
  'resource.google_iam_workload_identity_pool_provider': {
    package: GOOGLE, module: 'iam-workload-identity-pool-provider', tsInterface: 'IamWorkloadIdentityPoolProviderConfig',
    args: {
      project: { type: 'string', format: PROJECT_ID },
      workload_identity_pool_id: { type: 'string', required: true, format: POOL_ID },
      workload_identity_pool_provider_id: { type: 'string', required: true, format: POOL_ID },
      display_name: { type: 'string', format: length(0, 32) },
      description: { type: 'string', format: length(0, 256) },
      attribute_mapping: { type: 'map', check: ATTRIBUTE_MAPPING },
      attribute_condition: { type: 'string', format: ATTRIBUTE_CONDITION },
      oidc: {
        type: 'block',
        block: {
          tsInterface: 'IamWorkloadIdentityPoolProviderOidc',
          args: {
            issuer_uri: { type: 'string', required: true, format: /^https:\/\/\S+$/ },
            allowed_audiences: { type: 'string[]', format: length(1, 256), check: items(1, 10) },
            jwks_json: { type: 'string', format: JWKS_JSON },
          },
        },
      },
      // The AWS provider type (AWS roles as a source), instead of oidc.
      aws: {
        type: 'block',
        block: { tsInterface: 'IamWorkloadIdentityPoolProviderAws', args: { account_id: { type: 'string', required: true, format: /^\d{12}$/ } } },
      },
    },
  },
  'resource.google_project_iam_audit_config': {
    package: GOOGLE, module: 'project-iam-audit-config', tsInterface: 'ProjectIamAuditConfigConfig',
    args: {
      project: { type: 'string', required: true, format: PROJECT_ID },
      service: { type: 'string', required: true, format: /^([a-z0-9-]+\.googleapis\.com|allServices)$/ },
      audit_log_config: {
        type: 'block[]', required: true, check: items(1, 3),
        block: { tsInterface: 'ProjectIamAuditConfigAuditLogConfig', args: { log_type: { type: 'string', required: true, format: /^(ADMIN_READ|DATA_READ|DATA_WRITE)$/ } } },
      },
    },
  },
  'resource.google_logging_project_bucket_config': {
    package: GOOGLE, module: 'logging-project-bucket-config', tsInterface: 'LoggingProjectBucketConfigConfig',
    args: {
      project: { type: 'string', required: true, format: PROJECT_ID },
      location: { type: 'string', required: true, format: /^(global|[a-z]+(-[a-z]+\d*)*)$/ },
      bucket_id: { type: 'string', required: true, format: /^[A-Za-z0-9-][A-Za-z0-9_-]{0,99}$/ },
      retention_days: { type: 'number', check: range(1, 3650) },
      description: { type: 'string', format: length(0, 8192) },
    },
  },
  'resource.google_logging_project_sink': {
    package: GOOGLE, module: 'logging-project-sink', tsInterface: 'LoggingProjectSinkConfig',
    args: {
      project: { type: 'string', format: PROJECT_ID },
      name: { type: 'string', required: true, format: /^[A-Za-z0-9_.-]{1,100}$/ },
      destination: { type: 'string', required: true, format: SINK_DESTINATION },
      filter: { type: 'string', format: length(1, 20000) },
      unique_writer_identity: { type: 'bool' },
      description: { type: 'string', format: length(0, 8192) },
    },
  },
  'resource.google_service_account': {
    package: GOOGLE, module: 'service-account', tsInterface: 'ServiceAccountConfig',
    args: {
      project: { type: 'string', format: PROJECT_ID },
      account_id: { type: 'string', required: true, format: PROJECT_ID },
      display_name: { type: 'string', format: length(0, 100) },
      description: { type: 'string', format: length(0, 256) },
    },
  },
  'resource.google_service_account_iam_member': {
    package: GOOGLE, module: 'service-account-iam-member', tsInterface: 'ServiceAccountIamMemberConfig',
    args: { service_account_id: { type: 'string', required: true, format: new RegExp(`^projects/[a-z][a-z0-9-]{4,28}[a-z0-9]/serviceAccounts/${SA_EMAIL}$`) }, ...MEMBER_ARGS },
  },
  'resource.google_project_iam_member': {
    package: GOOGLE, module: 'project-iam-member', tsInterface: 'ProjectIamMemberConfig',
    args: { project: { type: 'string', required: true, format: PROJECT_ID }, ...MEMBER_ARGS },
  },
  'resource.google_storage_bucket_iam_member': {
    package: GOOGLE, module: 'storage-bucket-iam-member', tsInterface: 'StorageBucketIamMemberConfig',
    // allUsers: only the issuer documents' bucket (the gcp-broad-role rule refuses it elsewhere).
    args: { bucket: { type: 'string', required: true, format: GCS_BUCKET }, role: MEMBER_ARGS.role, member: { type: 'string', required: true, format: (v: string) => (v === 'allUsers' ? undefined : (MEMBER as Check)(v)) } },
  },
  'resource.google_storage_bucket': {
    package: GOOGLE, module: 'storage-bucket', tsInterface: 'StorageBucketConfig',
    args: {
      name: { type: 'string', required: true, format: GCS_BUCKET },
      location: { type: 'string', required: true, format: /^[A-Za-z0-9-]{2,40}$/ },
      project: { type: 'string', format: PROJECT_ID },
      uniform_bucket_level_access: { type: 'bool' },
      public_access_prevention: { type: 'string', format: /^(inherited|enforced)$/ },
      force_destroy: { type: 'bool' },
      labels: { type: 'map', format: /^[a-z0-9_-]{0,63}$/ },
      versioning: { type: 'block', block: { tsInterface: 'StorageBucketVersioning', args: { enabled: { type: 'bool', required: true } } } },
    },
  },
  'resource.google_storage_bucket_object': {
    package: GOOGLE, module: 'storage-bucket-object', tsInterface: 'StorageBucketObjectConfig',
    args: {
      bucket: { type: 'string', required: true, format: GCS_BUCKET },
      name: { type: 'string', required: true, format: DOCUMENT_KEY },
      content: { type: 'string', format: ISSUER_DOCUMENT },
      content_type: { type: 'string', format: JSON_TYPE },
      cache_control: { type: 'string', format: CACHE_CONTROL },
    },
  },
  'resource.azurerm_resource_group': {
    package: '@cdktf/provider-azurerm', module: 'resource-group', tsInterface: 'ResourceGroupConfig',
    args: { name: { type: 'string', required: true, format: RESOURCE_GROUP }, location: { type: 'string', required: true, format: /^[a-z0-9]+$/ } },
  },
  'resource.azurerm_storage_account': {
    package: '@cdktf/provider-azurerm', module: 'storage-account', tsInterface: 'StorageAccountConfig',
    args: {
      name: { type: 'string', required: true, format: STORAGE_ACCOUNT },
      resource_group_name: { type: 'string', required: true, format: RESOURCE_GROUP },
      location: { type: 'string', required: true, format: /^[a-z0-9]+$/ },
      account_tier: { type: 'string', required: true, format: /^(Standard|Premium)$/ },
      account_replication_type: { type: 'string', required: true, format: /^(LRS|GRS|RAGRS|ZRS|GZRS|RAGZRS)$/ },
      https_traffic_only_enabled: { type: 'bool' },
      min_tls_version: { type: 'string', format: /^TLS1_2$/ },
      allow_nested_items_to_be_public: { type: 'bool' },
      tags: { type: 'map', format: length(0, 256) },
    },
  },
  'resource.azurerm_storage_account_static_website': {
    package: '@cdktf/provider-azurerm', module: 'storage-account-static-website', tsInterface: 'StorageAccountStaticWebsiteAConfig',
    args: { storage_account_id: { type: 'string', required: true, format: ref('azurerm_storage_account', 'id') } },
  },
  'resource.azurerm_storage_container': {
    package: '@cdktf/provider-azurerm', module: 'storage-container', tsInterface: 'StorageContainerConfig',
    args: {
      name: { type: 'string', required: true, format: /^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/ },
      storage_account_id: { type: 'string', format: ref('azurerm_storage_account', 'id') },
      container_access_type: { type: 'string', format: /^(private|blob|container)$/ },
    },
  },
  'resource.azurerm_storage_blob': {
    package: '@cdktf/provider-azurerm', module: 'storage-blob', tsInterface: 'StorageBlobConfig',
    args: {
      name: { type: 'string', required: true, format: DOCUMENT_KEY },
      storage_account_name: { type: 'string', required: true, format: STORAGE_ACCOUNT },
      storage_container_name: { type: 'string', required: true, format: /^(\$web|[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9])$/ },
      type: { type: 'string', required: true, format: /^Block$/ },
      source_content: { type: 'string', format: ISSUER_DOCUMENT },
      content_type: { type: 'string', format: JSON_TYPE },
      cache_control: { type: 'string', format: CACHE_CONTROL },
    },
  },
  'resource.google_secret_manager_secret_iam_member': {
    package: GOOGLE, module: 'secret-manager-secret-iam-member', tsInterface: 'SecretManagerSecretIamMemberConfig',
    args: { project: { type: 'string', format: PROJECT_ID }, secret_id: { type: 'string', required: true, format: /^[A-Za-z0-9_-]{1,255}$/ }, ...MEMBER_ARGS },
  },
  'resource.google_bigquery_dataset_iam_member': {
    package: GOOGLE, module: 'bigquery-dataset-iam-member', tsInterface: 'BigqueryDatasetIamMemberConfig',
    args: { project: { type: 'string', format: PROJECT_ID }, dataset_id: { type: 'string', required: true, format: /^[A-Za-z0-9_]{1,1024}$/ }, ...MEMBER_ARGS },
  },
  'resource.google_pubsub_topic_iam_member': {
    package: GOOGLE, module: 'pubsub-topic-iam-member', tsInterface: 'PubsubTopicIamMemberConfig',
    args: { project: { type: 'string', format: PROJECT_ID }, topic: { type: 'string', required: true, format: /^[A-Za-z][-A-Za-z0-9_.~+%]{2,254}$/ }, ...MEMBER_ARGS },
  },
  'resource.google_pubsub_subscription_iam_member': {
    package: GOOGLE, module: 'pubsub-subscription-iam-member', tsInterface: 'PubsubSubscriptionIamMemberConfig',
    args: { project: { type: 'string', format: PROJECT_ID }, subscription: { type: 'string', required: true, format: /^[A-Za-z][-A-Za-z0-9_.~+%]{2,254}$/ }, ...MEMBER_ARGS },
  },
};
