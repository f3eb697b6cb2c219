/**
 * The simulator runs on whatever the parsers read from hand-written artifacts. Before it
 * evaluates anything, every field is brought to its declared type: a value of the wrong type
 * becomes `Unresolved` (so it is reported, never guessed), a missing list an empty one, and
 * token claims of the wrong type are dropped (the clouds then refuse the token for the claim).
 */
import { AwsOidcProvider, AwsPodIdentityAssociation, AwsRole, AzureFederatedCredential, AzureIdentity, GcpBinding, GcpPool, GcpProvider, isUnresolved, SourceRef, TrustGraph, Unresolved, Val } from '../graph';
import { KubernetesClaims, Token, TokenClaims } from './token';

/** A value as JSON text for messages; never throws. */
export function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return '<unprintable value>';
  }
}

/** A plain-JSON copy (drops functions and symbols, breaks prototypes); undefined when impossible. */
function plain(v: unknown): unknown {
  if (v === undefined) return undefined;
  try {
    const copy = jsonCopy(v, 0);
    if (copy !== NOT_COPIED) return copy;
    return JSON.parse(JSON.stringify(v));
  } catch {
    return undefined;
  }
}

const NOT_COPIED = Symbol('not copied');
const MAX_COPY_DEPTH = 64;

/**
 * `JSON.parse(JSON.stringify(v))` for the values where it is a plain copy — strings, finite
 * numbers, booleans, null, arrays and plain objects of them (members of objects that are
 * undefined are dropped, as JSON drops them) — without the text in between. NOT_COPIED for
 * anything else (functions, symbols, toJSON, other prototypes, non-finite numbers, cycles),
 * which the JSON round trip then handles.
 */
function jsonCopy(v: unknown, depth: number): unknown {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return Number.isFinite(v) ? (v === 0 ? 0 : v) : NOT_COPIED;
    case 'object': {
      if (v === null) return null;
      if (depth > MAX_COPY_DEPTH || typeof (v as { toJSON?: unknown }).toJSON === 'function') return NOT_COPIED;
      const proto = Object.getPrototypeOf(v);
      if (Array.isArray(v)) {
        if (proto !== Array.prototype) return NOT_COPIED;
        const out: unknown[] = new Array(v.length);
        for (let i = 0; i < v.length; i++) {
          const x = v[i];
          if (x === undefined) return NOT_COPIED;
          const y = jsonCopy(x, depth + 1);
          if (y === NOT_COPIED) return NOT_COPIED;
          out[i] = y;
        }
        return out;
      }
      if (proto !== Object.prototype && proto !== null) return NOT_COPIED;
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v)) {
        if (k === '__proto__') return NOT_COPIED;
        const x = (v as Record<string, unknown>)[k];
        if (x === undefined) continue;
        const y = jsonCopy(x, depth + 1);
        if (y === NOT_COPIED) return NOT_COPIED;
        out[k] = y;
      }
      return out;
    }
    default:
      return NOT_COPIED;
  }
}

function val(v: unknown): Val {
  if (typeof v === 'string') return v;
  if (isUnresolved(v)) return { unresolved: v.unresolved };
  return { unresolved: `invalid value ${safeJson(v)}` } as Unresolved;
}

const optVal = (v: unknown): Val | undefined => (v === undefined ? undefined : val(v));
const vals = (v: unknown): Val[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(val) : [val(v)]);
const str = (v: unknown, fallback: string): string => (typeof v === 'string' ? v : fallback);
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);

function ref(v: unknown): SourceRef {
  const r = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
  return { file: str(r.file, '<unknown file>'), resource: str(r.resource, '<unknown resource>'), ...(typeof r.line === 'number' ? { line: r.line } : {}) };
}

function stringRecord(v: unknown): Record<string, string> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return {};
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
}

const obj = (v: unknown) => (typeof v === 'object' && v !== null ? v : {}) as Record<string, any>;

