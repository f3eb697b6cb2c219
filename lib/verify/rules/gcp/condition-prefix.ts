import { known } from '../../private/val';
import { defineRule } from '../rule';

/** A prefix, suffix, substring or regular-expression test of an identity claim or attribute. */
const LOOSE = /((?:assertion|attribute|google)(?:\.[\w]+|\[['"][^'"]+['"]\])+)\s*\.\s*(startsWith|endsWith|contains|matches)\s*\(|\bmatches\s*\(\s*((?:assertion|attribute|google)(?:\.[\w]+|\[['"][^'"]+['"]\])+)/g;

export default defineRule({
  id: 'gcp-condition-prefix',
  cloud: 'gcp',
  severity: 'error',
  title: 'An attribute condition tests an identity claim with `startsWith`, `endsWith`, `contains` or `matches`',
  description: '`assertion.sub.startsWith(\'system:serviceaccount:app\')` also admits `app-evil` and every namespace named `app…`; `matches()` patterns are easy to leave unanchored. The condition is the pool\'s gate: it should list exact values.',
  fix: 'Compare exactly: `assertion.sub in [\'system:serviceaccount:app:api\', …]` or `attribute.namespace == \'app\'`.',
  see: 'https://cloud.google.com/iam/docs/workload-identity-federation#conditions',
  check(ctx, report) {
    for (const p of ctx.graph.gcp.providers) {
      const cond = known(p.attributeCondition);
      if (cond === undefined) continue;
      for (const m of cond.matchAll(LOOSE)) {
        const claim = m[1] ?? m[3];
        const fn = m[2] ?? 'matches';
        report(p.ref, `attribute_condition tests ${claim} with ${fn}(): every ${claim.includes('sub') || claim.includes('subject') ? 'subject' : 'value'} that ${fn === 'startsWith' ? 'starts with' : fn === 'endsWith' ? 'ends with' : fn === 'contains' ? 'contains' : 'matches'} it passes (e.g. a service account "app-evil" for "app")`,
          { fix: `compare ${claim} with == or in [...] against the exact values` });
      }
    }
  },
});
