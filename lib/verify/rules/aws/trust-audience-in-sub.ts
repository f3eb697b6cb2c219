import { claimConditions, statementLabel, webIdentityTrust } from '../../private/aws';
import { known } from '../../private/val';
import { defineRule } from '../rule';

/** Audiences of the clouds and the Kubernetes API server. */
const AUDIENCE = /^(sts\.amazonaws\.com|pods\.eks\.amazonaws\.com|api:\/\/AzureADTokenExchange|(https:)?\/\/iam\.googleapis\.com\/.*|https:\/\/kubernetes\.default\.svc.*)$/i;
/** Subject forms of Kubernetes and the CI systems. */
const SUBJECT = /^(system:serviceaccount:|repo:|project_path:|sc:\/\/|\/eid1\/)/;

export default defineRule({
  id: 'aws-trust-audience-in-sub',
  cloud: 'aws',
  severity: 'error',
  title: 'A `:sub` condition holds an audience, or an `:aud` condition holds a subject',
  description: 'A classic copy-paste slip: `"…:sub": "sts.amazonaws.com"` (or the reverse). No token has that subject, so the role is unreachable for the workload it was meant for — and whoever later "fixes" it by loosening the condition opens it.',
  fix: 'Put the subject (`system:serviceaccount:<namespace>:<name>`) under `<issuer>:sub` and the audience (`sts.amazonaws.com`) under `<issuer>:aud`.',
  see: 'https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html',
  check(ctx, report) {
    const clientIds = new Set(ctx.graph.aws.providers.flatMap(p => p.clientIds.map(known).filter((x): x is string => x !== undefined)));
    for (const { role, statement } of webIdentityTrust(ctx.graph)) {
      for (const c of claimConditions(statement, 'sub')) {
        for (const v of c.values.map(known)) {
          if (v !== undefined && (AUDIENCE.test(v) || clientIds.has(v))) {
            report(role.ref, `${statementLabel(statement)}: ${c.operator} ${c.key} is "${v}", an audience, not a subject: no token matches, so the role is unreachable`,
              { fix: `move "${v}" to ${c.key.replace(/:sub$/i, ':aud')} and set ${c.key} to the exact subject, e.g. "system:serviceaccount:<namespace>:<name>"` });
          }
        }
      }
      for (const c of claimConditions(statement, 'aud')) {
        for (const v of c.values.map(known)) {
          if (v !== undefined && SUBJECT.test(v)) {
            report(role.ref, `${statementLabel(statement)}: ${c.operator} ${c.key} is "${v}", a subject, not an audience: no token matches, so the role is unreachable`,
              { fix: `move "${v}" to ${c.key.replace(/:aud$/i, ':sub')} and set ${c.key} to "sts.amazonaws.com"` });
          }
        }
      }
    }
  },
});
