import type { AwsAccess, AwsAccount, AwsGrantOptions } from './aws';
import type { AzureAccess, AzureGrantOptions, AzureTenant } from './azure';
import type { GcpAccess, GcpGrantOptions, GcpProject } from './gcp';
import type { IdentityModel } from './identity-model';
import { Issuer, IssuerKind } from './issuer';
import { fail, GUID, requireDnsLabel, requireDnsSubdomain, DNS1123_LABEL } from './private/checks';
import { MAX_TOKEN_EXPIRATION_SECONDS, MIN_TOKEN_EXPIRATION_SECONDS } from './targets';

/** What a workload is. */
export enum WorkloadKind {
  /** A Kubernetes service account (pods, Tekton pipelines …). */
  KUBERNETES = 'kubernetes',
  /** A CI pipeline identity (Azure DevOps service connection, GitHub Actions, GitLab). */
  CI = 'ci',
  /** A cloud identity: an Entra ID managed identity or service principal, a Google service account, an AWS IAM role. */
  CLOUD = 'cloud',
}

/** A Kubernetes service account that gets cloud identities. */
export interface KubernetesWorkloadProps {
  /** The cluster's issuer (EKS, AKS, GKE or self-managed). */
  readonly issuer: Issuer;
  /** The namespace (DNS-1123 label, at most 63 characters). */
  readonly namespace: string;
  /** The service account name (DNS-1123 subdomain, at most 253 characters). */
  readonly serviceAccount: string;
  /** A short name for reports and derived names. @default "<namespace>-<serviceAccount>" */
  readonly name?: string;
  /**
   * Lifetime of the projected tokens, 600–86,400 seconds. The kubelet refreshes at 80 %.
   * @default - 86,400 for IRSA webhook mode, 3,600 everywhere else
   * @see https://kubernetes.io/docs/concepts/storage/projected-volumes/#serviceaccounttoken
   */
  readonly tokenExpirationSeconds?: number;
  /** What the workload is, for reviewers (e.g. "Tekton pipeline launching Dataflow jobs"). @default - none */
  readonly description?: string;
  /** Where this workload was declared (file:line), used in error messages. @default - the model path */
  readonly sourceLocation?: string;
}

/** A CI pipeline identity. */
export interface CiWorkloadProps {
  /** The CI issuer (Azure DevOps, GitHub Actions, GitLab or generic). */
  readonly issuer: Issuer;
  /** The exact token subject. */
  readonly subject: CiSubject;
  /** A short name (lowercase letters, digits, `-`; at most 40 characters). */
  readonly name: string;
  /** What the pipeline does, for reviewers. @default - none */
  readonly description?: string;
  /** Where this workload was declared (file:line), used in error messages. @default - the model path */
  readonly sourceLocation?: string;
}

/** A cloud identity as a token source. */
export interface CloudWorkloadProps {
  /** Its issuer: an Entra ID tenant, Google, or an AWS account. */
  readonly issuer: Issuer;
  /** The principal: its object id, unique id or role ARN. */
  readonly principal: CloudPrincipal;
  /** A short name (lowercase letters, digits, `-`; at most 40 characters). */
  readonly name: string;
  /** What it is, for reviewers (e.g. "Azure Data Factory acme-ingest, system-assigned identity"). @default - none */
  readonly description?: string;
  /** Where this workload was declared (file:line), used in error messages. @default - the model path */
  readonly sourceLocation?: string;
}

