import { Val } from '../../graph';
import { gkeProject, mappedAttributes, memberMatches, poolName, providersForAudience } from '../../private/gcp';
import { known } from '../../private/val';
import { defineRule } from '../rule';

/** The pool's resource name for a provider audience, as far as known. */
function poolText(graph: Parameters<typeof providersForAudience>[0], audience: Val | undefined): string {
  const a = known(audience);
  const p = a ? providersForAudience(graph, a)[0] : undefined;
  const name = p ? poolName(p) : undefined;
  return name === undefined ? 'projects/<number>/locations/global/workloadIdentityPools/<pool>' : typeof name === 'string' ? name : name.unresolved;
}

export default defineRule({
  id: 'gcp-binding-missing',
  cloud: 'gcp',
  severity: 'error',
  title: 'No `roles/iam.workloadIdentityUser` binding lets the workload impersonate its service account',
  description: 'To impersonate a Google service account, the token\'s principal (`principal://…/subject/<subject>`, a `principalSet://…` it belongs to, or on GKE `serviceAccount:<project>.svc.id.goog[<namespace>/<name>]`) needs `roles/iam.workloadIdentityUser` on that account; otherwise: "Permission \'iam.serviceAccounts.getAccessToken\' denied on resource (or it may not exist)." A principal with direct resource access but no role on any resource of the artifacts is a warning.',
  fix: 'Add a `google_service_account_iam_member` with role `roles/iam.workloadIdentityUser` and the workload\'s principal as member.',
  see: 'https://cloud.google.com/iam/docs/workload-identity-federation-with-kubernetes#kubernetes',
  check(ctx, report) {
    for (const c of ctx.credentials) {
      if (c.target.cloud !== 'gcp') continue;
      const token = ctx.tokenOf(c);
      const subject = `system:serviceaccount:${c.workload.namespace}:${c.workload.serviceAccountName}`;
      if (c.target.serviceAccountEmail === undefined) {
        // Direct access: the principal itself needs roles on resources.
        const audience = known(c.target.audience);
        const p = audience ? providersForAudience(ctx.graph, audience)[0] : undefined;
        if (!p || !token) continue;
        const attrs = mappedAttributes(p, token).values;
        if (!ctx.graph.gcp.bindings.some(b => memberMatches(b.member, p, attrs) !== 'no')) {
          report(c.workload.ref, `container ${c.container}: the federated principal of ${subject} has no role on any resource of the artifacts (direct access, no service account to impersonate)`,
            { severity: 'warning', fix: `grant the roles it needs to principal://iam.googleapis.com/projects/<number>/locations/global/workloadIdentityPools/${known(p.poolId) ?? '<pool>'}/subject/${subject}` });
        }
        continue;
      }
      const verdict = c.target.gkeNative
        ? ctx.simulator.exchange(ctx.graph, token ?? { iss: c.workload.issuer ?? '', sub: subject, aud: [], kubernetes: { namespace: c.workload.namespace, serviceAccount: c.workload.serviceAccountName } }, c.target)
        : token ? ctx.simulator.exchange(ctx.graph, token, c.target) : undefined;
      if (verdict?.accepted === false && verdict.step === 'binding') {
        report(c.workload.ref, `${c.container ? `container ${c.container}` : 'GKE workload identity'}: ${verdict.reason}`,
          {
            fix: c.target.gkeNative
              ? `bind roles/iam.workloadIdentityUser on ${known(c.target.serviceAccountEmail)} to serviceAccount:${gkeProject(c.workload.issuer) ?? '<project>'}.svc.id.goog[${c.workload.namespace}/${c.workload.serviceAccountName}]`
              : `bind roles/iam.workloadIdentityUser on ${known(c.target.serviceAccountEmail)} to principal://iam.googleapis.com/${poolText(ctx.graph, c.target.audience)}/subject/${subject}`,
          });
      }
    }
  },
});
