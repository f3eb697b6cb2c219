import { AwsAudit, AwsAuditProps } from './audit';
import { Issuer, IssuerKind, requireAwsAccountId } from './issuer';
import { byKey, fail, fitName, uniqueSorted } from './private/checks';
import { cloudAudience } from './private/cloud-audience';
import { AccessMechanism, AWS_STS_AUDIENCE, EKS_POD_IDENTITY_AUDIENCE, EKS_POD_IDENTITY_PRINCIPAL, TargetCloud } from './targets';
import type { Workload } from './workload';

/** An AWS account that hosts roles. */
export interface AwsAccountProps {
  /** The 12-digit account id. */
  readonly accountId: string;
  /** The region the account's stack deploys to, and the STS endpoint workloads use. @default "us-east-1" */
  readonly region?: string;
  /** A short name for references in the model file. @default - the account id */
  readonly name?: string;
  /**
   * IAM OIDC providers allowed in the account (100 by default, raisable to 700).
   * @default 100
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
   */
  readonly oidcProviderQuota?: number;
  /**
   * Role trust policy size limit in non-whitespace characters (2,048 by default, raisable to 4,096).
   * @default 2048
   */
  readonly trustPolicySizeQuota?: number;
  /**
   * Issuers whose IAM OIDC provider already exists in the account (e.g. every EKS cluster
   * created with `--with-oidc`): roles reference it, crossfed does not create it.
   * @default - crossfed creates a provider for every issuer
   */
  readonly existingOidcProviders?: Issuer[];
  /**
   * Where the account's token exchanges are recorded (CloudTrail): an organization trail, an
   * existing trail or bucket, or a trail crossfed creates.
   * @default - no setting: crossfed creates no trail, and the checker warns (x-audit-missing)
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html
   */
  readonly audit?: AwsAuditProps;
  /** Where this account was declared (file:line). @default - the model path */
  readonly sourceLocation?: string;
}

/** An IAM policy statement (Allow by default). */
export interface AwsPolicyStatement {
  /** `Allow` or `Deny`. @default "Allow" */
  readonly effect?: string;
  /** Actions, e.g. `s3:GetObject`. */
  readonly actions: string[];
  /** Resource ARNs. */
  readonly resources: string[];
}

/** Permissions of a role. */
export interface AwsRolePermissions {
  /** Managed policy ARNs to attach. @default - none */
  readonly managedPolicyArns?: string[];
  /** Inline statements. @default - none */
  readonly statements?: AwsPolicyStatement[];
  /** Buckets the role may read (`s3:GetObject`, `s3:ListBucket`). @default - none */
  readonly s3ReadBuckets?: string[];
  /** Buckets the role may read and write. @default - none */
  readonly s3WriteBuckets?: string[];
  /** Secrets Manager secret ARNs the role may read. @default - none */
  readonly secretsRead?: string[];
  /** ECR repository ARNs the role may pull from. @default - none */
  readonly ecrPull?: string[];
  /** ECR repository ARNs the role may push to. @default - none */
  readonly ecrPush?: string[];
}

/** Access to an EKS cluster for a CI role: an access entry and a Kubernetes group. */
export interface EksAccessOptions {
  /** The EKS cluster (its issuer, with accountId and clusterName). */
  readonly cluster: Issuer;
  /** Kubernetes groups the role maps to (bound to `clusterRole` by crossfed's RBAC). */
  readonly kubernetesGroups: string[];
  /** The ClusterRole the groups get. @default "edit" */
  readonly clusterRole?: string;
  /** Namespaces to bind in (RoleBindings); none means cluster-wide (ClusterRoleBinding). @default - cluster-wide */
  readonly namespaces?: string[];
  /** An EKS access policy to associate as well. @default - none (RBAC only) */
  readonly accessPolicyArn?: string;
}

