import { GCP_AUDIT_LOG_TYPES, GCP_AUDIT_SERVICES, GcpAudit, GcpAuditProps } from './audit';
import { Issuer, IssuerKind } from './issuer';
import { byKey, fail, fitName, uniqueSorted } from './private/checks';
import { cloudAudience } from './private/cloud-audience';
import { AccessMechanism, TargetCloud, TOKEN_PATHS } from './targets';
import type { Workload } from './workload';

/** A GCP project that holds the workload identity pool and service accounts. */
export interface GcpProjectProps {
  /** The project id (6–30 characters). */
  readonly projectId: string;
  /** The project number (digits): pool principals and audiences use it, not the id. */
  readonly projectNumber: string;
  /** A short name for references in the model file. @default - the project id */
  readonly name?: string;
  /**
   * The workload identity pool id (4–32 `[a-z0-9-]`, not starting `gcp-`). A deleted pool id
   * stays unusable for about 30 days: changing it replaces the pool.
   * @default "crossfed"
   * @see https://cloud.google.com/iam/docs/workload-identity-federation-with-kubernetes
   */
  readonly poolId?: string;
  /**
   * Where the project's token exchanges are recorded: crossfed enables the Data Access logs of
   * Security Token Service and Service Account Credentials, and routes them when asked.
   * @default - no setting: GCP records no token exchange, and the checker warns (x-audit-missing)
   * @see https://cloud.google.com/iam/docs/audit-logging/examples-workload-identity
   */
  readonly audit?: GcpAuditProps;
  /** Where this project was declared (file:line). @default - the model path */
  readonly sourceLocation?: string;
}

/** Kinds of GCP resources a role can be granted on. */
export enum GcpResourceType {
  /** The project itself (`google_project_iam_member`). */
  PROJECT = 'project',
  /** A Cloud Storage bucket. */
  BUCKET = 'bucket',
  /** A Secret Manager secret. */
  SECRET = 'secret',
  /** A BigQuery dataset. */
  BIGQUERY_DATASET = 'bigquery-dataset',
  /** A Pub/Sub topic. */
  PUBSUB_TOPIC = 'pubsub-topic',
  /** A Pub/Sub subscription. */
  PUBSUB_SUBSCRIPTION = 'pubsub-subscription',
  /** A service account (e.g. `roles/iam.serviceAccountUser` on a Dataflow worker account). */
  SERVICE_ACCOUNT = 'service-account',
}

/** A role on one resource. */
export interface GcpResourceRole {
  /** The kind of resource. */
  readonly resourceType: GcpResourceType;
  /** The resource: bucket name, secret/dataset/topic id (or `projects/<p>/…`), service account email, or project id. */
  readonly resource: string;
  /** The role, e.g. `roles/storage.objectViewer`. */
  readonly role: string;
}

/** A role on a bucket. */
export interface GcpBucketRole {
  /** The bucket name. */
  readonly bucket: string;
  /** The role, e.g. `roles/storage.objectViewer`. */
  readonly role: string;
}

/** Options of a GCP grant: a service account to impersonate (default) or direct access. */
export interface GcpGrantOptions {
  /** A new service account with this id (6–30 `[a-z0-9-]`), shared by grants naming it. @default - "cf-<workload name>" */
  readonly serviceAccount?: string;
  /** An existing service account to impersonate. @default - none */
  readonly existingServiceAccountEmail?: string;
  /** Grant roles to the federated principal itself (no service account). Not every service accepts it. @default false */
  readonly direct?: boolean;
  /** Roles on buckets. @default - none */
  readonly bucketRoles?: GcpBucketRole[];
  /** Roles on other resources. @default - none */
  readonly resourceRoles?: GcpResourceRole[];
  /** Roles on the whole project. `roles/owner`, `roles/editor` and `*.admin` need allowBroadRoles. @default - none */
  readonly projectRoles?: string[];
  /** Allow project-level owner, editor and admin roles. @default false */
  readonly allowBroadRoles?: boolean;
  /**
   * Entra ID sources: the application ID URI (v1 tokens) or client id (v2 tokens) their token is
   * requested for, the pool provider's `allowed_audiences`. Every Entra ID principal of one
   * tenant federating into one project uses the same audience (one provider per issuer).
   * @default - required for Entra ID sources; not allowed for others (AWS roles name the provider in their signed request)
   * @see https://cloud.google.com/iam/docs/workload-identity-federation-with-other-clouds
   */
  readonly audience?: string;
  /** GKE clusters: use GKE workload identity (annotation, no pool). @default - true for GKE clusters when not direct */
  readonly gkeNative?: boolean;
  /** Where this grant was declared (file:line). @default - the workload's path */
  readonly sourceLocation?: string;
}

