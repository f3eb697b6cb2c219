/**
 * IAM condition evaluation, written for crossfed from AWS's documentation:
 * operators (`String*`, `Arn*`, `Bool`, `Numeric*`, `Null`), the `IfExists` suffix, the
 * `ForAnyValue:` / `ForAllValues:` set operators over multi-valued keys, absent keys, policy
 * variables, and case: keys are case-insensitive, values case-sensitive (except `…IgnoreCase`).
 *
 * Values the parsers could not resolve (`Unresolved`) make a test `unknown` rather than guessed.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
import { isUnresolved, show } from '../graph';
import { safeJson } from './sanitize';

/** Three-valued logic: a test that met an unresolved value is `unknown`. */
export type Tri = boolean | 'unknown';

/** The request context: condition key → one value or a list (multi-valued key). */
export type IamContext = Readonly<Record<string, string | readonly string[]>>;

/** Why one condition (operator + key) came out as it did. */
export interface ConditionOutcome {
  /** The operator as written, e.g. `ForAnyValue:StringLike`. */
  readonly operator: string;
  /** The condition key as written. */
  readonly key: string;
  /** The policy values, as text. */
  readonly values: readonly string[];
  /** The request's value(s) for the key (undefined: absent). */
  readonly requestValue: string | readonly string[] | undefined;
  readonly result: Tri;
  /** Plain words: which value matched, or why none did. */
  readonly why: string;
}

type Op = { readonly test: (requestValue: string, policyValue: string, ctx: Ctx) => boolean | 'error'; readonly negated: boolean };

/** A case-insensitive view of the context. */
class Ctx {
  private readonly map = new Map<string, string | readonly string[]>();
  constructor(context: IamContext) {
    for (const [k, v] of Object.entries(context)) this.map.set(k.toLowerCase(), v);
  }
  public get(key: string): string | readonly string[] | undefined {
    return this.map.get(key.toLowerCase());
  }
}

