import { defineRule } from '../rule';

export default defineRule({
  id: 'k8s-subpath-token',
  cloud: 'kubernetes',
  severity: 'error',
  title: 'A projected service-account token mounted with `subPath`',
  description: 'The kubelet refreshes projected tokens at 80% of their lifetime by swapping the volume\'s files; a `subPath` mount keeps the first file. Once it expires (an hour by default), every exchange fails — long after deploy.',
  fix: 'Mount the projected volume as a directory (no `subPath`) and point the credential at `<mountPath>/<path>`.',
  see: 'https://kubernetes.io/docs/concepts/storage/volumes/#using-subpath',
  check(ctx, report) {
    for (const w of ctx.graph.k8s.workloads) {
      for (const c of w.containers) {
        for (const m of c.mounts) {
          if (m.subPath === undefined) continue;
          const t = w.projectedTokens.find(p => p.volumeName === m.volumeName && p.path === m.subPath);
          if (!t) continue;
          report(w.ref, `container ${c.name}: mounts token "${t.path}" of volume ${m.volumeName} at ${m.mountPath} with subPath: the kubelet never refreshes it, so it expires after ${t.expirationSeconds ?? 3600} seconds`,
            { fix: `mount volume ${m.volumeName} as a directory (e.g. at ${m.mountPath.replace(/\/[^/]*$/, '') || '/var/run/secrets/tokens'}) without subPath` });
        }
      }
    }
  },
});
