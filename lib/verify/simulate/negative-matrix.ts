/**
 * The negative matrix: for every intended (token, identity) pair, the intended token must get
 * in and every near miss must be refused. An accepted near miss is an error-level finding
 * (`x-near-miss-accepted`) naming the token and what lets it in.
 */
import { TrustGraph } from '../graph';
import { SimulateOptions } from './aws-web-identity';
import { evaluateExchange, ExchangeTarget, targetKey } from './exchange';
import { NearMiss, NearMissKind, nearMisses } from './near-miss';
import { ExchangeResult } from './result';
import { cleanToken, derivedFromCleaned } from './sanitize';
import { audiences, nowSeconds, Token } from './token';

/** A workload's token and the identity it is meant for. */
export interface IntendedPair {
  /** e.g. `prod-eks/pipeline → aws arn:aws:iam::111122223333:role/pipeline-reader`. */
  readonly label: string;
  readonly token: Token;
  readonly target: ExchangeTarget;
}

/** A finding in the checker's form (`{rule, severity, resource, file, message, fix}`). */
export interface NearMissFinding {
  readonly rule: 'x-near-miss-accepted';
  readonly severity: 'error';
  readonly resource: string;
  readonly file: string;
  readonly line?: number;
  readonly message: string;
  readonly fix: string;
}

export interface NearMissOutcome {
  readonly nearMiss: NearMiss;
  /** Whether the near miss is accepted (`result.accepted`). */
  readonly accepted: boolean;
  readonly result: ExchangeResult;
}

/**
 * A refused near miss: the verdict is kept, the evaluation (its steps and texts) is evaluated
 * again when asked for — the same result, as the evaluation reads only the graph, the token,
 * the target and the time. A matrix tries hundreds of near misses per pair and nearly all are
 * refused: keeping every evaluation would hold on to memory in proportion.
 */
class RefusedNearMiss implements NearMissOutcome {
  public readonly accepted = false;
  constructor(public readonly nearMiss: NearMiss, private readonly evaluate: () => ExchangeResult) {}
  public get result(): ExchangeResult {
    return this.evaluate();
  }
}

export interface PairOutcome {
  readonly pair: IntendedPair;
  readonly intended: ExchangeResult;
  /** Near misses tried for this pair (`nearMisses.length`). */
  readonly tried: number;
  /** Of those, the accepted ones (each one a finding). */
  readonly acceptedNearMisses: readonly NearMissOutcome[];
  /**
   * Every near miss tried, in order. Derived again when read: a matrix of thousands of pairs
   * tries millions of near misses, and keeping them all would hold gigabytes.
   */
  readonly nearMisses: readonly NearMissOutcome[];
}

export interface NegativeMatrixReport {
  readonly pairs: readonly PairOutcome[];
  readonly findings: readonly NearMissFinding[];
  /** Near-miss tokens tried. */
  readonly tried: number;
  /** Near-miss tokens accepted (each one is a finding). */
  readonly accepted: number;
  /** Intended tokens refused (reported by the result, not as a finding here). */
  readonly intendedRefused: number;
}

export const NEAR_MISS_RULE = 'x-near-miss-accepted';

/** How to close the hole each kind of near miss goes through. */
export const NEAR_MISS_FIX: Readonly<Record<NearMissKind, string>> = {
  'other-namespace': 'pin the exact subject: StringEquals on <issuer>:sub (AWS), an exact federated credential subject (Entra), an exact attribute condition on assertion.sub (GCP); no wildcard over namespaces',
  'longer-name': 'pin the exact subject: replace StringLike "…:<name>*" with StringEquals, and startsWith()/matches() in GCP conditions with ==',
  'prefix-name': 'pin the exact subject: replace wildcard or prefix matches with exact equality',
  'other-cluster': 'trust the cluster\'s own issuer only (one OIDC provider / credential / pool provider per issuer), and in GCP keep subjects of different issuers apart (a condition on assertion.iss, or one pool per cluster)',
  'trailing-slash': 'register the issuer byte for byte as the tokens carry it in iss (AKS issuers end in "/", EKS and GKE issuers do not)',
  'other-audience': 'require the target cloud\'s own audience: StringEquals on <issuer>:aud and only that client ID (AWS), exactly one audience (Entra), allowed_audiences or the provider name (GCP)',
  'subject-case': 'compare subjects case-sensitively: StringEquals, not StringEqualsIgnoreCase',
  'expired': 'nothing in the artifacts accepts expired tokens; report this as a crossfed bug',
  'legacy': 'require the aud claim (a Null condition is not enough: StringEquals on <issuer>:aud), and move workloads to projected tokens',
  'other-principal': 'pin the exact principal: StringEquals on <issuer>:sub with the object id (for Google also accounts.google.com:aud and :sub with the unique id), an exact federated credential subject (Entra), assertion.sub == the id or attribute.aws_role == the exact assumed-role ARN (GCP)',
  'other-tenant': 'trust the tenant\'s or account\'s own issuer only: the OIDC provider and issuer_uri of https://sts.windows.net/<tenant>/ (not another tenant\'s), and for AWS roles the provider\'s aws.account_id and the account in the pinned assumed-role ARN',
  'token-version': 'register only the issuer form the tokens carry (v1.0 https://sts.windows.net/<tenant>/ or v2.0 https://login.microsoftonline.com/<tenant>/v2.0)',
};