/** Object ids, unique ids and role ARNs: what a cloud identity's tokens carry as their subject. */
export class CloudPrincipal {
  /**
   * An Entra ID managed identity (system- or user-assigned) or service principal, by its object
   * (principal) id: the `sub` and `oid` of its tokens. For a data factory's system-assigned
   * identity: `az datafactory show --query identity.principalId`; for a user-assigned one:
   * `az identity show --query principalId`. Not the client (application) id.
   * @see https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference
   */
  public static entraObjectId(objectId: string): CloudPrincipal {
    if (typeof objectId !== 'string' || !GUID.test(objectId)) {
      fail('principal', 'objectId', objectId, 'is not an Entra object id', 'the principal\'s object id, a GUID such as 00000000-0000-0000-0000-000000000000',
        'copy the "Object (principal) ID": `az identity show --query principalId` (user-assigned) or `az datafactory show --query identity.principalId` (a data factory\'s own identity)');
    }
    if (objectId !== objectId.toLowerCase()) {
      fail('principal', 'objectId', objectId, 'has uppercase letters, but Entra tokens carry the object id in lowercase and trusts compare subjects byte for byte', 'the object id in lowercase', `did you mean "${objectId.toLowerCase()}"?`);
    }
    return new CloudPrincipal(IssuerKind.ENTRA_ID, objectId, { objectId });
  }

  /**
   * A Google service account, by its unique id: the 21-digit number its ID tokens carry in `sub`
   * and `azp` (`gcloud iam service-accounts describe <email> --format='value(uniqueId)'`). The
   * email is for reviewers: tokens may omit it, and trusts never pin it.
   * @see https://cloud.google.com/iam/docs/service-account-overview#identifying
   */
  public static googleServiceAccount(uniqueId: string, email?: string): CloudPrincipal {
    if (typeof uniqueId !== 'string' || !/^\d{21}$/.test(uniqueId)) {
      const isEmail = typeof uniqueId === 'string' && uniqueId.includes('@');
      fail('principal', 'uniqueId', uniqueId, isEmail ? 'is an email, but Google ID tokens carry the service account\'s unique id in sub' : 'is not a Google service account unique id',
        'the service account\'s uniqueId: 21 digits, quoted in YAML', `run \`gcloud iam service-accounts describe ${isEmail ? uniqueId : '<email>'} --format='value(uniqueId)'\``);
    }
    if (email !== undefined && !/^([a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z][a-z0-9-]{4,28}[a-z0-9]\.iam\.gserviceaccount\.com|\d{1,20}-compute@developer\.gserviceaccount\.com)$/.test(email)) {
      fail('principal', 'serviceAccountEmail', email, 'is not a service account email', '<id>@<project>.iam.gserviceaccount.com, or <project number>-compute@developer.gserviceaccount.com', 'copy it from `gcloud iam service-accounts list`');
    }
    return new CloudPrincipal(IssuerKind.GOOGLE, uniqueId, email === undefined ? { uniqueId } : { uniqueId, email });
  }

  /**
   * An AWS IAM role (an AWS Batch job role, a Lambda or ECS task role …), by its ARN. GCP sees
   * its sessions as `arn:aws:sts::<account>:assumed-role/<name>/<session>` (without the role's
   * path): the subject crossfed pins is `arn:aws:sts::<account>:assumed-role/<name>`, GCP's
   * documented `attribute.aws_role`.
   * @see https://cloud.google.com/iam/docs/workload-identity-federation-with-other-clouds
   */
  public static awsRole(roleArn: string): CloudPrincipal {
    if (typeof roleArn === 'string' && /^arn:aws(-cn|-us-gov)?:sts::\d{12}:assumed-role\//.test(roleArn)) {
      const m = /^arn:(aws(?:-cn|-us-gov)?):sts::(\d{12}):assumed-role\/([^/]+)/.exec(roleArn)!;
      fail('principal', 'roleArn', roleArn, 'is the ARN of one session of the role, not of the role', 'arn:aws:iam::<account>:role/<name>', `did you mean "arn:${m[1]}:iam::${m[2]}:role/${m[3]}"?`);
    }
    const m = typeof roleArn === 'string' ? /^arn:(aws(?:-cn|-us-gov)?):iam::(\d{12}):role\/((?:[\w+=,.@-]+\/)*)([\w+=,.@-]{1,64})$/.exec(roleArn) : null;
    if (!m) {
      fail('principal', 'roleArn', roleArn, 'is not an IAM role ARN', 'arn:aws:iam::<12-digit account>:role/[<path>/]<name of at most 64 characters>', 'copy it from `aws iam get-role --role-name <name> --query Role.Arn`');
    }
    const [, partition, accountId, , roleName] = m;
    return new CloudPrincipal(IssuerKind.AWS, `arn:${partition}:sts::${accountId}:assumed-role/${roleName}`, { roleArn, partition, accountId, roleName });
  }