/** A workload identity pool provider crossfed creates. */
export interface GcpProviderSpec {
  /** The issuer. */
  readonly issuer: Issuer;
  /** Provider id (4–32 `[a-z0-9-]`). */
  readonly providerId: string;
  /**
   * The id of the pool it is in: the project's pool, or — when its condition falls back to the
   * issuer's namespaces — a pool of its own (`<project pool>-<provider id>`, made to fit), so
   * that no other issuer's token can become one of its principals.
   */
  readonly poolId: string;
  /** That pool's resource name `projects/<n>/locations/global/workloadIdentityPools/<pool>`. */
  readonly poolName: string;
  /** Its full resource name `projects/<n>/locations/global/workloadIdentityPools/<pool>/providers/<id>`. */
  readonly resourceName: string;
  /** The audience tokens carry: `//iam.googleapis.com/<resourceName>` or the issuer's fixed audience. */
  readonly audience: string;
  /** Explicit allowed audiences (empty: the provider's resource name). */
  readonly allowedAudiences: string[];
  /** Attribute mapping (`google.subject` and custom attributes). */
  readonly attributeMapping: { [key: string]: string };
  /** The exact attribute condition (CEL). */
  readonly attributeCondition: string;
  /** JWKS for issuers the STS cannot reach. */
  readonly jwksJson?: string;
  /** AWS sources: the account of the provider's `aws { account_id }` (no `oidc` block). @default - an OIDC provider */
  readonly awsAccountId?: string;
}

/** A workload identity pool of a project and the providers in it. */
export interface GcpPoolSpec {
  /** The pool id (4–32 `[a-z0-9-]`, not starting `gcp-`). */
  readonly poolId: string;
  /** Its resource name `projects/<n>/locations/global/workloadIdentityPools/<pool>`. */
  readonly poolName: string;
  /** Its providers, sorted by provider id. */
  readonly providers: GcpProviderSpec[];
}

/** A Data Access audit config: one service's log types on one project. */
export interface GcpAuditConfigSpec {
  /** The project id. */
  readonly project: string;
  /** The service, e.g. `sts.googleapis.com`. */
  readonly service: string;
  /** The log types enabled (`ADMIN_READ`, `DATA_READ`, `DATA_WRITE`). */
  readonly logTypes: string[];
}

/** A service account crossfed creates or uses. */
export class GcpServiceAccount {
  /** Its project. */
  public readonly project: GcpProject;
  /** Account id (new) or the local part of the email. */
  public readonly accountId: string;
  /** Email. */
  public readonly email: string;
  /** Whether it exists already. */
  public readonly existing: boolean;
  private readonly _users: GcpAccess[] = [];
  private readonly _roles = new Map<string, GcpResourceRole>();

  /** @internal */
  constructor(project: GcpProject, accountId: string, email: string, existing: boolean) {
    this.project = project;
    this.accountId = accountId;
    this.email = email;
    this.existing = existing;
  }

  /**
   * Members allowed to impersonate it (`roles/iam.workloadIdentityUser`), sorted: the members
   * of the grants that impersonate it, as the project's final pools make them.
   */
  public get workloadIdentityUsers(): string[] {
    return uniqueSorted(this._users.map(a => a.member));
  }

  /** Roles it holds, sorted. */
  public get roles(): GcpResourceRole[] {
    return [...this._roles.values()].sort(byKey(roleKey));
  }

  /** The impersonation URL credential configs use. */
  public get impersonationUrl(): string {
    return `https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/${this.email}:generateAccessToken`;
  }

  /** @internal */
  public _add(access: GcpAccess, roles: GcpResourceRole[]): void {
    this._users.push(access);
    for (const r of roles) this._roles.set(roleKey(r), r);
  }
}

/** One workload → GCP grant. */
export class GcpAccess {
  /** The cloud. */
  public readonly cloud = TargetCloud.GCP;
  /** @internal */
  public static _new(workload: Workload, project: GcpProject, mechanism: AccessMechanism, serviceAccount: GcpServiceAccount | undefined, directRoles: GcpResourceRole[]): GcpAccess {
    return new GcpAccess(workload, project, mechanism, serviceAccount, directRoles);
  }

  private constructor(
    /** The workload. */ public readonly workload: Workload,
    /** The project. */ public readonly project: GcpProject,
    /** How. */ public readonly mechanism: AccessMechanism,
    /** The service account it impersonates (none for direct access). */ public readonly serviceAccount: GcpServiceAccount | undefined,
    /** Roles granted directly to the principal (direct access). */ public readonly directRoles: GcpResourceRole[],
  ) {}

