/**
 * One entry point for every path: a token presented to a named cloud identity.
 */
import { AzureIdentity, TrustGraph } from '../graph';
import { EksCluster, evaluateEksPodIdentity } from './aws-pod-identity';
import { AWS_REFUSALS, evaluateAwsWebIdentity, SimulateOptions, WEB_IDENTITY_ACTION } from './aws-web-identity';
import { evaluateEntra } from './entra';
import { evaluateGcpFederation } from './gcp-federation';
import { evaluateGkeNative } from './gcp-gke-native';
import { entraIndex, roleIndex } from './graph-index';
import { ExchangeResult, q, Trace } from './result';
import { cleanGraph, cleanToken } from './sanitize';
import { Token } from './token';

/** Picks an Entra identity: by graph id, client id, or display name (and kind). */
export interface EntraSelector {
  readonly id?: string;
  readonly clientId?: string;
  readonly displayName?: string;
  readonly kind?: AzureIdentity['kind'];
}

/** Where a token is presented. */
export type ExchangeTarget =
  | { readonly cloud: 'aws'; readonly kind: 'web-identity'; readonly roleArn: string }
  | { readonly cloud: 'aws'; readonly kind: 'pod-identity'; readonly roleArn: string; readonly cluster: EksCluster }
  | { readonly cloud: 'azure'; readonly kind: 'federated-credential'; readonly identity: EntraSelector }
  | { readonly cloud: 'gcp'; readonly kind: 'impersonation'; readonly serviceAccountEmail: string; readonly provider?: string }
  | { readonly cloud: 'gcp'; readonly kind: 'direct'; readonly resource?: string; readonly role?: string; readonly provider?: string }
  | { readonly cloud: 'gcp'; readonly kind: 'gke-native'; readonly serviceAccountEmail: string };

/** A stable text key of a target (for grouping and de-duplication). */
export function targetKey(target: ExchangeTarget): string {
  switch (target.kind) {
    case 'web-identity': return `aws:web-identity:${target.roleArn}`;
    case 'pod-identity': return `aws:pod-identity:${target.cluster.name}:${target.roleArn}`;
    case 'federated-credential': return `azure:${target.identity.id ?? target.identity.clientId ?? `${target.identity.kind ?? '*'}/${target.identity.displayName}`}`;
    case 'impersonation': return `gcp:impersonation:${target.serviceAccountEmail}${target.provider ? `@${target.provider}` : ''}`;
    case 'direct': return `gcp:direct:${target.role ?? '*'}:${target.resource ?? '*'}${target.provider ? `@${target.provider}` : ''}`;
    case 'gke-native': return `gcp:gke-native:${target.serviceAccountEmail}`;
  }
}

/** Finds the graph's Entra identity for a selector (applications and managed identities before service principals). */
export function findEntraIdentity(graphIn: TrustGraph, s: EntraSelector): AzureIdentity | undefined {
  const graph = cleanGraph(graphIn);
  const rank = (i: AzureIdentity) => (i.kind === 'service-principal' ? 1 : 0);
  return entraCandidates(graph, s)
    .filter(i => (s.id === undefined || i.id === s.id) && (s.clientId === undefined || i.clientId === s.clientId)
      && (s.displayName === undefined || i.displayName === s.displayName) && (s.kind === undefined || i.kind === s.kind))
    .sort((a, b) => rank(a) - rank(b))[0];
}

/**
 * The identities a selector can pick, in the graph's order: those with its id, client id or
 * display name (whichever are fewest), else all.
 */
function entraCandidates(graph: TrustGraph, s: EntraSelector): readonly AzureIdentity[] {
  const index = entraIndex(graph);
  let fewest: readonly AzureIdentity[] | undefined;
  for (const [value, by] of [[s.id, index.byId], [s.clientId, index.byClientId], [s.displayName, index.byDisplayName]] as const) {
    if (value === undefined) continue;
    // Only strings are indexed; anything else is compared with every identity.
    if (typeof value !== 'string') return graph.azure.identities;
    const l = by.get(value) ?? [];
    if (!fewest || l.length < fewest.length) fewest = l;
  }
  return fewest ?? graph.azure.identities;
}

/** Finds a role by ARN (or by name in the ARN's account when the graph's ARN is unresolved). */
export function findRole(graphIn: TrustGraph, roleArn: string) {
  const graph = cleanGraph(graphIn);
  const name = roleArn.replace(/^arn:[^:]+:iam::\d{12}:role\/(?:.*\/)?/, '');
  const index = roleIndex(graph);
  return index.byArn.get(roleArn) ?? index.unresolvedArnByName.get(name);
}

/** Presents a token to one target and returns the cloud's verdict, step by step. */
export function evaluateExchange(graphIn: TrustGraph, tokenIn: Token, target: ExchangeTarget, options: SimulateOptions = {}): ExchangeResult {
  const graph = cleanGraph(graphIn); const token = cleanToken(tokenIn);
  switch (target.kind) {
    case 'web-identity':
    case 'pod-identity': {
      const role = findRole(graph, target.roleArn);
      if (!role) {
        const path = target.kind === 'web-identity' ? 'AssumeRoleWithWebIdentity' : 'EKS Pod Identity';
        return new Trace('aws', target.roleArn, path).refuse('role exists', `no role ${target.roleArn} in the artifacts`, AWS_REFUSALS.accessDenied(target.kind === 'web-identity' ? WEB_IDENTITY_ACTION : 'sts:AssumeRole'));
      }
      return target.kind === 'web-identity' ? evaluateAwsWebIdentity(graph, token, role, options) : evaluateEksPodIdentity(graph, token, target.cluster, role, options);
    }
    case 'federated-credential': {
      const identity = findEntraIdentity(graph, target.identity);
      if (!identity) {
        const shown = target.identity.clientId ?? target.identity.displayName ?? target.identity.id ?? '';
        return new Trace('azure', shown, 'federated identity credential').refuse('identity exists', `no Entra identity ${q(target.identity)} in the artifacts`,
          `AADSTS700016: Application with identifier '${shown}' was not found in the directory`);
      }
      return evaluateEntra(graph, token, identity, options);
    }
    case 'impersonation':
    case 'direct':
      return evaluateGcpFederation(graph, token, target, options);
    case 'gke-native':
      return evaluateGkeNative(graph, token, target.serviceAccountEmail, options);
  }
}
