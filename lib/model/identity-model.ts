import { AwsAccount, AwsAccountProps } from './aws';
import { AzureTenant, AzureTenantProps } from './azure';
import { GcpProject, GcpProjectProps } from './gcp';
import { Issuer, IssuerKind } from './issuer';
import { byKey, fail } from './private/checks';
import { loadModelFile, parseModelText } from './private/model-file';
import { CiWorkloadProps, CloudWorkloadProps, KubernetesWorkloadProps, makeCiWorkload, makeCloudWorkload, makeKubernetesWorkload, Workload } from './workload';

/** Props of an identity model. */
export interface IdentityModelProps {
  /** The model's name (used in stack and chart names). @default "crossfed" */
  readonly name?: string;
}

/**
 * The identity model: which workloads (service accounts, CI pipelines) may act as which cloud
 * identities. Plain typed data and validation; every renderer and the checker read it.
 */
export class IdentityModel {
  /**
   * Load a model from a YAML or JSON file (see `schema/crossfed-model.schema.json`). Errors
   * name the file, line and column, the field, the value and the fix.
   */
  public static fromFile(file: string): IdentityModel {
    return loadModelFile(IdentityModel, file);
  }

  /** Load a model from YAML or JSON text; `fileName` is used in error positions. */
  public static fromText(text: string, fileName?: string): IdentityModel {
    return parseModelText(IdentityModel, text, fileName ?? 'model.yaml');
  }

  /** The model's name. */
  public readonly name: string;
  private readonly _issuers = new Map<string, Issuer>();
  private readonly _issuerUrls = new Map<string, Issuer>();
  private readonly _aws = new Map<string, AwsAccount>();
  private readonly _azure = new Map<string, AzureTenant>();
  private readonly _gcp = new Map<string, GcpProject>();
  private readonly _workloads = new Map<string, Workload>();
  private readonly _subjects = new Map<string, Workload>();
  /** @internal Per GKE workload pool (`<project>.svc.id.goog`): the first workload granted GKE workload identity with it. */
  public readonly _gkeNative = new Map<string, Workload>();

  constructor(props: IdentityModelProps = {}) {
    const name = props.name ?? 'crossfed';
    if (!/^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$/.test(name)) {
      fail('model', 'name', name, 'is not a valid model name', 'lowercase letters, digits and "-", at most 40 characters', 'choose e.g. "platform-identities"');
    }
    this.name = name;
  }

  /** Add an issuer (a cluster or CI system). Names and URLs are unique. */
  public addIssuer(issuer: Issuer): Issuer {
    const byName = this._issuers.get(issuer.name);
    if (byName) fail(issuer.sourceLocation, 'name', issuer.name, `is already used by the issuer declared at ${byName.sourceLocation}`, 'unique issuer names', 'rename one of them');
    const byUrl = this._issuerUrls.get(issuer.url);
    const pair = byUrl && [byUrl.kind, issuer.kind].sort().join(' ');
    if (byUrl && pair === `${IssuerKind.AZURE_DEVOPS} ${IssuerKind.ENTRA_ID}`) {
      fail(issuer.sourceLocation, issuer.kind === IssuerKind.ENTRA_ID ? 'tokenVersion' : 'tenantId', issuer.kind === IssuerKind.ENTRA_ID ? issuer.entraTokenVersion : issuer.azureTenantId,
        `gives the issuer ${issuer.url}, which the ${byUrl.kind} issuer "${byUrl.name}" (declared at ${byUrl.sourceLocation}) has too: the tenant's v2.0 tokens and Entra-issued Azure DevOps tokens share it, and crossfed models one kind of workload per issuer`,
        'one issuer per URL', 'if the principals\' tokens are v1.0 (a managed identity\'s default), declare the entra-id issuer with tokenVersion: 1; otherwise federate them through another tenant\'s or the legacy vstoken issuer');
    }
    if (byUrl) fail(issuer.sourceLocation, 'url', issuer.url, `is already declared as issuer "${byUrl.name}"`, 'one issuer per URL', `refer to "${byUrl.name}" instead`);
    const h = issuer.hosting;
    if (h?.awsAccount) this._checkOwn(undefined, 'aws', h.awsAccount, h.awsAccount.name, h.sourceLocation);
    if (h?.gcpProject) this._checkOwn(undefined, 'gcp', h.gcpProject, h.gcpProject.name, h.sourceLocation);
    if (h?.azureTenant) this._checkOwn(undefined, 'azure', h.azureTenant, h.azureTenant.name, h.sourceLocation);
    this._issuers.set(issuer.name, issuer);
    this._issuerUrls.set(issuer.url, issuer);
    return issuer;
  }

