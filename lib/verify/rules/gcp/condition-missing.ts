import { known } from '../../private/val';
import { defineRule } from '../rule';

export default defineRule({
  id: 'gcp-condition-missing',
  cloud: 'gcp',
  severity: 'error',
  title: 'A workload identity pool provider has no attribute condition',
  description: 'Without an attribute condition every token of the issuer can exchange for a federated token. For a shared issuer (GitHub Actions, GitLab, Azure DevOps) that is every tenant of the platform — GCP now refuses such providers — an error. For a cluster issuer every service account of the cluster gets a principal of the pool; bindings still decide what it may do, but a `principalSet` binding or direct access opens to all — a warning.',
  fix: 'Set `attribute_condition` to the exact subjects granted, e.g. `assertion.sub == \'system:serviceaccount:data:pipeline\'` (or `assertion.repository == \'acme/platform\'`).',
  see: 'https://cloud.google.com/iam/docs/workload-identity-federation#conditions',
  check(ctx, report) {
    for (const p of ctx.graph.gcp.providers) {
      if (p.attributeCondition !== undefined && (known(p.attributeCondition) ?? 'x').trim() !== '') continue;
      if (p.awsAccountId !== undefined) {
        const account = known(p.awsAccountId) ?? 'its AWS account';
        report(p.ref, `has no attribute_condition: every role and user of AWS account ${account} can exchange for a principal of the pool`,
          { severity: 'warning', fix: 'set attribute_condition to the roles granted, e.g. "attribute.aws_role == \'arn:aws:sts::<account>:assumed-role/<role>\'"' });
        continue;
      }
      const issuer = known(p.issuerUri);
      const shared = issuer !== undefined && ctx.isShared(issuer);
      report(p.ref, shared
        ? `has no attribute_condition for the shared issuer ${issuer}: every tenant's tokens can exchange (GCP refuses to create such a provider)`
        : `has no attribute_condition: every token of ${issuer ?? 'its issuer'} can exchange for a principal of the pool`,
      { severity: shared ? 'error' : 'warning', fix: shared ? 'set attribute_condition to pin the repository or project, e.g. "assertion.repository == \'<owner>/<repo>\'"' : 'set attribute_condition to the subjects granted, e.g. "assertion.sub in [\'system:serviceaccount:<namespace>:<name>\']"' });
    }
  },
});
