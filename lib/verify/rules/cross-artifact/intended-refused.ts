import { negativeMatrixOf } from './negative-matrix-run';
import { TrustGraph } from '../../graph';
import { ExchangeTarget, findEntraIdentity, findRole } from '../../simulate/exchange';
import { defineRule } from '../rule';

export default defineRule({
  id: 'x-intended-refused',
  cloud: 'cross-artifact',
  severity: 'error',
  title: 'The intended token of a granted workload would be refused',
  description: 'With a model, the model grants a workload an identity that is in the artifacts checked, but presenting the token the workload would carry to that identity is refused by the cloud\'s evaluation: the phantom 403 that deploys fine and fails at run time.',
  fix: 'Read the refusal (it is in the cloud\'s own words) and align the artifact it names with the model: issuer, subject, audience, condition or binding.',
  check(ctx, report) {
    for (const o of negativeMatrixOf(ctx).pairs) {
      const r = o.intended;
      // A model checked against part of its artifacts: identities not in them are not judged.
      if (r.accepted || r.undecided || !targetInArtifacts(ctx.graph, o.pair.target)) continue;
      const failed = r.steps.find(s => !s.ok);
      report({ file: r.grantedAt?.file ?? '', resource: r.grantedAt?.resource ?? r.identity },
        `${o.pair.label} would be refused: ${r.reason}${failed ? ` (${failed.check}: ${failed.detail})` : ''}`);
    }
  },
});

/** Whether the identity a target names is among the artifacts at all. */
function targetInArtifacts(graph: TrustGraph, target: ExchangeTarget): boolean {
  switch (target.kind) {
    case 'web-identity':
    case 'pod-identity': return findRole(graph, target.roleArn) !== undefined;
    case 'federated-credential': return findEntraIdentity(graph, target.identity) !== undefined;
    case 'impersonation':
    case 'gke-native': return graph.gcp.serviceAccounts.some(s => s.email === target.serviceAccountEmail)
      || graph.gcp.bindings.some(b => typeof b.resource === 'string' && b.resource.endsWith(target.serviceAccountEmail));
    case 'direct': return graph.gcp.providers.length > 0;
  }
}