  /** Add an AWS account. */
  public addAwsAccount(props: AwsAccountProps): AwsAccount {
    const a = new AwsAccount(props);
    for (const i of props.existingOidcProviders ?? []) this._checkOwn(undefined, 'issuer', i, i.name, a.sourceLocation);
    this.unique(this._aws, a.name, a, a.sourceLocation, 'AWS account');
    for (const other of this._aws.values()) {
      if (other !== a && other.accountId === a.accountId) fail(a.sourceLocation, 'accountId', a.accountId, `is already declared as "${other.name}"`, 'one entry per account', `refer to "${other.name}"`);
    }
    return a;
  }

  /** Add an Entra ID tenant. */
  public addAzureTenant(props: AzureTenantProps): AzureTenant {
    const t = new AzureTenant(props);
    this.unique(this._azure, t.name, t, t.sourceLocation, 'Azure tenant');
    return t;
  }

  /** Add a GCP project. */
  public addGcpProject(props: GcpProjectProps): GcpProject {
    const p = new GcpProject(props);
    this.unique(this._gcp, p.name, p, p.sourceLocation, 'GCP project');
    for (const other of this._gcp.values()) {
      if (other !== p && other.projectId === p.projectId) fail(p.sourceLocation, 'projectId', p.projectId, `is already declared as "${other.name}"`, 'one entry per project', `refer to "${other.name}"`);
    }
    return p;
  }

  /** Add a Kubernetes service account (a pod's identity, a Tekton pipeline's …). */
  public addWorkload(props: KubernetesWorkloadProps): Workload {
    if (props.issuer instanceof Issuer) this._checkOwn(undefined, 'issuer', props.issuer, props.issuer.name, props.sourceLocation ?? `workload[${props.issuer.name}/${props.namespace}/${props.serviceAccount}]`);
    return this.register(makeKubernetesWorkload(this, props));
  }

  /** Add a CI pipeline identity. */
  public addCiWorkload(props: CiWorkloadProps): Workload {
    if (props.issuer instanceof Issuer) this._checkOwn(undefined, 'issuer', props.issuer, props.issuer.name, props.sourceLocation ?? `workload[${props.issuer.name}/${props.name}]`);
    return this.register(makeCiWorkload(this, props));
  }

  /**
   * Add a cloud identity: an Entra ID managed identity or service principal (Azure Data Factory,
   * Functions, VMs), a Google service account (Dataflow workers), or an AWS IAM role (an AWS Batch
   * job), presenting its own cloud's credentials to the other clouds.
   */
  public addCloudWorkload(props: CloudWorkloadProps): Workload {
    if (props.issuer instanceof Issuer) this._checkOwn(undefined, 'issuer', props.issuer, props.issuer.name, props.sourceLocation ?? `workload[${props.issuer.name}/${props.name}]`);
    return this.register(makeCloudWorkload(this, props));
  }

  /** Issuers, sorted by name. */
  public get issuers(): Issuer[] {
    return [...this._issuers.values()].sort(byKey(i => i.name));
  }

  /** Workloads, sorted by id. */
  public get workloads(): Workload[] {
    return [...this._workloads.values()].sort(byKey(w => w.id));
  }

  /** AWS accounts, sorted by name. */
  public get awsAccounts(): AwsAccount[] {
    return [...this._aws.values()].sort(byKey(a => a.name));
  }

  /** Azure tenants, sorted by name. */
  public get azureTenants(): AzureTenant[] {
    return [...this._azure.values()].sort(byKey(a => a.name));
  }

