import { showVal } from '../../private/val';
import { defineRule } from '../rule';

export default defineRule({
  id: 'k8s-shared-audience',
  cloud: 'kubernetes',
  severity: 'warning',
  title: 'One projected token used for two clouds',
  description: 'Each cloud should get its own token with its own audience (DESIGN.md): a token that two clouds accept can be replayed from one to the other, and one cloud\'s trust then has to accept another cloud\'s audience.',
  fix: 'Project one `serviceAccountToken` per target cloud, each with that cloud\'s audience.',
  see: 'https://kubernetes.io/docs/concepts/storage/projected-volumes/#serviceaccounttoken',
  check(ctx, report) {
    const byToken = new Map<string, typeof ctx.credentials>();
    for (const c of ctx.credentials) {
      if (!c.token || c.token.source === 'legacy') continue;
      const key = `${c.workload.ref.file}\n${c.workload.ref.resource}\n${c.container}\n${c.token.file}`;
      byToken.set(key, [...byToken.get(key) ?? [], c]);
    }
    for (const creds of byToken.values()) {
      const clouds = [...new Set(creds.map(c => c.target.cloud))].sort();
      if (clouds.length < 2) continue;
      const c = creds[0];
      report(c.workload.ref, `container ${c.container}: token ${c.token!.file} (audience ${showVal(c.token!.audience)}) is used for ${clouds.join(' and ')}`,
        { fix: `project one token per cloud, each with its audience (${clouds.map(x => x === 'aws' ? 'sts.amazonaws.com' : x === 'azure' ? 'api://AzureADTokenExchange' : 'the pool provider name').join(', ')})` });
    }
  },
});