  /** The issuer kind the principal belongs to. */
  public readonly issuerKind: IssuerKind;
  /** The subject crossfed pins: object id, unique id, or the assumed-role ARN without session. */
  public readonly subject: string;
  /** What the principal was built from (`objectId`; `uniqueId`, `email`; `roleArn`, `partition`, `accountId`, `roleName`). */
  public readonly parts: { [key: string]: string };

  private constructor(kind: IssuerKind, subject: string, parts: Record<string, string>) {
    this.issuerKind = kind;
    this.subject = subject;
    this.parts = parts;
  }
}

/** Exact subject of a CI token, built from its parts the way the CI system forms it. */
export class CiSubject {
  /**
   * GitHub Actions job on a branch: `repo:<owner>/<repo>:ref:refs/heads/<branch>`.
   * @see https://docs.github.com/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect#example-subject-claims
   */
  public static githubBranch(repository: string, branch: string): CiSubject {
    return new CiSubject(IssuerKind.GITHUB_ACTIONS, `repo:${checkRepo(repository)}:ref:refs/heads/${checkRef('branch', branch)}`, { repository });
  }

  /** GitHub Actions job on a tag: `repo:<owner>/<repo>:ref:refs/tags/<tag>`. */
  public static githubTag(repository: string, tag: string): CiSubject {
    return new CiSubject(IssuerKind.GITHUB_ACTIONS, `repo:${checkRepo(repository)}:ref:refs/tags/${checkRef('tag', tag)}`, { repository });
  }

  /** GitHub Actions job in an environment: `repo:<owner>/<repo>:environment:<env>`. */
  public static githubEnvironment(repository: string, environment: string): CiSubject {
    return new CiSubject(IssuerKind.GITHUB_ACTIONS, `repo:${checkRepo(repository)}:environment:${checkRef('environment', environment)}`, { repository });
  }

  /** GitHub Actions job for a pull request: `repo:<owner>/<repo>:pull_request`. */
  public static githubPullRequest(repository: string): CiSubject {
    return new CiSubject(IssuerKind.GITHUB_ACTIONS, `repo:${checkRepo(repository)}:pull_request`, { repository });
  }

  /**
   * GitLab CI job on a branch: `project_path:<group>/<project>:ref_type:branch:ref:<branch>`.
   * @see https://docs.gitlab.com/ci/secrets/id_token_authentication/#token-payload
   */
  public static gitlabBranch(projectPath: string, branch: string): CiSubject {
    return new CiSubject(IssuerKind.GITLAB, `project_path:${checkProjectPath(projectPath)}:ref_type:branch:ref:${checkRef('branch', branch)}`, { projectPath });
  }

  /** GitLab CI job on a tag: `project_path:<group>/<project>:ref_type:tag:ref:<tag>`. */
  public static gitlabTag(projectPath: string, tag: string): CiSubject {
    return new CiSubject(IssuerKind.GITLAB, `project_path:${checkProjectPath(projectPath)}:ref_type:tag:ref:${checkRef('tag', tag)}`, { projectPath });
  }

  /**
   * Azure DevOps service connection, legacy vstoken issuer: `sc://<org>/<project>/<connection>`.
   * @see https://learn.microsoft.com/azure/devops/pipelines/library/connect-to-azure#workload-identity-federation
   */
  public static azureDevOpsServiceConnection(organization: string, project: string, serviceConnection: string): CiSubject {
    for (const [field, v] of [['organization', organization], ['project', project], ['serviceConnection', serviceConnection]] as const) {
      if (typeof v !== 'string' || v.length === 0 || v.includes('/') || /\s$|^\s/.test(v)) {
        fail('subject', field, v, 'is not a valid Azure DevOps name', 'a non-empty name without "/" and without leading or trailing spaces', 'copy it from the service connection\'s "Subject identifier"');
      }
    }
    return new CiSubject(IssuerKind.AZURE_DEVOPS, `sc://${organization}/${project}/${serviceConnection}`, { legacy: 'true' });
  }