/** The key of a (target, iss, sub, aud) combination, to skip near misses that are someone's intended token. */
function tokenKey(target: string, t: Token): string {
  return JSON.stringify([target, t.claims.iss, t.claims.sub, t.claims.arn, t.claims.account, audiences(t.claims).sort()]);
}

/**
 * Per target, the subjects and issuers of its intended tokens: a token whose `sub` and `iss`
 * are no intended token's has no intended token's key. `true` stands for a claim that is no
 * string (then only the key tells).
 */
type IntendedClaims = Map<string, Set<string> | true> | true;

/**
 * Runs the matrix. Near misses are presented to the intended identity; a near miss that equals
 * another pair's intended token for the same identity is not a near miss and is skipped.
 */
export function negativeMatrix(graph: TrustGraph, pairs: readonly IntendedPair[], options: SimulateOptions = {}): NegativeMatrixReport {
  const now = options.now ?? nowSeconds();
  const issuers = [...new Set(pairs.map(p => p.token.claims.iss).filter((i): i is string => typeof i === 'string'))];
  const auds = [...new Set(pairs.flatMap(p => audiences(p.token.claims)))];
  const targets = pairs.map(p => targetKey(p.target));
  const intendedKeys = new Set(pairs.map((p, i) => tokenKey(targets[i], p.token)));
  const intendedClaims = new Map<string, IntendedClaims>();
  pairs.forEach((p, i) => {
    const { sub, iss } = p.token.claims;
    const bySub = intendedClaims.get(targets[i]) ?? new Map<string, Set<string> | true>();
    if (bySub === true || typeof sub !== 'string') {
      intendedClaims.set(targets[i], true);
      return;
    }
    intendedClaims.set(targets[i], bySub);
    const known = bySub.get(sub) ?? new Set<string>();
    if (known === true || typeof iss !== 'string') bySub.set(sub, true);
    else bySub.set(sub, known.add(iss));
  });
  /** Whether a token is an intended token for the target (its key is an intended token's). */
  const isIntended = (target: string, t: Token): boolean => {
    const bySub = intendedClaims.get(target)!;
    const { sub, iss } = t.claims;
    if (bySub !== true && typeof sub === 'string') {
      const known = bySub.get(sub);
      if (known === undefined) return false;
      if (known !== true && typeof iss === 'string' && !known.has(iss)) return false;
    }
    return intendedKeys.has(tokenKey(target, t));
  };
  const outcomes: PairOutcome[] = [];
  const findings: NearMissFinding[] = [];
  let tried = 0;
  /** The near misses of a pair, each presented to the pair's identity. */
  const tryPair = (pair: IntendedPair, target: string, token: Token): NearMissOutcome[] => {
    const candidates = nearMisses(token, { now, otherIssuers: issuers, audiences: auds });
    derivedFromCleaned(token, candidates.map(nm => nm.token));
    const misses: NearMissOutcome[] = [];
    for (const nm of candidates) {
      if (nm.kind !== 'expired' && nm.kind !== 'legacy' && isIntended(target, nm.token)) continue;
      const result = evaluateExchange(graph, nm.token, pair.target, { now });
      misses.push(result.accepted ? { nearMiss: nm, accepted: true, result } : new RefusedNearMiss(nm, () => evaluateExchange(graph, nm.token, pair.target, { now })));
    }
    return misses;
  };
  pairs.forEach((pair, i) => {
    const token = cleanToken(pair.token);
    const intended = evaluateExchange(graph, token, pair.target, { now });
    const misses = tryPair(pair, targets[i], token);
    tried += misses.length;
    const accepted = misses.filter(m => m.accepted);
    for (const { nearMiss: nm, result } of accepted) {
      findings.push({
        rule: NEAR_MISS_RULE, severity: 'error',
        resource: result.grantedAt?.resource ?? result.identity, file: result.grantedAt?.file ?? '', ...(result.grantedAt?.line ? { line: result.grantedAt.line } : {}),
        message: `near-miss token (${nm.kind}: ${nm.description}) meant to be refused is accepted by ${result.cloud} ${result.identity} for ${pair.label}: ${result.grantedBy}`,
        fix: NEAR_MISS_FIX[nm.kind],
      });
    }
    const count = misses.length;
    outcomes.push({
      pair, intended, tried: count, acceptedNearMisses: accepted,
      get nearMisses() { return tryPair(pair, targets[i], token); },
    });
  });
  return { pairs: outcomes, findings, tried, accepted: findings.length, intendedRefused: outcomes.filter(o => !o.intended.accepted).length };
}
