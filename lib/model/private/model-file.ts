import * as fs from 'fs';
import * as path from 'path';
import { Document, LineCounter, parseDocument, Node as YamlNode } from 'yaml';
import { ZodError } from 'zod';
import { AwsAccount, AwsGrantOptions } from '../aws';
import { AzureGrantOptions, AzureTenant } from '../azure';
import { CrossfedError, isCrossfedError, Problem } from '../errors';
import { GcpGrantOptions, GcpProject, GcpResourceType } from '../gcp';
import { IssuerHosting, S3IssuerAccess } from '../hosting';
import type { IdentityModel } from '../identity-model';
import { Issuer, IssuerKind } from '../issuer';
import { AccessMechanism } from '../targets';
import { CiSubject, CloudPrincipal } from '../workload';
import { IssuerEntry, ModelFile, ModelFileSchema, WorkloadEntry } from './model-schema';

type PathPart = string | number;

/** Positions in a parsed YAML/JSON document. */
class Positions {
  constructor(private readonly file: string, private readonly doc: Document, private readonly lines: LineCounter) {}

  /** `file:line:col` of the deepest node along `p` that exists. */
  public at(p: PathPart[]): string {
    for (let n = p.length; n >= 0; n--) {
      const node = n === 0 ? this.doc.contents : this.doc.getIn(p.slice(0, n), true) as YamlNode | undefined;
      const range = (node as any)?.range as [number, number, number] | undefined;
      if (range) {
        const pos = this.lines.linePos(range[0]);
        return `${this.file}:${pos.line}:${pos.col}`;
      }
    }
    return this.file;
  }

  /** `file:line:col` of the key of the last path element (for unknown fields). */
  public keyAt(p: PathPart[]): string {
    const parent = (p.length === 1 ? this.doc.contents : this.doc.getIn(p.slice(0, -1), true)) as any;
    const pair = parent?.items?.find((i: any) => i?.key?.value === p[p.length - 1]);
    const range = pair?.key?.range as [number, number, number] | undefined;
    if (!range) return this.at(p);
    const pos = this.lines.linePos(range[0]);
    return `${this.file}:${pos.line}:${pos.col}`;
  }

  /** Whether the path exists. */
  public has(p: PathPart[]): boolean {
    return this.doc.hasIn(p);
  }

  /** The plain value at the path. */
  public value(p: PathPart[]): unknown {
    const v = this.doc.getIn(p);
    return v && typeof v === 'object' && 'toJSON' in v ? (v as any).toJSON() : v;
  }
}

/** `workloads[3].aws[0].roleName` */
export function pathString(p: PathPart[]): string {
  return p.map((x, i) => typeof x === 'number' ? `[${x}]` : i === 0 ? x : `.${x}`).join('');
}

/** Reads and builds a model from a YAML or JSON file. Throws CrossfedError with file:line:col positions. */
export function loadModelFile(ModelClass: new (props: { name?: string }) => IdentityModel, file: string, displayName?: string): IdentityModel {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e: any) {
    throw CrossfedError.of({ where: displayName ?? file, field: 'model file', value: file, problem: `cannot be read (${e.code ?? e.message})`, fix: 'check the path given to --model' });
  }
  return parseModelText(ModelClass, text, displayName ?? path.relative(process.cwd(), file) ?? file);
}

/** Builds a model from YAML or JSON text. */
export function parseModelText(ModelClass: new (props: { name?: string }) => IdentityModel, text: string, fileName: string): IdentityModel {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new CrossfedError(doc.errors.map(e => {
      const pos = e.linePos?.[0];
      return { where: pos ? `${fileName}:${pos.line}:${pos.col}` : fileName, field: 'syntax', problem: `is not valid YAML/JSON: ${e.message.split('\n')[0]}`, fix: 'fix the syntax at that position' };
    }));
  }
  const pos = new Positions(fileName, doc, lines);
  const raw = doc.toJS() ?? {};
  const parsed = ModelFileSchema.safeParse(raw);
  if (!parsed.success) throw schemaError(parsed.error, pos);
  return new Builder(ModelClass, parsed.data, pos).build();
}