  /**
   * Azure DevOps service connection, Entra-issued tokens: the "Subject identifier" that Azure
   * DevOps shows, `/eid1/c/pub/t/<tenant>/a/<app>/sc/<organization id>/<connection id>`.
   */
  public static azureDevOpsEntra(subjectIdentifier: string): CiSubject {
    if (!/^\/eid1\/c\/pub\/t\/[A-Za-z0-9_-]+\/a\/[A-Za-z0-9_-]+\/sc\/[0-9a-fA-F-]{36}\/[0-9a-fA-F-]{36}$/.test(subjectIdentifier ?? '')) {
      fail('subject', 'azureDevOpsEntra', subjectIdentifier, 'is not an Entra-issued Azure DevOps subject', '/eid1/c/pub/t/<tenant>/a/<app>/sc/<organization id>/<service connection id>',
        'copy the "Subject identifier" from the service connection page in Azure DevOps');
    }
    return new CiSubject(IssuerKind.AZURE_DEVOPS, subjectIdentifier, { legacy: 'false' });
  }

  /** Any exact subject (for generic issuers). */
  public static exact(subject: string): CiSubject {
    if (typeof subject !== 'string' || subject.length === 0 || subject.length > 600 || /[*?]/.test(subject) || /^\s|\s$/.test(subject)) {
      fail('subject', 'exact', subject, 'is not an exact subject', '1–600 characters, no wildcard ("*" or "?"), no leading or trailing space', 'write the subject exactly as the tokens carry it in `sub`');
    }
    return new CiSubject(undefined, subject, {});
  }

  /** The subject string. */
  public readonly value: string;
  /** The issuer kind this subject form belongs to. @default - any */
  public readonly issuerKind?: IssuerKind;
  /** Parts the subject was built from (e.g. `repository`), for attribute mappings. */
  public readonly parts: { [key: string]: string };

  private constructor(kind: IssuerKind | undefined, value: string, parts: Record<string, string>) {
    this.issuerKind = kind;
    this.value = value;
    this.parts = parts;
  }
}

/**
 * A workload: a Kubernetes service account or a CI identity. Grants give it identities in
 * AWS, Azure and GCP; every derived fact (subject, audience per cloud) comes from here.
 */
export class Workload {
  /** Kubernetes service account or CI identity. */
  public readonly kind: WorkloadKind;
  /** The issuer of its tokens. */
  public readonly issuer: Issuer;
  /** The workload's name in the model, unique per issuer. */
  public readonly name: string;
  /** Kubernetes: the namespace. @default - none for CI */
  public readonly namespace?: string;
  /** Kubernetes: the service account. @default - none for CI */
  public readonly serviceAccount?: string;
  /** The exact token subject. */
  public readonly subject: string;
  /** Kubernetes: the projected token lifetime asked for. @default - per mechanism */
  public readonly tokenExpirationSeconds?: number;
  /** CI: the subject's parts. @default - none */
  public readonly ciSubject?: CiSubject;
  /** Cloud identity: its principal. @default - none */
  public readonly cloudPrincipal?: CloudPrincipal;
  /** What the workload is. */
  public readonly description?: string;
  /** Where it was declared. */
  public readonly sourceLocation: string;

  private readonly _aws: AwsAccess[] = [];
  private readonly _azure: AzureAccess[] = [];
  private readonly _gcp: GcpAccess[] = [];

  /** @internal */
  public static _new(model: IdentityModel, kind: WorkloadKind, props: WorkloadInit): Workload {
    return new Workload(model, kind, props);
  }

  /** @internal */
  public readonly _model: IdentityModel;

  private constructor(model: IdentityModel, kind: WorkloadKind, props: WorkloadInit) {
    this._model = model;
    this.kind = kind;
    this.issuer = props.issuer;
    this.name = props.name;
    this.namespace = props.namespace;
    this.serviceAccount = props.serviceAccount;
    this.subject = props.subject;
    this.tokenExpirationSeconds = props.tokenExpirationSeconds;
    this.ciSubject = props.ciSubject;
    this.cloudPrincipal = props.cloudPrincipal;
    this.description = props.description;
    this.sourceLocation = props.sourceLocation ?? `workload[${props.issuer.name}/${props.name}]`;
  }

