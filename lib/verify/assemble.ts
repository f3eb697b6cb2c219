/**
 * Assembles the trust graph: parses the artifacts and gives every Kubernetes service account
 * and workload its cluster's issuer — from `--issuer`, from the `crossfed.dev/issuer`
 * annotation, or from the identity model — and never by guessing.
 */
import { publishedDocuments } from './discovery';
import { isUnresolved, OidcDocuments, TrustGraph } from './graph';
import { ArtifactFile, parseArtifacts, ParseOptions } from './parse';
import { EntraIdentityKind } from '../model/azure';
import { CrossfedError } from '../model/errors';
import type { IdentityModel } from '../model/identity-model';
import type { TerraformOutputs } from '../model/synth-output';

/** Options for building a trust graph. */
export interface GraphOptions extends ParseOptions {
  /**
   * Cluster issuers: `<url>` for every Kubernetes file whose objects do not say, or
   * `<cluster>=<url>` for one file, where `<cluster>` is the file's path, a path suffix, or its
   * name without `.yaml` (crossfed writes `kubernetes/<issuer name>.yaml`).
   * @default - from the artifacts' `crossfed.dev/issuer` annotations, then the model
   */
  readonly issuers?: readonly string[];
  /** The identity model the artifacts were synthesized from. @default - none */
  readonly model?: IdentityModel;
  /** `terraform output -json` of the Entra stacks: the client ids Entra assigned (used with the model). @default - none */
  readonly tfOutputs?: TerraformOutputs;
}

/** How a cluster's issuer was learnt. */
export interface IssuerOption {
  readonly url: string;
  readonly cluster?: string;
}

/** Parses `--issuer` values; throws a `CrossfedError` (bad input) for malformed ones. */
export function parseIssuerOptions(values: readonly string[]): IssuerOption[] {
  const out: IssuerOption[] = values.map(v => {
    const eq = v.indexOf('=');
    const scheme = v.indexOf('://');
    const [cluster, url] = eq > 0 && (scheme < 0 || eq < scheme) ? [v.slice(0, eq), v.slice(eq + 1)] : [undefined, v];
    if (!/^https?:\/\/[^\s/]+/.test(url)) {
      throw CrossfedError.of({ where: '--issuer', field: 'issuer', value: v, problem: 'is not an issuer URL', allowed: '<url> or <cluster>=<url>, the URL exactly as tokens carry it in `iss`', fix: 'e.g. --issuer prod-eks=https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE' });
    }
    return { url, cluster };
  });
  const bare = out.filter(o => o.cluster === undefined);
  if (bare.length > 1) {
    throw CrossfedError.of({ where: '--issuer', field: 'issuer', value: bare.map(o => o.url), problem: 'gives several issuers without saying which cluster each belongs to', allowed: 'one bare <url>, or <cluster>=<url> per cluster', fix: 'write --issuer <file or cluster name>=<url> for each cluster' });
  }
  return out;
}

function clusterMatches(cluster: string, file: string): boolean {
  const base = file.slice(file.lastIndexOf('/') + 1).replace(/\.ya?ml$/i, '').replace(/\.json$/i, '');
  return file === cluster || file.endsWith(`/${cluster}`) || base === cluster;
}

