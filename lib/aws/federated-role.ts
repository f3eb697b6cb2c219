import { Annotations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { AwsRole } from '../model/aws';
import { checkStackEnv } from './private/env';
import { INLINE_POLICY_NAME, roleSpec } from './private/role-spec';

/** Props of a {@link FederatedRole}. */
export interface FederatedRoleProps {
  /**
   * The role of the model. Its trust policy, permissions, name and description are the model's;
   * the construct adds nothing of its own.
   */
  readonly role: AwsRole;
}

/**
 * An IAM role that accepts exactly the tokens the model grants it (`AWS::IAM::Role`).
 *
 * The trust policy is the model's (`AwsRole.trustPolicy`), byte for byte: for web identity,
 * `sts:AssumeRoleWithWebIdentity` from the issuer's OIDC provider with `StringEquals` on
 * `<issuer host/path>:aud` and `:sub` (`StringLike` only for an opted-in wildcard subject, with
 * the warning `crossfed:aws:wildcard-subject`); for EKS Pod Identity, `sts:AssumeRole` and
 * `sts:TagSession` from `pods.eks.amazonaws.com`, pinned with `aws:SourceAccount` and
 * `aws:SourceArn`. Managed policies are attached, inline statements (including the model's S3,
 * Secrets Manager and ECR helpers) go into one inline policy named `crossfed`.
 *
 * Broad permissions are flagged with warnings: `crossfed:aws:administrator-access`,
 * `crossfed:aws:full-access-policy`, `crossfed:aws:action-wildcard`.
 *
 * For an existing role (`existingRoleArn`) nothing is created but an `AWS::IAM::Policy` holding
 * its inline statements, and a warning names the trust it must have.
 *
 * Changing the role name replaces the role. The child `Resource` is the role.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html
 */
export class FederatedRole extends Construct {
  /** The role name. */
  public readonly roleName: string;
  /** The role ARN, a plain string from the model (never a token). */
  public readonly roleArn: string;
  /** Whether the role exists already (crossfed does not create it). */
  public readonly existing: boolean;
  /** The role resource (new roles only). */
  public readonly resource?: iam.CfnRole;
  /** The inline policy attached to an existing role (existing roles with statements only). */
  public readonly policy?: iam.CfnPolicy;
  /** Ids of the warnings this role raised, sorted (e.g. `crossfed:aws:wildcard-subject`). */
  public readonly warningIds: string[];

  constructor(scope: Construct, id: string, props: FederatedRoleProps) {
    super(scope, id);
    const role = props.role;
    checkStackEnv(this, role.account.accountId, undefined, `role "${role.roleName}" belongs`);
    const spec = roleSpec(role, this.node.path);
    this.roleName = spec.roleName;
    this.roleArn = spec.arn;
    this.existing = spec.existing;
    const policies = spec.inlinePolicy ? [{ policyName: INLINE_POLICY_NAME, policyDocument: spec.inlinePolicy }] : undefined;
    if (!spec.existing) {
      this.resource = new iam.CfnRole(this, 'Resource', {
        roleName: spec.roleName,
        description: spec.description,
        assumeRolePolicyDocument: spec.trustPolicy,
        maxSessionDuration: spec.maxSessionDuration,
        managedPolicyArns: spec.managedPolicyArns.length > 0 ? spec.managedPolicyArns : undefined,
        policies,
      });
    } else if (spec.inlinePolicy) {
      this.policy = new iam.CfnPolicy(this, 'Policy', { policyName: INLINE_POLICY_NAME, roles: [spec.roleName], policyDocument: spec.inlinePolicy });
    }
    for (const w of spec.warnings) Annotations.of(this).addWarningV2(w.id, w.message);
    this.warningIds = [...new Set(spec.warnings.map(w => w.id))].sort();
  }
}