  /** A stable id: `<issuer>/<name>`. */
  public get id(): string {
    return `${this.issuer.name}/${this.name}`;
  }

  /** Whether this is a Kubernetes service account. */
  public get isKubernetes(): boolean {
    return this.kind === WorkloadKind.KUBERNETES;
  }

  /** Whether this is a cloud identity (Entra ID principal, Google service account, AWS role). */
  public get isCloudIdentity(): boolean {
    return this.kind === WorkloadKind.CLOUD;
  }

  /** @internal The field that holds the subject, for error messages. */
  public get _subjectField(): string {
    if (this.isKubernetes) return 'serviceAccount';
    const p = this.cloudPrincipal;
    if (!p) return 'subject';
    return p.issuerKind === IssuerKind.ENTRA_ID ? 'objectId' : p.issuerKind === IssuerKind.GOOGLE ? 'uniqueId' : 'roleArn';
  }

  /** Grant this workload an IAM role in an AWS account of the model. */
  public grantAws(account: AwsAccount, options: AwsGrantOptions = {}): AwsAccess {
    this._model._checkOwn(this, 'aws', account, account.name);
    const access = account._grant(this, options);
    this._aws.push(access);
    return access;
  }

  /** Grant this workload an Entra ID application or managed identity in a tenant of the model. */
  public grantAzure(tenant: AzureTenant, options: AzureGrantOptions = {}): AzureAccess {
    this._model._checkOwn(this, 'azure', tenant, tenant.name);
    const access = tenant._grant(this, options);
    this._azure.push(access);
    return access;
  }

  /** Grant this workload access in a GCP project of the model. */
  public grantGcp(project: GcpProject, options: GcpGrantOptions = {}): GcpAccess {
    this._model._checkOwn(this, 'gcp', project, project.name);
    const access = project._grant(this, options);
    this._gcp.push(access);
    return access;
  }

  /** Its AWS grants. */
  public get awsAccess(): AwsAccess[] {
    return [...this._aws];
  }

  /** Its Azure grants. */
  public get azureAccess(): AzureAccess[] {
    return [...this._azure];
  }

  /** Its GCP grants. */
  public get gcpAccess(): GcpAccess[] {
    return [...this._gcp];
  }
}

interface WorkloadInit {
  readonly issuer: Issuer;
  readonly name: string;
  readonly namespace?: string;
  readonly serviceAccount?: string;
  readonly subject: string;
  readonly tokenExpirationSeconds?: number;
  readonly ciSubject?: CiSubject;
  readonly cloudPrincipal?: CloudPrincipal;
  readonly description?: string;
  readonly sourceLocation?: string;
}

const CLOUD_FACTORY: Partial<Record<IssuerKind, string>> = {
  [IssuerKind.ENTRA_ID]: 'CloudPrincipal.entraObjectId(…) (model file: `objectId:`)',
  [IssuerKind.GOOGLE]: 'CloudPrincipal.googleServiceAccount(…) (model file: `uniqueId:`)',
  [IssuerKind.AWS]: 'CloudPrincipal.awsRole(…) (model file: `roleArn:`)',
};

