import { isWorkloadRole } from '../../private/aws';
import { policyStatements } from '../../private/iam';
import { known, partsOf } from '../../private/val';
import { defineRule } from '../rule';

/** AWS managed policies that give (or can give themselves) everything. */
const ADMIN_POLICIES = new Set(['AdministratorAccess', 'PowerUserAccess', 'IAMFullAccess']);

export default defineRule({
  id: 'aws-broad-permissions',
  cloud: 'aws',
  severity: 'error',
  title: 'A role that workloads assume has administrator-level or service-wide permissions',
  description: 'A federated role is as dangerous as its permissions: a stolen projected token, or a near-miss the trust lets in, gets all of them. Error for AdministratorAccess, PowerUserAccess, IAMFullAccess, `*`, `*:*` or `iam:*`; warning for other `*FullAccess` policies, `<service>:*` on every resource, and `NotAction`.',
  fix: 'Grant the actions the workload needs on the resources it uses (e.g. `s3:GetObject` on `arn:aws:s3:::bucket/*`).',
  see: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege',
  check(ctx, report) {
    for (const role of ctx.graph.aws.roles) {
      if (!isWorkloadRole(role)) continue;
      for (const arn of role.managedPolicyArns) {
        const parts = partsOf(arn);
        const name = /:policy\/(?:.*\/)?([^/]+)$/.exec(parts[parts.length - 1] ?? '')?.[1];
        if (!name || !/^arn:aws[a-z-]*:iam::aws:policy\//.test(known(arn) ?? `arn:aws:iam::aws:policy/${name}`)) continue;
        if (ADMIN_POLICIES.has(name)) report(role.ref, `managed policy ${name} gives the role administrator-level access`, { fix: `replace ${name} by a policy with the actions and resources the workload needs` });
        else if (/FullAccess$/.test(name)) report(role.ref, `managed policy ${name} gives every action of a service on every resource`, { severity: 'warning', fix: `replace ${name} by the read or write actions the workload needs, on its resources` });
      }
      for (const s of role.policies.flatMap(doc => policyStatements(doc) ?? [])) {
        if (s.effect !== 'Allow') continue;
        if (s.notAction) {
          report(role.ref, 'an inline policy allows everything except its NotAction list', { severity: 'warning', fix: 'replace NotAction by the Action list the workload needs' });
          continue;
        }
        const actions = s.actions.map(known).filter((a): a is string => a !== undefined);
        const all = actions.find(a => a === '*' || a === '*:*' || a.toLowerCase() === 'iam:*');
        const wide = actions.find(a => /^[a-z0-9-]+:\*$/i.test(a));
        if (all) report(role.ref, `an inline policy allows "${all}"`, { fix: 'list the actions the workload needs' });
        else if (wide && s.resources.includes('*')) report(role.ref, `an inline policy allows "${wide}" on every resource`, { severity: 'warning', fix: `list the ${wide.split(':')[0]} actions the workload needs, on its resources` });
      }
    }
  },
});
