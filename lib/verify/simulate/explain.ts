/**
 * `explain`: a token against every cloud identity of a trust graph it could be presented to
 * (or against the targets named), with each cloud's verdict and trace.
 */
import { EKS_POD_IDENTITY_PRINCIPAL } from '../../model/targets';
import { isUnresolved, TrustGraph } from '../graph';
import { EksCluster } from './aws-pod-identity';
import { SimulateOptions } from './aws-web-identity';
import { evaluateExchange, ExchangeTarget, targetKey } from './exchange';
import { serviceAccountOf, WORKLOAD_IDENTITY_USER } from './gcp-federation';
import { gkeWorkloadPool } from './gcp-gke-native';
import { policyStatements } from './iam-policy';
import { ExchangeResult } from './result';
import { cleanGraph, cleanToken } from './sanitize';
import { Token } from './token';
import { explainWorkload, WorkloadExplanation } from './workload-tokens';

export interface ExplainOptions extends SimulateOptions {
  /** Present the token to these targets only. @default - every identity of the graph it could be presented to */
  readonly targets?: readonly ExchangeTarget[];
  /** EKS clusters (name and issuer), so that Pod Identity roles are tried for their tokens. @default - none */
  readonly eksClusters?: readonly EksCluster[];
}

/** What `explain` answers. */
export interface ExplainReport {
  readonly token: Token;
  readonly results: readonly ExchangeResult[];
}

function trustsPodIdentity(trustPolicy: unknown): boolean {
  return policyStatements(trustPolicy).statements.some(s => JSON.stringify(s.Principal ?? '').includes(EKS_POD_IDENTITY_PRINCIPAL));
}

/** Every identity of the graph a token could be presented to, in a stable order. */
export function candidateTargets(graphIn: TrustGraph, tokenIn: Token, eksClusters: readonly EksCluster[] = []): ExchangeTarget[] {
  const graph = cleanGraph(graphIn); const token = cleanToken(tokenIn);
  const out: ExchangeTarget[] = [];
  const cluster = eksClusters.find(c => c.issuer === token.claims.iss);
  for (const role of graph.aws.roles) {
    if (typeof role.arn !== 'string') continue;
    out.push({ cloud: 'aws', kind: 'web-identity', roleArn: role.arn });
    if (cluster && trustsPodIdentity(role.trustPolicy)) out.push({ cloud: 'aws', kind: 'pod-identity', roleArn: role.arn, cluster });
  }
  // A service principal shares its application's client id (the same expression when the
  // application is created in the set): Entra consults the application's credentials, so the
  // token is presented to the application once, not to both.
  const clientKey = (v: unknown) => typeof v === 'string' ? v : isUnresolved(v) ? `\${${v.unresolved}}` : undefined;
  const appClientIds = new Set(graph.azure.identities.filter(i => i.kind !== 'service-principal').map(i => clientKey(i.clientId)).filter(k => k !== undefined));
  for (const identity of graph.azure.identities) {
    const key = clientKey(identity.clientId);
    if (identity.kind === 'service-principal' && key !== undefined && appClientIds.has(key)) continue;
    out.push({ cloud: 'azure', kind: 'federated-credential', identity: { id: identity.id } });
  }
  const emails = new Set<string>();
  for (const b of graph.gcp.bindings) {
    const sa = serviceAccountOf(b.resource);
    if (b.resourceType === 'service-account' && b.role === WORKLOAD_IDENTITY_USER && typeof sa === 'string') emails.add(sa);
  }
  const gke = gkeWorkloadPool(token.claims.iss);
  for (const email of [...emails].sort()) {
    out.push({ cloud: 'gcp', kind: 'impersonation', serviceAccountEmail: email });
    if (gke) out.push({ cloud: 'gcp', kind: 'gke-native', serviceAccountEmail: email });
  }
  const federatedMember = (m: unknown) => typeof m === 'string' && /^principal(Set)?:\/\/iam\.googleapis\.com\//.test(m);
  if (graph.gcp.bindings.some(b => b.role !== WORKLOAD_IDENTITY_USER && (federatedMember(b.member) || isUnresolved(b.member)))) out.push({ cloud: 'gcp', kind: 'direct' });
  return out;
}

/** Presents a token to the named targets, or to every candidate of the graph. */
export function explainToken(graph: TrustGraph, token: Token, options: ExplainOptions = {}): ExplainReport {
  const targets = options.targets ?? candidateTargets(graph, token, options.eksClusters);
  const seen = new Set<string>();
  const results: ExchangeResult[] = [];
  for (const target of targets) {
    const key = targetKey(target);
    if (seen.has(key)) continue;
    seen.add(key);
    results.push(evaluateExchange(graph, token, target, options));
  }
  return { token, results };
}

/** What `crossfed explain` is asked about: a token (from a JWT or a claims file), or a workload. */
export type ExplainSubject =
  | { readonly token: Token }
  | { readonly workload: string };

/** A request of `crossfed explain`, after the CLI has read its files. */
export interface ExplainRequest extends ExplainOptions {
  readonly subject: ExplainSubject;
  /** `--issuer`: the issuer of the cluster(s) whose service accounts carry no known issuer. */
  readonly issuer?: string;
}

/** The answer: one result per identity (token), or per credential of the workload's containers. */
export interface ExplainOutcome {
  readonly results: readonly ExchangeResult[];
  /** The token explained (token form). */
  readonly token?: Token;
  /** Each credential of the workload, with the token derived for it (workload form). */
  readonly workloadCredentials?: readonly WorkloadExplanation[];
}

/** Finds workloads by `name`, `namespace/name` or `Kind/namespace/name`. */
export function findWorkloads(graph: TrustGraph, name: string) {
  const parts = name.split('/');
  return graph.k8s.workloads.filter(w => (parts.length === 3 ? w.kind === parts[0] && w.namespace === parts[1] && w.name === parts[2]
    : parts.length === 2 ? w.namespace === parts[0] && w.name === parts[1] : w.name === name));
}

/**
 * The entry point of `crossfed explain`: a token against every identity of the graph (or the
 * targets named), or a workload's tokens against the identities its pods point them at.
 * Throws nothing for refusals: they are the answer.
 */
export function explain(graph: TrustGraph, request: ExplainRequest): ExplainOutcome {
  if ('token' in request.subject) {
    const report = explainToken(graph, request.subject.token, request);
    return { results: report.results, token: report.token };
  }
  const explanations = findWorkloads(graph, request.subject.workload).flatMap(w => explainWorkload(graph, w, request));
  return { results: explanations.map(e => e.result), workloadCredentials: explanations };
}