/** @internal Validates Kubernetes workload props and builds the workload. */
export function makeKubernetesWorkload(model: IdentityModel, props: KubernetesWorkloadProps): Workload {
  const where = props.sourceLocation ?? `workload[${props.issuer?.name}/${props.namespace}/${props.serviceAccount}]`;
  if (!(props.issuer instanceof Issuer)) fail(where, 'issuer', props.issuer, 'is not an Issuer of the model', 'an Issuer returned by model.addIssuer()', 'pass the issuer object');
  if (!props.issuer.isKubernetes) {
    fail(where, 'issuer', props.issuer.name, `is a ${props.issuer.kind} issuer, not a Kubernetes cluster`, 'an EKS, AKS, GKE or self-managed issuer',
      props.issuer.isCloudIdentity ? `declare its principals with addCloudWorkload and ${CLOUD_FACTORY[props.issuer.kind]}` : 'declare CI identities with addCiWorkload (model file: `subject:` instead of `namespace:`/`serviceAccount:`)');
  }
  requireDnsLabel(where, 'namespace', props.namespace);
  requireDnsSubdomain(where, 'serviceAccount', props.serviceAccount);
  if (props.tokenExpirationSeconds !== undefined) {
    const t = props.tokenExpirationSeconds;
    if (!Number.isInteger(t) || t < MIN_TOKEN_EXPIRATION_SECONDS || t > MAX_TOKEN_EXPIRATION_SECONDS) {
      fail(where, 'tokenExpirationSeconds', t, t < MIN_TOKEN_EXPIRATION_SECONDS ? 'is under 10 minutes: the API server refuses it ("may not specify a duration less than 10 minutes")' : 'is out of range',
        `a whole number of seconds from ${MIN_TOKEN_EXPIRATION_SECONDS} to ${MAX_TOKEN_EXPIRATION_SECONDS}`,
        t < MIN_TOKEN_EXPIRATION_SECONDS ? 'use at least 600 (3600 is the Kubernetes default)' : 'use at most 86400 (24 hours)');
    }
  }
  const name = props.name ?? `${props.namespace}-${props.serviceAccount}`;
  if (props.name !== undefined) checkWorkloadName(where, props.name);
  return Workload._new(model, WorkloadKind.KUBERNETES, {
    issuer: props.issuer, name, namespace: props.namespace, serviceAccount: props.serviceAccount,
    subject: `system:serviceaccount:${props.namespace}:${props.serviceAccount}`,
    tokenExpirationSeconds: props.tokenExpirationSeconds, description: props.description, sourceLocation: where,
  });
}

/** @internal Validates CI workload props and builds the workload. */
export function makeCiWorkload(model: IdentityModel, props: CiWorkloadProps): Workload {
  const where = props.sourceLocation ?? `workload[${props.issuer?.name}/${props.name}]`;
  if (!(props.issuer instanceof Issuer)) fail(where, 'issuer', props.issuer, 'is not an Issuer of the model', 'an Issuer returned by model.addIssuer()', 'pass the issuer object');
  if (props.issuer.isKubernetes) {
    fail(where, 'issuer', props.issuer.name, `is a Kubernetes cluster (${props.issuer.kind})`, 'a CI issuer (Azure DevOps, GitHub Actions, GitLab) or a generic issuer',
      'declare service accounts with addWorkload (model file: `namespace:` and `serviceAccount:`); a Tekton pipeline is the service account its pods run as');
  }
  if (props.issuer.isCloudIdentity) {
    fail(where, 'issuer', props.issuer.name, `is a cloud identity source (${props.issuer.kind})`, 'a CI issuer (Azure DevOps, GitHub Actions, GitLab) or a generic issuer',
      `declare its principals with addCloudWorkload and ${CLOUD_FACTORY[props.issuer.kind]}`);
  }
  checkWorkloadName(where, props.name);
  const s = props.subject;
  if (!(s instanceof CiSubject)) fail(where, 'subject', s, 'is missing', 'a CiSubject', 'build it with CiSubject.githubBranch(…), gitlabBranch(…), azureDevOpsServiceConnection(…) or exact(…)');
  if (s.issuerKind !== undefined && s.issuerKind !== props.issuer.kind) {
    fail(where, 'subject', s.value, `is a ${s.issuerKind} subject but the issuer "${props.issuer.name}" is ${props.issuer.kind}`, `a subject form of ${props.issuer.kind}`, 'use the CiSubject factory that matches the issuer');
  }
  if (props.issuer.kind === IssuerKind.AZURE_DEVOPS) {
    const entra = props.issuer.url.startsWith('https://login.microsoftonline.com/');
    if (entra !== (s.parts.legacy === 'false')) {
      fail(where, 'subject', s.value, entra ? 'is a legacy sc:// subject, but the issuer is Entra-issued (login.microsoftonline.com)' : 'is an Entra-issued subject, but the issuer is the legacy vstoken issuer',
        entra ? '/eid1/c/pub/t/… subjects' : 'sc://<org>/<project>/<connection> subjects',
        'copy both the issuer and the subject identifier from the same service connection page');
    }
  }
  return Workload._new(model, WorkloadKind.CI, { issuer: props.issuer, name: props.name, subject: s.value, ciSubject: s, description: props.description, sourceLocation: where });
}