/** Memoizes a cleaner per input object. */
const cleaned = new WeakSet<object>();
function memo<T extends object>(fn: (x: T) => T): (x: T) => T {
  const cache = new WeakMap<object, T>();
  return (x: T) => {
    if (typeof x !== 'object' || x === null) return fn(x);
    if (cleaned.has(x)) return x;
    let y = cache.get(x);
    if (!y) {
      cache.set(x, y = fn(x));
      cleaned.add(y);
    }
    return y;
  };
}

export const cleanProvider = memo((p: AwsOidcProvider): AwsOidcProvider => {
  const o = obj(p);
  return { ref: ref(o.ref), url: val(o.url), arn: val(o.arn), clientIds: vals(o.clientIds), thumbprints: vals(o.thumbprints) };
});

export const cleanRole = memo((r: AwsRole): AwsRole => {
  const o = obj(r);
  return {
    ref: ref(o.ref), roleName: val(o.roleName), arn: val(o.arn), trustPolicy: isUnresolved(o.trustPolicy) ? o.trustPolicy : plain(o.trustPolicy),
    managedPolicyArns: vals(o.managedPolicyArns), policies: [], accountId: optVal(o.accountId),
  };
});

export const cleanAssociation = memo((a: AwsPodIdentityAssociation): AwsPodIdentityAssociation => {
  const o = obj(a);
  return { ref: ref(o.ref), clusterName: val(o.clusterName), namespace: val(o.namespace), serviceAccount: val(o.serviceAccount), roleArn: val(o.roleArn) };
});

export const cleanIdentity = memo((i: AzureIdentity): AzureIdentity => {
  const o = obj(i);
  const kind = o.kind === 'managed-identity' || o.kind === 'service-principal' ? o.kind : 'application';
  return { ref: ref(o.ref), id: str(o.id, safeJson(o.id)), kind, displayName: val(o.displayName), clientId: optVal(o.clientId), principalId: optVal(o.principalId) };
});

export const cleanCredential = memo((c: AzureFederatedCredential): AzureFederatedCredential => {
  const o = obj(c);
  return { ref: ref(o.ref), parent: val(o.parent), name: val(o.name), issuer: val(o.issuer), subject: val(o.subject), audiences: vals(o.audiences), claimsMatchingExpression: optVal(o.claimsMatchingExpression) };
});

const cleanPool = memo((p: GcpPool): GcpPool => {
  const o = obj(p);
  return { ref: ref(o.ref), id: str(o.id, safeJson(o.id)), project: optVal(o.project), poolId: val(o.poolId), disabled: bool(o.disabled) };
});

export const cleanGcpProvider = memo((p: GcpProvider): GcpProvider => {
  const o = obj(p);
  return {
    ref: ref(o.ref), id: str(o.id, safeJson(o.id)), pool: val(o.pool), poolId: val(o.poolId), providerId: val(o.providerId), projectNumber: optVal(o.projectNumber),
    ...(o.awsAccountId !== undefined && o.issuerUri === undefined ? { awsAccountId: val(o.awsAccountId) } : { issuerUri: val(o.issuerUri) }),
    allowedAudiences: vals(o.allowedAudiences), attributeMapping: stringRecord(o.attributeMapping),
    attributeCondition: optVal(o.attributeCondition), jwksJson: optVal(o.jwksJson), disabled: bool(o.disabled),
  };
});

const cleanBinding = memo((b: GcpBinding): GcpBinding => {
  const o = obj(b);
  return { ref: ref(o.ref), resourceType: str(o.resourceType, '<unknown>'), resource: val(o.resource), role: val(o.role), member: val(o.member) };
});

const list = <T extends object>(v: unknown, f: (x: T) => T): T[] => (Array.isArray(v) ? v.filter(x => typeof x === 'object' && x !== null).map(x => f(x as T)) : []);