function schemaError(err: ZodError, pos: Positions): CrossfedError {
  const problems: Problem[] = err.issues.map(issue => {
    const p = issue.path as PathPart[];
    const field = pathString(p) || '(top level)';
    if (issue.code === 'unrecognized_keys') {
      const keys = (issue as any).keys as string[];
      const known = knownKeys(err, p);
      return {
        where: pos.keyAt([...p, keys[0]]), field: pathString([...p, keys[0]]) || keys[0], value: keys[0], problem: 'is not a known field',
        allowed: known.length ? known.join(', ') : undefined, fix: suggest(keys[0], known) ? `did you mean "${suggest(keys[0], known)}"?` : 'remove it',
      };
    }
    const missing = !pos.has(p);
    return {
      where: pos.at(p), field, value: missing ? undefined : pos.value(p),
      problem: missing ? 'is missing' : `is invalid: ${issue.message}`,
      allowed: (issue as any).values ? (issue as any).values.join(', ') : (issue as any).expected ? `a value of type ${(issue as any).expected}` : undefined,
      fix: missing ? `add ${field}` : `correct ${field}`,
    };
  });
  return new CrossfedError(problems);
}

const KNOWN: Record<string, string[]> = {};
function knownKeys(_err: ZodError, p: PathPart[]): string[] {
  const key = p.filter(x => typeof x === 'string').join('.');
  return KNOWN[key] ?? [];
}