/** @internal Validates cloud identity props and builds the workload. */
export function makeCloudWorkload(model: IdentityModel, props: CloudWorkloadProps): Workload {
  const where = props.sourceLocation ?? `workload[${props.issuer?.name}/${props.name}]`;
  if (!(props.issuer instanceof Issuer)) fail(where, 'issuer', props.issuer, 'is not an Issuer of the model', 'an Issuer returned by model.addIssuer()', 'pass the issuer object');
  const issuer = props.issuer;
  if (!issuer.isCloudIdentity) {
    fail(where, 'issuer', issuer.name, `is a ${issuer.kind} issuer, not a cloud identity source`, 'an entra-id, google or aws issuer',
      issuer.isKubernetes ? 'declare service accounts with addWorkload (model file: `namespace:` and `serviceAccount:`)' : 'declare CI identities with addCiWorkload (model file: `subject:`)');
  }
  checkWorkloadName(where, props.name);
  const p = props.principal;
  if (!(p instanceof CloudPrincipal)) fail(where, 'principal', p, 'is missing', `a principal of the ${issuer.kind} issuer "${issuer.name}"`, `build it with ${CLOUD_FACTORY[issuer.kind]}`);
  if (p.issuerKind !== issuer.kind) {
    fail(where, 'principal', p.subject, `is a ${p.issuerKind} principal but the issuer "${issuer.name}" is ${issuer.kind}`, `a principal of ${issuer.kind}`, `build it with ${CLOUD_FACTORY[issuer.kind]}`);
  }
  if (issuer.kind === IssuerKind.AWS) {
    const { accountId, partition, roleArn } = p.parts;
    if (accountId !== issuer.awsAccountId || partition !== issuer.awsPartition) {
      fail(where, 'roleArn', roleArn, `is a role of account ${accountId} (${partition}), but issuer "${issuer.name}" is account ${issuer.awsAccountId} (${issuer.awsPartition})`,
        `a role of account ${issuer.awsAccountId}`, `declare an aws issuer for account ${accountId}, or fix the ARN`);
    }
  }
  return Workload._new(model, WorkloadKind.CLOUD, { issuer, name: props.name, subject: p.subject, cloudPrincipal: p, description: props.description, sourceLocation: where });
}

function checkWorkloadName(where: string, name: string): void {
  if (typeof name !== 'string' || name.length > 40 || !DNS1123_LABEL.test(name)) {
    fail(where, 'name', name, 'is not a valid workload name', 'lowercase letters, digits and "-", starting and ending with a letter or digit, at most 40 characters', 'choose a short name such as "deploy-prod"');
  }
}

function checkRepo(repository: string): string {
  if (typeof repository !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{1,100}$/.test(repository)) {
    fail('subject', 'repository', repository, 'is not a GitHub repository', '<owner>/<repo>', 'write the repository as it appears in its URL, e.g. "acme/deploy"');
  }
  return repository;
}

function checkProjectPath(path: string): string {
  if (typeof path !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)+$/.test(path)) {
    fail('subject', 'projectPath', path, 'is not a GitLab project path', '<group>[/<subgroup>…]/<project>', 'write the path as it appears in the project URL');
  }
  return path;
}

function checkRef(field: string, v: string): string {
  if (typeof v !== 'string' || v.length === 0 || /[\s*?]/.test(v)) {
    fail('subject', field, v, 'is not an exact name', 'a non-empty name without spaces or wildcards', `write the exact ${field} name`);
  }
  return v;
}
