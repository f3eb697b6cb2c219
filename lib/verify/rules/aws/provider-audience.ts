import { claimConditions, statementLabel, webIdentityTrust } from '../../private/aws';
import { providerHostPath } from '../../private/iam';
import { hostPath } from '../../private/issuers';
import { known, showVal } from '../../private/val';
import { defineRule } from '../rule';

export default defineRule({
  id: 'aws-provider-audience',
  cloud: 'aws',
  severity: 'error',
  title: 'The audience a trust policy expects is not among its OIDC provider\'s client ids',
  description: 'STS first checks the token\'s `aud` against the provider\'s client-id list ("InvalidIdentityToken: Incorrect token audience"), then the role\'s conditions. An `:aud` condition on a value the provider does not list can never be met.',
  fix: 'Add the audience to the provider\'s `ClientIdList` (e.g. `sts.amazonaws.com`), or correct the `:aud` condition.',
  see: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html',
  check(ctx, report) {
    for (const { role, statement, hostPaths } of webIdentityTrust(ctx.graph)) {
      for (const host of hostPaths) {
        const provider = ctx.graph.aws.providers.find(p => providerHostPath(p.arn) === host || (typeof p.url === 'string' && hostPath(p.url) === host));
        if (!provider) continue;
        if (provider.clientIds.length === 0) {
          report(provider.ref, `the OIDC provider for ${host} lists no client id: STS refuses every token ("Incorrect token audience")`, { fix: 'set ClientIdList to ["sts.amazonaws.com"]' });
          continue;
        }
        if (provider.clientIds.some(c => known(c) === undefined)) continue;
        const ids = provider.clientIds.map(c => known(c)!);
        for (const c of claimConditions(statement, 'aud').filter(x => x.base === 'StringEquals' && x.key.toLowerCase().startsWith(host.toLowerCase()))) {
          for (const v of c.values.map(known)) {
            if (v !== undefined && !ids.includes(v)) {
              report(role.ref, `${statementLabel(statement)}: ${c.key} expects "${v}", but provider ${provider.ref.resource} lists only ${provider.clientIds.map(showVal).join(', ')}: STS refuses such tokens ("Incorrect token audience")`,
                { fix: `add "${v}" to the ClientIdList of ${provider.ref.resource}, or expect one of its client ids` });
            }
          }
        }
      }
    }
  },
});
