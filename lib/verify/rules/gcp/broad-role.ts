import { isBroadGcpRole } from '../../../model/gcp';
import { TrustGraph } from '../../graph';
import { parsePoolMember } from '../../private/gcp';
import { known } from '../../private/val';
import { defineRule } from '../rule';

/** Project-wide roles that let a principal act as any service account of the project. */
const IMPERSONATION = new Set(['roles/iam.workloadIdentityUser', 'roles/iam.serviceAccountTokenCreator', 'roles/iam.serviceAccountUser', 'roles/iam.serviceAccountKeyAdmin']);

/** Object read without listing (legacyObjectReader) or with it (objectViewer). */
const PUBLIC_READ = new Set(['roles/storage.legacyObjectReader', 'roles/storage.objectViewer']);

/** Buckets whose every object in the artifacts is a published issuer's discovery document or JWKS. */
function issuerDocumentBuckets(graph: TrustGraph): Set<string> {
  const out = new Set<string>();
  for (const d of graph.oidc ?? []) {
    if (!d.store?.startsWith('gs://')) continue;
    const documents = new Set((graph.oidc ?? []).filter(x => x.store === d.store).flatMap(x => [x.ref.resource, x.jwksRef?.resource]));
    if ((graph.published ?? []).filter(o => o.store === d.store).every(o => documents.has(o.ref.resource))) out.add(d.store.slice('gs://'.length));
  }
  return out;
}

export default defineRule({
  id: 'gcp-broad-role',
  cloud: 'gcp',
  severity: 'error',
  title: 'A broad GCP role or member: owner/editor/admin or impersonation at project level, a whole pool, or the public',
  description: 'Project-level (or folder, organization) `roles/owner`, `roles/editor`, `*.admin` roles, or roles that impersonate every service account of the project, give a federated principal far more than its workload needs. A `principalSet://…/*` member is every identity of the pool; `allUsers` / `allAuthenticatedUsers` is anyone — except object read on a bucket that holds nothing but a self-managed issuer\'s published discovery document and JWKS, which every cloud must read anonymously.',
  fix: 'Grant narrower roles on the resources the workload uses, to the workload\'s own principal.',
  see: 'https://cloud.google.com/iam/docs/using-iam-securely',
  check(ctx, report) {
    const issuerBuckets = issuerDocumentBuckets(ctx.graph);
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
      } else if (member === 'allUsers' && b.resourceType === 'bucket' && PUBLIC_READ.has(role) && issuerBuckets.has(known(b.resource) ?? '')) {
        continue; // the issuer documents are public by design; the bucket holds nothing else
      } else if (member === 'allUsers' || member === 'allAuthenticatedUsers') {
        report(b.ref, `grants ${role || 'a role'} to ${member}`, { fix: 'bind the workload\'s own principal' });
      }
    }
  },
});
