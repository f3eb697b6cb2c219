/**
 * The token a workload presents: its claims (and, when it came as a JWT, its header).
 * Kubernetes bound service-account tokens carry `iss`, `sub`, `aud`, `exp`, `iat`, `nbf`,
 * `jti` and `kubernetes.io: {namespace, serviceaccount{name,uid}, pod{name,uid}, node{…}}`.
 * @see https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/#bound-service-account-token-volume
 */
import { CrossfedError } from '../../model/errors';

/** The `kubernetes.io` claim of a bound service-account token. */
export interface KubernetesClaims {
  readonly namespace?: string;
  readonly serviceaccount?: { readonly name?: string; readonly uid?: string };
  readonly pod?: { readonly name?: string; readonly uid?: string };
  readonly node?: { readonly name?: string; readonly uid?: string };
  readonly [key: string]: unknown;
}

/** A token's payload. Any other claim (`repository`, `ref`, `amr`, …) is kept as is. */
export interface TokenClaims {
  readonly 'iss'?: string;
  readonly 'sub'?: string;
  readonly 'aud'?: string | readonly string[];
  /** Seconds since the epoch. */
  readonly 'exp'?: number;
  readonly 'iat'?: number;
  readonly 'nbf'?: number;
  readonly 'jti'?: string;
  readonly 'kubernetes.io'?: KubernetesClaims;
  readonly [claim: string]: unknown;
}

/** The protected header of a JWT. */
export interface TokenHeader {
  readonly alg?: string;
  readonly kid?: string;
  readonly typ?: string;
  readonly [key: string]: unknown;
}

/** A token as the simulator reads it. */
export interface Token {
  readonly claims: TokenClaims;
  /** The JWT header, when the token came as a JWT. */
  readonly header?: TokenHeader;
  /** Whether the signature was verified against a JWKS. */
  readonly verified?: boolean;
  /** The compact JWT, when the token came as one: the clouds' signature check reads it. */
  readonly jwt?: string;
}

/**
 * Whether the token is an AWS caller identity — what GCP's STS learns from an AWS role's signed
 * `GetCallerIdentity` request: `arn` (`arn:aws:sts::<account>:assumed-role/<role>/<session>`) and
 * `account`, no `iss`. crossfed carries the request's `x-goog-cloud-target-resource` header (the
 * provider it is meant for) in `aud`, and its signing time and the end of its validity (15 minutes
 * later) in `iat` and `exp`.
 * @see https://cloud.google.com/iam/docs/workload-identity-federation-with-other-clouds
 */
export function isAwsCallerIdentity(claims: TokenClaims): boolean {
  return claims.iss === undefined && typeof claims.arn === 'string' && typeof claims.account === 'string';
}

/** The `aud` claim as a list (empty when absent). */
export function audiences(claims: TokenClaims): string[] {
  const aud = claims.aud;
  if (aud === undefined) return [];
  return typeof aud === 'string' ? [aud] : [...aud];
}

/** `exp - iat` (or `exp - nbf`) in seconds; `Infinity` without `exp`; undefined when neither start is known. */
export function lifetimeSeconds(claims: TokenClaims): number | undefined {
  if (claims.exp === undefined) return Infinity;
  const start = claims.iat ?? claims.nbf;
  return start === undefined ? undefined : claims.exp - start;
}

/** A Kubernetes subject's parts: `system:serviceaccount:<ns>:<sa>`. */
export function parseKubernetesSubject(sub: string | undefined): { namespace: string; serviceAccount: string } | undefined {
  const m = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(sub ?? '');
  return m ? { namespace: m[1], serviceAccount: m[2] } : undefined;
}

/** Namespace and service account of a Kubernetes token: from `kubernetes.io`, else from `sub`. */
export function kubernetesIdentity(claims: TokenClaims): { namespace: string; serviceAccount: string } | undefined {
  const k = claims['kubernetes.io'];
  if (k && typeof k.namespace === 'string' && typeof k.serviceaccount?.name === 'string') {
    return { namespace: k.namespace, serviceAccount: k.serviceaccount.name };
  }
  return parseKubernetesSubject(claims.sub);
}

