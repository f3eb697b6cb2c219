import { statementLabel, webIdentityTrust } from '../../private/aws';
import { known } from '../../private/val';
import { defineRule } from '../rule';

export default defineRule({
  id: 'aws-trust-literal-wildcard',
  cloud: 'aws',
  severity: 'error',
  title: '`*` or `?` under `StringEquals`, where IAM compares them literally',
  description: '`StringEquals` takes `*` and `?` as the characters themselves. `"…:sub": "system:serviceaccount:ci:*"` under `StringEquals` matches no token: the role is unreachable. (Under `StringLike` the same pattern would open the role to every name with that prefix — see `aws-trust-sub-wildcard`.)',
  fix: 'List the exact subjects under `StringEquals`; use `StringLike` only if every name the pattern matches may really assume the role.',
  see: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String',
  check(ctx, report) {
    for (const { role, statement } of webIdentityTrust(ctx.graph)) {
      for (const c of statement.conditions) {
        if (!c.base.startsWith('StringEquals')) continue;
        for (const v of c.values.map(known)) {
          if (v !== undefined && /[*?]/.test(v)) {
            report(role.ref, `${statementLabel(statement)}: ${c.operator} ${c.key} "${v}" compares "${v.includes('*') ? '*' : '?'}" literally: no token has that value, so the condition never holds`,
              { fix: `write the exact value(s) under ${c.operator}, or — only if every matching name may assume the role — move the pattern to StringLike` });
          }
        }
      }
    }
  },
});
