import { issuerForm } from '../../private/issuers';
import { known } from '../../private/val';
import { defineRule } from '../rule';

export default defineRule({
  id: 'azure-fic-subject-wildcard',
  cloud: 'azure',
  severity: 'error',
  title: 'A federated credential uses a wildcard, which Entra ID does not have for Kubernetes',
  description: 'Federated identity credentials match the subject exactly: `*` is a literal character, so `system:serviceaccount:app:*` matches no token. Flexible credentials (`claims_matching_expression`) exist only for GitHub, GitLab and Terraform Cloud issuers.',
  fix: 'Create one credential per service account (at most 20 per application or identity; spread over several identities beyond that).',
  see: 'https://learn.microsoft.com/entra/workload-id/workload-identities-flexible-federated-identity-credentials',
  check(ctx, report) {
    for (const c of ctx.graph.azure.credentials) {
      const subject = known(c.subject);
      if (subject !== undefined && /[*?]/.test(subject)) {
        report(c.ref, `subject "${subject}" contains "${subject.includes('*') ? '*' : '?'}", which Entra ID compares literally: no token matches`, { fix: 'create one credential per exact subject' });
      }
      const issuer = known(c.issuer);
      if (c.claimsMatchingExpression !== undefined && issuer !== undefined && !['github-actions', 'gitlab'].includes(issuerForm(issuer)) && !/^https:\/\/app\.terraform\.io\/?$/.test(issuer)) {
        report(c.ref, `a flexible credential (claims_matching_expression) for issuer "${issuer}": Entra ID supports them only for GitHub, GitLab and Terraform Cloud`, { fix: 'use one exact federated identity credential per service account' });
      }
    }
  },
});
