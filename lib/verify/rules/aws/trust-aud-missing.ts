import { claimConditions, pins, statementLabel, webIdentityTrust } from '../../private/aws';
import { defineRule } from '../rule';

export default defineRule({
  id: 'aws-trust-aud-missing',
  cloud: 'aws',
  severity: 'warning',
  title: 'A web-identity trust statement does not pin the token audience (`<issuer>:aud`)',
  description: 'IAM checks the audience against the OIDC provider\'s client ids, but a provider shared by several audiences then lets a token meant for another audience assume the role. AWS documents both `:sub` and `:aud` conditions.',
  fix: 'Add `"<issuer host/path>:aud": "sts.amazonaws.com"` to the statement\'s `StringEquals`.',
  see: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif',
  check(ctx, report) {
    for (const { role, statement, hostPaths } of webIdentityTrust(ctx.graph)) {
      if (claimConditions(statement, 'aud').some(c => pins(c) || c.qualifier === 'ForAllValues')) continue;
      const issuer = hostPaths[0] ?? '<issuer host/path>';
      report(role.ref, `${statementLabel(statement)} of the trust policy has no condition on ${issuer}:aud: any audience the provider lists is accepted`,
        { fix: `add "${issuer}:aud": "sts.amazonaws.com" to the StringEquals of ${statementLabel(statement)}` });
    }
  },
});
