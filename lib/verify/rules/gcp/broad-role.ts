import { isBroadGcpRole } from '../../../model/gcp';
import { parsePoolMember } from '../../private/gcp';
import { known } from '../../private/val';
import { defineRule } from '../rule';

/** Project-wide roles that let a principal act as any service account of the project. */
const IMPERSONATION = new Set(['roles/iam.workloadIdentityUser', 'roles/iam.serviceAccountTokenCreator', 'roles/iam.serviceAccountUser', 'roles/iam.serviceAccountKeyAdmin']);

export default defineRule({
  id: 'gcp-broad-role',
  cloud: 'gcp',
  severity: 'error',
  title: 'A broad GCP role or member: owner/editor/admin or impersonation at project level, a whole pool, or the public',
  description: 'Project-level (or folder, organization) `roles/owner`, `roles/editor`, `*.admin` roles, or roles that impersonate every service account of the project, give a federated principal far more than its workload needs. A `principalSet://…/*` member is every identity of the pool; `allUsers` / `allAuthenticatedUsers` is anyone.',
  fix: 'Grant narrower roles on the resources the workload uses, to the workload\'s own principal.',
  see: 'https://cloud.google.com/iam/docs/using-iam-securely',
  check(ctx, report) {
    for (const b of ctx.graph.gcp.bindings) {
      const role = known(b.role) ?? '';
      const member = known(b.member);
      const wide = ['project', 'folder', 'organization'].includes(b.resourceType);
      if (wide && (isBroadGcpRole(role) || IMPERSONATION.has(role))) {
        report(b.ref, `grants ${role} on the whole ${b.resourceType} ${known(b.resource) ?? ''}`.trimEnd() + `${IMPERSONATION.has(role) ? ': the member can act as every service account in it' : ''}`,
          { fix: IMPERSONATION.has(role) ? `grant ${role} on the one service account (google_service_account_iam_member)` : 'grant a narrower role, on the resource the workload uses' });
      }
      if (parsePoolMember(b.member)?.kind === 'all') {
        report(b.ref, `grants ${role || 'a role'} to ${member ?? 'principalSet://…/*'}, every identity of the pool`, { fix: 'bind the workload\'s own principal://…/subject/<subject>' });
      } else if (member === 'allUsers' || member === 'allAuthenticatedUsers') {
        report(b.ref, `grants ${role || 'a role'} to ${member}`, { fix: 'bind the workload\'s own principal' });
      }
    }
  },
});
