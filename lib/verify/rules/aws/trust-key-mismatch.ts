import { keyClaim, statementLabel, webIdentityTrust } from '../../private/aws';
import { hostPath } from '../../private/issuers';
import { defineRule } from '../rule';

export default defineRule({
  id: 'aws-trust-key-mismatch',
  cloud: 'aws',
  severity: 'error',
  title: 'A condition key is not `<provider host/path>:sub|aud`',
  description: 'IAM names web-identity keys after the provider: the issuer URL without `https://`, then `:sub` or `:aud`. A key written with the provider ARN, with `https://`, with a trailing slash, or for another issuer is absent from every request — `StringEquals` on it never holds (the role is unreachable) and, under `…IfExists` or `ForAllValues:`, always holds.',
  fix: 'Write the key as the Federated principal\'s provider name followed by `:sub` / `:aud`, e.g. `oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE:sub`.',
  see: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif',
  check(ctx, report) {
    for (const { role, statement, hostPaths, unknownProvider } of webIdentityTrust(ctx.graph)) {
      for (const c of statement.conditions) {
        const claim = keyClaim(c.key);
        if (claim !== 'sub' && claim !== 'aud' && claim !== 'amr') continue;
        const prefix = c.key.slice(0, c.key.length - claim.length - 1);
        const trusted = hostPaths.length > 0 && !unknownProvider;
        if (trusted && hostPaths.some(h => h.toLowerCase() === prefix.toLowerCase())) continue;
        let problem: string | undefined;
        if (/^arn:/i.test(prefix)) problem = 'starts with the provider ARN';
        else if (/^https?:\/\//i.test(prefix)) problem = 'starts with the URL scheme';
        else if (trusted && hostPaths.some(h => h.replace(/\/+$/, '') === prefix.replace(/\/+$/, ''))) problem = prefix.endsWith('/') ? 'has a trailing "/" the provider\'s name lacks' : 'lacks the trailing "/" of the provider\'s name';
        else if (trusted) problem = `names the issuer ${prefix}, but the statement trusts oidc-provider/${hostPaths.join(', oidc-provider/')}`;
        if (!problem) continue;
        const realIssuer = ctx.knownIssuers.find(i => hostPath(i).toLowerCase() === prefix.toLowerCase());
        if (realIssuer && trusted) {
          report(role.ref, `${statementLabel(statement)}: condition key "${c.key}" names the issuer tokens carry (${realIssuer}), but the statement trusts oidc-provider/${hostPaths.join(', oidc-provider/')}: no token of ${realIssuer} is evaluated against it`,
            { fix: `make the Federated principal the OIDC provider registered for "${realIssuer}" (its URL byte for byte)` });
          continue;
        }
        const right = `${hostPaths[0] ?? prefix.replace(/^arn:.*?:oidc-provider\//i, '').replace(/^https?:\/\//i, '').replace(/\/+$/, '')}:${claim}`;
        report(role.ref, `${statementLabel(statement)}: condition key "${c.key}" ${problem}; IAM never sets this key, so ${c.operator} on it ${c.ifExists || c.qualifier === 'ForAllValues' || c.base.startsWith('StringNot') ? 'always holds' : 'never holds'}`,
          { fix: `rename the key to "${right}"` });
      }
    }
  },
});