/** Options of an AWS grant. */
export interface AwsGrantOptions extends AwsRolePermissions {
  /**
   * Name of the role (≤64 `[\w+=,.@-]`). Several grants with the same name share one role,
   * whose trust lists each workload's subject exactly. Changing it replaces the role.
   * @default - "crossfed-<workload name>"
   */
  readonly roleName?: string;
  /** Use an existing role (its trust policy is not managed by crossfed). @default - a new role */
  readonly existingRoleArn?: string;
  /**
   * How the workload gets credentials.
   * @default - IRSA for EKS clusters, web identity for other sources
   */
  readonly mechanism?: AccessMechanism;
  /**
   * Trust every service account matching this pattern (e.g. `system:serviceaccount:ci-*:runner`)
   * as `StringLike`. Opens the role to every matching name: opt in only knowingly.
   * @default - the exact subject only
   */
  readonly wildcardSubject?: string;
  /**
   * Cloud identities (entra-id and google issuers): the audience their token carries for this
   * role — Entra ID: the application ID URI the identity requests its token for (the OIDC
   * provider's client id); Google: the audience the service account asks for
   * (`accounts.google.com:oaud`). Changing it changes what the workload must request.
   * @default - required for Entra ID and Google sources; not allowed for others
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
   */
  readonly audience?: string;
  /** IRSA in webhook mode (annotations only) or explicit mode (volume + env). @default - webhook mode on EKS */
  readonly webhook?: boolean;
  /** CI deployers: an EKS access entry mapping the role to Kubernetes groups. @default - none */
  readonly eksAccess?: EksAccessOptions;
  /** Role description. @default - generated */
  readonly description?: string;
  /** Maximum session duration, 3,600–43,200 seconds. @default 3600 */
  readonly maxSessionDurationSeconds?: number;
  /** Where this grant was declared (file:line). @default - the workload's path */
  readonly sourceLocation?: string;
}

/** One workload → role grant. */
export class AwsAccess {
  /** The cloud. */
  public readonly cloud = TargetCloud.AWS;
  /** @internal */
  constructor(
    /** The workload. */
    public readonly workload: Workload,
    /** The role it becomes. */
    public readonly role: AwsRole,
    /** How it gets credentials. */
    public readonly mechanism: AccessMechanism,
    /** The token audience (`sts.amazonaws.com`, the issuer's fixed audience, or a cloud identity's chosen one). */
    public readonly audience: string,
    /** Whether the pod relies on the EKS webhook (IRSA) for env and volume. */
    public readonly webhook: boolean,
    /** Wildcard subject opted in to. */
    public readonly wildcardSubject: string | undefined,
    /** EKS access for CI deployers. */
    public readonly eksAccess: EksAccessOptions | undefined,
  ) {}

  /** The account. */
  public get account(): AwsAccount {
    return this.role.account;
  }
}

/** A web-identity trust: subjects of one issuer with one audience. */
export interface AwsWebIdentityTrust {
  /** The issuer. */
  readonly issuer: Issuer;
  /** The provider's ARN (`accounts.google.com` for Google, AWS's built-in provider). */
  readonly providerArn: string;
  /** The audience in the `:aud` condition. */
  readonly audience: string;
  /** Exact subjects (`StringEquals`). */
  readonly subjects: string[];
  /** Wildcard subjects (`StringLike`), only when opted in. */
  readonly wildcardSubjects: string[];
}

/** An IAM role: new (crossfed manages its trust) or existing. */
export class AwsRole {
  /** The account. */
  public readonly account: AwsAccount;
  /** The role name. */
  public readonly roleName: string;
  /** Whether the role exists already (crossfed does not manage it). */
  public readonly existing: boolean;
  /** The role ARN (known at synth time, from the name). */
  public readonly arn: string;
  /** Description. */
  public readonly description?: string;
  /** Maximum session duration in seconds. */
  public readonly maxSessionDurationSeconds: number;
  private permissions: AwsRolePermissions = {};
  private readonly _grants: AwsAccess[] = [];

  /** @internal */
  public static _new(account: AwsAccount, roleName: string, existingArn: string | undefined, description: string | undefined, maxSession: number): AwsRole {
    return new AwsRole(account, roleName, existingArn, description, maxSession);
  }

  private constructor(account: AwsAccount, roleName: string, existingArn: string | undefined, description: string | undefined, maxSession: number) {
    this.account = account;
    this.roleName = roleName;
    this.existing = existingArn !== undefined;
    this.arn = existingArn ?? `arn:${account.partition}:iam::${account.accountId}:role/${roleName}`;
    this.description = description;
    this.maxSessionDurationSeconds = maxSession;
  }