/** Closest known key within edit distance 2. */
export function suggest(word: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const k of known) {
    const d = editDistance(word.toLowerCase(), k.toLowerCase());
    if (d < bestD) { best = k; bestD = d; }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) dp[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      dp[i][j] = Math.min(dp[i - 1][j] + 1, dp[i][j - 1] + 1, dp[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return dp[a.length][b.length];
}

class Builder {
  private readonly problems: Problem[] = [];
  private readonly model: IdentityModel;
  private readonly failedIssuers = new Set<string>();
  /** Hosted issuers not built yet (while the clouds are). */
  private hostedIssuers = new Set<string>();

  constructor(ModelClass: new (props: { name?: string }) => IdentityModel, private readonly file: ModelFile, private readonly pos: Positions) {
    this.model = this.attempt([], () => new ModelClass({ name: file.name })) ?? new ModelClass({});
  }

  public build(): IdentityModel {
    const f = this.file;
    const addIssuer = (e: IssuerEntry, i: number) => {
      const ok = this.attempt(['issuers', i], () => this.model.addIssuer(makeIssuer(e, this.pos.at(['issuers', i]), this.hosting(e, i))));
      if (!ok) this.failedIssuers.add(e.name);
    };
    // A hosted issuer names the cloud that publishes its documents: it is built after the clouds.
    (f.issuers ?? []).forEach((e, i) => { if (!e.hosting) addIssuer(e, i); });
    this.hostedIssuers = new Set((f.issuers ?? []).filter(e => e.hosting).map(e => e.name));
    (f.clouds?.aws ?? []).forEach((a, i) => this.attempt(['clouds', 'aws', i], () => this.model.addAwsAccount({
      ...a, existingOidcProviders: (a.existingOidcProviders ?? []).map((n, j) => this.issuer(n, ['clouds', 'aws', i, 'existingOidcProviders', j])),
      sourceLocation: this.pos.at(['clouds', 'aws', i]),
    })));
    (f.clouds?.azure ?? []).forEach((a, i) => this.attempt(['clouds', 'azure', i], () => this.model.addAzureTenant({ ...a, sourceLocation: this.pos.at(['clouds', 'azure', i]) })));
    (f.clouds?.gcp ?? []).forEach((a, i) => this.attempt(['clouds', 'gcp', i], () => this.model.addGcpProject({ ...a, sourceLocation: this.pos.at(['clouds', 'gcp', i]) })));
    (f.issuers ?? []).forEach((e, i) => { if (e.hosting) addIssuer(e, i); });
    this.hostedIssuers = new Set();
    (f.workloads ?? []).forEach((w, i) => this.workload(w, i));
    if (this.problems.length > 0) throw new CrossfedError(this.problems);
    return this.model;
  }

  private workload(w: WorkloadEntry, i: number): void {
    if (this.failedIssuers.has(w.issuer)) return; // already reported
    const base: PathPart[] = ['workloads', i];
    const where = this.pos.at(base);
    const workload = this.attempt(base, () => {
      const issuer = this.issuer(w.issuer, [...base, 'issuer']);
      const principalFields = (['objectId', 'uniqueId', 'serviceAccountEmail', 'roleArn'] as const).filter(f => w[f] !== undefined);
      if (issuer.isCloudIdentity) {
        for (const f of ['namespace', 'serviceAccount', 'subject', 'tokenExpirationSeconds'] as const) {
          if (w[f] !== undefined) {
            throw problem(this.pos, [...base, f], w[f], `is set on a cloud identity (issuer "${issuer.name}" is ${issuer.kind})`, CLOUD_FIELDS[issuer.kind], `remove ${f}`);
          }
        }
        return this.model.addCloudWorkload({ issuer, name: w.name as string, principal: this.principal(w, issuer, base), description: w.description, sourceLocation: where });
      }
      if (principalFields.length > 0) {
        throw problem(this.pos, [...base, principalFields[0]], w[principalFields[0]], `is set, but issuer "${issuer.name}" is ${issuer.kind}, not a cloud identity source`,
          'objectId with entra-id issuers, uniqueId (and serviceAccountEmail) with google, roleArn with aws', `remove ${principalFields[0]}, or name the cloud identity's issuer`);
      }
      if (w.subject !== undefined || (!issuer.isKubernetes && w.namespace === undefined)) {
        for (const f of ['namespace', 'serviceAccount', 'tokenExpirationSeconds'] as const) {
          if (w[f] !== undefined) throw problem(this.pos, [...base, f], w[f], 'is set on a CI identity (it has a subject)', 'namespace/serviceAccount for Kubernetes, subject for CI', `remove ${f}, or remove subject`);
        }
        return this.model.addCiWorkload({ issuer, name: w.name as string, subject: this.subject(w, base), description: w.description, sourceLocation: where });
      }
      if (w.namespace === undefined) throw problem(this.pos, [...base, 'namespace'], undefined, 'is missing', 'a namespace (service accounts) or a subject (CI)', 'add namespace: and serviceAccount:');
      if (w.serviceAccount === undefined) throw problem(this.pos, [...base, 'serviceAccount'], undefined, 'is missing', 'the service account name', 'add serviceAccount:');
      return this.model.addWorkload({
        issuer, namespace: w.namespace, serviceAccount: w.serviceAccount, name: w.name,
        tokenExpirationSeconds: w.tokenExpirationSeconds, description: w.description, sourceLocation: where,
      });
    });
    if (!workload) return;
    (w.aws ?? []).forEach((g, j) => this.attempt([...base, 'aws', j], () => {
      const { account, ...rest } = g;
      const options: AwsGrantOptions = {
        ...rest, mechanism: rest.mechanism as AccessMechanism | undefined,
        eksAccess: rest.eksAccess ? { ...rest.eksAccess, cluster: this.issuer(rest.eksAccess.cluster, [...base, 'aws', j, 'eksAccess', 'cluster']) } : undefined,
        sourceLocation: this.pos.at([...base, 'aws', j]),
      };
      workload.grantAws(this.cloud(this.model.findAwsAccount(account), 'aws', account, [...base, 'aws', j, 'account']) as AwsAccount, options);
    }));
    (w.azure ?? []).forEach((g, j) => this.attempt([...base, 'azure', j], () => {
      const { tenant, ...rest } = g;
      const options: AzureGrantOptions = { ...rest, sourceLocation: this.pos.at([...base, 'azure', j]) };
      workload.grantAzure(this.cloud(this.model.findAzureTenant(tenant), 'azure', tenant, [...base, 'azure', j, 'tenant']) as AzureTenant, options);
    }));
    (w.gcp ?? []).forEach((g, j) => this.attempt([...base, 'gcp', j], () => {
      const { project, ...rest } = g;
      const options: GcpGrantOptions = {
        ...rest, resourceRoles: rest.resourceRoles?.map(r => ({ ...r, resourceType: r.resourceType as GcpResourceType })),
        sourceLocation: this.pos.at([...base, 'gcp', j]),
      };
      workload.grantGcp(this.cloud(this.model.findGcpProject(project), 'gcp', project, [...base, 'gcp', j, 'project']) as GcpProject, options);
    }));
  }

  private subject(w: WorkloadEntry, base: PathPart[]): CiSubject {
    const s = w.subject;
    const p = [...base, 'subject'];
    if (!s) throw problem(this.pos, p, undefined, 'is missing', 'one subject form: githubBranch, githubTag, githubEnvironment, githubPullRequest, gitlabBranch, gitlabTag, azureDevOps, azureDevOpsEntra, exact', 'add subject:');
    const forms = Object.keys(s).filter(k => (s as any)[k] !== undefined);
    if (forms.length !== 1) throw problem(this.pos, p, forms, forms.length === 0 ? 'has no subject form' : 'has several subject forms', 'exactly one of githubBranch, githubTag, githubEnvironment, githubPullRequest, gitlabBranch, gitlabTag, azureDevOps, azureDevOpsEntra, exact', 'keep exactly one');
    return withPath(this.pos, [...p, forms[0]], () => {
      if (s.githubBranch) return CiSubject.githubBranch(s.githubBranch.repository, s.githubBranch.branch);
      if (s.githubTag) return CiSubject.githubTag(s.githubTag.repository, s.githubTag.tag);
      if (s.githubEnvironment) return CiSubject.githubEnvironment(s.githubEnvironment.repository, s.githubEnvironment.environment);
      if (s.githubPullRequest) return CiSubject.githubPullRequest(s.githubPullRequest.repository);
      if (s.gitlabBranch) return CiSubject.gitlabBranch(s.gitlabBranch.projectPath, s.gitlabBranch.branch);
      if (s.gitlabTag) return CiSubject.gitlabTag(s.gitlabTag.projectPath, s.gitlabTag.tag);
      if (s.azureDevOps) return CiSubject.azureDevOpsServiceConnection(s.azureDevOps.organization, s.azureDevOps.project, s.azureDevOps.serviceConnection);
      if (s.azureDevOpsEntra) return CiSubject.azureDevOpsEntra(s.azureDevOpsEntra);
      return CiSubject.exact(s.exact!);
    });
  }

  /** The principal of a cloud identity, from the field its issuer kind takes. */
  private principal(w: WorkloadEntry, issuer: Issuer, base: PathPart[]): CloudPrincipal {
    const at = <T>(fn: () => T): T => {
      try {
        return fn();
      } catch (e) {
        if (!isCrossfedError(e)) throw e;
        throw e.relocate(x => ({ ...x, where: this.pos.at([...base, x.field]), field: pathString([...base, x.field]) }));
      }
    };
    const other = (allowed: readonly string[]) => (['objectId', 'uniqueId', 'serviceAccountEmail', 'roleArn'] as const).find(f => w[f] !== undefined && !allowed.includes(f));
    const refuse = (f: string | undefined) => {
      if (f) throw problem(this.pos, [...base, f], (w as any)[f], `does not apply to ${issuer.kind} issuer "${issuer.name}"`, CLOUD_FIELDS[issuer.kind], `remove ${f}`);
    };
    const need = (f: 'objectId' | 'uniqueId' | 'roleArn') => {
      if (w[f] === undefined) throw problem(this.pos, [...base, f], undefined, 'is missing', CLOUD_FIELDS[issuer.kind], `add ${f}:`);
    };
    switch (issuer.kind) {
      case IssuerKind.ENTRA_ID:
        refuse(other(['objectId']));
        need('objectId');
        return at(() => CloudPrincipal.entraObjectId(w.objectId!));
      case IssuerKind.GOOGLE:
        refuse(other(['uniqueId', 'serviceAccountEmail']));
        need('uniqueId');
        if (typeof w.uniqueId === 'number') {
          throw problem(this.pos, [...base, 'uniqueId'], w.uniqueId, 'is a YAML number: a 21-digit id does not survive as one (it loses its last digits)', 'the unique id as a quoted string of 21 digits', 'quote it, e.g. uniqueId: "100000000000000000001"');
        }
        return at(() => CloudPrincipal.googleServiceAccount(w.uniqueId as string, w.serviceAccountEmail));
      default:
        refuse(other(['roleArn']));
        need('roleArn');
        return at(() => CloudPrincipal.awsRole(w.roleArn!));
    }
  }

  /** The hosting of an issuer entry, its cloud resolved by name. */
  private hosting(e: IssuerEntry, i: number): IssuerHosting | undefined {
    const h = e.hosting;
    if (!h) return undefined;
    const base: PathPart[] = ['issuers', i, 'hosting'];
    const forms = (['s3', 'gcs', 'azureStorage'] as const).filter(k => h[k] !== undefined);
    if (e.kind !== IssuerKind.SELF_MANAGED) throw problem(this.pos, base, e.kind, `is set on a ${e.kind} issuer`, 'hosting only on self-managed issuers (the others publish their own documents)', 'remove hosting');
    if (forms.length !== 1) throw problem(this.pos, base, forms, forms.length === 0 ? 'has no hosting' : 'has several hostings', 'exactly one of s3, gcs, azureStorage', 'keep exactly one');
    const p = [...base, forms[0]];
    const at = <T>(fn: () => T): T => {
      try {
        return fn();
      } catch (err) {
        if (!isCrossfedError(err)) throw err;
        throw err.relocate(x => (x.field.includes('[') ? x : { ...x, where: this.pos.at([...p, ...x.field.split('.')]), field: pathString([...p, ...x.field.split('.')]) }));
      }
    };
    return at(() => {
      const where = this.pos.at(p);
      if (h.s3) {
        const { account, access, ...rest } = h.s3;
        const a = this.cloud(this.model.findAwsAccount(account), 'aws', account, [...p, 'account']) as AwsAccount;
        return IssuerHosting.s3({ ...rest, account: a, access: access as S3IssuerAccess | undefined, sourceLocation: where });
      }
      if (h.gcs) {
        const { project, ...rest } = h.gcs;
        return IssuerHosting.gcs({ ...rest, project: this.cloud(this.model.findGcpProject(project), 'gcp', project, [...p, 'project']) as GcpProject, sourceLocation: where });
      }
      const { tenant, ...rest } = h.azureStorage!;
      return IssuerHosting.azureStorage({ ...rest, tenant: this.cloud(this.model.findAzureTenant(tenant), 'azure', tenant, [...p, 'tenant']) as AzureTenant, sourceLocation: where });
    });
  }

  private issuer(name: string, p: PathPart[]): Issuer {
    const issuer = this.model.findIssuer(name);
    if (!issuer && this.hostedIssuers.has(name)) {
      throw problem(this.pos, p, name, 'names a self-managed issuer whose documents crossfed publishes (it has hosting:), so no OIDC provider for it exists yet', 'issuers whose IAM OIDC provider already exists', 'remove it: crossfed creates the provider');
    }
    if (!issuer) {
      const known = this.model.issuers.map(i => i.name);
      const s = suggest(name, known);
      throw problem(this.pos, p, name, 'names an issuer that this model does not declare', known.length ? known.join(', ') : 'an issuer declared under issuers:', s ? `did you mean "${s}"?` : 'declare it under issuers:');
    }
    return issuer;
  }

  private cloud<T>(found: T | undefined, kind: 'aws' | 'azure' | 'gcp', name: string, p: PathPart[]): T {
    if (!found) {
      const known = (kind === 'aws' ? this.model.awsAccounts : kind === 'azure' ? this.model.azureTenants : this.model.gcpProjects).map(x => x.name);
      const s = suggest(name, known);
      throw problem(this.pos, p, name, `names a ${kind} cloud that this model does not declare`, known.length ? known.join(', ') : `an entry under clouds.${kind}`, s ? `did you mean "${s}"?` : `declare it under clouds.${kind}`);
    }
    return found;
  }

  /** Runs `fn`; on a CrossfedError, records its problems relocated under `base`. */
  private attempt<T>(base: PathPart[], fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      if (!isCrossfedError(e)) throw e;
      for (const p of e.problems) this.problems.push(relocate(this.pos, base, p));
      return undefined;
    }
  }
}

/** Moves a problem raised by the API under the entity at `base`: position of the field, field as a file path. */
function relocate(pos: Positions, base: PathPart[], p: Problem): Problem {
  if (p.field.includes('[') || p.field === 'syntax') return p; // already a file path
  const parts = p.field.split('.');
  const fieldPath = [...base, ...parts];
  return { ...p, where: pos.at(fieldPath), field: pathString(fieldPath) };
}

function problem(pos: Positions, p: PathPart[], value: unknown, what: string, allowed: string | undefined, fix: string): CrossfedError {
  return CrossfedError.of({ where: pos.at(p), field: pathString(p), value, problem: what, allowed, fix });
}

function withPath<T>(pos: Positions, p: PathPart[], fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (!isCrossfedError(e)) throw e;
    throw e.relocate(x => ({ ...x, where: pos.at(p), field: `${pathString(p)}${x.field && !['exact', 'azureDevOpsEntra'].includes(x.field) ? `.${x.field}` : ''}` }));
  }
}

