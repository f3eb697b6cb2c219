import type { AwsAccess, AwsAccount, AwsGrantOptions } from './aws';
import type { AzureAccess, AzureGrantOptions, AzureTenant } from './azure';
import type { GcpAccess, GcpGrantOptions, GcpProject } from './gcp';
import type { IdentityModel } from './identity-model';
import { Issuer, IssuerKind } from './issuer';
import { fail, requireDnsLabel, requireDnsSubdomain, DNS1123_LABEL } from './private/checks';
import { MAX_TOKEN_EXPIRATION_SECONDS, MIN_TOKEN_EXPIRATION_SECONDS } from './targets';

/** What a workload is. */
export enum WorkloadKind {
  /** A Kubernetes service account (pods, Tekton pipelines …). */
  KUBERNETES = 'kubernetes',
  /** A CI pipeline identity (Azure DevOps service connection, GitHub Actions, GitLab). */
  CI = 'ci',
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
  readonly description?: string;
  readonly sourceLocation?: string;
}

/** @internal Validates Kubernetes workload props and builds the workload. */
export function makeKubernetesWorkload(model: IdentityModel, props: KubernetesWorkloadProps): Workload {
  const where = props.sourceLocation ?? `workload[${props.issuer?.name}/${props.namespace}/${props.serviceAccount}]`;
  if (!(props.issuer instanceof Issuer)) fail(where, 'issuer', props.issuer, 'is not an Issuer of the model', 'an Issuer returned by model.addIssuer()', 'pass the issuer object');
  if (!props.issuer.isKubernetes) {
    fail(where, 'issuer', props.issuer.name, `is a ${props.issuer.kind} issuer, not a Kubernetes cluster`, 'an EKS, AKS, GKE or self-managed issuer', 'declare CI identities with addCiWorkload (model file: `subject:` instead of `namespace:`/`serviceAccount:`)');
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
