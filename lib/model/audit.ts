import { fail, GUID } from './private/checks';

/**
 * Where an AWS account's token exchanges are recorded. `AssumeRoleWithWebIdentity` (and, for
 * EKS Pod Identity, `AssumeRole` and `AssumeRoleForPodIdentity`) are management events:
 * without a trail, CloudTrail keeps them 90 days in Event history only.
 *
 * At most one of `organizationTrail`, `existingTrailArn`, `existingBucketName`; with none,
 * crossfed creates the trail, its bucket and its KMS key.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html
 */
export interface AwsAuditProps {
  /** Record the account's token exchanges. `false` says, knowingly, that nothing records them. @default true */
  readonly enabled?: boolean;
  /**
   * An organization trail already records this account's management events: crossfed creates
   * nothing (and does not look it up).
   * @default false
   * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html
   */
  readonly organizationTrail?: boolean;
  /**
   * A trail of this account that already records read and write management events in every
   * region: crossfed creates nothing and names it in the report.
   * @default - none
   */
  readonly existingTrailArn?: string;
  /**
   * An existing bucket (e.g. a central log archive) the trail crossfed creates writes into. Its
   * owner keeps the bucket policy, encryption and retention.
   * @default - crossfed creates the bucket
   */
  readonly existingBucketName?: string;
  /** Name of the trail crossfed creates (3–128 characters). Changing it replaces the trail. @default "crossfed-audit" */
  readonly trailName?: string;
  /**
   * Days the bucket crossfed creates keeps log files (current and earlier versions), 1–3,653.
   * @default 365
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lifecycle-mgmt.html
   */
  readonly retentionDays?: number;
}

/** A Log Analytics workspace crossfed creates for the sign-in logs. */
export interface AzureLogWorkspaceOptions {
  /** The workspace name (4–63 letters, digits and "-"). Changing it replaces the workspace. */
  readonly name: string;
  /** Its resource group (in the tenant's subscription). */
  readonly resourceGroupName: string;
  /** Its Azure region, e.g. "westeurope". */
  readonly location: string;
  /** Days the workspace keeps the logs, 30–730. @default 90 */
  readonly retentionDays?: number;
}

/**
 * Where an Entra tenant's federated sign-ins go. Entra keeps service principal and managed
 * identity sign-ins 30 days (7 without a P1/P2 licence) unless a diagnostic setting exports
 * them; crossfed exports `ServicePrincipalSignInLogs` and `ManagedIdentitySignInLogs` only
 * (never the users' `SignInLogs`).
 *
 * Exactly one of `workspaceResourceId`, `newWorkspace`, `existingExport` (unless disabled).
 * @see https://learn.microsoft.com/entra/identity/monitoring-health/howto-configure-diagnostic-settings
 */
export interface AzureAuditProps {
  /** Export the tenant's federated sign-ins. `false` says, knowingly, that nothing keeps them. @default true */
  readonly enabled?: boolean;
  /** The resource id of an existing Log Analytics workspace the diagnostic setting sends to. @default - none */
  readonly workspaceResourceId?: string;
  /** A new Log Analytics workspace crossfed creates. @default - none */
  readonly newWorkspace?: AzureLogWorkspaceOptions;
  /**
   * The tenant already exports `ServicePrincipalSignInLogs` and `ManagedIdentitySignInLogs`
   * with a diagnostic setting crossfed does not manage: crossfed creates nothing.
   * @default false
   */
  readonly existingExport?: boolean;
  /** The workspace's id (a GUID, the "customer id" queries run against), when `existingExport` names one. @default - none */
  readonly existingWorkspaceId?: string;
  /** Name of the diagnostic setting crossfed creates. Changing it replaces the setting. @default "crossfed-federated-sign-ins" */
  readonly diagnosticSettingName?: string;
}

/**
 * Where a GCP project's token exchanges are recorded. Security Token Service and Service
 * Account Credentials calls are Data Access audit logs, which GCP does not write unless they
 * are enabled: crossfed enables them on the projects that own the pools and service accounts.
 * @see https://cloud.google.com/iam/docs/audit-logging/examples-workload-identity
 */
