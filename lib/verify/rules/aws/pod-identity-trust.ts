import { EKS_POD_IDENTITY_PRINCIPAL } from '../../../model/targets';
import { allowsAction, policyStatements } from '../../private/iam';
import { findRole } from '../../private/static-exchange';
import { defineRule } from '../rule';

export default defineRule({
  id: 'aws-pod-identity-trust',
  cloud: 'aws',
  severity: 'error',
  title: 'A role used by EKS Pod Identity does not trust `pods.eks.amazonaws.com` with `sts:AssumeRole` and `sts:TagSession`',
  description: 'The EKS Pod Identity agent assumes the association\'s role as the service principal `pods.eks.amazonaws.com`, and tags the session: without both actions the pod gets no credentials. A role trusting that principal without `aws:SourceAccount` / `aws:SourceArn` conditions can be used by any cluster of any account that names it (a warning).',
  fix: 'Trust `{"Service": "pods.eks.amazonaws.com"}` with `["sts:AssumeRole", "sts:TagSession"]`, pinned with `aws:SourceAccount` and `aws:SourceArn` (the cluster ARN).',
  see: 'https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html',
  check(ctx, report) {
    for (const a of ctx.graph.aws.podIdentityAssociations) {
      const role = findRole(ctx.graph, a.roleArn);
      if (!role) continue;
      const statements = (policyStatements(role.trustPolicy) ?? []).filter(s => s.effect === 'Allow' && s.services.includes(EKS_POD_IDENTITY_PRINCIPAL));
      const missing = ['sts:AssumeRole', 'sts:TagSession'].filter(act => !statements.some(s => allowsAction(s.actions, act)));
      if (missing.length > 0) {
        report(role.ref, `association ${a.ref.resource} uses this role, but its trust policy ${statements.length === 0 ? `does not trust the service principal ${EKS_POD_IDENTITY_PRINCIPAL}` : `does not allow ${missing.join(' and ')} for ${EKS_POD_IDENTITY_PRINCIPAL}`}: the pod gets no credentials`,
          { fix: `add a statement allowing ["sts:AssumeRole", "sts:TagSession"] to {"Service": "${EKS_POD_IDENTITY_PRINCIPAL}"}` });
      }
    }
    for (const role of ctx.graph.aws.roles) {
      for (const s of policyStatements(role.trustPolicy) ?? []) {
        if (s.effect !== 'Allow' || !s.services.includes(EKS_POD_IDENTITY_PRINCIPAL)) continue;
        const keys = s.conditions.map(c => c.key.toLowerCase());
        if (!keys.includes('aws:sourceaccount') && !keys.includes('aws:sourcearn')) {
          report(role.ref, `the trust policy lets ${EKS_POD_IDENTITY_PRINCIPAL} assume the role without an aws:SourceAccount or aws:SourceArn condition: a Pod Identity association in any account can name it`,
            { severity: 'warning', fix: 'add "StringEquals": {"aws:SourceAccount": "<account>"} and "ArnEquals": {"aws:SourceArn": "<cluster ARN>"}' });
        }
      }
    }
  },
});