/** Seconds since the epoch, now. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** An RFC 3339 time for messages. */
export function isoTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

const STRING_CLAIMS = ['iss', 'sub', 'jti'] as const;
const NUMBER_CLAIMS = ['exp', 'iat', 'nbf'] as const;

/**
 * A token from a JSON payload (a claims file). Checks the registered claims' types, so a
 * mistyped claims file fails with the claim named rather than a wrong verdict.
 */
export function tokenFromClaims(payload: unknown, where = 'claims'): Token {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw CrossfedError.of({ where, field: 'payload', value: payload, problem: 'is not a JSON object', allowed: 'the token\'s JSON payload, e.g. {"iss":"…","sub":"…","aud":"…","exp":…}', fix: 'write the decoded payload of the token (the middle part of the JWT), or pass the JWT with --token' });
  }
  const claims = payload as Record<string, unknown>;
  for (const c of STRING_CLAIMS) {
    if (claims[c] !== undefined && typeof claims[c] !== 'string') {
      throw CrossfedError.of({ where, field: c, value: claims[c], problem: 'is not a string', allowed: 'a string', fix: `write "${c}" as a JSON string` });
    }
  }
  for (const c of NUMBER_CLAIMS) {
    if (claims[c] !== undefined && (typeof claims[c] !== 'number' || !Number.isFinite(claims[c]))) {
      throw CrossfedError.of({ where, field: c, value: claims[c], problem: 'is not a number', allowed: 'seconds since 1970-01-01T00:00:00Z (a JSON number)', fix: `write "${c}" as a number, e.g. ${nowSeconds()}` });
    }
  }
  const aud = claims.aud;
  if (aud !== undefined && typeof aud !== 'string' && !(Array.isArray(aud) && aud.every(a => typeof a === 'string'))) {
    throw CrossfedError.of({ where, field: 'aud', value: aud, problem: 'is neither a string nor a list of strings', allowed: 'a string or a list of strings', fix: 'write the audience exactly as the token carries it' });
  }
  return { claims: claims as TokenClaims };
}

/** A JSON Web Key Set. */
export interface Jwks {
  readonly keys: ReadonlyArray<Record<string, unknown>>;
}

/**
 * Decodes a compact JWT. With `jwks`, verifies its signature first (the claims' times are not
 * checked here: `exp` is each cloud's own check, reported in its words).
 */
export async function decodeToken(jwt: string, options: { jwks?: Jwks; where?: string } = {}): Promise<Token> {
  const where = options.where ?? 'token';
  const text = jwt.trim();
  const jose = await import('jose');
  let header: TokenHeader;
  let payload: unknown;
  try {
    header = jose.decodeProtectedHeader(text) as TokenHeader;
    payload = jose.decodeJwt(text);
  } catch (e) {
    throw CrossfedError.of({ where, field: 'token', value: text.length > 40 ? `${text.slice(0, 37)}...` : text, problem: `is not a JWT (${(e as Error).message})`, allowed: 'a compact JWT: three base64url parts separated by "."', fix: 'pass the token file the pod reads (e.g. the file AWS_WEB_IDENTITY_TOKEN_FILE names), or its decoded payload with --claims' });
  }
  if (!options.jwks) return { ...tokenFromClaims(payload, where), header, verified: false, jwt: text };
  try {
    await jose.compactVerify(text, jose.createLocalJWKSet(options.jwks as any));
  } catch (e) {
    throw CrossfedError.of({ where, field: 'signature', value: header.kid ?? header.alg, problem: `does not verify against the JWKS (${(e as Error).message})`, allowed: 'a token signed by a key of the JWKS', fix: 'pass the issuer\'s JWKS (`kubectl get --raw /openid/v1/jwks`) with --jwks, or leave --jwks out to explain the claims unverified' });
  }
  return { ...tokenFromClaims(payload, where), header, verified: true, jwt: text };
}