export interface GcpAuditProps {
  /** Record the project's token exchanges. `false` says, knowingly, that nothing records them. @default true */
  readonly enabled?: boolean;
  /**
   * Data Access audit logs of `sts.googleapis.com` and `iamcredentials.googleapis.com` are
   * enabled on the organization or folder already: crossfed writes no audit config.
   * @default false
   */
  readonly organizationAuditConfig?: boolean;
  /**
   * An existing sink destination the token-exchange logs are routed to with a project sink:
   * `storage.googleapis.com/<bucket>`, `logging.googleapis.com/projects/<p>/locations/<l>/buckets/<b>`,
   * `bigquery.googleapis.com/projects/<p>/datasets/<d>` or `pubsub.googleapis.com/projects/<p>/topics/<t>`.
   * The destination's owner grants the sink's writer identity (a Terraform output).
   * @default - the logs stay in the project's `_Default` bucket (30 days)
   * @see https://cloud.google.com/logging/docs/export/configure_export_v2
   */
  readonly sinkDestination?: string;
  /**
   * Create a log bucket keeping the token-exchange logs this many days (1–3,650), and a sink
   * routing them there.
   * @default - the logs stay in the project's `_Default` bucket (30 days)
   */
  readonly logBucketRetentionDays?: number;
}

/** The management-event sources whose events record AWS token exchanges. */
export const AWS_AUDIT_EVENT_SOURCES = ['sts.amazonaws.com', 'eks-auth.amazonaws.com'];
/** The Entra diagnostic-setting categories crossfed exports: federated sign-ins of applications and managed identities. */
export const ENTRA_AUDIT_CATEGORIES = ['ManagedIdentitySignInLogs', 'ServicePrincipalSignInLogs'];
/** Interactive user sign-ins: never exported by crossfed (not a workload's, and personal data). */
export const ENTRA_USER_SIGN_IN_CATEGORY = 'SignInLogs';
/** GCP services whose Data Access logs record token exchanges (STS) and impersonation (generateAccessToken). */
export const GCP_AUDIT_SERVICES = { sts: 'sts.googleapis.com', iamCredentials: 'iamcredentials.googleapis.com' } as const;
/**
 * Log types enabled for them. `ExchangeToken` is an ADMIN_READ method and `GenerateAccessToken`
 * a DATA_READ one: DATA_READ and DATA_WRITE alone would miss every token exchange.
 * @see https://cloud.google.com/iam/docs/audit-logging/audit-logging-sts
 */
export const GCP_AUDIT_LOG_TYPES = ['ADMIN_READ', 'DATA_READ', 'DATA_WRITE'];
/** The Cloud Logging filter of the entries that record token exchanges and impersonation (a sink routes these). */
export const GCP_TOKEN_EXCHANGE_LOG_FILTER = `logName:"cloudaudit.googleapis.com%2Fdata_access" AND (protoPayload.serviceName="${GCP_AUDIT_SERVICES.sts}" OR protoPayload.serviceName="${GCP_AUDIT_SERVICES.iamCredentials}")`;