/** The graph with every field the simulator reads brought to its declared type (memoized). */
export const cleanGraph = memo((g: TrustGraph): TrustGraph => {
  const o = obj(g);
  const aws = obj(o.aws); const azure = obj(o.azure); const gcp = obj(o.gcp); const k8s = obj(o.k8s);
  const arr = (v: unknown) => (Array.isArray(v) ? v : []);
  return {
    k8s: { serviceAccounts: arr(k8s.serviceAccounts), workloads: arr(k8s.workloads), configMaps: arr(k8s.configMaps), secrets: [], bindings: [] },
    aws: { providers: list(aws.providers, cleanProvider), roles: list(aws.roles, cleanRole), podIdentityAssociations: list(aws.podIdentityAssociations, cleanAssociation), accessEntries: [] },
    azure: { identities: list(azure.identities, cleanIdentity), credentials: list(azure.credentials, cleanCredential), roleAssignments: [] },
    gcp: { pools: list(gcp.pools, cleanPool), providers: list(gcp.providers, cleanGcpProvider), serviceAccounts: arr(gcp.serviceAccounts), bindings: list(gcp.bindings, cleanBinding) },
    oidc: list(o.oidc, d => ({ ...d, keys: Array.isArray(d.keys) ? list(d.keys, k => k) : undefined })),
    files: arr(o.files), parseErrors: arr(o.parseErrors),
  };
});

/** The claims with registered claims of the wrong type dropped (other claims kept as plain JSON). */
export function cleanClaims(claims: unknown): TokenClaims {
  const c = (plain(claims) ?? {}) as Record<string, unknown>;
  if (typeof c !== 'object' || c === null || Array.isArray(c)) return {};
  const out: Record<string, unknown> = { ...c };
  for (const k of ['iss', 'sub', 'jti']) if (out[k] !== undefined && typeof out[k] !== 'string') delete out[k];
  for (const k of ['exp', 'iat', 'nbf']) if (out[k] !== undefined && (typeof out[k] !== 'number' || !Number.isFinite(out[k]))) delete out[k];
  if (out.aud !== undefined && typeof out.aud !== 'string') {
    if (Array.isArray(out.aud)) out.aud = out.aud.filter(a => typeof a === 'string');
    else delete out.aud;
  }
  const k8s = out['kubernetes.io'];
  if (k8s !== undefined && (typeof k8s !== 'object' || k8s === null || Array.isArray(k8s))) delete out['kubernetes.io'];
  return out as TokenClaims & { 'kubernetes.io'?: KubernetesClaims };
}

/**
 * The brand of a cleaned token: a module-private symbol, not enumerable, so spreads and JSON do
 * not carry it. (A WeakSet of millions of short-lived near-miss tokens slows every collection.)
 */
const CLEAN_TOKEN = Symbol('crossfed.cleanToken');
const isCleanToken = (t: unknown): boolean => typeof t === 'object' && t !== null && (t as { [CLEAN_TOKEN]?: boolean })[CLEAN_TOKEN] === true;
const brand = (t: Token): Token => Object.defineProperty(t, CLEAN_TOKEN, { value: true });

/**
 * Marks tokens whose claims were derived, by crossfed's own code, from a cleaned token's claims
 * (fields replaced by strings, numbers or string arrays, or dropped), so `cleanToken` passes them
 * through: the negative matrix derives hundreds of near misses from each intended token.
 * @internal
 */
export function derivedFromCleaned(source: Token, derived: readonly Token[]): void {
  if (!isCleanToken(source)) return;
  for (const t of derived) brand(t);
}

/**
 * The token with cleaned claims. Not memoized per input token (only a cleaned token is
 * recognized and passed through): the negative matrix cleans hundreds of thousands of
 * short-lived tokens, and a cache keyed by each of them would keep them all alive.
 */
export function cleanToken(t: Token): Token {
  if (isCleanToken(t)) return t;
  return brand({ ...obj(t), claims: cleanClaims(obj(t).claims) } as Token);
}
