import { fail, LIMITS, policySize } from './limits';
import { AwsPolicyStatement, AwsRole } from '../../model/aws';

/** A warning with a stable id (`crossfed:aws:…`). */
export interface AwsWarning {
  readonly id: string;
  readonly message: string;
}

/** An IAM policy document, as plain JSON. */
export interface PolicyDocumentJson {
  readonly Version: '2012-10-17';
  readonly Statement: { Effect: string; Action: string | string[]; Resource: string | string[] }[];
}

/** Everything crossfed writes for one role, as plain values (no framework types). */
export interface RoleSpec {
  readonly roleName: string;
  readonly arn: string;
  readonly existing: boolean;
  /** The trust policy: the model's, byte for byte. */
  readonly trustPolicy: any;
  readonly description: string;
  readonly maxSessionDuration: number;
  readonly managedPolicyArns: string[];
  /** The inline policy (named `crossfed`), if the role has statements. */
  readonly inlinePolicy?: PolicyDocumentJson;
  readonly warnings: AwsWarning[];
}

/** Name of the inline policy crossfed writes on each role. */
export const INLINE_POLICY_NAME = 'crossfed';

const DESCRIPTION_CHARS = /^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/;

/** Builds and checks what the renderer writes for `role`; `where` is the construct path used in errors. */
export function roleSpec(role: AwsRole, where: string): RoleSpec {
  const warnings: AwsWarning[] = [];
  const trustPolicy = role.existing ? undefined : JSON.parse(JSON.stringify(role.trustPolicy));
  if (!role.existing) {
    const size = role.trustPolicySize;
    const quota = role.account.trustPolicySizeQuota;
    if (size > quota) {
      fail(where, 'trustPolicy', `${size} characters`, `of role "${role.roleName}" is over the account's trust policy quota of ${quota} non-whitespace characters`, `at most ${quota} characters`,
        quota < 4096 ? 'split the workloads over several role names, or request the raised quota (4,096) and set trustPolicySizeQuota: 4096 on the account' : 'split the workloads over several role names');
    }
  }
  const statements = role.statements;
  statements.forEach((s, i) => checkStatement(where, role.roleName, s, i));
  const inlinePolicy: PolicyDocumentJson | undefined = statements.length === 0 ? undefined : {
    Version: '2012-10-17',
    Statement: statements.map(s => ({ Effect: s.effect ?? 'Allow', Action: one(s.actions), Resource: one(s.resources) })),
  };
  if (inlinePolicy) {
    const size = policySize(inlinePolicy) + INLINE_POLICY_NAME.length;
    if (size > LIMITS.roleInlinePolicyChars) {
      fail(where, 'statements', `${size} characters`, `of role "${role.roleName}" exceed IAM's limit for inline policies of one role`, `at most ${LIMITS.roleInlinePolicyChars} non-whitespace characters`,
        'move the statements into a customer managed policy and list its ARN in managedPolicyArns, or merge statements over the same resources');
    }
  }
  const managedPolicyArns = role.managedPolicyArns;
  if (managedPolicyArns.length > LIMITS.managedPoliciesMax) {
    fail(where, 'managedPolicyArns', managedPolicyArns.length, `of role "${role.roleName}" are more than IAM allows on one role`, `at most ${LIMITS.managedPoliciesMax} (the raised quota; ${LIMITS.managedPoliciesDefault} by default)`,
      'combine policies into a customer managed policy, or split the permissions over several roles');
  }
  if (managedPolicyArns.length > LIMITS.managedPoliciesDefault) {
    warnings.push({ id: 'crossfed:aws:managed-policy-quota', message: `Role "${role.roleName}" attaches ${managedPolicyArns.length} managed policies; IAM allows ${LIMITS.managedPoliciesDefault} per role unless the account's quota was raised (up to ${LIMITS.managedPoliciesMax}). Request the raise before deploying, or combine policies.` });
  }
  warnings.push(...permissionWarnings(role.roleName, managedPolicyArns, statements));
  for (const t of role.webIdentityTrusts) {
    for (const pattern of t.wildcardSubjects) {
      warnings.push({ id: 'crossfed:aws:wildcard-subject', message: `Role "${role.roleName}" trusts every subject of ${t.issuer.url} matching "${pattern}" (StringLike): any service account or pipeline whose subject matches can assume it, including ones created later. Prefer exact subjects; remove wildcardSubject unless this is intended.` });
    }
  }
  if (role.existing) {
    const subjects = role.grants.map(g => g.workload.subject);
    warnings.push({ id: 'crossfed:aws:existing-role-trust', message: `crossfed does not manage the trust policy of existing role ${role.arn}: make sure it trusts exactly ${subjects.map(s => `"${s}"`).join(', ')}; \`crossfed check\` compares it with the model.` });
    if (managedPolicyArns.length > 0) {
      warnings.push({ id: 'crossfed:aws:existing-role-managed-policies', message: `CloudFormation cannot attach managed policies to existing role ${role.arn}: attach ${managedPolicyArns.join(', ')} yourself, or let crossfed create the role.` });
    }
  }
  const description = role.description ?? defaultDescription(role);
  if (description.length > LIMITS.descriptionChars || !DESCRIPTION_CHARS.test(description)) {
    fail(where, 'description', description, description.length > LIMITS.descriptionChars ? `is ${description.length} characters long` : 'has characters IAM does not allow in descriptions',
      `at most ${LIMITS.descriptionChars} characters of printable Latin-1 text`, 'shorten it, and replace characters such as "…" or emoji');
  }
  return {
    roleName: role.roleName, arn: role.arn, existing: role.existing, trustPolicy, description,
    maxSessionDuration: role.maxSessionDurationSeconds, managedPolicyArns, inlinePolicy, warnings,
  };
}