  /**
   * The IAM member the workload is: `principal://…/workloadIdentityPools/<pool>/subject/<subject>`
   * in its provider's pool (AWS roles: `principalSet://…/attribute.aws_role/<role>`), or
   * `serviceAccount:<cluster project>.svc.id.goog[<ns>/<ksa>]` for GKE workload identity.
   * Computed from the project's grants as they are now: a provider moves to a pool of its own
   * once its condition falls back to namespaces.
   */
  public get member(): string {
    const w = this.workload;
    if (!this.usesPool) return `serviceAccount:${w.issuer.gkeWorkloadPool}[${w.namespace}/${w.serviceAccount}]`;
    const poolId = this.project.provider(w.issuer).poolId;
    return w.issuer.kind === IssuerKind.AWS ? this.project.principalSet('aws_role', w.subject, poolId) : this.project.principal(w.subject, poolId);
  }

  /** Whether a workload identity pool provider is involved (not GKE native). */
  public get usesPool(): boolean {
    return this.mechanism !== AccessMechanism.GKE_NATIVE;
  }

  /** The pool provider (not for GKE native). */
  public get provider(): GcpProviderSpec | undefined {
    return this.usesPool ? this.project.provider(this.workload.issuer) : undefined;
  }

  /** The token audience (not for GKE native). */
  public get audience(): string | undefined {
    return this.provider?.audience;
  }

  /**
   * The `external_account` credential configuration, exactly what
   * `gcloud iam workload-identity-pools create-cred-config` writes (Kubernetes workloads off GKE).
   * @see https://cloud.google.com/iam/docs/workload-identity-federation-with-kubernetes#deploy
   */
  public get credentialConfig(): any {
    const p = this.provider;
    if (!p) return undefined;
    const aws = p.awsAccountId !== undefined;
    const config: any = {
      universe_domain: 'googleapis.com',
      type: 'external_account',
      audience: `//iam.googleapis.com/${p.resourceName}`,
      subject_token_type: aws ? 'urn:ietf:params:aws:token-type:aws4_request' : 'urn:ietf:params:oauth:token-type:jwt',
      token_url: 'https://sts.googleapis.com/v1/token',
    };
    if (this.serviceAccount) config.service_account_impersonation_url = this.serviceAccount.impersonationUrl;
    config.credential_source = credentialSource(this.workload, p);
    return config;
  }
}

/**
 * Where the Google SDKs get the subject token: the projected token file (Kubernetes), AWS's
 * metadata service (`create-cred-config --aws`), or the Azure managed identity endpoint for the
 * provider's audience (`create-cred-config --azure --app-id-uri`).
 * @see https://cloud.google.com/iam/docs/workload-identity-federation-with-other-clouds#create-cred-config
 */
function credentialSource(workload: Workload, p: GcpProviderSpec): any {
  if (p.awsAccountId !== undefined) {
    return {
      environment_id: 'aws1',
      region_url: 'http://169.254.169.254/latest/meta-data/placement/availability-zone',
      url: 'http://169.254.169.254/latest/meta-data/iam/security-credentials',
      regional_cred_verification_url: 'https://sts.{region}.amazonaws.com?Action=GetCallerIdentity&Version=2011-06-15',
    };
  }
  if (workload.issuer.kind === IssuerKind.ENTRA_ID) {
    return {
      url: `http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=${p.audience}`,
      headers: { Metadata: 'True' },
      format: { type: 'json', subject_token_field_name: 'access_token' },
    };
  }
  return { file: `${TOKEN_PATHS.gcp.dir}/${TOKEN_PATHS.gcp.file}`, format: { type: 'text' } };
}

/** Most bytes GCP accepts in `google.subject` after mapping. */
export const GCP_MAX_SUBJECT_BYTES = 127;
/** Most characters of an attribute condition. */
export const GCP_MAX_CONDITION_CHARS = 4096;

/** A GCP project of the model. */
export class GcpProject {
  /** Project id. */
  public readonly projectId: string;
  /** Project number. */
  public readonly projectNumber: string;
  /** Name in the model. */
  public readonly name: string;
  /** The id of the project's pool, shared by its providers with exact conditions. */
  public readonly poolId: string;
  /** Where it was declared. */
  public readonly sourceLocation: string;
  /** Where its token exchanges are recorded, when the model says. */
  public readonly audit?: GcpAudit;
  private readonly _accounts = new Map<string, GcpServiceAccount>();
  private readonly _access: GcpAccess[] = [];
  /** Per issuer URL: the subjects and namespaces that use its provider (kept incrementally). */
  private readonly _poolUse = new Map<string, PoolUse>();
  /** Subject → the first workload federating it through this project's pool. */
  private readonly _subjectOwner = new Map<string, Workload>();

