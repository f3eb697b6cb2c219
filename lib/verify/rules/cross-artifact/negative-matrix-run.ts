import type { IdentityModel } from '../../../model/identity-model';
import { TrustGraph } from '../../graph';
import { intendedPairsFromModel } from '../../simulate/intended';
import { negativeMatrix, NegativeMatrixReport } from '../../simulate/negative-matrix';
import { RuleContext } from '../rule';

/** One run per graph and model: the two rules, and `crossfed synth`'s report, read the same one. */
const cache = new WeakMap<TrustGraph, { model?: IdentityModel; report: NegativeMatrixReport }>();

/**
 * Runs the negative matrix once per check (two rules read it). The intended pairs come from
 * the model: without one, what a pod is meant to become is only what it is configured to
 * become, and `x-unreachable` already judges that.
 */
export function negativeMatrixOf(ctx: RuleContext): NegativeMatrixReport {
  const hit = cache.get(ctx.graph);
  let report = hit && hit.model === ctx.model ? hit.report : undefined;
  if (!report) {
    const now = Math.floor(Date.now() / 1000);
    const pairs = ctx.model ? intendedPairsFromModel(ctx.model, { now }) : [];
    report = negativeMatrix(ctx.graph, pairs, { now });
    cache.set(ctx.graph, { model: ctx.model, report });
  }
  return report;
}

