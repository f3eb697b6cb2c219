import { issuerForm } from '../../private/issuers';
import { editDistance } from '../../private/text';
import { known } from '../../private/val';
import { defineRule } from '../rule';

const K8S_SUBJECT = /^system:serviceaccount:([a-z0-9]([-a-z0-9]*[a-z0-9])?):([a-z0-9]([-a-z0-9.]*[a-z0-9])?)$/;

/** What is wrong with a Kubernetes subject's form, and the subject meant. */
function malformed(s: string): [string, string] | undefined {
  if (K8S_SUBJECT.test(s)) return undefined;
  const t = s.trim();
  if (t !== s) return ['has leading or trailing spaces', t];
  if (K8S_SUBJECT.test(t.toLowerCase())) return ['has capital letters, but namespaces and service account names are lowercase and Entra ID compares case-sensitively (AADSTS7002138)', t.toLowerCase()];
  if (/^system:serviceaccounts:/.test(t)) return ['names the group of a namespace ("system:serviceaccounts:"), which is never a token subject', t.replace(/^system:serviceaccounts:/, 'system:serviceaccount:')];
  if (/^serviceaccount:[^:]+:[^:]+$/.test(t)) return ['lacks the "system:" prefix', `system:${t}`];
  if (/^[^:]+:[^:]+$/.test(t) && !t.startsWith('system:')) return ['is "<namespace>:<name>" without the "system:serviceaccount:" prefix', `system:serviceaccount:${t}`];
  if (/^[a-z0-9-]+\/[a-z0-9.-]+$/.test(t)) return ['is "<namespace>/<name>", not a token subject', `system:serviceaccount:${t.replace('/', ':')}`];
  return ['is not a Kubernetes service account subject', 'system:serviceaccount:<namespace>:<name>'];
}

export default defineRule({
  id: 'azure-fic-subject-mismatch',
  cloud: 'azure',
  severity: 'error',
  title: 'A federated credential\'s subject cannot be the subject of the cluster\'s tokens',
  description: 'Entra ID compares the subject byte for byte (AADSTS700213; AADSTS7002138 when only the case differs). For a Kubernetes issuer the subject must be `system:serviceaccount:<namespace>:<name>` in lowercase; for Google (`https://accounts.google.com`) the service account\'s numeric unique id, never its email. When the artifacts hold the cluster\'s service accounts, a subject naming none of them is reported as a warning.',
  fix: 'Write the subject as `system:serviceaccount:<namespace>:<service account>`, exactly as the pod\'s token carries it.',
  see: 'https://azure.github.io/azure-workload-identity/docs/topics/federated-identity-credential.html',
  check(ctx, report) {
    const saIssuers = new Set(ctx.graph.k8s.serviceAccounts.map(s => s.issuer));
    // Per issuer: `<namespace>:<name>` of its service accounts and workloads, in the artifacts' order.
    const accountsOf = new Map<string, { list: string[]; set: Set<string> }>();
    const accountsFor = (issuer: string) => {
      let a = accountsOf.get(issuer);
      if (!a) {
        const list = [...new Set([
          ...ctx.graph.k8s.serviceAccounts.filter(s => s.issuer === issuer).map(s => `${s.namespace}:${s.name}`),
          ...ctx.graph.k8s.workloads.filter(w => w.issuer === issuer).map(w => `${w.namespace}:${w.serviceAccountName}`),
        ])];
        accountsOf.set(issuer, a = { list, set: new Set(list) });
      }
      return a;
    };
    for (const c of ctx.graph.azure.credentials) {
      const subject = known(c.subject);
      const issuer = known(c.issuer);
      if (subject === undefined || /[*?]/.test(subject)) continue;
      if (issuer !== undefined && issuerForm(issuer) === 'google') {
        if (!/^\d+$/.test(subject)) {
          report(c.ref, `subject "${subject}" is not a Google service account's unique id, but Google ID tokens carry the unique id (a number) in sub${subject.includes('@') ? ', never the email' : ''}: no token matches (AADSTS700213)`,
            { fix: `set subject to the service account's unique id (gcloud iam service-accounts describe ${subject.includes('@') ? subject : '<email>'} --format='value(uniqueId)')` });
        }
        continue;
      }
      const clusterIssuer = issuer !== undefined && (['eks', 'aks', 'gke'].includes(issuerForm(issuer)) || saIssuers.has(issuer));
      if (!clusterIssuer && !/^\s*system:serviceaccounts?:/i.test(subject)) continue;
      const bad = malformed(subject);
      if (bad) {
        report(c.ref, `subject "${subject}" ${bad[0]}`, { fix: `set subject to "${bad[1]}"` });
        continue;
      }
      // A near miss of a service account of the cluster's artifacts: another namespace or name
      // by a typo (a different name altogether is simply a service account defined elsewhere).
      if (issuer === undefined) continue;
      const accounts = accountsFor(issuer);
      const [, ns, , name] = K8S_SUBJECT.exec(subject)!;
      if (accounts.set.has(`${ns}:${name}`)) continue;
      const near = accounts.list.find(a => {
        const [ans, aname] = a.split(':');
        return (ans === ns && editDistance(aname, name, 2) <= 2) || (aname === name && editDistance(ans, ns, 2) <= 2);
      });
      if (near) {
        report(c.ref, `subject "${subject}" names no service account of the artifacts for ${issuer}, but "system:serviceaccount:${near}" is one letter or two away`,
          { severity: 'warning', fix: `if the credential is for ${near.replace(':', '/')}, set subject to "system:serviceaccount:${near}"` });
      }
    }
  },
});