/** IAM `StringLike` matching: `*` any run of characters, `?` exactly one; case-sensitive. */
export function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const v = ignoreCase ? value.toLowerCase() : value;
  // Iterative wildcard matching with backtracking on the last `*` (linear in practice, no regex).
  let pi = 0; let vi = 0; let star = -1; let mark = 0;
  while (vi < v.length) {
    if (pi < p.length && (p[pi] === '?' || (p[pi] !== '*' && p[pi] === v[vi]))) {
      pi++; vi++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++; mark = vi;
    } else if (star >= 0) {
      pi = star + 1; vi = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

/** A policy value with its variables replaced; wildcards stay as they are. */
interface Expanded {
  /** Literal characters and wildcard markers: `{ lit }` parts are taken literally, `*`/`?` parts are wildcards. */
  readonly parts: ReadonlyArray<{ readonly lit: string } | { readonly wild: '*' | '?' }>;
}

/**
 * Expands `${…}` policy variables: `${*}`, `${?}`, `${$}` are the literal characters; `${key}`
 * and `${key, 'default'}` take the request's single value. A variable with no value makes the
 * policy value match nothing (IAM's documented behaviour), reported as 'error'.
 */
function expand(value: string, ctx: Ctx, wildcards: boolean): Expanded | 'error' {
  const parts: Array<{ lit: string } | { wild: '*' | '?' }> = [];
  let lit = '';
  let i = 0;
  while (i < value.length) {
    const c = value[i];
    if (wildcards && (c === '*' || c === '?')) {
      if (lit) parts.push({ lit });
      lit = '';
      parts.push({ wild: c });
      i++;
    } else if (c === '$' && value[i + 1] === '{' && value.indexOf('}', i + 2) >= 0) {
      const end = value.indexOf('}', i + 2);
      const inner = value.slice(i + 2, end);
      i = end + 1;
      if (inner === '*' || inner === '?' || inner === '$') {
        lit += inner;
        continue;
      }
      const [name, ...rest] = inner.split(', ');
      const dflt = rest.length === 1 && /^'.*'$/.test(rest[0]) ? rest[0].slice(1, -1) : undefined;
      const v = ctx.get(name.trim());
      if (typeof v === 'string' && v !== '') lit += v;
      else if (dflt) lit += dflt;
      else return 'error';
    } else {
      lit += c;
      i++;
    }
  }
  if (lit) parts.push({ lit });
  return { parts };
}

/** Matches a request value against an expanded policy value. */
function matchExpanded(e: Expanded, value: string, ignoreCase: boolean): boolean {
  // Encode literal wildcard characters so that globMatch sees them as literals.
  if (e.parts.every(p => 'lit' in p)) {
    const lit = e.parts.map(p => (p as { lit: string }).lit).join('');
    return ignoreCase ? lit.toLowerCase() === value.toLowerCase() : lit === value;
  }
  return globParts(e.parts, ignoreCase ? value.toLowerCase() : value, ignoreCase);
}

function globParts(parts: Expanded['parts'], value: string, ignoreCase: boolean): boolean {
  // Split into tokens: each literal character or wildcard, then backtracking match.
  const tokens: Array<string | { wild: '*' | '?' }> = [];
  for (const p of parts) {
    if ('lit' in p) for (const ch of ignoreCase ? p.lit.toLowerCase() : p.lit) tokens.push(ch);
    else tokens.push(p);
  }
  const chars = [...value];
  let ti = 0; let vi = 0; let star = -1; let mark = 0;
  const isStar = (t: string | { wild: string } | undefined) => typeof t === 'object' && t.wild === '*';
  while (vi < chars.length) {
    const t = tokens[ti];
    if (ti < tokens.length && (typeof t === 'object' ? t.wild === '?' : t === chars[vi])) {
      ti++; vi++;
    } else if (ti < tokens.length && isStar(t)) {
      star = ti++; mark = vi;
    } else if (star >= 0) {
      ti = star + 1; vi = ++mark;
    } else {
      return false;
    }
  }
  while (ti < tokens.length && isStar(tokens[ti])) ti++;
  return ti === tokens.length;
}

function stringOp(wildcards: boolean, ignoreCase: boolean, negated: boolean): Op {
  return {
    negated,
    test: (rv, pv, ctx) => {
      const e = expand(pv, ctx, wildcards);
      if (e === 'error') return 'error';
      return matchExpanded(e, rv, ignoreCase);
    },
  };
}

/**
 * ARN operators compare each of the six colon-delimited parts separately, with wildcards. A
 * value that is not an ARN satisfies neither the operator nor its negation.
 */
function arnOp(negated: boolean): Op {
  const split = (arn: string) => {
    const parts = arn.split(':');
    return parts.length < 6 ? undefined : [...parts.slice(0, 5), parts.slice(5).join(':')];
  };
  return {
    negated,
    test: (rv, pv, ctx) => {
      const e = expand(pv, ctx, false);
      if (e === 'error') return 'error';
      const pattern = e.parts.map(p => (p as { lit: string }).lit).join('');
      const a = split(rv); const b = split(pattern);
      if (!a || !b) return 'error';
      return a.every((part, i) => globMatch(b[i], part));
    },
  };
}

function numericOp(cmp: (a: number, b: number) => boolean, negated = false): Op {
  return {
    negated,
    test: (rv, pv) => {
      const a = Number(rv); const b = Number(pv);
      if (rv.trim() === '' || pv.trim() === '' || Number.isNaN(a) || Number.isNaN(b)) return false;
      return cmp(a, b);
    },
  };
}

const OPERATORS: Record<string, Op> = {
  stringequals: stringOp(false, false, false),
  stringnotequals: stringOp(false, false, true),
  stringequalsignorecase: stringOp(false, true, false),
  stringnotequalsignorecase: stringOp(false, true, true),
  stringlike: stringOp(true, false, false),
  stringnotlike: stringOp(true, false, true),
  arnequals: arnOp(false),
  arnlike: arnOp(false),
  arnnotequals: arnOp(true),
  arnnotlike: arnOp(true),
  bool: { negated: false, test: (rv, pv) => rv.toLowerCase() === pv.toLowerCase() },
  numericequals: numericOp((a, b) => a === b),
  numericnotequals: numericOp((a, b) => a === b, true),
  numericlessthan: numericOp((a, b) => a < b),
  numericlessthanequals: numericOp((a, b) => a <= b),
  numericgreaterthan: numericOp((a, b) => a > b),
  numericgreaterthanequals: numericOp((a, b) => a >= b),
};

/** A policy value as IAM reads it: strings as they are, numbers and booleans as their text. */
const text = (v: unknown): string => (typeof v === 'string' ? v : safeJson(v));

/** Kleene OR over a list. */
function anyOf(xs: readonly Tri[]): Tri {
  if (xs.some(x => x === true)) return true;
  return xs.some(x => x === 'unknown') ? 'unknown' : false;
}

/** Kleene AND over a list. */
export function allOf(xs: readonly Tri[]): Tri {
  if (xs.some(x => x === false)) return false;
  return xs.some(x => x === 'unknown') ? 'unknown' : true;
}

/** Whether one request value satisfies the base operator against the policy values. */
function baseMatches(op: Op, requestValue: string, values: readonly unknown[], ctx: Ctx): { result: Tri; matched?: string } {
  const per: Tri[] = [];
  let matched: string | undefined;
  for (const pv of values) {
    if (isUnresolved(pv)) { per.push('unknown'); continue; }
    const r = op.test(requestValue, text(pv), ctx);
    // A value whose variable cannot be resolved satisfies neither form of the operator.
    const passes = r === 'error' ? false : op.negated ? !r : r;
    if (passes && matched === undefined && !op.negated) matched = text(pv);
    per.push(passes);
  }
  return { result: op.negated ? allOf(per) : anyOf(per), matched };
}

/** Parses `ForAnyValue:StringLikeIfExists` into its parts. */
export function parseOperator(operator: string): { set?: 'ForAnyValue' | 'ForAllValues'; base: string; ifExists: boolean } {
  let rest = operator;
  let set: 'ForAnyValue' | 'ForAllValues' | undefined;
  const m = /^(ForAnyValue|ForAllValues):(.*)$/i.exec(rest);
  if (m) {
    set = m[1].toLowerCase() === 'foranyvalue' ? 'ForAnyValue' : 'ForAllValues';
    rest = m[2];
  }
  const ifExists = /IfExists$/i.test(rest) && rest.toLowerCase() !== 'ifexists';
  return { set, base: ifExists ? rest.slice(0, -'IfExists'.length) : rest, ifExists };
}

const fmt = (v: string | readonly string[] | undefined) => (v === undefined ? 'absent' : JSON.stringify(v));

/** Evaluates one operator/key pair. */
export function evaluateConditionEntry(operator: string, key: string, rawValues: unknown, context: IamContext | Ctx): ConditionOutcome {
  const ctx = context instanceof Ctx ? context : new Ctx(context);
  const values: readonly unknown[] = Array.isArray(rawValues) ? rawValues : [rawValues];
  const shown = values.map(v => (isUnresolved(v) ? show(v) : text(v)));
  const requestValue = ctx.get(key);
  const out = (result: Tri, why: string): ConditionOutcome => ({ operator, key, values: shown, requestValue, result, why });
  const { set, base, ifExists } = parseOperator(operator);

  if (base.toLowerCase() === 'null') {
    const absent = requestValue === undefined;
    const per: Tri[] = values.map(v => (isUnresolved(v) ? 'unknown' : text(v).toLowerCase() === (absent ? 'true' : 'false')));
    return out(anyOf(per), `the key is ${absent ? 'absent' : 'present'}`);
  }
  const op = OPERATORS[base.toLowerCase()];
  if (!op) return out(false, `operator ${base} is not evaluated by crossfed (treated as not matching)`);
  if (set === 'ForAllValues') {
    if (requestValue === undefined) return out(true, 'the key is absent, and ForAllValues is true for an absent key');
    const list = typeof requestValue === 'string' ? [requestValue] : requestValue;
    const per = list.map(v => baseMatches(op, v, values, ctx).result);
    const r = allOf(per);
    const bad = list.filter((_, i) => per[i] === false);
    return out(r, r === true ? `every request value ${fmt(list)} satisfies ${base}` : r === false ? `request value(s) ${fmt(bad)} do not satisfy ${base}` : 'depends on an unresolved value');
  }
  if (set === 'ForAnyValue') {
    if (requestValue === undefined) return out(false, 'the key is absent, and ForAnyValue is false for an absent key');
    const list = typeof requestValue === 'string' ? [requestValue] : requestValue;
    const per = list.map(v => baseMatches(op, v, values, ctx));
    const r = anyOf(per.map(p => p.result));
    const hit = list.find((_, i) => per[i].result === true);
    return out(r, r === true ? `request value ${JSON.stringify(hit)} satisfies ${base}` : r === false ? `no request value of ${fmt(list)} satisfies ${base}` : 'depends on an unresolved value');
  }
  if (requestValue === undefined) {
    if (ifExists) return out(true, 'the key is absent, and …IfExists is true for an absent key');
    if (op.negated) return out(true, `the key is absent, and the negated operator ${base} is true for an absent key`);
    return out(false, 'the key is absent from the request');
  }
  if (typeof requestValue !== 'string') {
    return out(false, `the key has several values ${fmt(requestValue)}; a single-valued operator needs ForAnyValue: or ForAllValues: and matches nothing here`);
  }
  const r = baseMatches(op, requestValue, values, ctx);
  if (r.result === 'unknown') return out('unknown', `${JSON.stringify(requestValue)} against an unresolved value`);
  if (op.negated) return out(r.result, r.result ? `${JSON.stringify(requestValue)} is none of the values` : `${JSON.stringify(requestValue)} is one of the values`);
  return out(r.result, r.result ? `${JSON.stringify(requestValue)} matches ${JSON.stringify(r.matched)}` : `${JSON.stringify(requestValue)} matches none of the values`);
}

/**
 * Evaluates a statement's `Condition` block: every operator, every key (AND); the values of one
 * key are alternatives (OR; NOR for negated operators). An absent block is true.
 */
export function evaluateConditions(condition: unknown, context: IamContext): { result: Tri; outcomes: ConditionOutcome[] } {
  if (condition === undefined || condition === null) return { result: true, outcomes: [] };
  if (typeof condition !== 'object' || Array.isArray(condition)) {
    return { result: false, outcomes: [{ operator: '?', key: '?', values: [], requestValue: undefined, result: false, why: 'the Condition element is not an object' }] };
  }
  const ctx = new Ctx(context);
  const outcomes: ConditionOutcome[] = [];
  for (const [operator, block] of Object.entries(condition as Record<string, unknown>)) {
    if (typeof block !== 'object' || block === null || Array.isArray(block)) {
      outcomes.push({ operator, key: '?', values: [], requestValue: undefined, result: false, why: 'the operator\'s block is not an object' });
      continue;
    }
    for (const [key, values] of Object.entries(block as Record<string, unknown>)) {
      outcomes.push(evaluateConditionEntry(operator, key, values, ctx));
    }
  }
  return { result: allOf(outcomes.map(o => o.result)), outcomes };
}