/** What a cloud identity of each issuer kind is declared with. */
const CLOUD_FIELDS: Partial<Record<IssuerKind, string>> = {
  [IssuerKind.ENTRA_ID]: 'objectId: the principal\'s object id',
  [IssuerKind.GOOGLE]: 'uniqueId: the service account\'s 21-digit unique id (and optionally serviceAccountEmail)',
  [IssuerKind.AWS]: 'roleArn: arn:aws:iam::<account>:role/<name>',
};

function makeIssuer(e: IssuerEntry, where: string, hosting: IssuerHosting | undefined): Issuer {
  const need = (f: keyof IssuerEntry): string => {
    const v = e[f];
    if (v === undefined) throw CrossfedError.of({ where, field: f, problem: `is missing (needed for ${e.kind} issuers)`, fix: `add ${f}:` });
    return v as string;
  };
  const base = { name: e.name, sourceLocation: where };
  switch (e.kind as IssuerKind) {
    case IssuerKind.EKS: return Issuer.eks({ ...base, url: need('url'), accountId: e.accountId, clusterName: e.clusterName });
    case IssuerKind.AKS: return Issuer.aks({ ...base, url: need('url') });
    case IssuerKind.GKE: return Issuer.gke({ ...base, url: need('url') });
    case IssuerKind.SELF_MANAGED: return Issuer.selfManaged({ ...base, url: hosting ? e.url : need('url'), hosting, publicKeys: e.publicKeys, jwksJson: e.jwksJson, thumbprints: e.thumbprints });
    case IssuerKind.AZURE_DEVOPS: return Issuer.azureDevOps({ ...base, organizationName: need('organizationName'), organizationId: e.organizationId, tenantId: e.tenantId });
    case IssuerKind.GITHUB_ACTIONS: return Issuer.githubActions({ ...base, enterpriseSlug: e.enterpriseSlug });
    case IssuerKind.GITLAB: return Issuer.gitlab({ ...base, url: e.url });
    case IssuerKind.ENTRA_ID:
    case IssuerKind.GOOGLE:
    case IssuerKind.AWS: {
      if (e.url !== undefined) {
        throw CrossfedError.of({ where, field: 'url', value: e.url, problem: `is derived for ${e.kind} issuers, not given`, allowed: e.kind === 'entra-id' ? 'tenantId and tokenVersion' : e.kind === 'aws' ? 'accountId' : 'nothing: the issuer is https://accounts.google.com', fix: 'remove url' });
      }
      if (e.kind === IssuerKind.ENTRA_ID) return Issuer.entraId({ ...base, tenantId: need('tenantId'), tokenVersion: e.tokenVersion as number });
      if (e.kind === IssuerKind.GOOGLE) return Issuer.google(base);
      return Issuer.awsAccount({ ...base, accountId: need('accountId'), partition: e.partition });
    }
    default: return Issuer.generic({ ...base, url: need('url'), shared: e.shared });
  }
}

/** Populates the known keys of each object level for "did you mean" hints. */
export function registerKnownKeys(shape: Record<string, string[]>): void {
  Object.assign(KNOWN, shape);
}

/** Walks the schema once to list the keys of each object level. */
export function collectKnownKeys(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const walk = (schema: any, key: string) => {
    const def = schema?._zod?.def ?? schema?.def;
    if (!def) return;
    if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default') return walk(def.innerType, key);
    if (def.type === 'array') return walk(def.element, key);
    if (def.type === 'object') {
      const shape = typeof def.shape === 'function' ? def.shape() : def.shape;
      out[key] = Object.keys(shape);
      for (const [k, v] of Object.entries(shape)) walk(v, key ? `${key}.${k}` : k);
    }
  };
  walk(ModelFileSchema, '');
  return out;
}

registerKnownKeys(collectKnownKeys());