  /** @internal */
  constructor(props: GcpProjectProps) {
    const where = props.sourceLocation ?? `gcp[${props.name ?? props.projectId}]`;
    if (typeof props.projectId !== 'string' || !/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(props.projectId)) {
      fail(where, 'projectId', props.projectId, 'is not a GCP project id', '6–30 lowercase letters, digits and "-", starting with a letter, not ending with "-"', 'copy it from `gcloud projects list`');
    }
    if (props.projectNumber === undefined) {
      fail(where, 'projectNumber', undefined, 'is missing: pool principals and audiences use the project number, not the id', 'the project number (digits)', `run \`gcloud projects describe ${props.projectId} --format="value(projectNumber)"\``);
    }
    if (typeof props.projectNumber !== 'string' || !/^\d{1,20}$/.test(props.projectNumber)) {
      fail(where, 'projectNumber', props.projectNumber, 'is not numeric', 'the project number, digits only (quote it in YAML)', `run \`gcloud projects describe ${props.projectId} --format="value(projectNumber)"\``);
    }
    const poolId = props.poolId ?? 'crossfed';
    checkPoolOrProviderId(where, 'poolId', poolId);
    this.projectId = props.projectId;
    this.projectNumber = props.projectNumber;
    this.name = props.name ?? props.projectId;
    this.poolId = poolId;
    this.sourceLocation = where;
    this.audit = props.audit === undefined ? undefined : GcpAudit._new(where, props.projectId, props.audit);
  }

  /**
   * The Data Access audit configs that record this project's token exchanges: Security Token
   * Service on the projects whose pools exchange tokens (this one, and the cluster project of
   * GKE workload identity), Service Account Credentials on the projects of the service accounts
   * workloads impersonate. Sorted by project, then service.
   * @see https://cloud.google.com/iam/docs/audit-logging/examples-workload-identity
   */
  public get auditConfigs(): GcpAuditConfigSpec[] {
    const keys = new Set<string>();
    for (const a of this._access) {
      if (a.usesPool) keys.add(`${this.projectId}\n${GCP_AUDIT_SERVICES.sts}`);
      else if (a.workload.issuer.gkeWorkloadPool) keys.add(`${a.workload.issuer.gkeWorkloadPool.replace(/\.svc\.id\.goog$/, '')}\n${GCP_AUDIT_SERVICES.sts}`);
      if (a.serviceAccount) keys.add(`${a.serviceAccount.email.replace(/^[^@]+@/, '').replace(/\.iam\.gserviceaccount\.com$/, '')}\n${GCP_AUDIT_SERVICES.iamCredentials}`);
    }
    return [...keys].sort().map(k => {
      const [project, service] = k.split('\n');
      return { project, service, logTypes: [...GCP_AUDIT_LOG_TYPES] };
    });
  }

  /** The resource name of the project's pool (a provider may be in a pool of its own: `GcpProviderSpec.poolName`). */
  public get poolName(): string {
    return this._poolName(this.poolId);
  }

  /** Service accounts, sorted by email. */
  public get serviceAccounts(): GcpServiceAccount[] {
    return [...this._accounts.values()].sort(byKey(s => s.email));
  }

  /** Grants to this project, in declaration order. */
  public get accesses(): GcpAccess[] {
    return [...this._access];
  }

  /** The providers the grants need (one per issuer), in whichever pool each is, sorted by provider id. */
  public get providers(): GcpProviderSpec[] {
    const issuers = new Map<string, Issuer>();
    for (const a of this._access) if (a.usesPool) issuers.set(a.workload.issuer.url, a.workload.issuer);
    return [...issuers.values()].map(i => this.provider(i)).sort(byKey(p => p.providerId));
  }

  /**
   * The pools the providers are in, sorted by pool id: the project's pool for providers with an
   * exact condition on the subject, and a pool of its own for each provider whose condition
   * falls back to namespaces. Only pools with providers.
   */
  public get pools(): GcpPoolSpec[] {
    const byPool = new Map<string, GcpProviderSpec[]>();
    for (const p of this.providers) {
      const list = byPool.get(p.poolId);
      if (list) list.push(p);
      else byPool.set(p.poolId, [p]);
    }
    return [...byPool.keys()].sort().map(poolId => ({ poolId, poolName: this._poolName(poolId), providers: byPool.get(poolId)! }));
  }

  /** The principal of a subject in this project's pool, or in the pool `poolId`. */
  public principal(subject: string, poolId?: string): string {
    return `principal://iam.googleapis.com/${this._poolName(poolId ?? this.poolId)}/subject/${subject}`;
  }

  /** A principal set by a mapped attribute (`attribute.<name>/<value>`) of this project's pool, or of the pool `poolId`. */
  public principalSet(attribute: string, value: string, poolId?: string): string {
    return `principalSet://iam.googleapis.com/${this._poolName(poolId ?? this.poolId)}/attribute.${attribute}/${value}`;
  }

  private _poolName(poolId: string): string {
    return `projects/${this.projectNumber}/locations/global/workloadIdentityPools/${poolId}`;
  }