/** Warnings for broad permissions: AdministratorAccess, `*FullAccess`, `"Action": "*"`. */
export function permissionWarnings(roleName: string, managedPolicyArns: string[], statements: AwsPolicyStatement[]): AwsWarning[] {
  const out: AwsWarning[] = [];
  for (const arn of managedPolicyArns) {
    const name = arn.slice(arn.lastIndexOf('/') + 1);
    if (name === 'AdministratorAccess') {
      out.push({ id: 'crossfed:aws:administrator-access', message: `Role "${roleName}" gets ${arn}: whoever holds the federated token controls the whole account. Grant only the actions the workload needs (s3ReadBuckets, secretsRead, ecrPull … or inline statements).` });
    } else if (/FullAccess$/.test(name)) {
      out.push({ id: 'crossfed:aws:full-access-policy', message: `Role "${roleName}" gets ${arn}, which allows every action of the service on every resource. Prefer a read-only policy or statements scoped to the workload's resources.` });
    }
  }
  statements.forEach((s, i) => {
    if ((s.effect ?? 'Allow') === 'Allow' && s.actions.includes('*')) {
      out.push({ id: 'crossfed:aws:action-wildcard', message: `Role "${roleName}" has an inline statement (#${i + 1}) with "Action": "*" on ${s.resources.join(', ')}: every action of every service. List the actions the workload needs.` });
    }
  });
  return out;
}

function checkStatement(where: string, roleName: string, s: AwsPolicyStatement, i: number): void {
  const field = `statements[${i}]`;
  if (s.effect !== undefined && s.effect !== 'Allow' && s.effect !== 'Deny') fail(where, `${field}.effect`, s.effect, `of role "${roleName}" is not an IAM effect`, '"Allow" or "Deny"', 'write "Allow" or "Deny" (case-sensitive)');
  if (!s.actions?.length) fail(where, `${field}.actions`, s.actions, `of role "${roleName}" is empty`, 'one or more actions such as "s3:GetObject"', 'list the actions, or remove the statement');
  if (!s.resources?.length) fail(where, `${field}.resources`, s.resources, `of role "${roleName}" is empty`, 'one or more resource ARNs', 'list the resource ARNs, or remove the statement');
}

function defaultDescription(role: AwsRole): string {
  const ids = [...new Set(role.grants.map(g => g.workload.id))].sort();
  const list = ids.length <= 3 ? ids.join(', ') : `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more`;
  return `Managed by crossfed. Assumed by ${list}.`;
}

function one(values: string[]): string | string[] {
  return values.length === 1 ? values[0] : [...values];
}
