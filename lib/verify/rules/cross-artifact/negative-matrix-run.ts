import type { IdentityModel } from '../../../model/identity-model';
import { AwsOidcProvider, TrustGraph } from '../../graph';
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
    report = negativeMatrix(ctx.model ? withExistingProviders(ctx.graph, ctx.model) : ctx.graph, pairs, { now });
    cache.set(ctx.graph, { model: ctx.model, report });
  }
  return report;
}

/**
 * IAM OIDC providers the model declares as existing (every EKS cluster created with
 * `--with-oidc` has one): not in the artifacts, but there at exchange time, with the client ids
 * the model's grants use.
 */
function withExistingProviders(graph: TrustGraph, model: IdentityModel): TrustGraph {
  const existing: AwsOidcProvider[] = model.awsAccounts.flatMap(a => a.oidcProviders.filter(p => p.existing).map(p => ({
    ref: { file: '(model)', resource: `existing provider ${p.arn}` },
    url: p.issuer.url, arn: p.arn, clientIds: p.clientIds, thumbprints: [],
  })));
  return existing.length === 0 ? graph : { ...graph, aws: { ...graph.aws, providers: [...graph.aws.providers, ...existing] } };
}