  /**
   * The id of the pool of its own a provider moves to when its condition falls back to
   * namespaces: `<project pool id>-<provider id>`, made to fit 32 characters.
   */
  public ownPoolId(providerId: string): string {
    return fitName(`${this.poolId}-${providerId}`, 32);
  }

  /** The provider id for an issuer: its name, made to fit 4–32 `[a-z0-9-]` and never `gcp-…`. */
  public providerId(issuer: Issuer): string {
    let id = issuer.name;
    if (id.startsWith('gcp-')) id = `p-${id}`;
    if (id.length < 4) id = `${id}-idp`;
    return fitName(id, 32);
  }

  /** The provider spec for an issuer: mapping and an exact condition over the subjects granted. */
  public provider(issuer: Issuer): GcpProviderSpec {
    const use = this._poolUse.get(issuer.url);
    if (use?.spec) return use.spec;
    const providerId = this.providerId(issuer);
    // A namespace condition admits every service account name of the namespaces: in a shared
    // pool (google.subject = assertion.sub) such a token could be another issuer's principal.
    const poolId = use && fallsBack(issuer, use) ? this.ownPoolId(providerId) : this.poolId;
    const poolName = this._poolName(poolId);
    const resourceName = `${poolName}/providers/${providerId}`;
    const fixed = issuer.fixedAudience ?? use?.audience;
    const spec: GcpProviderSpec = {
      issuer, providerId, poolId, poolName, resourceName,
      audience: fixed ?? `//iam.googleapis.com/${resourceName}`,
      allowedAudiences: fixed ? [fixed] : [],
      attributeMapping: attributeMapping(issuer),
      attributeCondition: attributeCondition(issuer, uniqueSorted(use?.subjects ?? []), uniqueSorted(use?.namespaces ?? [])),
      // A hosted issuer's documents are public: the STS fetches them, like AWS and Entra do,
      // so the three clouds always verify with the same published keys.
      jwksJson: issuer.hosting ? undefined : issuer.jwksJson,
      ...(issuer.kind === IssuerKind.AWS ? { awsAccountId: issuer.awsAccountId } : {}),
    };
    if (use) use.spec = spec;
    return spec;
  }

