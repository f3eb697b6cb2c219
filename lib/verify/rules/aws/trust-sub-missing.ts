import { claimConditions, pins, statementLabel, webIdentityTrust } from '../../private/aws';
import { defineRule } from '../rule';

export default defineRule({
  id: 'aws-trust-sub-missing',
  cloud: 'aws',
  severity: 'error',
  title: 'A web-identity trust statement does not pin the token subject (`<issuer>:sub`)',
  description: 'Without a `StringEquals` (or `StringLike`) condition on `<issuer host/path>:sub`, every token of the issuer that passes the audience check can assume the role: every service account of the cluster, or — for a shared issuer such as GitHub Actions — every repository on the platform.',
  fix: 'Add `"StringEquals": { "<issuer host/path>:sub": "system:serviceaccount:<namespace>:<name>" }` to the statement\'s Condition.',
  see: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html',
  check(ctx, report) {
    for (const { role, statement, hostPaths } of webIdentityTrust(ctx.graph)) {
      if (claimConditions(statement, 'sub').some(c => pins(c) || c.qualifier === 'ForAllValues')) continue;
      const issuer = hostPaths[0];
      const who = issuer && ctx.isShared(`https://${issuer}`) ? `every workflow of every tenant of the shared issuer ${issuer}` : `every token of ${issuer ?? 'the trusted issuer'}`;
      report(role.ref, `${statementLabel(statement)} of the trust policy allows sts:AssumeRoleWithWebIdentity with no condition on ${issuer ?? '<issuer>'}:sub: ${who} can assume the role`,
        { fix: `add "StringEquals": { "${issuer ?? '<issuer host/path>'}:sub": "<the exact subject>" } to ${statementLabel(statement)}` });
    }
  },
});
