/**
 * IAM trust policies as the checker reads them: statements normalized, and a small,
 * three-valued evaluation of their conditions for a web-identity token (true, false, or
 * unknown when a value is unresolved or a key is not one a token sets).
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 */
import { Val } from '../graph';
import { asVal, asVals, known, matchVal, partsOf, valRegex } from './val';

/** One condition: `{ "<operator>": { "<key>": values } }`. */
export interface TrustCondition {
  /** As written, e.g. `ForAllValues:StringLike` or `StringEqualsIfExists`. */
  readonly operator: string;
  /** `StringEquals`, `StringLike` … without qualifier or `IfExists`. */
  readonly base: string;
  readonly qualifier?: 'ForAnyValue' | 'ForAllValues';
  readonly ifExists: boolean;
  readonly key: string;
  readonly values: readonly Val[];
}

/** A statement of a trust policy, normalized. */
export interface TrustStatement {
  /** 0-based position in `Statement`. */
  readonly index: number;
  readonly sid?: string;
  readonly effect: string;
  readonly actions: readonly Val[];
  /** Whether the statement uses `NotAction` (everything but the list). */
  readonly notAction: boolean;
  readonly resources: readonly Val[];
  readonly federated: readonly Val[];
  readonly services: readonly Val[];
  readonly awsPrincipals: readonly Val[];
  /** `Principal: "*"`. */
  readonly anyPrincipal: boolean;
  readonly conditions: readonly TrustCondition[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The statements of a policy document; undefined when it is not one. */
export function policyStatements(policy: unknown): TrustStatement[] | undefined {
  if (!isObject(policy)) return undefined;
  const raw = Array.isArray(policy.Statement) ? policy.Statement : isObject(policy.Statement) ? [policy.Statement] : undefined;
  if (!raw) return undefined;
  return raw.map((s, index) => {
    const st = isObject(s) ? s : {};
    const principal = st.Principal;
    const p = isObject(principal) ? principal : {};
    const conditions: TrustCondition[] = [];
    for (const [operator, byKey] of Object.entries(isObject(st.Condition) ? st.Condition : {})) {
      const m = /^(?:(ForAnyValue|ForAllValues):)?(.*?)(IfExists)?$/.exec(operator)!;
      for (const [key, values] of Object.entries(isObject(byKey) ? byKey : {})) {
        conditions.push({ operator, base: m[2], qualifier: m[1] as TrustCondition['qualifier'], ifExists: m[3] !== undefined, key, values: asVals(values) });
      }
    }
    return {
      index, sid: known(asVal(st.Sid)), effect: known(asVal(st.Effect)) ?? '', actions: asVals(st.Action), notAction: st.NotAction !== undefined, resources: asVals(st.Resource),
      federated: asVals(p.Federated), services: asVals(p.Service), awsPrincipals: asVals(p.AWS), anyPrincipal: principal === '*', conditions,
    };
  });
}

/** Whether an action list allows `action` (`sts:*` and `*` included; case-insensitive, as IAM). */
export function allowsAction(actions: readonly Val[], action: string): boolean {
  return actions.some(a => typeof a === 'string' && likeMatch(a.toLowerCase(), action.toLowerCase()));
}

/** The statements that let a web identity in: Allow, `sts:AssumeRoleWithWebIdentity`, a Federated principal. */
export function webIdentityStatements(statements: readonly TrustStatement[]): TrustStatement[] {
  return statements.filter(s => s.effect === 'Allow' && allowsAction(s.actions, 'sts:AssumeRoleWithWebIdentity') && s.federated.length > 0);
}

/** The issuer host/path an OIDC provider ARN names (`arn:…:oidc-provider/<host/path>`), when known. */
export function providerHostPath(arn: Val): string | undefined {
  const parts = partsOf(arn);
  const last = parts[parts.length - 1];
  if (last === null) return undefined;
  const m = /(?:^|:)oidc-provider\/(.+)$/.exec(last);
  return m ? m[1] : undefined;
}

/** The claim a condition key names for a provider (`<host/path>:sub` → `sub`), when the key belongs to it. */
export function claimOfKey(key: string, hostPath: string): string | undefined {
  const prefix = `${hostPath}:`.toLowerCase();
  return key.toLowerCase().startsWith(prefix) ? key.slice(prefix.length) : undefined;
}

/** `StringLike` matching: `*` any run, `?` one character. */
export function likeMatch(pattern: string, value: string): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[\\s\\S]*').replace(/\?/g, '[\\s\\S]');
  return new RegExp(`^${re}$`).test(value);
}

/** Three-valued logic. */
export type Tri = true | false | 'unknown';

function some(xs: Tri[]): Tri {
  return xs.includes(true) ? true : xs.includes('unknown') ? 'unknown' : false;
}

function every(xs: Tri[]): Tri {
  return xs.includes(false) ? false : xs.includes('unknown') ? 'unknown' : true;
}

function not(x: Tri): Tri {
  return x === 'unknown' ? x : !x;
}

/** Whether one policy value matches one context value under a base operator. */
function valueMatch(base: string, policy: Val, value: string): Tri {
  const like = base.startsWith('StringLike') || base.startsWith('StringNotLike');
  const ignoreCase = /IgnoreCase$/.test(base);
  if (typeof policy === 'string') {
    if (policy.includes('${')) return 'unknown'; // policy variables
    if (like) return likeMatch(policy, value);
    return ignoreCase ? policy.toLowerCase() === value.toLowerCase() : policy === value;
  }
  if (like) return 'unknown';
  const m = ignoreCase ? (valRegex(policy, 'i').test(value) ? 'maybe' : 'no') : matchVal(policy, value);
  return m === 'no' ? false : 'unknown';
}

const STRING_OPERATORS = new Set(['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike']);

/**
 * Evaluates one condition for a request whose context has `values` for the key (`undefined`:
 * the key is absent). Operators other than the string ones and `Null` are unknown.
 */
export function evaluateCondition(c: TrustCondition, values: readonly string[] | undefined): Tri {
  if (c.base === 'Null') {
    const want = c.values.map(v => known(v)?.toLowerCase());
    if (want.some(w => w === undefined)) return 'unknown';
    return want.every(w => (w === 'true') === (values === undefined || values.length === 0));
  }
  if (!STRING_OPERATORS.has(c.base)) return 'unknown';
  const negated = c.base.startsWith('StringNot');
  const positive = negated ? c.base.replace('StringNot', 'String') : c.base;
  const anyMatch = (v: string) => some(c.values.map(p => valueMatch(positive, p, v)));
  if (values === undefined || values.length === 0) {
    if (c.qualifier === 'ForAllValues') return true;
    if (c.ifExists) return true;
    return c.qualifier === undefined && negated;
  }
  if (c.qualifier === 'ForAllValues') return every(values.map(v => negated ? not(anyMatch(v)) : anyMatch(v)));
  // Single-valued operators and ForAnyValue: true when some context value matches (negated: fails to match).
  return some(values.map(v => negated ? not(anyMatch(v)) : anyMatch(v)));
}

/** A web-identity request as IAM sees it. */
export interface WebIdentityRequest {
  /** The token issuer's host/path (its provider's name). */
  readonly hostPath: string;
  readonly sub: string;
  readonly aud: readonly string[];
}

/** The context values of a key for a web-identity request: `undefined` when absent, `'unknown'` when not a token key. */
export function contextValues(key: string, req: WebIdentityRequest): readonly string[] | undefined | 'unknown' {
  const claim = claimOfKey(key, req.hostPath);
  if (claim === 'sub') return [req.sub];
  if (claim === 'aud') return req.aud;
  if (claim !== undefined) return undefined;
  // Global and service keys (`aws:SourceIp`, `sts:RoleSessionName` …) depend on the request;
  // any other key names a provider's claim, and no provider but the token's is in the request.
  return /^[a-z0-9-]+:[^./]+$/i.test(key) ? 'unknown' : undefined;
}

/** Whether all conditions of a statement hold for the request; with the first that fails. */
export function evaluateConditions(s: TrustStatement, req: WebIdentityRequest): { result: Tri; failed?: TrustCondition } {
  let result: Tri = true;
  for (const c of s.conditions) {
    const values = contextValues(c.key, req);
    const r = values === 'unknown' ? 'unknown' : evaluateCondition(c, values);
    if (r === false) return { result: false, failed: c };
    if (r === 'unknown') result = 'unknown';
  }
  return { result };
}

/** Non-whitespace characters of a policy, as IAM counts its size quota. */
export function policySize(policy: unknown): number {
  return (JSON.stringify(policy, (_k, v) => (isObject(v) && typeof v.unresolved === 'string' ? v.unresolved : v)) ?? '').replace(/\s/g, '').length;
}
