import { defineRule } from '../rule';

export default defineRule({
  id: 'x-issuer-unknown',
  cloud: 'cross-artifact',
  severity: 'info',
  title: 'A workload with cloud credentials whose cluster issuer is unknown',
  description: 'Nothing in a Kubernetes manifest says which cluster it is for, so the checker learns the issuer from `--issuer`, the `crossfed.dev/issuer` annotation or the model. Without it, the workload\'s tokens cannot be matched against trust policies, federated credentials and pool providers: those checks are skipped, never guessed.',
  fix: 'Pass `--issuer <file or cluster name>=<issuer URL>`, annotate the service account with `crossfed.dev/issuer`, or give the model with `--model`.',
  check(ctx, report) {
    const seen = new Set<string>();
    for (const c of ctx.credentials) {
      if (c.workload.issuer || c.via === 'gke-native' || seen.has(c.workload.ref.file + c.workload.ref.resource)) continue;
      seen.add(c.workload.ref.file + c.workload.ref.resource);
      report(c.workload.ref, `the cluster issuer of ${c.workload.ref.file} is unknown: the ${[...new Set(ctx.credentials.filter(x => x.workload === c.workload).map(x => x.target.cloud))].join(', ')} credentials of ${c.workload.namespace}/${c.workload.serviceAccountName} were not checked against the cloud identities`,
        { fix: `pass --issuer ${c.workload.ref.file}=<issuer URL>, or annotate service account ${c.workload.serviceAccountName} with crossfed.dev/issuer` });
    }
  },
});
