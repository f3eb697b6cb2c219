import { statementLabel, webIdentityTrust } from '../../private/aws';
import { defineRule } from '../rule';

export default defineRule({
  id: 'aws-trust-forallvalues',
  cloud: 'aws',
  severity: 'error',
  title: '`ForAllValues:` on a web-identity condition key',
  description: '`ForAllValues:` is true when the key is absent from the request, and `sub` and `aud` are single-valued: the condition pins nothing. AWS warns against it on single-valued keys.',
  fix: 'Drop the `ForAllValues:` qualifier: use plain `StringEquals`.',
  see: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html',
  check(ctx, report) {
    for (const { role, statement } of webIdentityTrust(ctx.graph)) {
      for (const c of statement.conditions) {
        if (c.qualifier !== 'ForAllValues') continue;
        report(role.ref, `${statementLabel(statement)}: ${c.operator} on ${c.key} holds when the key is absent and pins nothing on a single-valued claim`,
          { fix: `use "${c.base}${c.ifExists ? 'IfExists' : ''}" instead of "${c.operator}"` });
      }
    }
  },
});
