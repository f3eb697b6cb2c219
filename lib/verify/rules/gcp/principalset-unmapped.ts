import { parsePoolMember } from '../../private/gcp';
import { known, matchVal } from '../../private/val';
import { effectiveMapping } from '../../simulate/gcp-federation';
import { defineRule } from '../rule';

export default defineRule({
  id: 'gcp-principalset-unmapped',
  cloud: 'gcp',
  severity: 'error',
  title: 'A `principalSet://…/attribute.X/…` member names an attribute no provider of the pool maps',
  description: 'A principal set by attribute matches tokens whose mapped `attribute.X` has the value. When no provider of the pool maps `attribute.X`, the binding matches nobody: the workloads it was meant for are refused ("Permission \'iam.serviceAccounts.getAccessToken\' denied").',
  fix: 'Add `attribute.X` to the providers\' `attribute_mapping` (e.g. `"attribute.namespace": "assertion[\'kubernetes.io\'][\'namespace\']"`), or bind `principal://…/subject/<subject>`.',
  see: 'https://cloud.google.com/iam/docs/principal-identifiers',
  check(ctx, report) {
    for (const b of ctx.graph.gcp.bindings) {
      const m = parsePoolMember(b.member);
      if (!m || m.kind !== 'attribute' || m.poolId === null) continue;
      const providers = ctx.graph.gcp.providers.filter(p => matchVal(p.poolId, m.poolId!) !== 'no');
      if (providers.length === 0) continue;
      const key = `attribute.${m.attribute}`;
      // An AWS provider without a mapping gets GCP's default one, which maps attribute.aws_role.
      if (providers.some(p => key in effectiveMapping(p))) continue;
      const mapped = [...new Set(providers.flatMap(p => Object.keys(effectiveMapping(p))))].sort();
      report(b.ref, `member ${known(b.member) ?? 'principalSet://…'} names ${key}, which no provider of pool "${m.poolId}" maps (mapped: ${mapped.join(', ') || 'only google.subject'}): the binding matches no token`,
        { fix: `map ${key} in the attribute_mapping of ${providers.map(p => p.ref.resource).join(', ')}, or bind principal://…/subject/<subject>` });
    }
  },
});