  /** GCP projects, sorted by name. */
  public get gcpProjects(): GcpProject[] {
    return [...this._gcp.values()].sort(byKey(a => a.name));
  }

  /** Self-managed issuers whose documents crossfed publishes, sorted by name. */
  public get hostedIssuers(): Issuer[] {
    return this.issuers.filter(i => i.hosting !== undefined);
  }

  /** Whether a workload of the issuer federates to Entra ID (whose tokens must then be RS256). */
  public federatesToEntra(issuer: Issuer): boolean {
    return this.workloads.some(w => w.issuer === issuer && w.azureAccess.length > 0);
  }

  /** Find an issuer by name. */
  public findIssuer(name: string): Issuer | undefined {
    return this._issuers.get(name);
  }

  /** Find an issuer by its exact URL. */
  public findIssuerByUrl(url: string): Issuer | undefined {
    return this._issuerUrls.get(url);
  }

  /** Find a workload by id (`<issuer>/<name>`) or by name when unique. */
  public findWorkload(idOrName: string): Workload | undefined {
    const byId = this._workloads.get(idOrName);
    if (byId) return byId;
    const named = [...this._workloads.values()].filter(w => w.name === idOrName);
    return named.length === 1 ? named[0] : undefined;
  }

  /** Find an AWS account by name. */
  public findAwsAccount(name: string): AwsAccount | undefined {
    return this._aws.get(name);
  }

  /** Find an Azure tenant by name. */
  public findAzureTenant(name: string): AzureTenant | undefined {
    return this._azure.get(name);
  }

  /** Find a GCP project by name. */
  public findGcpProject(name: string): GcpProject | undefined {
    return this._gcp.get(name);
  }

  /** Warnings about the model, each starting with a stable id (`crossfed:model:…`). */
  public get warnings(): string[] {
    return this.issuers.flatMap(i => i.warnings);
  }

  /** @internal Fails unless `thing` belongs to this model. */
  public _checkOwn(workload: Workload | undefined, field: string, thing: unknown, name: string, where?: string): void {
    const w = where ?? workload?.sourceLocation ?? 'model';
    const owned = thing instanceof Issuer ? this._issuers.get(thing.name) === thing
      : thing instanceof AwsAccount ? this._aws.get(thing.name) === thing
        : thing instanceof AzureTenant ? this._azure.get(thing.name) === thing
          : thing instanceof GcpProject ? this._gcp.get(thing.name) === thing : false;
    if (!owned) {
      const what = field === 'issuer' ? 'issuer' : `${field} cloud`;
      fail(w, field, name, `names a ${what} that this model does not declare`, `one declared with model.add…() (model file: under \`${field === 'issuer' ? 'issuers' : field}:\`)`,
        `declare it in the model first${field === 'issuer' ? '' : `, e.g. model.add${field === 'aws' ? 'AwsAccount' : field === 'azure' ? 'AzureTenant' : 'GcpProject'}(…)`}`);
    }
  }

  private register(w: Workload): Workload {
    const same = this._workloads.get(w.id);
    if (same) fail(w.sourceLocation, 'name', w.name, `duplicates the workload declared at ${same.sourceLocation}`, 'each workload once per issuer', 'remove the duplicate, or give it another name');
    const subjectKey = `${w.issuer.url}\n${w.subject}`;
    const sameSubject = this._subjects.get(subjectKey);
    if (sameSubject) {
      fail(w.sourceLocation, w._subjectField, w.subject, `is the same token subject as workload "${sameSubject.id}" (declared at ${sameSubject.sourceLocation})`,
        'one workload per issuer and subject', 'merge the two entries: add the grants to the first one');
    }
    this._workloads.set(w.id, w);
    this._subjects.set(subjectKey, w);
    return w;
  }

  private unique<T>(map: Map<string, T>, name: string, value: T, where: string, what: string): void {
    if (map.has(name)) fail(where, 'name', name, `is already used by another ${what}`, `unique ${what} names`, 'rename one of them');
    map.set(name, value);
  }
}