  /** Grants to this role, in declaration order. */
  public get grants(): AwsAccess[] {
    return [...this._grants];
  }

  /** Managed policy ARNs, sorted. */
  public get managedPolicyArns(): string[] {
    return uniqueSorted(this.permissions.managedPolicyArns ?? []);
  }

  /** All inline statements: explicit ones, then those of the helpers (S3, Secrets Manager, ECR). */
  public get statements(): AwsPolicyStatement[] {
    const p = this.permissions;
    const s3 = (b: string) => [`arn:${this.account.partition}:s3:::${b}`, `arn:${this.account.partition}:s3:::${b}/*`];
    const out: AwsPolicyStatement[] = [...(p.statements ?? []).map(x => ({ effect: x.effect ?? 'Allow', actions: [...x.actions], resources: [...x.resources] }))];
    if (p.s3ReadBuckets?.length) out.push({ effect: 'Allow', actions: ['s3:GetObject', 's3:ListBucket'], resources: uniqueSorted(p.s3ReadBuckets).flatMap(s3) });
    if (p.s3WriteBuckets?.length) out.push({ effect: 'Allow', actions: ['s3:DeleteObject', 's3:GetObject', 's3:ListBucket', 's3:PutObject'], resources: uniqueSorted(p.s3WriteBuckets).flatMap(s3) });
    if (p.secretsRead?.length) out.push({ effect: 'Allow', actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'], resources: uniqueSorted(p.secretsRead) });
    if (p.ecrPull?.length || p.ecrPush?.length) out.push({ effect: 'Allow', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] });
    if (p.ecrPull?.length) out.push({ effect: 'Allow', actions: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], resources: uniqueSorted(p.ecrPull) });
    if (p.ecrPush?.length) {
      out.push({ effect: 'Allow', actions: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:CompleteLayerUpload', 'ecr:GetDownloadUrlForLayer', 'ecr:InitiateLayerUpload', 'ecr:PutImage', 'ecr:UploadLayerPart'], resources: uniqueSorted(p.ecrPush) });
    }
    return out;
  }

  /** Web-identity trusts, one per issuer, sorted by issuer URL. */
  public get webIdentityTrusts(): AwsWebIdentityTrust[] {
    const byIssuer = new Map<string, { issuer: Issuer; audience: string; subjects: Set<string>; wild: Set<string> }>();
    for (const g of this._grants) {
      if (g.mechanism === AccessMechanism.POD_IDENTITY) continue;
      const key = `${g.workload.issuer.url}\n${g.audience}`;
      let t = byIssuer.get(key);
      if (!t) byIssuer.set(key, t = { issuer: g.workload.issuer, audience: g.audience, subjects: new Set(), wild: new Set() });
      if (g.wildcardSubject) t.wild.add(g.wildcardSubject);
      else t.subjects.add(g.workload.subject);
    }
    return [...byIssuer.values()].sort(byKey(t => `${t.issuer.url}\n${t.audience}`)).map(t => ({
      issuer: t.issuer, providerArn: t.issuer.kind === IssuerKind.GOOGLE ? GOOGLE_PROVIDER : this.account.oidcProviderArn(t.issuer), audience: t.audience,
      subjects: [...t.subjects].sort(), wildcardSubjects: [...t.wild].sort(),
    }));
  }

  /** EKS Pod Identity grants (one association each). */
  public get podIdentityGrants(): AwsAccess[] {
    return this._grants.filter(g => g.mechanism === AccessMechanism.POD_IDENTITY);
  }

  /**
   * The trust policy document crossfed writes, as plain JSON: exact `StringEquals` on
   * `:sub` and `:aud` per issuer; `StringLike` only for opted-in wildcards; Pod Identity pinned
   * with `aws:SourceAccount` / `aws:SourceArn`.
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html
   */
  public get trustPolicy(): any {
    const statements: any[] = [];
    for (const t of this.webIdentityTrusts) {
      const principal = { Federated: t.providerArn };
      if (t.issuer.kind === IssuerKind.GOOGLE) {
        // AWS's built-in Google provider: `accounts.google.com:aud` holds the token's azp (the
        // service account's unique id), `:oaud` its aud (the audience it asked for), `:sub` its
        // sub. One statement per service account keeps azp and sub paired.
        for (const id of t.subjects) {
          statements.push({
            Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity', Principal: principal,
            Condition: { StringEquals: { [GOOGLE_AUD_KEY]: id, [GOOGLE_OAUD_KEY]: t.audience, [GOOGLE_SUB_KEY]: id } },
          });
        }
        continue;
      }
      if (t.subjects.length > 0) {
        statements.push({
          Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity', Principal: principal,
          Condition: { StringEquals: { [t.issuer.awsAudKey]: t.audience, [t.issuer.awsSubKey]: one(t.subjects) } },
        });
      }
      if (t.wildcardSubjects.length > 0) {
        statements.push({
          Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity', Principal: principal,
          Condition: { StringEquals: { [t.issuer.awsAudKey]: t.audience }, StringLike: { [t.issuer.awsSubKey]: one(t.wildcardSubjects) } },
        });
      }
    }
    const pods = this.podIdentityGrants;
    if (pods.length > 0) {
      const clusters = uniqueSorted(pods.map(g => g.workload.issuer.eksClusterArn!));
      statements.push({
        Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Principal: { Service: EKS_POD_IDENTITY_PRINCIPAL },
        Condition: { StringEquals: { 'aws:SourceAccount': this.account.accountId }, ArnEquals: { 'aws:SourceArn': one(clusters) } },
      });
    }
    return { Version: '2012-10-17', Statement: statements };
  }

  /** Size of the trust policy as IAM counts it: characters that are not whitespace. */
  public get trustPolicySize(): number {
    return JSON.stringify(this.trustPolicy).replace(/\s/g, '').length;
  }

  /** @internal */
  public _addGrant(access: AwsAccess, permissions: AwsRolePermissions, where: string): void {
    const has = (p: AwsRolePermissions) => Object.values(p).some(v => Array.isArray(v) && v.length > 0);
    if (has(permissions)) {
      if (has(this.permissions) && JSON.stringify(normalizePermissions(this.permissions)) !== JSON.stringify(normalizePermissions(permissions))) {
        fail(where, 'roleName', this.roleName, 'is granted twice with different permissions', 'one set of permissions per role', 'declare the permissions on one grant only, or use different role names');
      }
    }
    this._grants.push(access);
    if (!this.existing) {
      const size = this.trustPolicySize;
      if (size > this.account.trustPolicySizeQuota) {
        this._grants.pop();
        fail(where, 'roleName', this.roleName, `would have a trust policy of ${size} non-whitespace characters, over the account's quota of ${this.account.trustPolicySizeQuota}`,
          `at most ${this.account.trustPolicySizeQuota} characters (${this._grants.length} trusted subjects so far)`,
          this.account.trustPolicySizeQuota < 4096
            ? 'split the workloads over several role names, or request the raised quota (4,096) and set trustPolicySizeQuota: 4096 on the account'
            : 'split the workloads over several role names');
      }
    }
    if (has(permissions)) this.permissions = permissions;
  }
}

/**
 * AWS's built-in identity provider for Google: roles trust `Federated: accounts.google.com`, no
 * IAM OIDC provider is created (one for accounts.google.com breaks the exchange).
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_oidc.html
 */
export const GOOGLE_PROVIDER = 'accounts.google.com';
/**
 * Condition keys of Google ID tokens. When the token has an `azp` claim — a service account's
 * ID tokens always do, with its unique id — `accounts.google.com:aud` is the azp and
 * `accounts.google.com:oaud` the token's aud.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
 */
export const GOOGLE_AUD_KEY = 'accounts.google.com:aud';
/** The Google ID token's `aud` when it has an `azp` ("other audience"). */
export const GOOGLE_OAUD_KEY = 'accounts.google.com:oaud';
/** The Google ID token's `sub`: the service account's unique id. */
export const GOOGLE_SUB_KEY = 'accounts.google.com:sub';

function one(values: string[]): string | string[] {
  return values.length === 1 ? values[0] : values;
}

function normalizePermissions(p: AwsRolePermissions): unknown {
  const sorted = (a?: string[]) => uniqueSorted(a ?? []);
  return {
    m: sorted(p.managedPolicyArns), s: (p.statements ?? []).map(s => [s.effect ?? 'Allow', sorted(s.actions), sorted(s.resources)]),
    r: sorted(p.s3ReadBuckets), w: sorted(p.s3WriteBuckets), sec: sorted(p.secretsRead), pull: sorted(p.ecrPull), push: sorted(p.ecrPush),
  };
}

/** An AWS account of the model. */
export class AwsAccount {
  /** The account id. */
  public readonly accountId: string;
  /** The region. */
  public readonly region: string;
  /** The partition, from the region. */
  public readonly partition: string;
  /** Its name in the model. */
  public readonly name: string;
  /** OIDC provider quota. */
  public readonly oidcProviderQuota: number;
  /** Trust policy size quota. */
  public readonly trustPolicySizeQuota: number;
  /** Where it was declared. */
  public readonly sourceLocation: string;
  /** Where its token exchanges are recorded, when the model says. */
  public readonly audit?: AwsAudit;
  private readonly existingProviders = new Set<string>();
  /** Issuers that get a new provider in this account (kept incrementally: the quota check runs per grant). */
  private readonly newProviders = new Set<string>();
  private readonly _roles = new Map<string, AwsRole>();

  /** @internal */
  constructor(props: AwsAccountProps) {
    const where = props.sourceLocation ?? `aws[${props.name ?? props.accountId}]`;
    requireAwsAccountId(where, 'accountId', props.accountId);
    const region = props.region ?? 'us-east-1';
    if (!/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/.test(region)) {
      fail(where, 'region', region, 'is not an AWS region', 'a region code such as "us-east-1" or "eu-west-1"', 'use the region your stacks deploy to');
    }
    for (const [field, v, lo, hi] of [['oidcProviderQuota', props.oidcProviderQuota, 1, 700], ['trustPolicySizeQuota', props.trustPolicySizeQuota, 2048, 4096]] as const) {
      if (v !== undefined && (!Number.isInteger(v) || v < lo || v > hi)) fail(where, field, v, 'is out of range', `a whole number from ${lo} to ${hi}`, 'set it to the quota the account actually has (Service Quotas console)');
    }
    this.accountId = props.accountId;
    this.region = region;
    this.partition = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
    this.name = props.name ?? props.accountId;
    this.oidcProviderQuota = props.oidcProviderQuota ?? 100;
    this.trustPolicySizeQuota = props.trustPolicySizeQuota ?? 2048;
    this.sourceLocation = where;
    this.audit = props.audit === undefined ? undefined : AwsAudit._new(where, this, props.audit);
    for (const i of props.existingOidcProviders ?? []) this.useExistingOidcProvider(i);
  }

  /** Declare that the account already has an IAM OIDC provider for this issuer. */
  public useExistingOidcProvider(issuer: Issuer): void {
    this.existingProviders.add(issuer.url);
  }

  /** Whether the provider for this issuer exists already. */
  public hasExistingOidcProvider(issuer: Issuer): boolean {
    return this.existingProviders.has(issuer.url);
  }

  /** The ARN of the IAM OIDC provider for an issuer in this account. */
  public oidcProviderArn(issuer: Issuer): string {
    return `arn:${this.partition}:iam::${this.accountId}:oidc-provider/${issuer.hostPath}`;
  }

  /** Roles, sorted by name. */
  public get roles(): AwsRole[] {
    return [...this._roles.values()].sort(byKey(r => r.roleName));
  }

  /** OIDC providers the account needs (new ones only), each with the audiences used, sorted by issuer URL. */
  public get oidcProviders(): AwsOidcProviderSpec[] {
    const m = new Map<string, { issuer: Issuer; audiences: Set<string> }>();
    for (const r of this._roles.values()) {
      for (const t of r.webIdentityTrusts) {
        if (t.issuer.kind === IssuerKind.GOOGLE) continue;
        let e = m.get(t.issuer.url);
        if (!e) m.set(t.issuer.url, e = { issuer: t.issuer, audiences: new Set() });
        e.audiences.add(t.audience);
      }
    }
    return [...m.values()].sort(byKey(e => e.issuer.url)).map(e => ({
      issuer: e.issuer, arn: this.oidcProviderArn(e.issuer), clientIds: [...e.audiences].sort(),
      thumbprints: e.issuer.thumbprints ?? [], existing: this.hasExistingOidcProvider(e.issuer),
    }));
  }

  /** @internal */
  public _grant(workload: Workload, o: AwsGrantOptions): AwsAccess {
    const where = o.sourceLocation ?? `${workload.sourceLocation}.aws[${this.name}]`;
    const issuer = workload.issuer;
    if (issuer.kind === IssuerKind.AWS) {
      fail(where, 'account', this.name, `grants AWS role "${o.roleName ?? o.existingRoleArn ?? ''}" to the AWS role ${workload.cloudPrincipal?.parts.roleArn}: AWS roles reach other roles with sts:AssumeRole (role chaining), not through federation`,
        'AWS grants for Kubernetes, CI, Entra ID and Google workloads', 'let the role\'s trust policy name the source role as an AWS principal (outside crossfed), and remove this grant');
    }
    const audience = cloudAudience(where, workload, o.audience, 'AWS');
    const mechanism = o.mechanism ?? (issuer.kind === IssuerKind.EKS ? AccessMechanism.IRSA : workload.isKubernetes ? AccessMechanism.AWS_WEB_IDENTITY
      : workload.isCloudIdentity ? AccessMechanism.CLOUD_IDENTITY : AccessMechanism.CI);
    const allowed = workload.isKubernetes
      ? issuer.kind === IssuerKind.EKS ? [AccessMechanism.IRSA, AccessMechanism.POD_IDENTITY, AccessMechanism.AWS_WEB_IDENTITY] : [AccessMechanism.AWS_WEB_IDENTITY]
      : workload.isCloudIdentity ? [AccessMechanism.CLOUD_IDENTITY] : [AccessMechanism.CI];
    if (!allowed.includes(mechanism)) {
      fail(where, 'mechanism', mechanism, `is not available for a ${issuer.kind} ${workload.isKubernetes ? 'service account' : workload.isCloudIdentity ? 'identity' : 'pipeline'}`, allowed.join(', '),
        mechanism === AccessMechanism.POD_IDENTITY ? 'EKS Pod Identity works only for EKS clusters; use web identity (IRSA-style) for other clusters' : `use ${allowed[0]}`);
    }
    if (mechanism === AccessMechanism.POD_IDENTITY) {
      if (!issuer.eksClusterArn) fail(where, 'mechanism', mechanism, `needs the cluster's account and name, but issuer "${issuer.name}" lacks accountId or clusterName`, 'an EKS issuer with accountId and clusterName', `set accountId and clusterName on issuer "${issuer.name}"`);
      if (issuer.awsAccountId !== this.accountId) fail(where, 'mechanism', mechanism, `needs the role in the cluster's account ${issuer.awsAccountId}, not ${this.accountId}`, 'a role in the same account as the cluster', 'grant a role in the cluster\'s account, or use IRSA for cross-account access');
      if (o.wildcardSubject) fail(where, 'wildcardSubject', o.wildcardSubject, 'does not apply to EKS Pod Identity', 'no wildcard (associations name one service account)', 'remove wildcardSubject');
    }
    if (o.wildcardSubject !== undefined && workload.isCloudIdentity) {
      fail(where, 'wildcardSubject', o.wildcardSubject, 'does not apply to a cloud identity', 'no wildcard: the trust pins the principal\'s exact id', 'remove wildcardSubject, and grant each identity by its own id');
    }
    if (o.wildcardSubject !== undefined) {
      if (!/[*?]/.test(o.wildcardSubject)) fail(where, 'wildcardSubject', o.wildcardSubject, 'has no wildcard', 'a StringLike pattern with "*" or "?"', 'leave it unset for an exact subject');
      if (workload.isKubernetes && !o.wildcardSubject.startsWith('system:serviceaccount:')) fail(where, 'wildcardSubject', o.wildcardSubject, 'does not start with "system:serviceaccount:"', 'a pattern over Kubernetes subjects', 'write e.g. "system:serviceaccount:ci-*:runner"');
      if (!matchesLike(o.wildcardSubject, workload.subject)) fail(where, 'wildcardSubject', o.wildcardSubject, `does not match the workload's own subject "${workload.subject}"`, 'a pattern that matches the workload', 'fix the pattern');
    }
    if (o.roleName !== undefined && o.existingRoleArn !== undefined) fail(where, 'existingRoleArn', o.existingRoleArn, 'is set together with roleName', 'one of roleName (new role) or existingRoleArn', 'remove one of them');
    let roleName: string;
    if (o.existingRoleArn !== undefined) {
      const m = /^arn:aws(-cn|-us-gov)?:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/.exec(o.existingRoleArn);
      if (!m) fail(where, 'existingRoleArn', o.existingRoleArn, 'is not an IAM role ARN', 'arn:aws:iam::<account>:role/<name>', 'copy it from `aws iam get-role --query Role.Arn`');
      if (m[2] !== this.accountId) fail(where, 'existingRoleArn', o.existingRoleArn, `is in account ${m[2]}, not ${this.accountId}`, `a role of account ${this.accountId}`, 'grant it through the account that owns the role');
      roleName = m[3];
    } else {
      roleName = o.roleName ?? fitName(`crossfed-${workload.name}`, 64);
      if (roleName.length > 64 || !/^[\w+=,.@-]+$/.test(roleName)) {
        fail(where, 'roleName', roleName, roleName.length > 64 ? `is ${roleName.length} characters long` : 'has characters IAM does not allow', 'at most 64 characters of letters, digits and + = , . @ _ -',
          `use e.g. "${fitName(roleName.replace(/[^\w+=,.@-]+/g, '-'), 64)}"`);
      }
    }
    if (o.maxSessionDurationSeconds !== undefined && (!Number.isInteger(o.maxSessionDurationSeconds) || o.maxSessionDurationSeconds < 3600 || o.maxSessionDurationSeconds > 43200)) {
      fail(where, 'maxSessionDurationSeconds', o.maxSessionDurationSeconds, 'is out of range', '3600 to 43200 seconds', 'use 3600 (one hour) unless jobs need longer sessions');
    }
    if (o.eksAccess) checkEksAccess(where, workload, this, o.eksAccess);
    if (o.webhook === true && mechanism !== AccessMechanism.IRSA) fail(where, 'webhook', true, `does not apply to ${mechanism}`, 'webhook mode exists for IRSA on EKS only', 'remove webhook, or use mechanism irsa');
    let role = this._roles.get(roleName);
    if (!role) {
      role = AwsRole._new(this, roleName, o.existingRoleArn, o.description, o.maxSessionDurationSeconds ?? 3600);
      this._roles.set(roleName, role);
    } else if (role.existing !== (o.existingRoleArn !== undefined)) {
      fail(where, 'roleName', roleName, 'names both an existing and a new role', 'one kind per role name', 'use existingRoleArn consistently for this role');
    }
    const sameServiceAccount = (g: AwsAccess) => g.workload.issuer === issuer && g.workload.namespace === workload.namespace && g.workload.serviceAccount === workload.serviceAccount;
    if (mechanism === AccessMechanism.POD_IDENTITY && role.podIdentityGrants.some(sameServiceAccount)) {
      fail(where, 'roleName', roleName, 'is associated twice with the same service account', 'one Pod Identity association per (cluster, namespace, service account)', 'remove the duplicate grant');
    }
    const needsProvider = mechanism !== AccessMechanism.POD_IDENTITY && issuer.kind !== IssuerKind.GOOGLE && !this.hasExistingOidcProvider(issuer) && !this.newProviders.has(issuer.url);
    if (needsProvider && this.newProviders.size + 1 > this.oidcProviderQuota) {
      fail(where, 'issuer', issuer.url, `would be the account's OIDC provider number ${this.newProviders.size + 1}, over its quota of ${this.oidcProviderQuota}`,
        `at most ${this.oidcProviderQuota} providers per account`, 'request a higher quota (up to 700) and set oidcProviderQuota, or spread roles over more accounts');
    }
    const tokenAudience = audience ?? (mechanism === AccessMechanism.POD_IDENTITY ? EKS_POD_IDENTITY_AUDIENCE : issuer.fixedAudience ?? AWS_STS_AUDIENCE);
    const webhook = mechanism === AccessMechanism.IRSA ? o.webhook ?? true : false;
    const access = new AwsAccess(workload, role, mechanism, tokenAudience, webhook, o.wildcardSubject, o.eksAccess);
    const { managedPolicyArns, statements, s3ReadBuckets, s3WriteBuckets, secretsRead, ecrPull, ecrPush } = o;
    for (const arn of managedPolicyArns ?? []) {
      if (!/^arn:aws(-cn|-us-gov)?:iam::(aws|\d{12}):policy\/[\w+=,.@\/-]+$/.test(arn)) fail(where, 'managedPolicyArns', arn, 'is not a managed policy ARN', 'arn:aws:iam::aws:policy/<name> or arn:aws:iam::<account>:policy/<name>', 'copy the ARN from the IAM console');
    }
    role._addGrant(access, { managedPolicyArns, statements, s3ReadBuckets, s3WriteBuckets, secretsRead, ecrPull, ecrPush }, where);
    if (needsProvider) this.newProviders.add(issuer.url);
    return access;
  }
}

/** An OIDC provider an account needs. */
export interface AwsOidcProviderSpec {
  /** The issuer. */
  readonly issuer: Issuer;
  /** The provider ARN. */
  readonly arn: string;
  /** Client ids = the audiences actually used. */
  readonly clientIds: string[];
  /** CA thumbprints (self-managed issuers). */
  readonly thumbprints: string[];
  /** Whether the provider exists already. */
  readonly existing: boolean;
}

function checkEksAccess(where: string, workload: Workload, account: AwsAccount, e: EksAccessOptions): void {
  if (workload.isKubernetes) fail(where, 'eksAccess', workload.name, 'is set on a Kubernetes workload', 'eksAccess on CI deployers only', 'remove eksAccess');
  if (e.cluster.kind !== IssuerKind.EKS || !e.cluster.eksClusterArn) fail(where, 'eksAccess.cluster', e.cluster.name, 'is not an EKS issuer with accountId and clusterName', 'an EKS issuer of the model with accountId and clusterName', `set accountId and clusterName on issuer "${e.cluster.name}"`);
  if (e.cluster.awsAccountId !== account.accountId) fail(where, 'eksAccess.cluster', e.cluster.name, `is in account ${e.cluster.awsAccountId}, but the role is in ${account.accountId}`, 'a role in the cluster\'s account', 'grant the deployer a role in the cluster\'s account');
  if (!e.kubernetesGroups?.length) fail(where, 'eksAccess.kubernetesGroups', e.kubernetesGroups, 'is empty', 'one or more group names', 'name the group the deployer\'s RBAC binds, e.g. "crossfed:deployers"');
  for (const g of e.kubernetesGroups) {
    if (g.startsWith('system:')) fail(where, 'eksAccess.kubernetesGroups', g, 'starts with "system:", which EKS access entries refuse', 'group names not starting with "system:"', 'use e.g. "crossfed:deployers"');
  }
  for (const ns of e.namespaces ?? []) {
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(ns) || ns.length > 63) fail(where, 'eksAccess.namespaces', ns, 'is not a DNS-1123 label', 'a namespace name', 'fix the namespace name');
  }
  if (e.accessPolicyArn !== undefined && !/^arn:aws(-cn|-us-gov)?:eks::aws:cluster-access-policy\/[A-Za-z]+$/.test(e.accessPolicyArn)) {
    fail(where, 'eksAccess.accessPolicyArn', e.accessPolicyArn, 'is not an EKS access policy ARN', 'arn:aws:eks::aws:cluster-access-policy/<name>', 'pick one from `aws eks list-access-policies`');
  }
}

/** IAM `StringLike` matching (`*` any run, `?` one character), case-sensitive. */
export function matchesLike(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's');
  return re.test(value);
}