  /** @internal */
  public _grant(workload: Workload, o: GcpGrantOptions): GcpAccess {
    const where = o.sourceLocation ?? `${workload.sourceLocation}.gcp[${this.name}]`;
    const issuer = workload.issuer;
    if (issuer.kind === IssuerKind.GOOGLE) {
      fail(where, 'project', this.name, `is granted to the Google service account ${workload.cloudPrincipal?.parts.email ?? workload.subject}, which is already a GCP identity: no federation is involved`,
        'GCP grants for Kubernetes, CI, Entra ID and AWS workloads', 'grant the roles to the service account directly (gcloud … add-iam-policy-binding --member serviceAccount:<email>), and remove this grant');
    }
    const audience = cloudAudience(where, workload, o.audience, 'GCP');
    const forms = (['serviceAccount', 'existingServiceAccountEmail', 'direct'] as const).filter(k => o[k] !== undefined && o[k] !== false);
    if (forms.length > 1) fail(where, forms[1], o[forms[1]], `is set together with ${forms[0]}`, 'one of serviceAccount, existingServiceAccountEmail, direct', `keep only one of ${forms.join(', ')}`);
    const direct = o.direct === true;
    const gkeNative = o.gkeNative ?? (issuer.kind === IssuerKind.GKE && !direct);
    if (gkeNative && issuer.kind !== IssuerKind.GKE) fail(where, 'gkeNative', true, `needs a GKE cluster, but "${issuer.name}" is ${issuer.kind}`, 'gkeNative on GKE workloads only', 'remove gkeNative');
    if (gkeNative && direct) fail(where, 'gkeNative', true, 'is set together with direct', 'GKE native impersonates a service account', 'use gkeNative: false for direct access from GKE through the pool');
    if (!gkeNative) {
      const bytes = Buffer.byteLength(workload.subject, 'utf8');
      if (bytes > GCP_MAX_SUBJECT_BYTES) {
        fail(where, workload._subjectField, workload.subject, `makes a google.subject of ${bytes} bytes, over GCP's limit of ${GCP_MAX_SUBJECT_BYTES} ("The size of mapped attribute google.subject exceeds the 127 bytes limit")`,
          `a subject of at most ${GCP_MAX_SUBJECT_BYTES} bytes`, workload.isKubernetes ? 'shorten the namespace or service account name' + (issuer.kind === IssuerKind.GKE ? ', or use gkeNative' : '') : 'use a shorter subject');
      }
    }
    const roles = [
      ...(o.bucketRoles ?? []).map(b => ({ resourceType: GcpResourceType.BUCKET, resource: b.bucket, role: b.role })),
      ...(o.resourceRoles ?? []),
      ...(o.projectRoles ?? []).map(role => ({ resourceType: GcpResourceType.PROJECT, resource: this.projectId, role })),
    ];
    for (const r of roles) checkRole(where, r, o.allowBroadRoles ?? false);
    const mechanism = gkeNative ? AccessMechanism.GKE_NATIVE : direct ? AccessMechanism.GCP_DIRECT : AccessMechanism.GCP_IMPERSONATION;
    const gkePool = gkeNative ? issuer.gkeWorkloadPool : undefined;
    const sameness = gkePool === undefined ? undefined : workload._model._gkeNative.get(gkePool);
    if (gkePool !== undefined && sameness && sameness.issuer.url !== issuer.url) {
      // Every GKE cluster of a project shares its workload pool: one <ns>/<ksa> is one member.
      fail(where, 'gkeNative', true,
        `makes workload "${workload.id}" of GKE cluster "${issuer.name}" the member serviceAccount:${gkePool}[${workload.namespace}/${workload.serviceAccount}], but GKE cluster "${sameness.issuer.name}" (workload "${sameness.id}", ${sameness.sourceLocation}) also uses GKE workload identity with the workload pool ${gkePool}: a <namespace>/<service account> of either cluster becomes the same member (GKE "identity sameness"), so each cluster would get the other's access`,
        'GKE workload identity for the clusters of one project from one cluster only',
        `set gkeNative: false on the grants of one cluster ("${issuer.name}" or "${sameness.issuer.name}"): it then federates through the pool with its own provider; or run the clusters in separate projects`);
    }
    const sa = direct ? undefined : this.accountFor(where, workload, o);
    const access = GcpAccess._new(workload, this, mechanism, sa, direct ? roles.sort(byKey(roleKey)) : []);
    if (access.usesPool) {
      // google.subject = assertion.sub: two issuers with one subject would be one principal.
      const other = this._subjectOwner.get(workload.subject);
      if (other && other.issuer.url !== issuer.url) {
        fail(where, workload._subjectField, workload.subject,
          `is also the subject of workload "${other.id}" of issuer "${other.issuer.name}", and both federate through pool "${this.poolId}" of project ${this.projectId}: the pool cannot tell their tokens apart (both become ${this.principal(workload.subject)}), so each would get the other's access`,
          'subjects unique across the issuers of one pool', 'rename the namespace or service account of one of them, or federate one of the clusters through another project\'s pool');
      }
      let use = this._poolUse.get(issuer.url);
      if (!use) this._poolUse.set(issuer.url, use = { subjects: new Set(), namespaces: new Set(), subjectChars: 0, namespaceChars: 0, audience });
      if (use.audience !== audience) {
        fail(where, 'audience', audience, `differs from "${use.audience}", the audience of the other grants of issuer "${issuer.name}" in project ${this.projectId}: they share one pool provider, and its allowed audience`,
          `"${use.audience}"`, 'request tokens for the same application ID URI for every grant of this tenant into the project, or federate through another project\'s pool');
      }
      const newSubject = !use.subjects.has(workload.subject);
      const newNamespace = workload.namespace !== undefined && !use.namespaces.has(workload.namespace);
      const subjectChars = use.subjectChars + (newSubject ? celString(workload.subject).length : 0);
      const namespaceChars = use.namespaceChars + (newNamespace ? celString(workload.namespace!).length : 0);
      const length = conditionLength(issuer, use.subjects.size + (newSubject ? 1 : 0), subjectChars, use.namespaces.size + (newNamespace ? 1 : 0), namespaceChars);
      if (length > GCP_MAX_CONDITION_CHARS) {
        const p = this.provider(issuer);
        fail(where, 'issuer', issuer.name, `would need an attribute condition of ${length} characters on provider "${p.providerId}", over GCP's ${GCP_MAX_CONDITION_CHARS}`,
          `at most ${GCP_MAX_CONDITION_CHARS} characters`, issuer.isKubernetes ? 'spread the namespaces over several pools (poolId per project entry)' : 'spread the pipelines over several projects\' pools');
      }
      use.subjects.add(workload.subject);
      this._subjectOwner.set(workload.subject, workload);
      if (workload.namespace !== undefined) use.namespaces.add(workload.namespace);
      use.subjectChars = subjectChars;
      use.namespaceChars = namespaceChars;
      use.spec = undefined;
    }
    if (gkePool !== undefined && !sameness) workload._model._gkeNative.set(gkePool, workload);
    this._access.push(access);
    if (sa) {
      this._accounts.set(sa.email, sa);
      sa._add(access, roles);
    }
    return access;
  }

