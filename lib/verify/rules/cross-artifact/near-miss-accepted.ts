import { negativeMatrixOf } from './negative-matrix-run';
import { defineRule } from '../rule';

export default defineRule({
  id: 'x-near-miss-accepted',
  cloud: 'cross-artifact',
  severity: 'error',
  title: 'A token meant to be refused would be accepted (the negative matrix)',
  description: 'With a model (`--model`, and always in `crossfed synth`), for every workload → identity pair it grants, crossfed presents near-miss tokens to the identity the way its cloud evaluates them: another namespace, a longer service-account name with the same prefix, a name that is a prefix, the same subject from another cluster, the issuer with and without its trailing slash, each other cloud\'s audience, the subject in other case, an expired token and a legacy token without `aud`; for cloud identities, another object id, unique id or role of the same source, the same principal of another tenant or account, and the tenant\'s other issuer form. Each must be refused; one that is accepted lets the wrong workload in.',
  fix: 'Make the trust exact: StringEquals on `:sub` and `:aud`, byte-equal federated credentials, an exact attribute condition and a per-subject principal binding.',
  see: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html',
  check(ctx, report) {
    for (const f of negativeMatrixOf(ctx).findings) {
      report({ file: f.file, resource: f.resource, ...(f.line ? { line: f.line } : {}) }, f.message, { fix: f.fix });
    }
  },
});