const S3_BUCKET = /^(?!\d+\.\d+\.\d+\.\d+$)(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const TRAIL_NAME = /^(?!\d+\.\d+\.\d+\.\d+$)(?!.*[._-]{2})[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$/;

function intIn(where: string, field: string, v: number | undefined, lo: number, hi: number, fix: string): void {
  if (v !== undefined && (!Number.isInteger(v) || v < lo || v > hi)) fail(where, field, v, 'is out of range', `a whole number from ${lo} to ${hi}`, fix);
}

function only(where: string, prefix: string, set: Array<[string, unknown]>, allowed: string): void {
  const given = set.filter(([, v]) => v !== undefined && v !== false);
  if (given.length > 1) fail(where, `${prefix}.${given[1][0]}`, given[1][1], `is set together with ${given[0][0]}`, allowed, `keep only one of ${given.map(g => g[0]).join(', ')}`);
}

function notWhenOff(where: string, prefix: string, enabled: boolean, set: Array<[string, unknown]>): void {
  const given = set.find(([, v]) => v !== undefined && v !== false);
  if (!enabled && given) fail(where, `${prefix}.${given[0]}`, given[1], `is set while ${prefix}.enabled is false`, 'no destination when audit is off', `remove ${prefix}.${given[0]}, or remove enabled: false`);
}

/** An AWS account's audit setting, normalized and checked. */
export class AwsAudit {
  /** @internal */
  public static _new(where: string, account: { accountId: string; region: string; partition: string }, p: AwsAuditProps): AwsAudit {
    return new AwsAudit(where, account, p);
  }

  /** Whether exchanges are recorded. */
  public readonly enabled: boolean;
  /** Whether an organization trail records them. */
  public readonly organizationTrail: boolean;
  /** The existing trail that records them. */
  public readonly existingTrailArn?: string;
  /** The existing bucket crossfed's trail writes into. */
  public readonly existingBucketName?: string;
  /** Name of the trail crossfed creates. */
  public readonly trailName: string;
  /** Days the bucket crossfed creates keeps log files. */
  public readonly retentionDays: number;
  private readonly account: { accountId: string; region: string; partition: string };

  private constructor(where: string, account: { accountId: string; region: string; partition: string }, p: AwsAuditProps) {
    const forms: Array<[string, unknown]> = [['organizationTrail', p.organizationTrail], ['existingTrailArn', p.existingTrailArn], ['existingBucketName', p.existingBucketName]];
    const enabled = p.enabled ?? true;
    notWhenOff(where, 'audit', enabled, [...forms, ['trailName', p.trailName], ['retentionDays', p.retentionDays]]);
    only(where, 'audit', forms, 'one of organizationTrail, existingTrailArn, existingBucketName (none: crossfed creates the trail and its bucket)');
    if (p.existingTrailArn !== undefined) {
      const m = /^arn:(aws|aws-cn|aws-us-gov):cloudtrail:([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d):(\d{12}):trail\/([A-Za-z0-9._-]{3,128})$/.exec(String(p.existingTrailArn));
      if (!m) {
        fail(where, 'audit.existingTrailArn', p.existingTrailArn, /^arn:[^:]+:s3:::/.test(String(p.existingTrailArn)) ? 'is a bucket ARN, not a trail ARN' : 'is not a CloudTrail trail ARN',
          'arn:aws:cloudtrail:<region>:<account>:trail/<name>', /^arn:[^:]+:s3:::/.test(String(p.existingTrailArn))
            ? `to write a new trail into that bucket, use existingBucketName: "${String(p.existingTrailArn).replace(/^arn:[^:]+:s3:::/, '').split('/')[0]}"`
            : 'copy it from `aws cloudtrail describe-trails --query "trailList[].TrailARN"`');
      }
      if (m[3] !== account.accountId) {
        fail(where, 'audit.existingTrailArn', p.existingTrailArn, `is a trail of account ${m[3]}, not of ${account.accountId}`, `a trail of account ${account.accountId}`,
          'if it is an organization trail of the management account, use organizationTrail: true');
      }
      if (m[1] !== account.partition) fail(where, 'audit.existingTrailArn', p.existingTrailArn, `is in partition ${m[1]}, but the account is in ${account.partition}`, `an ARN starting arn:${account.partition}:`, 'copy the ARN from the account itself');
    }
    if (p.existingBucketName !== undefined && (typeof p.existingBucketName !== 'string' || !S3_BUCKET.test(p.existingBucketName))) {
      const s = String(p.existingBucketName);
      const bare = s.replace(/^(arn:[^:]+:s3:::|s3:\/\/)/, '').replace(/\/.*$/, '');
      fail(where, 'audit.existingBucketName', p.existingBucketName, /^(arn:|s3:\/\/)/.test(s) ? 'is an ARN or URL, not a bucket name' : 'is not an S3 bucket name',
        '3–63 lowercase letters, digits, "." and "-", starting and ending with a letter or digit', bare !== s && S3_BUCKET.test(bare) ? `use "${bare}"` : 'use the bucket\'s name as `aws s3 ls` shows it');
    }
    const trailName = p.trailName ?? 'crossfed-audit';
    if (typeof trailName !== 'string' || !TRAIL_NAME.test(trailName)) {
      fail(where, 'audit.trailName', trailName, 'is not a valid trail name', '3–128 letters, digits, ".", "_" and "-", starting and ending with a letter or digit, no two of ".", "_", "-" in a row', 'use e.g. "crossfed-audit"');
    }
    intIn(where, 'audit.retentionDays', p.retentionDays, 1, 3653, 'keep the logs as long as your audit policy says, e.g. 365 or 2557 (7 years)');
    if (p.retentionDays !== undefined && p.existingBucketName !== undefined) {
      fail(where, 'audit.retentionDays', p.retentionDays, 'is set with existingBucketName', 'retentionDays for the bucket crossfed creates', 'set the retention on the existing bucket (its owner\'s lifecycle rules), and remove retentionDays');
    }
    if (p.existingTrailArn !== undefined || p.organizationTrail) {
      const extra = ([['trailName', p.trailName], ['retentionDays', p.retentionDays]] as Array<[string, unknown]>).find(([, v]) => v !== undefined);
      if (extra) fail(where, `audit.${extra[0]}`, extra[1], `does not apply: ${p.organizationTrail ? 'an organization trail' : 'an existing trail'} records the account, crossfed creates none`, 'trailName and retentionDays for the trail crossfed creates', `remove audit.${extra[0]}`);
    }
    this.account = account;
    this.enabled = enabled;
    this.organizationTrail = p.organizationTrail === true;
    this.existingTrailArn = p.existingTrailArn;
    this.existingBucketName = p.existingBucketName;
    this.trailName = p.existingTrailArn !== undefined ? p.existingTrailArn.split(':trail/')[1] : trailName;
    this.retentionDays = p.retentionDays ?? 365;
  }

  /** Whether crossfed creates a trail. */
  public get createsTrail(): boolean {
    return this.enabled && !this.organizationTrail && this.existingTrailArn === undefined;
  }

  /** Whether crossfed creates the trail's bucket (and its KMS key). */
  public get createsBucket(): boolean {
    return this.createsTrail && this.existingBucketName === undefined;
  }

  /** The bucket the trail writes into (created or existing), when crossfed creates the trail. */
  public get bucketName(): string | undefined {
    if (!this.createsTrail) return undefined;
    return this.existingBucketName ?? `crossfed-audit-${this.account.accountId}-${this.account.region}`;
  }

  /** The trail's ARN (created or existing), when known. */
  public get trailArn(): string | undefined {
    if (this.existingTrailArn !== undefined) return this.existingTrailArn;
    if (!this.createsTrail) return undefined;
    return `arn:${this.account.partition}:cloudtrail:${this.account.region}:${this.account.accountId}:trail/${this.trailName}`;
  }

  /** Where the events go, in words for the report. */
  public get destination(): string {
    if (!this.enabled) return 'not recorded (audit.enabled is false): CloudTrail Event history only, 90 days';
    if (this.organizationTrail) return 'the organization trail (not managed by crossfed)';
    if (this.existingTrailArn) return `trail ${this.existingTrailArn} (not managed by crossfed)`;
    return `trail ${this.trailArn} (crossfed) → s3://${this.bucketName}${this.createsBucket ? ` (crossfed: SSE-KMS, versioned, ${this.retentionDays} days)` : ' (existing bucket)'}`;
  }
}

/** An Entra tenant's audit setting, normalized and checked. */
export class AzureAudit {
  /** @internal */
  public static _new(where: string, subscriptionId: string, p: AzureAuditProps): AzureAudit {
    return new AzureAudit(where, subscriptionId, p);
  }

  /** Whether federated sign-ins are exported. */
  public readonly enabled: boolean;
  /** Whether a diagnostic setting crossfed does not manage exports them. */
  public readonly existingExport: boolean;
  /** The Log Analytics workspace's resource id (given, or of the workspace crossfed creates). */
  public readonly workspaceResourceId?: string;
  /** The workspace's GUID, when known (queries run against it). */
  public readonly workspaceId?: string;
  /** The workspace crossfed creates. */
  public readonly newWorkspace?: AzureLogWorkspaceOptions;
  /** Name of the diagnostic setting crossfed creates. */
  public readonly diagnosticSettingName: string;

  private constructor(where: string, subscriptionId: string, p: AzureAuditProps) {
    const enabled = p.enabled ?? true;
    const forms: Array<[string, unknown]> = [['workspaceResourceId', p.workspaceResourceId], ['newWorkspace', p.newWorkspace], ['existingExport', p.existingExport]];
    notWhenOff(where, 'audit', enabled, [...forms, ['diagnosticSettingName', p.diagnosticSettingName]]);
    only(where, 'audit', forms, 'one of workspaceResourceId, newWorkspace, existingExport');
    if (enabled && !forms.some(([, v]) => v !== undefined && v !== false)) {
      fail(where, 'audit', p, 'names no destination for the sign-in logs', 'one of workspaceResourceId (an existing Log Analytics workspace), newWorkspace (crossfed creates one), existingExport: true, or enabled: false',
        'add workspaceResourceId: /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.OperationalInsights/workspaces/<name>');
    }
    if (p.workspaceResourceId !== undefined) {
      const id = String(p.workspaceResourceId);
      if (!/^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[-\w.()]{1,90}\/providers\/Microsoft\.OperationalInsights\/workspaces\/[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$/i.test(id)) {
        fail(where, 'audit.workspaceResourceId', p.workspaceResourceId, GUID.test(id) ? 'is the workspace id (a GUID), not its resource id' : 'is not a Log Analytics workspace resource id',
          '/subscriptions/<subscription>/resourceGroups/<group>/providers/Microsoft.OperationalInsights/workspaces/<name>',
          'copy it from `az monitor log-analytics workspace show -g <group> -n <name> --query id`');
      }
    }
    if (p.existingWorkspaceId !== undefined) {
      if (!p.existingExport) fail(where, 'audit.existingWorkspaceId', p.existingWorkspaceId, 'is set without existingExport', 'existingWorkspaceId together with existingExport: true', 'remove it, or add existingExport: true');
      if (typeof p.existingWorkspaceId !== 'string' || !GUID.test(p.existingWorkspaceId)) {
        fail(where, 'audit.existingWorkspaceId', p.existingWorkspaceId, 'is not a workspace id', 'the workspace\'s GUID ("Workspace ID" in the portal)', 'copy it from `az monitor log-analytics workspace show --query customerId`');
      }
    }
    const w = p.newWorkspace;
    if (w !== undefined) {
      if (typeof w.name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$/.test(w.name)) {
        fail(where, 'audit.newWorkspace.name', w.name, 'is not a valid Log Analytics workspace name', '4–63 letters, digits and "-", starting and ending with a letter or digit', 'use e.g. "crossfed-sign-ins"');
      }
      if (typeof w.resourceGroupName !== 'string' || !/^[-\w.()]{1,90}$/.test(w.resourceGroupName) || w.resourceGroupName.endsWith('.')) {
        fail(where, 'audit.newWorkspace.resourceGroupName', w.resourceGroupName, 'is not a valid resource group name', '1–90 letters, digits, "-", "_", ".", "(" and ")", not ending in "."', 'use the resource group\'s exact name');
      }
      if (typeof w.location !== 'string' || !/^[a-z0-9]+$/.test(w.location)) fail(where, 'audit.newWorkspace.location', w.location, 'is not an Azure region name', 'a region such as "westeurope"', 'use `az account list-locations -o table`');
      intIn(where, 'audit.newWorkspace.retentionDays', w.retentionDays, 30, 730, 'use a retention Log Analytics allows, e.g. 90');
    }
    const name = p.diagnosticSettingName ?? 'crossfed-federated-sign-ins';
    if (typeof name !== 'string' || !/^[^<>*%&:\\?+/]{1,260}$/.test(name) || /^\s|\s$/.test(name)) {
      fail(where, 'audit.diagnosticSettingName', name, 'is not a valid diagnostic setting name', '1–260 characters without < > * % & : \\ ? + /', 'use e.g. "crossfed-federated-sign-ins"');
    }
    this.enabled = enabled;
    this.existingExport = p.existingExport === true;
    this.newWorkspace = w ? { ...w, retentionDays: w.retentionDays ?? 90 } : undefined;
    this.workspaceResourceId = p.workspaceResourceId
      ?? (w ? `/subscriptions/${subscriptionId}/resourceGroups/${w.resourceGroupName}/providers/Microsoft.OperationalInsights/workspaces/${w.name}` : undefined);
    this.workspaceId = p.existingWorkspaceId;
    this.diagnosticSettingName = name;
  }

  /** Whether crossfed creates the diagnostic setting. */
  public get createsDiagnosticSetting(): boolean {
    return this.enabled && !this.existingExport;
  }

  /** Where the sign-ins go, in words for the report. */
  public get destination(): string {
    if (!this.enabled) return 'not exported (audit.enabled is false): Entra keeps sign-ins 30 days (7 without P1/P2)';
    if (this.existingExport) return `exported by a diagnostic setting not managed by crossfed${this.workspaceId ? ` (workspace ${this.workspaceId})` : ''}`;
    return `diagnostic setting "${this.diagnosticSettingName}" (crossfed: ${ENTRA_AUDIT_CATEGORIES.join(', ')}; ${ENTRA_USER_SIGN_IN_CATEGORY} off) → workspace ${this.workspaceResourceId}${this.newWorkspace ? ` (crossfed, ${this.newWorkspace.retentionDays} days)` : ''}`;
  }
}

/** A GCP project's audit setting, normalized and checked. */
export class GcpAudit {
  /** @internal */
  public static _new(where: string, projectId: string, p: GcpAuditProps): GcpAudit {
    return new GcpAudit(where, projectId, p);
  }

  /** Whether exchanges are recorded. */
  public readonly enabled: boolean;
  /** Whether an organization or folder audit config records them. */
  public readonly organizationAuditConfig: boolean;
  /** The sink destination the logs are routed to (existing, or the log bucket crossfed creates). */
  public readonly sinkDestination?: string;
  /** Retention of the log bucket crossfed creates. */
  public readonly logBucketRetentionDays?: number;
  /** Id of the log bucket crossfed creates. */
  public readonly logBucketId: string = 'crossfed-token-exchanges';

  private constructor(where: string, projectId: string, p: GcpAuditProps) {
    const enabled = p.enabled ?? true;
    notWhenOff(where, 'audit', enabled, [['organizationAuditConfig', p.organizationAuditConfig], ['sinkDestination', p.sinkDestination], ['logBucketRetentionDays', p.logBucketRetentionDays]]);
    only(where, 'audit', [['sinkDestination', p.sinkDestination], ['logBucketRetentionDays', p.logBucketRetentionDays]], 'one of sinkDestination (an existing destination) or logBucketRetentionDays (crossfed creates a log bucket)');
    if (p.sinkDestination !== undefined) {
      const d = String(p.sinkDestination);
      const id = '[a-z][a-z0-9-]{4,28}[a-z0-9]';
      const forms = [
        /^storage\.googleapis\.com\/[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/,
        new RegExp(`^logging\\.googleapis\\.com/projects/${id}/locations/[a-z0-9-]+/buckets/[A-Za-z0-9_-]{1,100}$`),
        new RegExp(`^bigquery\\.googleapis\\.com/projects/${id}/datasets/[A-Za-z0-9_]{1,1024}$`),
        new RegExp(`^pubsub\\.googleapis\\.com/projects/${id}/topics/[A-Za-z][-A-Za-z0-9_.~+%]{2,254}$`),
      ];
      if (!forms.some(f => f.test(d))) {
        fail(where, 'audit.sinkDestination', p.sinkDestination, d.startsWith('gs://') ? 'is a gs:// URL, not a sink destination' : 'is not a Cloud Logging sink destination',
          'storage.googleapis.com/<bucket>, logging.googleapis.com/projects/<p>/locations/<l>/buckets/<b>, bigquery.googleapis.com/projects/<p>/datasets/<d> or pubsub.googleapis.com/projects/<p>/topics/<t>',
          d.startsWith('gs://') ? `use "storage.googleapis.com/${d.slice(5).replace(/\/.*$/, '')}"` : 'write the destination as `gcloud logging sinks describe` shows it');
      }
    }
    intIn(where, 'audit.logBucketRetentionDays', p.logBucketRetentionDays, 1, 3650, 'keep the logs as long as your audit policy says, e.g. 365');
    this.enabled = enabled;
    this.organizationAuditConfig = p.organizationAuditConfig === true;
    this.logBucketRetentionDays = p.logBucketRetentionDays;
    this.sinkDestination = p.sinkDestination
      ?? (p.logBucketRetentionDays !== undefined ? `logging.googleapis.com/projects/${projectId}/locations/global/buckets/${this.logBucketId}` : undefined);
  }

  /** Whether crossfed writes the audit configs. */
  public get createsAuditConfigs(): boolean {
    return this.enabled && !this.organizationAuditConfig;
  }

  /** Whether crossfed creates a sink. */
  public get createsSink(): boolean {
    return this.enabled && this.sinkDestination !== undefined;
  }

  /** Whether crossfed creates the log bucket. */
  public get createsLogBucket(): boolean {
    return this.enabled && this.logBucketRetentionDays !== undefined;
  }

  /** Where the entries go, in words for the report. */
  public get destination(): string {
    if (!this.enabled) return 'not recorded (audit.enabled is false): GCP writes no Data Access logs for token exchanges';
    const where = this.createsLogBucket ? `log bucket ${this.logBucketId} (crossfed, ${this.logBucketRetentionDays} days)`
      : this.sinkDestination ? `sink → ${this.sinkDestination} (and the _Default bucket, 30 days)` : 'the project\'s _Default log bucket (30 days)';
    return `${this.organizationAuditConfig ? 'Data Access logs enabled above the project (not managed by crossfed)' : `Data Access logs of ${Object.values(GCP_AUDIT_SERVICES).join(' and ')} (crossfed: ${GCP_AUDIT_LOG_TYPES.join(', ')})`} → ${where}`;
  }
}
