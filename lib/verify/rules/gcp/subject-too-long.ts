import { GCP_MAX_SUBJECT_BYTES } from '../../../model/gcp';
import { mappedAttributes, parsePoolMember, providersForAudience } from '../../private/gcp';
import { known } from '../../private/val';
import { defineRule } from '../rule';

export default defineRule({
  id: 'gcp-subject-too-long',
  cloud: 'gcp',
  severity: 'error',
  title: '`google.subject` over 127 bytes',
  description: 'GCP refuses an exchange whose mapped `google.subject` exceeds 127 bytes ("invalid_request: The size of mapped attribute google.subject exceeds the 127 bytes limit."). Long namespaces and service account names (`system:serviceaccount:<ns>:<sa>`) or CI subjects run into it.',
  fix: 'Shorten the namespace or service account name, or map `google.subject` to a shorter claim combination (and bind that).',
  see: 'https://cloud.google.com/iam/docs/workload-identity-federation#mapping',
  check(ctx, report) {
    for (const b of ctx.graph.gcp.bindings) {
      const m = parsePoolMember(b.member);
      if (m?.kind !== 'subject' || typeof m.value !== 'string') continue;
      const bytes = Buffer.byteLength(m.value, 'utf8');
      if (bytes > GCP_MAX_SUBJECT_BYTES) report(b.ref, `member's subject "${m.value}" is ${bytes} bytes: no google.subject can be that long (limit ${GCP_MAX_SUBJECT_BYTES})`, { fix: 'shorten the subject, or map google.subject to a shorter value and bind that' });
    }
    for (const c of ctx.credentials) {
      const token = ctx.tokenOf(c);
      const audience = c.target.cloud === 'gcp' ? known(c.target.audience) : undefined;
      if (!token || audience === undefined) continue;
      const [p] = providersForAudience(ctx.graph, audience);
      const subject = p ? mappedAttributes(p, token).values['google.subject'] : undefined;
      if (subject === undefined) continue;
      const bytes = Buffer.byteLength(subject, 'utf8');
      if (bytes > GCP_MAX_SUBJECT_BYTES) {
        report(c.workload.ref, `container ${c.container}: the token's google.subject "${subject}" is ${bytes} bytes, over GCP's ${GCP_MAX_SUBJECT_BYTES}: the exchange is refused`, { fix: 'shorten the namespace or service account name' });
      }
    }
  },
});
