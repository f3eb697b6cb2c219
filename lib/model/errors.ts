/**
 * The one error type crossfed throws for bad input.
 *
 * Each problem names where it is (a model path such as `workload[prod-eks/data/app]`, or
 * `file:line:column` for model files), the field, the value received, what is allowed, and
 * the fix. Not part of the jsii API (jsii cannot export subclasses of `Error`): TypeScript
 * users import it from `crossfed/lib/model/errors`.
 */
export interface Problem {
  /** Where: model path, construct path, or `file:line:column`. */
  readonly where: string;
  /** The field, as named in the props and in the model file (e.g. `namespace`). */
  readonly field: string;
  /** The value received (omitted when the field is missing). */
  readonly value?: unknown;
  /** What is wrong, in plain words. */
  readonly problem: string;
  /** What is allowed. */
  readonly allowed?: string;
  /** How to fix it. */
  readonly fix: string;
}

export class CrossfedError extends Error {
  /** Build an error from one problem. */
  public static of(p: Problem): CrossfedError {
    return new CrossfedError([p]);
  }

  public readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'CrossfedError';
    this.problems = problems;
  }

  /** A copy whose problems are re-located (used by the model-file loader). */
  public relocate(fn: (p: Problem) => Problem): CrossfedError {
    return new CrossfedError(this.problems.map(fn));
  }
}

/** `where: field: "value" problem (allowed: …). Fix: …` — one line per problem. */
export function formatProblem(p: Problem): string {
  const value = p.value === undefined ? '' : ` ${formatValue(p.value)}`;
  const allowed = p.allowed ? ` Allowed: ${p.allowed}.` : '';
  return `${p.where}: ${p.field}${value} ${p.problem}.${allowed} Fix: ${p.fix}`;
}

function formatValue(v: unknown): string {
  const s = JSON.stringify(v);
  if (s === undefined) return String(v);
  return s.length > 200 ? `${s.slice(0, 197)}...` : s;
}

/** True when `e` is a CrossfedError (also across module copies). */
export function isCrossfedError(e: unknown): e is CrossfedError {
  return e instanceof CrossfedError || (typeof e === 'object' && e !== null && (e as any).name === 'CrossfedError' && Array.isArray((e as any).problems));
}