/** Parses the artifacts and assigns issuers. */
export function buildTrustGraph(files: readonly ArtifactFile[], options: GraphOptions = {}): TrustGraph {
  const model = options.model;
  const projectNumbers: Record<string, string> = { ...options.gcpProjectNumbers };
  for (const p of model?.gcpProjects ?? []) projectNumbers[p.projectId] ??= p.projectNumber;
  const graph = parseArtifacts(files, { ...options, gcpProjectNumbers: projectNumbers });
  const opts = parseIssuerOptions(options.issuers ?? []);
  const bare = opts.find(o => o.cluster === undefined)?.url;
  const modelIssuers = (model?.issuers ?? []).filter(i => i.isKubernetes);

  const fileIssuer = new Map<string, string | undefined>();
  // The issuers service accounts are annotated with, per file.
  const annotatedIn = new Map<string, Set<string>>();
  for (const s of graph.k8s.serviceAccounts) {
    if (!s.issuer) continue;
    const set = annotatedIn.get(s.ref.file) ?? new Set<string>();
    annotatedIn.set(s.ref.file, set.add(s.issuer));
  }
  const issuerOfFile = (file: string): string | undefined => {
    if (fileIssuer.has(file)) return fileIssuer.get(file);
    let url = opts.find(o => o.cluster !== undefined && clusterMatches(o.cluster, file))?.url;
    if (url === undefined) {
      const annotated = annotatedIn.get(file) ?? new Set<string>();
      if (annotated.size === 1) url = [...annotated][0];
    }
    url ??= bare ?? modelIssuers.find(i => clusterMatches(i.name, file))?.url;
    fileIssuer.set(file, url);
    return url;
  };
  /** The model's issuer for a service account, when exactly one cluster of the model has it. */
  const modelUrls = new Map<string, Set<string>>();
  for (const w of model?.workloads ?? []) {
    if (typeof w.namespace !== 'string' || typeof w.serviceAccount !== 'string') continue;
    const k = JSON.stringify([w.namespace, w.serviceAccount]);
    modelUrls.set(k, (modelUrls.get(k) ?? new Set<string>()).add(w.issuer.url));
  }
  const fromModel = (namespace: string, name: string): string | undefined => {
    const urls = modelUrls.get(JSON.stringify([namespace, name]));
    return urls?.size === 1 ? [...urls][0] : undefined;
  };
  const explicit = (file: string) => opts.find(o => o.cluster !== undefined && clusterMatches(o.cluster, file))?.url;

  const sas = graph.k8s.serviceAccounts.map(sa => ({ ...sa, issuer: explicit(sa.ref.file) ?? sa.issuer ?? issuerOfFile(sa.ref.file) ?? fromModel(sa.namespace, sa.name) }));
  graph.k8s.serviceAccounts.splice(0, sas.length, ...sas);
  const saByKey = new Map<string, typeof sas[number]>();
  for (const s of sas) {
    const k = JSON.stringify([s.ref.file, s.namespace, s.name]);
    if (!saByKey.has(k)) saByKey.set(k, s);
  }
  const workloads = graph.k8s.workloads.map(w => {
    const sa = saByKey.get(JSON.stringify([w.ref.file, w.namespace, w.serviceAccountName]));
    return { ...w, issuer: sa?.issuer ?? issuerOfFile(w.ref.file) ?? fromModel(w.namespace, w.serviceAccountName) };
  });
  graph.k8s.workloads.splice(0, workloads.length, ...workloads);
  if (model) addModelFacts(graph, model, options.tfOutputs);
  // Issuer documents a hosting in the artifacts publishes, for the discovery rules and signatures.
  const published = publishedDocuments(graph.published ?? []);
  graph.parseErrors.push(...published.errors);
  if (published.documents.length > 0) (graph as { oidc?: OidcDocuments[] }).oidc = [...(graph.oidc ?? []), ...published.documents];
  return graph;
}

/**
 * What the model knows that the artifacts cannot say: IAM OIDC providers that exist already
 * (every EKS cluster created with `--with-oidc`), with the client ids its grants use; and,
 * given `terraform output -json`, the client ids Entra assigned to the identities Terraform
 * created (the artifacts hold only `${…client_id}`).
 */
function addModelFacts(graph: TrustGraph, model: IdentityModel, tfOutputs: TerraformOutputs | undefined): void {
  for (const a of model.awsAccounts) {
    for (const p of a.oidcProviders.filter(x => x.existing)) {
      if (graph.aws.providers.some(x => x.arn === p.arn || x.url === p.issuer.url)) continue;
      graph.aws.providers.push({ ref: { file: '(model)', resource: `existing provider ${p.arn}` }, url: p.issuer.url, arn: p.arn, clientIds: p.clientIds, thumbprints: [] });
    }
  }
  // Existing Entra identities: the artifacts name them by object or resource id only; the model
  // knows their client id (and name).
  const existing = new Map<string, { clientId?: string; displayName: string; principalId?: string }>();
  for (const i of model.azureTenants.flatMap(t => t.identities).filter(x => x.existing)) {
    const id = i.kind === EntraIdentityKind.MANAGED_IDENTITY ? i.resourceId : i.objectId ? `/applications/${i.objectId}` : undefined;
    if (id) existing.set(id, { clientId: i.clientId, displayName: i.displayName, principalId: i.principalId });
  }
  graph.azure.identities.splice(0, graph.azure.identities.length, ...graph.azure.identities.map(i => {
    const facts = existing.get(i.id);
    if (!facts) return i;
    return { ...i, displayName: facts.displayName, ...(facts.clientId ? { clientId: facts.clientId } : {}), ...(facts.principalId ? { principalId: facts.principalId } : {}) };
  }));
  if (!tfOutputs) return;
  const byName = new Map<string, string>();
  for (const t of model.azureTenants) {
    for (const i of t.identities) {
      const v = tfOutputs[i.clientIdOutputName]?.value;
      if (typeof v === 'string' && !i.existing) byName.set(`${i.kind === EntraIdentityKind.MANAGED_IDENTITY ? 'managed-identity' : 'application'}\n${i.displayName}`, v);
    }
  }
  graph.azure.identities.splice(0, graph.azure.identities.length, ...graph.azure.identities.map(i => {
    const clientId = typeof i.displayName === 'string' && isUnresolved(i.clientId) ? byName.get(`${i.kind}\n${i.displayName}`) : undefined;
    return clientId ? { ...i, clientId } : i;
  }));
}