  private accountFor(where: string, workload: Workload, o: GcpGrantOptions): GcpServiceAccount {
    let sa: GcpServiceAccount;
    if (o.existingServiceAccountEmail !== undefined) {
      const m = /^([a-z][a-z0-9-]{4,28}[a-z0-9])@([a-z][a-z0-9-]{4,28}[a-z0-9])\.iam\.gserviceaccount\.com$/.exec(o.existingServiceAccountEmail);
      if (!m) fail(where, 'existingServiceAccountEmail', o.existingServiceAccountEmail, 'is not a service account email', '<id>@<project>.iam.gserviceaccount.com', 'copy it from `gcloud iam service-accounts list`');
      sa = new GcpServiceAccount(this, m[1], o.existingServiceAccountEmail, true);
    } else {
      const id = o.serviceAccount ?? fitName(`cf-${workload.name}`, 30);
      if (typeof id !== 'string' || !/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(id)) {
        fail(where, 'serviceAccount', id, 'is not a valid service account id', '6–30 lowercase letters, digits and "-", starting with a letter, not ending with "-"', 'choose e.g. "pipeline-reader"');
      }
      sa = new GcpServiceAccount(this, id, `${id}@${this.projectId}.iam.gserviceaccount.com`, false);
    }
    const known = this._accounts.get(sa.email);
    if (known) {
      if (known.existing !== sa.existing) fail(where, 'serviceAccount', sa.email, 'is named both as new and as existing', 'one kind per service account', 'use existingServiceAccountEmail consistently');
      return known;
    }
    return sa;
  }
}

function roleKey(r: GcpResourceRole): string {
  return `${r.resourceType}\n${r.resource}\n${r.role}`;
}

/** Pool and provider ids: 4–32 `[a-z0-9-]`, not starting `gcp-`. */
export function checkPoolOrProviderId(where: string, field: string, id: string): void {
  if (typeof id !== 'string' || !/^[a-z0-9-]{4,32}$/.test(id) || id.startsWith('gcp-')) {
    fail(where, field, id, id?.startsWith?.('gcp-') ? 'starts with the reserved prefix "gcp-"' : 'is not a valid workload identity pool id', '4–32 lowercase letters, digits and "-", not starting with "gcp-"',
      `use e.g. "${(typeof id === 'string' ? id.replace(/^gcp-/, '').toLowerCase().replace(/[^a-z0-9-]+/g, '-').slice(0, 32) : '') || 'crossfed'}"`.replace('""', '"crossfed"'));
  }
}

/** Whether a project-level role is owner, editor or an admin role. */
export function isBroadGcpRole(role: string): boolean {
  return role === 'roles/owner' || role === 'roles/editor' || /\.admin$|^roles\/[a-z]+Admin$/i.test(role) || role.endsWith('.admin');
}

function checkRole(where: string, r: GcpResourceRole, allowBroad: boolean): void {
  if (typeof r.role !== 'string' || !/^(roles\/[A-Za-z0-9_.]+|projects\/[a-z][a-z0-9-]{4,28}[a-z0-9]\/roles\/[A-Za-z0-9_.]+|organizations\/\d+\/roles\/[A-Za-z0-9_.]+)$/.test(r.role)) {
    fail(where, 'role', r.role, 'is not a GCP role', 'roles/<service>.<role>, projects/<p>/roles/<custom> or organizations/<n>/roles/<custom>', 'copy it from `gcloud iam roles list`');
  }
  if (typeof r.resource !== 'string' || r.resource.length === 0) fail(where, 'resource', r.resource, 'is empty', `a ${r.resourceType} name`, 'name the resource');
  if (r.resourceType === GcpResourceType.BUCKET && !/^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/.test(r.resource)) {
    fail(where, 'bucket', r.resource, 'is not a bucket name', '3–63 lowercase letters, digits, ".", "_" and "-"', 'use the bucket name without gs://');
  }
  if (r.resourceType === GcpResourceType.SERVICE_ACCOUNT && !/^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z0-9-]+\.iam\.gserviceaccount\.com$/.test(r.resource)) {
    fail(where, 'resource', r.resource, 'is not a service account email', '<id>@<project>.iam.gserviceaccount.com', 'use the service account\'s email');
  }
  if (r.resourceType === GcpResourceType.PROJECT && isBroadGcpRole(r.role) && !allowBroad) {
    fail(where, 'projectRoles', r.role, 'is a project-wide owner, editor or admin role', 'narrower roles, or allowBroadRoles: true', 'grant a role on the resource (bucketRoles, resourceRoles) or a narrower project role; set allowBroadRoles: true only if this is really meant');
  }
}

