/**
 * GCP workload identity federation as the checker reads it: providers named by audiences,
 * the audiences a provider accepts, attribute mappings, and the IAM members a token becomes.
 * @see https://cloud.google.com/iam/docs/workload-identity-federation#access_management
 */
import { GcpBinding, GcpProvider, TrustGraph, Val } from '../graph';
import { PresentedToken } from '../simulator';
import { CelValue, evaluateCel, UNKNOWN } from './cel';
import { bindingsMaybeOn } from './lookup';
import { concatVals, known, Match, matchVal, matchVals, unknownVal } from './val';

/** The role that lets a federated principal impersonate a service account. */
export const WORKLOAD_IDENTITY_USER = 'roles/iam.workloadIdentityUser';

const AUDIENCE = /^(?:https:)?\/\/iam\.googleapis\.com\/projects\/([^/]+)\/locations\/global\/workloadIdentityPools\/([^/]+)\/providers\/([^/]+)$/;

/** Project number, pool and provider of an audience / credential configuration `audience`. */
export function parseProviderAudience(audience: string): { projectNumber: string; poolId: string; providerId: string } | undefined {
  const m = AUDIENCE.exec(audience);
  return m ? { projectNumber: m[1], poolId: m[2], providerId: m[3] } : undefined;
}

/** The provider's full resource name (project number unknown when not given). */
export function providerName(p: GcpProvider): Val {
  return concatVals(['projects/', p.projectNumber ?? unknownVal('project number'), '/locations/global/workloadIdentityPools/', p.poolId, '/providers/', p.providerId]);
}

/** The pool's resource name. */
export function poolName(p: GcpProvider): Val {
  return concatVals(['projects/', p.projectNumber ?? unknownVal('project number'), '/locations/global/workloadIdentityPools/', p.poolId]);
}

/** Providers an audience can name. */
export function providersForAudience(graph: TrustGraph, audience: string): GcpProvider[] {
  const a = parseProviderAudience(audience);
  if (!a) return [];
  return graph.gcp.providers.filter(p => matchVal(p.poolId, a.poolId) !== 'no' && matchVal(p.providerId, a.providerId) !== 'no'
    && (p.projectNumber === undefined || matchVal(p.projectNumber, a.projectNumber) !== 'no'));
}

/** Whether a provider accepts a token audience: an explicit allowed audience, or its own resource name. */
export function acceptsAudience(p: GcpProvider, aud: string): Match {
  if (p.allowedAudiences.length > 0) {
    const m = p.allowedAudiences.map(x => matchVal(x, aud));
    return m.includes('yes') ? 'yes' : m.includes('maybe') ? 'maybe' : 'no';
  }
  const name = providerName(p);
  const m = [matchVals(concatVals(['//iam.googleapis.com/', name]), aud), matchVals(concatVals(['https://iam.googleapis.com/', name]), aud)];
  return m.includes('yes') ? 'yes' : m.includes('maybe') ? 'maybe' : 'no';
}

/** The claims of a Kubernetes token as CEL sees them (`assertion`). */
export function assertionOf(token: PresentedToken): Record<string, CelValue> {
  const a: Record<string, CelValue> = { iss: token.iss, sub: token.sub, aud: token.aud.length === 1 ? token.aud[0] : [...token.aud] };
  if (token.kubernetes) a['kubernetes.io'] = { namespace: token.kubernetes.namespace, serviceaccount: { name: token.kubernetes.serviceAccount } };
  return a;
}

/** The attributes a provider's mapping gives a token (`google.subject`, `attribute.x`); unknown values left out. */
export function mappedAttributes(p: GcpProvider, token: PresentedToken): { values: Record<string, string>; unknown: string[] } {
  const values: Record<string, string> = {};
  const unknown: string[] = [];
  const mapping = Object.keys(p.attributeMapping).length > 0 ? p.attributeMapping : { 'google.subject': 'assertion.sub' };
  for (const [k, expr] of Object.entries(mapping)) {
    const v = evaluateCel(expr, { assertion: assertionOf(token) });
    if (typeof v === 'string') values[k] = v;
    else if (v === UNKNOWN) unknown.push(k);
  }
  return { values, unknown };
}

