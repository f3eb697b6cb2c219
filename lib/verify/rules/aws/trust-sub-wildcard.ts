import { claimConditions, statementLabel, webIdentityTrust } from '../../private/aws';
import { known } from '../../private/val';
import { defineRule } from '../rule';

/** Whether a pattern's literal prefix stops before the part that names one tenant (a namespace, an owner). */
function opensTenants(pattern: string): boolean {
  const prefix = pattern.split(/[*?]/)[0];
  if (prefix === '' || 'system:serviceaccount:'.startsWith(prefix)) return true;
  if (/^system:serviceaccount:[^:]*$/.test(prefix)) return true;
  if (/^repo:[^/]*$/.test(prefix) || /^project_path:[^/]*$/.test(prefix)) return true;
  return false;
}

export default defineRule({
  id: 'aws-trust-sub-wildcard',
  cloud: 'aws',
  severity: 'error',
  title: '`StringLike` with a wildcard on `:sub`',
  description: '`StringLike` on `<issuer>:sub` with `*` or `?` trusts every subject the pattern matches: `system:serviceaccount:app:*` lets any service account of the namespace in, `system:serviceaccount:app-*:runner` also `app-evil`. Error when the pattern leaves the namespace (or the repository owner) open; warning when it is pinned.',
  fix: 'Trust exact subjects with `StringEquals`; if a pattern is really meant, pin the namespace and keep it as narrow as possible.',
  see: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html',
  check(ctx, report) {
    for (const { role, statement } of webIdentityTrust(ctx.graph)) {
      for (const c of claimConditions(statement, 'sub')) {
        if (!c.base.startsWith('StringLike')) continue;
        for (const v of c.values.map(known)) {
          if (v === undefined || !/[*?]/.test(v)) continue;
          const open = opensTenants(v);
          report(role.ref, `${statementLabel(statement)}: ${c.operator} ${c.key} "${v}" trusts every subject the pattern matches${open ? ', in any namespace or repository' : ` (e.g. "${v.replace(/[*?]/, 'x-evil')}")`}`,
            { severity: open ? 'error' : 'warning', fix: `replace the pattern by the exact subject(s) under StringEquals ${c.key}` });
        }
      }
    }
  },
});
