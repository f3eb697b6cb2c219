/**
 * Near-miss tokens: what an attacker next door could present instead of the intended token —
 * another namespace, a longer service account name with the same prefix, a name that is a
 * prefix, the same subject from another cluster, the issuer with or without its trailing slash,
 * each other cloud's audience, the subject in other case, an expired token, a legacy token; and
 * for cloud identities, another principal (object id, unique id, role) of the same source, the
 * same principal of another tenant or account, and the tenant's other issuer form.
 */
import { audiences, isAwsCallerIdentity, KubernetesClaims, lifetimeSeconds, parseKubernetesSubject, Token, TokenClaims } from './token';
import { GOOGLE_ISSUER } from '../../model/issuer';
import { AWS_STS_AUDIENCE, EKS_POD_IDENTITY_AUDIENCE, ENTRA_DEFAULT_AUDIENCE } from '../../model/targets';

export type NearMissKind =
  | 'other-namespace' | 'longer-name' | 'prefix-name' | 'other-cluster' | 'trailing-slash'
  | 'other-audience' | 'subject-case' | 'expired' | 'legacy'
  | 'other-principal' | 'other-tenant' | 'token-version';

/** Every kind, in the order they are tried. */
export const NEAR_MISS_KINDS: readonly NearMissKind[] = [
  'other-principal', 'other-namespace', 'longer-name', 'prefix-name', 'other-tenant', 'token-version', 'other-cluster', 'trailing-slash', 'other-audience', 'subject-case', 'expired', 'legacy',
];

export interface NearMiss {
  readonly kind: NearMissKind;
  /** What differs from the intended token, e.g. `sub system:serviceaccount:data:pipeline-evil`. */
  readonly description: string;
  readonly token: Token;
}

export interface NearMissOptions {
  /** The time of the exchange, seconds since the epoch. */
  readonly now: number;
  /** Issuers of other clusters and CI systems (a sibling issuer is always added). */
  readonly otherIssuers?: readonly string[];
  /** Audiences of the other targets (the clouds' standard audiences are always added). */
  readonly audiences?: readonly string[];
}

/** The standard audiences of the clouds. */
export const CLOUD_AUDIENCES: readonly string[] = [AWS_STS_AUDIENCE, ENTRA_DEFAULT_AUDIENCE, EKS_POD_IDENTITY_AUDIENCE];

/** Entra ID issuers: v1.0 `https://sts.windows.net/<tenant>/`, v2.0 `https://login.microsoftonline.com/<tenant>/v2.0`. */
const ENTRA_ISSUER = /^https:\/\/sts\.windows\.net\/([0-9a-f-]{36})\/$|^https:\/\/login\.microsoftonline\.com\/([0-9a-f-]{36})\/v2\.0$/;

/** Another id of the same form: the last hex digit (or digit) moved on by one. */
export function otherId(id: string): string {
  const last = id.slice(-1);
  const digits = /^\d+$/.test(id) ? '0123456789' : '0123456789abcdef';
  const i = digits.indexOf(last.toLowerCase());
  return `${id.slice(0, -1)}${i < 0 ? '0' : digits[(i + 1) % digits.length]}`;
}

/** Another AWS account. */
function otherAccount(account: string): string {
  return account === '444455556666' ? '777788889999' : '444455556666';
}

/** An issuer of another cluster of the same kind (another EKS id, AKS cluster, GCP project, Entra tenant, or path). */
export function siblingIssuer(iss: string): string {
  const entra = ENTRA_ISSUER.exec(iss);
  if (entra) {
    const tenant = entra[1] ?? entra[2];
    return iss.replace(tenant, otherId(tenant));
  }
  const eks = /^(https:\/\/oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?\/id\/)([A-Za-z0-9]+)(\/?)$/.exec(iss);
  if (eks) {
    const other = eks[2].split('').reverse().join('');
    return `${eks[1]}${other !== eks[2] ? other : `${eks[2].slice(0, -1)}${eks[2].endsWith('0') ? '1' : '0'}`}${eks[3]}`;
  }
  const aks = /^(https:\/\/[a-z0-9-]+\.oic\.prod-aks\.azure\.[a-z]+\/[^/]+\/)([^/]+)(\/?)$/.exec(iss);
  if (aks) return `${aks[1]}${aks[2] === '00000000-0000-0000-0000-000000000000' ? 'ffffffff-ffff-ffff-ffff-ffffffffffff' : '00000000-0000-0000-0000-000000000000'}${aks[3]}`;
  const gke = /^(https:\/\/container\.googleapis\.com\/v1\/projects\/)([^/]+)(\/.*)$/.exec(iss);
  if (gke) return `${gke[1]}${gke[2] === 'other-project' ? 'another-project' : 'other-project'}${gke[3]}`;
  return iss.endsWith('/') ? `${iss}other/` : `${iss}/other`;
}