/** A parsed IAM member of a pool. */
export interface PoolMember {
  readonly kind: 'subject' | 'attribute' | 'group' | 'all';
  readonly projectNumber: string | null;
  readonly poolId: string | null;
  readonly attribute?: string;
  readonly value?: string | null;
}

/** Parses `principal://…/subject/…` and `principalSet://…/attribute.x/…` members (parts unknown as null). */
export function parsePoolMember(member: Val): PoolMember | undefined {
  const text = typeof member === 'string' ? member : member.parts ? member.parts.map(p => p ?? '\u0000').join('') : undefined;
  if (text === undefined) return undefined;
  const m = /^principal(Set)?:\/\/iam\.googleapis\.com\/projects\/([^/]+)\/locations\/global\/workloadIdentityPools\/([^/]+)\/(?:subject\/([\s\S]+)|attribute\.([^/]+)\/([\s\S]+)|group\/([\s\S]+)|(\*))$/.exec(text);
  if (!m) return undefined;
  const part = (s: string | undefined) => (s === undefined ? undefined : s.includes('\u0000') ? null : s);
  const base = { projectNumber: part(m[2]) ?? null, poolId: part(m[3]) ?? null };
  if (m[4] !== undefined && !m[1]) return { ...base, kind: 'subject', value: part(m[4]) };
  if (m[5] !== undefined && m[1]) return { ...base, kind: 'attribute', attribute: m[5], value: part(m[6]) };
  if (m[7] !== undefined && m[1]) return { ...base, kind: 'group', value: part(m[7]) };
  if (m[8] !== undefined && m[1]) return { ...base, kind: 'all' };
  return undefined;
}

/** Whether a member names a token of this provider with these attributes. */
export function memberMatches(member: Val, p: GcpProvider, attrs: Readonly<Record<string, string>>): Match {
  const m = parsePoolMember(member);
  if (!m) return typeof member === 'string' ? 'no' : 'maybe';
  const poolOk = m.poolId === null ? 'maybe' : matchVal(p.poolId, m.poolId);
  const numberOk = m.projectNumber === null || p.projectNumber === undefined ? 'maybe' : matchVal(p.projectNumber, m.projectNumber);
  if (poolOk === 'no' || numberOk === 'no') return 'no';
  const have = m.kind === 'subject' ? attrs['google.subject'] : m.kind === 'attribute' ? attrs[`attribute.${m.attribute}`] : undefined;
  const own: Match = m.kind === 'all' ? 'yes' : have === undefined ? 'no' : m.value === null ? 'maybe' : m.value === have ? 'yes' : 'no';
  if (own === 'no') return 'no';
  return own === 'yes' && poolOk === 'yes' && numberOk === 'yes' ? 'yes' : 'maybe';
}

/** Bindings that apply to a service account (by email): on the account itself, and inherited from its project. */
export function bindingsOnServiceAccount(graph: TrustGraph, email: Val): GcpBinding[] {
  const project = /@([a-z][a-z0-9-]*)\.iam\.gserviceaccount\.com$/.exec(known(email) ?? '')?.[1];
  const address = known(email);
  return (address === undefined ? graph.gcp.bindings : bindingsMaybeOn(graph, address, project)).filter(b => (b.resourceType === 'service-account' && matchVals(b.resource, email) !== 'no')
    || (b.resourceType === 'project' && project !== undefined && matchVal(b.resource, project) !== 'no'));
}

/** Whether the service account is one the artifacts define or bind (else nothing can be said of it). */
export function serviceAccountKnown(graph: TrustGraph, email: Val): boolean {
  return graph.gcp.serviceAccounts.some(s => matchVals(s.email, email) !== 'no') || bindingsOnServiceAccount(graph, email).length > 0;
}

/** The project id of a GKE issuer URL. */
export function gkeProject(issuer: string | undefined): string | undefined {
  return issuer ? /^https:\/\/container\.googleapis\.com\/v1\/projects\/([^/]+)\//.exec(issuer)?.[1] : undefined;
}

/** Whether a role is the workload identity user role (resolved). */
export function isWorkloadIdentityUser(role: Val): boolean {
  return known(role) === WORKLOAD_IDENTITY_USER;
}