/**
 * GCP's documented mapping for AWS providers (the one it applies when none is given):
 * `google.subject` is the caller's ARN, `attribute.aws_role` the assumed-role ARN without the
 * session name (`arn:aws:sts::<account>:assumed-role/<role>`), or the ARN itself for users.
 * @see https://cloud.google.com/iam/docs/workload-identity-federation-with-other-clouds#mappings-and-conditions
 * @see https://cloud.google.com/iam/docs/reference/rest/v1/projects.locations.workloadIdentityPools.providers#WorkloadIdentityPoolProvider.FIELDS.attribute_mapping
 */
export const AWS_DEFAULT_ATTRIBUTE_MAPPING: { readonly [key: string]: string } = {
  'google.subject': 'assertion.arn',
  'attribute.aws_role': "assertion.arn.contains('assumed-role') ? assertion.arn.extract('{account_arn}assumed-role/') + 'assumed-role/' + assertion.arn.extract('assumed-role/{role_name}/') : assertion.arn",
};

/** The expression an issuer's exact condition compares: the subject, or for AWS roles `attribute.aws_role`. */
function subjectExpression(issuer: Issuer): string {
  return issuer.kind === IssuerKind.AWS ? 'attribute.aws_role' : 'assertion.sub';
}

/** The attribute mapping for an issuer's tokens. @see https://cloud.google.com/iam/docs/workload-identity-federation#mapping */
export function attributeMapping(issuer: Issuer): { [key: string]: string } {
  if (issuer.isKubernetes) {
    return {
      'google.subject': 'assertion.sub',
      'attribute.namespace': "assertion['kubernetes.io']['namespace']",
      'attribute.service_account': "assertion['kubernetes.io']['serviceaccount']['name']",
    };
  }
  switch (issuer.kind) {
    case IssuerKind.AWS:
      return { ...AWS_DEFAULT_ATTRIBUTE_MAPPING };
    case IssuerKind.GITHUB_ACTIONS:
      return { 'google.subject': 'assertion.sub', 'attribute.repository': 'assertion.repository', 'attribute.ref': 'assertion.ref' };
    case IssuerKind.GITLAB:
      return { 'google.subject': 'assertion.sub', 'attribute.project_path': 'assertion.project_path', 'attribute.ref': 'assertion.ref' };
    default:
      return { 'google.subject': 'assertion.sub' };
  }
}

interface PoolUse {
  readonly subjects: Set<string>;
  readonly namespaces: Set<string>;
  /** Sum of the CEL literal lengths of the subjects / namespaces. */
  subjectChars: number;
  namespaceChars: number;
  /** Entra ID sources: the audience every grant through the provider uses. */
  readonly audience?: string;
  spec?: GcpProviderSpec;
}

/** Length of `<expr> == <lit>` or `<expr> in [<lit>, <lit>, …]`, from the count and the literals' length. */
function listLength(expr: string, count: number, chars: number): number {
  return count === 1 ? expr.length + 4 + chars : expr.length + 5 + chars + 2 * (count - 1) + 1;
}

/** Length of the condition `attributeCondition` would build, from counts and literal lengths. */
function conditionLength(issuer: Issuer, subjects: number, subjectChars: number, namespaces: number, namespaceChars: number): number {
  const exact = listLength(subjectExpression(issuer), subjects, subjectChars);
  if (exact <= GCP_MAX_CONDITION_CHARS || !issuer.isKubernetes || namespaces === 0) return exact;
  return listLength("assertion['kubernetes.io']['namespace']", namespaces, namespaceChars);
}

/** Whether the issuer's provider condition falls back to its namespaces (the exact subject list is over the limit). */
function fallsBack(issuer: Issuer, use: PoolUse): boolean {
  return issuer.isKubernetes && use.namespaces.size > 0 && listLength(subjectExpression(issuer), use.subjects.size, use.subjectChars) > GCP_MAX_CONDITION_CHARS;
}

/** A CEL string literal. */
export function celString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * An exact condition: `assertion.sub == '…'` or `assertion.sub in [...]` (AWS roles:
 * `attribute.aws_role == 'arn:aws:sts::<account>:assumed-role/<role>'`). Over 4,096
 * characters, Kubernetes issuers fall back to the exact namespace list (bindings stay per
 * subject, and the provider moves to a pool of its own, so access stays exact); shared issuers
 * never do.
 */
export function attributeCondition(issuer: Issuer, subjects: string[], namespaces: string[]): string {
  const list = (expr: string, vals: string[]) => vals.length === 1 ? `${expr} == ${celString(vals[0])}` : `${expr} in [${vals.map(celString).join(', ')}]`;
  if (subjects.length === 0) return 'false';
  const exact = list(subjectExpression(issuer), subjects);
  if (exact.length <= GCP_MAX_CONDITION_CHARS || !issuer.isKubernetes || namespaces.length === 0) return exact;
  return list("assertion['kubernetes.io']['namespace']", namespaces);
}