/** The claims with a new Kubernetes namespace / service account (sub and `kubernetes.io` agree). */
function withServiceAccount(claims: TokenClaims, namespace: string, serviceAccount: string): TokenClaims {
  const k: KubernetesClaims = claims['kubernetes.io'] ?? {};
  return {
    ...claims, 'sub': `system:serviceaccount:${namespace}:${serviceAccount}`,
    'kubernetes.io': { ...k, namespace, serviceaccount: { ...(k.serviceaccount ?? {}), name: serviceAccount } },
  };
}

function sameClaims(a: TokenClaims, b: TokenClaims): boolean {
  return a.iss === b.iss && a.sub === b.sub && a.arn === b.arn && a.account === b.account && JSON.stringify(audiences(a)) === JSON.stringify(audiences(b)) && a.exp === b.exp && a.iat === b.iat;
}

/** A primitive as text that is equal for two values exactly when they are `===`; undefined for values `===` cannot be keyed on (objects, NaN). */
function primitiveKey(v: unknown): string | undefined {
  switch (typeof v) {
    case 'undefined': return 'u';
    case 'string': return `s${v.length}:${v}`;
    case 'number': return Number.isNaN(v) ? undefined : `n${v};`;
    case 'boolean': return v ? 't' : 'f';
    case 'object': return v === null ? 'l' : undefined;
    default: return undefined;
  }
}

const CLAIMS_KEYED = ['iss', 'sub', 'arn', 'account', 'exp', 'iat'] as const;

/**
 * The claims `sameClaims` compares, as one text: two claims with keys are the same exactly
 * when their keys are equal. Undefined when a compared claim is of a type the text cannot stand
 * for (then only `sameClaims` can tell).
 */
function claimsKey(c: TokenClaims): string | undefined {
  let key = '';
  for (const name of CLAIMS_KEYED) {
    const k = primitiveKey(c[name]);
    if (k === undefined) return undefined;
    key += k;
  }
  const aud = c.aud;
  if (aud === undefined) return `${key}a0`;
  if (typeof aud === 'string') return `${key}a1s${aud.length}:${aud}`;
  if (!Array.isArray(aud)) return undefined;
  key += `a${aud.length}`;
  for (const a of aud) {
    if (typeof a !== 'string') return undefined;
    key += `s${a.length}:${a}`;
  }
  return key;
}

/** Near misses of a cloud identity's token: another principal, another tenant or account, the other issuer form. */
function cloudNearMisses(c: TokenClaims, add: (kind: NearMissKind, description: string, claims: TokenClaims) => void): void {
  const sub = typeof c.sub === 'string' ? c.sub : '';
  const entra = ENTRA_ISSUER.exec(c.iss ?? '');
  if (entra && sub) {
    const tenant = entra[1] ?? entra[2];
    const other = otherId(sub);
    add('other-principal', `object id ${other}`, { ...c, sub: other, ...(c.oid !== undefined ? { oid: other } : {}) });
    const otherTenant = otherId(tenant);
    add('other-tenant', `tenant ${otherTenant}`, { ...c, iss: c.iss!.replace(tenant, otherTenant), ...(c.tid !== undefined ? { tid: otherTenant } : {}) });
    const v2 = entra[2] !== undefined;
    const toggled = v2 ? `https://sts.windows.net/${tenant}/` : `https://login.microsoftonline.com/${tenant}/v2.0`;
    add('token-version', `iss ${toggled} (the tenant's v${v2 ? '1.0' : '2.0'} issuer)`, { ...c, iss: toggled, ...(c.ver !== undefined ? { ver: v2 ? '1.0' : '2.0' } : {}) });
  }
  if (c.iss === GOOGLE_ISSUER && /^\d+$/.test(sub)) {
    const other = otherId(sub);
    const { email: _email, ...rest } = c;
    add('other-principal', `service account unique id ${other}`, { ...rest, sub: other, ...(c.azp !== undefined ? { azp: other } : {}) });
  }
  const arn = isAwsCallerIdentity(c) ? /^(arn:[^:]+:sts::)(\d{12})(:assumed-role\/)([^/]+)\/(.+)$/.exec(c.arn as string) : null;
  if (arn) {
    const [, head, account, mid, role, session] = arn;
    const as = (r: string, a = account) => ({ ...c, account: a, arn: `${head}${a}${mid}${r}/${session}` });
    add('other-principal', `role ${role === 'other-role' ? 'another-role' : 'other-role'}`, as(role === 'other-role' ? 'another-role' : 'other-role'));
    add('longer-name', `role ${role}-evil`, as(`${role}-evil`));
    if (role.length > 1) add('prefix-name', `role ${role.slice(0, -1)}`, as(role.slice(0, -1)));
    const dash = role.lastIndexOf('-');
    if (dash > 0) add('prefix-name', `role ${role.slice(0, dash)}`, as(role.slice(0, dash)));
    add('other-tenant', `account ${otherAccount(account)}`, as(role, otherAccount(account)));
  }
}

