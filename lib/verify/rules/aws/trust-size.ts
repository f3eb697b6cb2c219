import { policySize } from '../../private/iam';
import { defineRule } from '../rule';

/** IAM's default quota for a role trust policy, in non-whitespace characters, and the most it can be raised to. */
export const TRUST_POLICY_QUOTA = { default: 2048, max: 4096 } as const;

export default defineRule({
  id: 'aws-trust-size',
  cloud: 'aws',
  severity: 'error',
  title: 'A role trust policy exceeds IAM\'s size quota',
  description: 'IAM limits a role trust policy to 2,048 non-whitespace characters by default (raisable to 4,096). A role trusted by many service accounts or clusters runs out and the deploy fails with "LimitExceeded". Error over 4,096; warning over 2,048 (deploys only with the raised quota).',
  fix: 'Split the workloads over several roles, or request the raised quota (4,096) for the account.',
  see: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html',
  check(ctx, report) {
    for (const role of ctx.graph.aws.roles) {
      if (role.trustPolicy === undefined) continue;
      const size = policySize(role.trustPolicy);
      if (size <= TRUST_POLICY_QUOTA.default) continue;
      const over = size > TRUST_POLICY_QUOTA.max;
      report(role.ref, `the trust policy has ${size} non-whitespace characters, over ${over ? `the most IAM allows (${TRUST_POLICY_QUOTA.max})` : `IAM's default quota of ${TRUST_POLICY_QUOTA.default} (it deploys only where the quota was raised)`}`,
        { severity: over ? 'error' : 'warning', fix: over ? 'split the trusted workloads over several roles' : 'split the trusted workloads over several roles, or request the raised quota (4,096) for the account' });
    }
  },
});
