import { issuerForm, issuerNearMiss } from '../../private/issuers';
import { known } from '../../private/val';
import { defineRule } from '../rule';

export default defineRule({
  id: 'azure-fic-issuer-mismatch',
  cloud: 'azure',
  severity: 'error',
  title: 'A federated credential\'s issuer is not byte-equal to the issuer the tokens carry',
  description: 'Entra ID compares the token\'s `iss` with the credential\'s issuer byte for byte (AADSTS700211). AKS issuers end in `/`, EKS and GKE issuers do not; a scheme, a case or a space that differs is enough to refuse every token.',
  fix: 'Copy the issuer exactly as the cluster reports it (`az aks show --query oidcIssuerProfile.issuerUrl`, `aws eks describe-cluster --query cluster.identity.oidc.issuer`).',
  see: 'https://learn.microsoft.com/entra/workload-id/workload-identity-federation-create-trust',
  check(ctx, report) {
    for (const c of ctx.graph.azure.credentials) {
      const issuer = known(c.issuer);
      if (issuer === undefined || ctx.knownIssuers.includes(issuer)) continue;
      const actual = ctx.knownIssuers.find(i => issuerNearMiss(issuer, i) !== undefined);
      if (actual) {
        report(c.ref, `issuer "${issuer}" ${issuerNearMiss(issuer, actual)}: tokens carry "${actual}", and Entra ID compares byte for byte (AADSTS700211)`, { fix: `set issuer to "${actual}"` });
        continue;
      }
      const form = issuerForm(issuer.trim());
      let problem: string | undefined;
      let right = issuer.trim();
      if (issuer !== issuer.trim()) problem = 'has leading or trailing spaces';
      else if (/^http:\/\//i.test(issuer)) [problem, right] = ['uses http://, but issuers are https:// URLs', issuer.replace(/^http:/i, 'https:')];
      else if (!/^https:\/\//.test(issuer)) [problem, right] = ['lacks the https:// scheme tokens carry', `https://${issuer.replace(/^[a-z]+:\/\//i, '')}`];
      else if (form === 'aks' && !issuer.endsWith('/')) [problem, right] = ['lacks the trailing "/" every AKS issuer ends with', `${issuer}/`];
      else if ((form === 'eks' || form === 'gke' || form === 'github-actions' || form === 'google') && issuer.endsWith('/')) [problem, right] = [`ends with "/", but ${form === 'google' ? 'Google ID tokens carry https://accounts.google.com without one' : `${form.toUpperCase().replace('GITHUB-ACTIONS', 'GitHub Actions')} issuers never do`}`, issuer.replace(/\/+$/, '')];
      if (problem) report(c.ref, `issuer "${issuer}" ${problem}: Entra ID compares it byte for byte with the token's iss (AADSTS700211)`, { fix: `set issuer to "${right}"` });
    }
  },
});
