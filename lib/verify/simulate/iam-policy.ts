/**
 * Evaluates a role's trust policy (a resource-based policy) for one request: statements whose
 * principal, action and conditions match; an explicit `Deny` wins over any `Allow`; nothing
 * allowed is an implicit deny.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 */
import { isUnresolved, show } from '../graph';
import { allOf, ConditionOutcome, evaluateConditions, globMatch, IamContext, Tri } from './iam-conditions';

/** The request a trust policy is asked about. */
export interface TrustRequest {
  /** Who asks: `Federated` (an OIDC provider ARN), `Service` (e.g. `pods.eks.amazonaws.com`) or `AWS` (an ARN). */
  readonly principal: { readonly type: 'Federated' | 'Service' | 'AWS'; readonly value: string };
  /** e.g. `sts:AssumeRoleWithWebIdentity`. */
  readonly action: string;
  readonly context: IamContext;
}

/** How one statement fared. */
export interface StatementOutcome {
  /** 0-based position in `Statement`. */
  readonly index: number;
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly principal: Tri;
  readonly action: Tri;
  readonly conditions: readonly ConditionOutcome[];
  readonly conditionResult: Tri;
  /** Whether the statement applies to the request. */
  readonly applies: Tri;
  /** Plain words on principal and action, when they do not match. */
  readonly why?: string;
}

export type TrustDecision = 'allow' | 'explicit-deny' | 'implicit-deny' | 'undecided';

export interface TrustEvaluation {
  readonly decision: TrustDecision;
  readonly statements: readonly StatementOutcome[];
  /** The statement that allows (decision `allow`) or denies (`explicit-deny`). */
  readonly decisive?: StatementOutcome;
  /** The document could not be read. */
  readonly problem?: string;
}

/** The statements of a policy document (object, JSON text, or unresolved). */
export function policyStatements(document: unknown): { statements: Record<string, unknown>[]; problem?: string } {
  let doc = document;
  if (isUnresolved(doc)) return { statements: [], problem: `the trust policy is unresolved (${show(doc)})` };
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch {
      return { statements: [], problem: 'the trust policy is not valid JSON' };
    }
  }
  if (typeof doc !== 'object' || doc === null) return { statements: [], problem: 'the trust policy is not a JSON object' };
  const st = (doc as Record<string, unknown>).Statement;
  const list = Array.isArray(st) ? st : st === undefined ? [] : [st];
  return { statements: list.filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null && !Array.isArray(s)) };
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

function principalMatches(element: unknown, request: TrustRequest['principal']): Tri {
  if (element === '*') return true;
  if (isUnresolved(element)) return 'unknown';
  if (typeof element !== 'object' || element === null) return false;
  const per: Tri[] = [];
  for (const [type, values] of Object.entries(element as Record<string, unknown>)) {
    for (const v of asList(values)) {
      if (isUnresolved(v)) per.push('unknown');
      else if (type === 'AWS' && v === '*') per.push(true);
      else per.push(type === request.type && typeof v === 'string' && (type === 'Service' ? v.toLowerCase() === request.value.toLowerCase() : v === request.value));
    }
  }
  if (per.some(x => x === true)) return true;
  return per.some(x => x === 'unknown') ? 'unknown' : false;
}

function actionMatches(patterns: unknown, action: string): Tri {
  const per: Tri[] = asList(patterns).map(p => (isUnresolved(p) ? 'unknown' : typeof p === 'string' && globMatch(p, action, true)));
  if (per.some(x => x === true)) return true;
  return per.some(x => x === 'unknown') ? 'unknown' : false;
}

const not = (t: Tri): Tri => (t === 'unknown' ? t : !t);

/** Evaluates one statement. */
export function evaluateStatement(s: Record<string, unknown>, index: number, request: TrustRequest): StatementOutcome {
  const effect = s.Effect === 'Deny' ? 'Deny' : 'Allow';
  const principal = 'NotPrincipal' in s ? not(principalMatches(s.NotPrincipal, request.principal)) : 'Principal' in s ? principalMatches(s.Principal, request.principal) : false;
  const action = 'NotAction' in s ? not(actionMatches(s.NotAction, request.action)) : 'Action' in s ? actionMatches(s.Action, request.action) : false;
  const { result: conditionResult, outcomes } = evaluateConditions(s.Condition, request.context);
  const whys: string[] = [];
  if (principal !== true) whys.push(`principal ${principal === false ? 'is not' : 'may not be'} ${request.principal.type} ${JSON.stringify(request.principal.value)}`);
  if (action !== true) whys.push(`action ${action === false ? 'does not cover' : 'may not cover'} ${request.action}`);
  return {
    index, sid: typeof s.Sid === 'string' ? s.Sid : undefined, effect: effect as 'Allow' | 'Deny', principal, action,
    conditions: outcomes, conditionResult, applies: allOf([principal, action, conditionResult]),
    ...(whys.length ? { why: whys.join('; ') } : {}),
  };
}

/** Evaluates a trust policy for a request. */
export function evaluateTrustPolicy(document: unknown, request: TrustRequest): TrustEvaluation {
  const { statements, problem } = policyStatements(document);
  if (problem) return { decision: isUnresolved(document) ? 'undecided' : 'implicit-deny', statements: [], problem };
  const outcomes = statements.map((s, i) => evaluateStatement(s, i, request));
  const denies = outcomes.filter(o => o.effect === 'Deny');
  const allows = outcomes.filter(o => o.effect === 'Allow');
  const deny = denies.find(o => o.applies === true);
  if (deny) return { decision: 'explicit-deny', statements: outcomes, decisive: deny };
  const allow = allows.find(o => o.applies === true);
  if (allow) {
    return denies.some(o => o.applies === 'unknown')
      ? { decision: 'undecided', statements: outcomes, decisive: allow }
      : { decision: 'allow', statements: outcomes, decisive: allow };
  }
  if (allows.some(o => o.applies === 'unknown')) return { decision: 'undecided', statements: outcomes };
  return { decision: 'implicit-deny', statements: outcomes };
}

/** `Statement[1] (Sid "Pipeline")`. */
export function statementName(o: StatementOutcome): string {
  return `Statement[${o.index}]${o.sid ? ` (Sid ${JSON.stringify(o.sid)})` : ''}`;
}

/** One line on a statement: what matched, what did not. */
export function describeStatement(o: StatementOutcome): string {
  const parts: string[] = [];
  if (o.why) parts.push(o.why);
  for (const c of o.conditions) {
    const mark = c.result === true ? 'true' : c.result === false ? 'false' : 'unknown';
    parts.push(`${c.operator} ${c.key} ${JSON.stringify(c.values.length === 1 ? c.values[0] : c.values)} is ${mark}: ${c.why}`);
  }
  if (!o.conditions.length && !o.why) parts.push('no conditions');
  return `${statementName(o)} ${o.effect} ${o.applies === true ? 'applies' : o.applies === false ? 'does not apply' : 'may apply'} — ${parts.join('; ')}`;
}
