import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { FederationAuditTrail } from './audit-trail';
import { EksAccessEntry } from './eks-access-entry';
import { FederatedRole } from './federated-role';
import { FederatedOidcProvider } from './oidc-provider';
import { PodIdentityAssociation } from './pod-identity-association';
import { AwsAccount, AwsRole } from '../model/aws';
import { stackResourceLimit } from './private/env';
import { renderIdentities } from './private/render';

/** What of an account to render. */
export interface AccountIdentitiesProps {
  /** The account of the model. */
  readonly account: AwsAccount;
  /**
   * The roles to render (IAM roles, and their EKS resources in `eksRegion`).
   * @default - every role of the account
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html
   */
  readonly roles?: AwsRole[];
  /**
   * Render the account's IAM OIDC providers here (new ones created, existing ones imported).
   * Each provider must exist once per account: render them in one place only.
   * @default true
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html
   */
  readonly oidcProviders?: boolean;
  /**
   * Render the IAM roles here. Set to `false` in a stack that only holds EKS resources of
   * clusters in another region.
   * @default true
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles.html
   */
  readonly iamRoles?: boolean;
  /**
   * The region whose EKS resources (Pod Identity associations, access entries) are rendered
   * here. When left unset, roles with EKS resources in another region are an error rather than
   * silently left out.
   * @default - the account's region
   * @see https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html
   */
  readonly eksRegion?: string;
  /**
   * Render the account's audit trail here, when the model's `audit` setting asks crossfed for
   * one (once per account: render it in one place only).
   * @default true
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html
   */
  readonly auditTrail?: boolean;
}

/**
 * Everything the model gives one AWS account, rendered into any construct scope — add it to a
 * stack of your own CDK app (the stack's account must be the model's account):
 * IAM OIDC providers, roles with exact trust, Pod Identity associations, access entries, and
 * the trail recording their token exchanges when the model's `audit` setting asks for one.
 *
 * Resources of a stack are limited to 500; a validation error names the stack and the fix
 * when this construct's stack goes over. For large models, use {@link AwsIdentityStack.forModel},
 * which splits them over several stacks.
 */
export class AccountIdentities extends Construct {
  /** The OIDC providers rendered (created or imported). */
  public readonly oidcProviders: FederatedOidcProvider[];
  /** The roles rendered. */
  public readonly roles: FederatedRole[];
  /** Pod Identity associations rendered. */
  public readonly podIdentityAssociations: PodIdentityAssociation[];
  /** Access entries rendered. */
  public readonly accessEntries: EksAccessEntry[];
  /** The audit trail rendered, when the model asks crossfed for one. */
  public readonly auditTrail?: FederationAuditTrail;

  constructor(scope: Construct, id: string, props: AccountIdentitiesProps) {
    super(scope, id);
    const roles = props.roles ?? props.account.roles;
    const r = renderIdentities(this, {
      account: props.account,
      providers: props.oidcProviders ?? true,
      auditTrail: props.auditTrail ?? true,
      roles: props.iamRoles === false ? [] : roles,
      eksRoles: roles,
      eksRegion: props.eksRegion ?? props.account.region,
      eksRegionExplicit: props.eksRegion !== undefined,
    });
    this.oidcProviders = r.oidcProviders;
    this.roles = r.roles;
    this.podIdentityAssociations = r.podIdentityAssociations;
    this.accessEntries = r.accessEntries;
    this.auditTrail = r.auditTrail;
    this.node.addValidation({ validate: () => stackResourceLimit(Stack.of(this)) });
  }
}