/** The near misses of an intended token. */
export function nearMisses(intended: Token, options: NearMissOptions): NearMiss[] {
  const c = intended.claims;
  const out: NearMiss[] = [];
  // Claims already out, by key; those without a key are compared one by one.
  const keys = new Set<string>();
  const unkeyed: TokenClaims[] = [];
  const intendedKey = claimsKey(c);
  const add = (kind: NearMissKind, description: string, claims: TokenClaims) => {
    const key = claimsKey(claims);
    if (key !== undefined && intendedKey !== undefined ? key === intendedKey : sameClaims(claims, c)) return;
    if (key !== undefined ? keys.has(key) : out.some(o => sameClaims(o.token.claims, claims))) return;
    if (unkeyed.some(o => sameClaims(o, claims))) return;
    if (key !== undefined) keys.add(key);
    else unkeyed.push(claims);
    out.push({ kind, description, token: { claims } });
  };
  const k8s = parseKubernetesSubject(c.sub);
  const sub = c.sub ?? '';

  // Cloud identities: the principal next door, and the same principal elsewhere.
  cloudNearMisses(c, add);

  // The subject: next door in the namespace list, the name list, or letter case.
  if (k8s) {
    const ns = k8s.namespace === 'default' ? 'kube-system' : 'default';
    add('other-namespace', `namespace ${ns}`, withServiceAccount(c, ns, k8s.serviceAccount));
    add('longer-name', `service account ${k8s.serviceAccount}-evil`, withServiceAccount(c, k8s.namespace, `${k8s.serviceAccount}-evil`));
    if (k8s.serviceAccount.length > 1) add('prefix-name', `service account ${k8s.serviceAccount.slice(0, -1)}`, withServiceAccount(c, k8s.namespace, k8s.serviceAccount.slice(0, -1)));
    const dash = k8s.serviceAccount.lastIndexOf('-');
    if (dash > 0) add('prefix-name', `service account ${k8s.serviceAccount.slice(0, dash)}`, withServiceAccount(c, k8s.namespace, k8s.serviceAccount.slice(0, dash)));
    add('subject-case', `namespace ${k8s.namespace.toUpperCase()}, service account ${k8s.serviceAccount.toUpperCase()}`, withServiceAccount(c, k8s.namespace.toUpperCase(), k8s.serviceAccount.toUpperCase()));
  } else if (sub) {
    add('longer-name', `sub ${sub}-evil`, { ...c, sub: `${sub}-evil` });
    if (sub.length > 1) add('prefix-name', `sub ${sub.slice(0, -1)}`, { ...c, sub: sub.slice(0, -1) });
    add('subject-case', `sub ${sub.toUpperCase()}`, { ...c, sub: sub.toUpperCase() });
  }

  // The issuer: another cluster's — which mints whatever audience it likes —, and the same
  // issuer with or without the trailing slash.
  const own = audiences(c);
  const otherAudiences = [...new Set([...CLOUD_AUDIENCES, ...(options.audiences ?? [])])].filter(a => !own.includes(a)).sort();
  if (c.iss) {
    const others = [...new Set([...(options.otherIssuers ?? []), siblingIssuer(c.iss)])].filter(i => i !== c.iss).sort();
    for (const iss of others) {
      add('other-cluster', `iss ${iss}`, { ...c, iss });
      for (const aud of otherAudiences) add('other-cluster', `iss ${iss}, aud ${aud}`, { ...c, iss, aud });
    }
    const toggled = c.iss.endsWith('/') ? c.iss.replace(/\/+$/, '') : `${c.iss}/`;
    add('trailing-slash', `iss ${toggled}`, { ...c, iss: toggled });
  }

  // The audience: every other target's.
  for (const aud of otherAudiences) add('other-audience', `aud ${aud}`, { ...c, aud });

  // Time: expired; and a legacy secret-based token (no aud, a year-long lifetime).
  const lifetime = lifetimeSeconds(c);
  const span = lifetime !== undefined && Number.isFinite(lifetime) ? lifetime : 3600;
  add('expired', `expired 60 s ago (exp ${options.now - 60})`, { ...c, iat: options.now - 60 - span, nbf: options.now - 60 - span, exp: options.now - 60 });
  const { aud: _aud, ...legacy } = c;
  add('legacy', 'no aud, valid for a year', { ...legacy, iat: options.now, nbf: options.now, exp: options.now + 365 * 86400 });
  return out;
}
