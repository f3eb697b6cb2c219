import { Annotations, BootstraplessSynthesizer, DefaultStackSynthesizer, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { FederationAuditTrail } from './audit-trail';
import { EksAccessEntry } from './eks-access-entry';
import { FederatedRole } from './federated-role';
import { S3IssuerHostingStack } from './issuer-hosting';
import { FederatedOidcProvider } from './oidc-provider';
import { PodIdentityAssociation } from './pod-identity-association';
import { AwsAccount, AwsRole } from '../model/aws';
import { IdentityModel } from '../model/identity-model';
import { stackResourceLimit } from './private/env';
import { LIMITS } from './private/limits';
import { planStacks } from './private/plan';
import { renderIdentities } from './private/render';

/** A pinned number of stacks for one account (and region). */
export interface AwsStackCount {
  /** The account. */
  readonly account: AwsAccount;
  /**
   * The region of the stack family: the account's own, or a region with EKS clusters.
   * @default - the account's region
   * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-association.html
   */
  readonly region?: string;
  /** How many stacks the family has. Changing it moves about 1/N of the roles. */
  readonly stackCount: number;
}

/** Options of {@link AwsIdentityStack.forModel}. */
export interface AwsIdentityStacksOptions {
  /**
   * Prefix of every stack name: `<prefix>-<account name>`, `<prefix>-<account name>-2`, …
   * Changing it renames every stack (CloudFormation then creates new stacks).
   * @default "<model name>-aws"
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cfn-using-console-create-stack-parameters.html
   */
  readonly stackNamePrefix?: string;
  /**
   * Average number of resources per stack the automatic split aims at. Half of CloudFormation's
   * 500 leaves room for growth and for the uneven spread of hashing.
   * @default 250
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
   */
  readonly targetResourcesPerStack?: number;
  /**
   * Largest template allowed, in bytes; the automatic split keeps stacks at half of it. Use
   * 51200 to deploy every template inline (`cdk deploy` without a bootstrap bucket).
   * @default 1000000 (uploaded through S3)
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
   */
  readonly maxTemplateBytes?: number;
  /**
   * Pinned stack counts. With a pinned count, no role ever moves between stacks; crossfed fails
   * with the fix when a stack would go over a limit.
   * @default - automatic
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
   */
  readonly stackCounts?: AwsStackCount[];
  /**
   * Use the default (bootstrapped) stack synthesizer instead of the bootstrapless one. Needed
   * for `cdk deploy` of templates over 51,200 bytes.
   * @default false
   * @see https://docs.aws.amazon.com/cdk/v2/guide/bootstrapping.html
   */
  readonly bootstrapped?: boolean;
  /** The accounts to render. @default - every account of the model */
  readonly accounts?: AwsAccount[];
}

/** Props of an {@link AwsIdentityStack}. */
export interface AwsIdentityStackProps {
  /** The account of the model (the stack's account). */
  readonly account: AwsAccount;
  /** The roles to render. @default - every role of the account */
  readonly roles?: AwsRole[];
  /**
   * Render the account's OIDC providers here (once per account).
   * @default true
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html
   */
  readonly oidcProviders?: boolean;
  /** Render the IAM roles here (false for a stack of EKS resources only). @default true */
  readonly iamRoles?: boolean;
  /**
   * Render the account's audit trail here (once per account), when the model's `audit` setting
   * asks crossfed for one.
   * @default - the value of `oidcProviders`
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html
   */
  readonly auditTrail?: boolean;
  /**
   * The stack's region. EKS resources of clusters in this region are rendered; when the region
   * is left unset, EKS resources of clusters elsewhere are an error.
   * @default - the account's region
   */
  readonly region?: string;
  /** The stack name. Changing it creates a new stack. @default - the construct id */
  readonly stackName?: string;
  /**
   * Use the default (bootstrapped) synthesizer.
   * @default false (bootstrapless: no bootstrap parameter, rule or lookup)
   * @see https://docs.aws.amazon.com/cdk/v2/guide/bootstrapping.html
   */
  readonly bootstrapped?: boolean;
}

/**
 * A CloudFormation stack with an account's identities, env-specific (the model's account and
 * region) and bootstrapless by default, so `cdk synth` needs no credentials and no lookups.
 *
 * {@link AwsIdentityStack.forModel} renders a whole model: one stack per account, split into
 * `<prefix>-<account>`, `<prefix>-<account>-2`, … when it would be large, with a role's stack
 * chosen from its own name only (see docs/aws.md, "Stacks").
 */
export class AwsIdentityStack extends Stack {
  /**
   * Adds the stacks of every account of the model to `scope` (an App or Stage) — and an
   * {@link S3IssuerHostingStack} for each issuer the model hosts in S3 — split so that no
   * stack goes over CloudFormation's limits, with the dependencies CloudFormation needs
   * (providers before the roles that trust them, roles before their EKS resources).
   */
  public static forModel(scope: Construct, model: IdentityModel, options: AwsIdentityStacksOptions = {}): AwsIdentityStack[] {
    // Issuers crossfed publishes in S3 get a stack of their own, in the bucket's region.
    S3IssuerHostingStack.forModel(scope, model, options);
    const plans = planStacks(model, options);
    const stacks = plans.map(p => new AwsIdentityStack(scope, p.name, {
      account: p.account, roles: p.eksRoles, oidcProviders: p.providers, iamRoles: p.home, region: p.region, stackName: p.name, bootstrapped: options.bootstrapped,
    }));
    const byName = new Map(stacks.map(s => [s.stackName, s]));
    const homeOf = new Map<AwsRole, AwsIdentityStack>();
    plans.forEach((p, i) => p.roles.forEach(r => homeOf.set(r, stacks[i])));
    plans.forEach((p, i) => {
      const stack = stacks[i];
      if (p.home && !p.providers) {
        const base = plans.find(q => q.account === p.account && q.providers);
        const needsProvider = p.roles.some(r => r.webIdentityTrusts.some(t => !p.account.hasExistingOidcProvider(t.issuer)));
        if (base && needsProvider) stack.addStackDependency(byName.get(base.name)!, 'its roles trust OIDC providers of the first stack');
      }
      if (!p.home) {
        for (const r of p.eksRoles) {
          const owner = homeOf.get(r);
          if (owner && owner !== stack) stack.addStackDependency(owner, `EKS resources of role ${r.roleName}`);
        }
      }
      if (!options.bootstrapped && p.estimatedBytes > LIMITS.templateBytesInline) {
        Annotations.of(stack).addWarningV2('crossfed:aws:template-over-inline-limit',
          `Stack ${p.name} is about ${p.estimatedBytes} bytes (estimated), over the ${LIMITS.templateBytesInline} bytes CloudFormation accepts inline: deploy it with \`aws cloudformation deploy --s3-bucket …\`, or set bootstrapped: true and run \`cdk bootstrap\` first.`);
      }
    });
    return stacks;
  }

  /** The account of the model. */
  public readonly awsAccount: AwsAccount;
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

  constructor(scope: Construct, id: string, props: AwsIdentityStackProps) {
    const account = props.account;
    const region = props.region ?? account.region;
    const iamRoles = props.iamRoles ?? true;
    super(scope, id, {
      env: { account: account.accountId, region },
      stackName: props.stackName,
      description: iamRoles
        ? `crossfed: IAM OIDC providers, roles and EKS access of AWS account ${account.name} (${account.accountId}). Generated from the identity model: change the model, not this stack.`
        : `crossfed: EKS Pod Identity associations and access entries of AWS account ${account.name} (${account.accountId}) in ${region}. Generated from the identity model.`,
      synthesizer: props.bootstrapped ? new DefaultStackSynthesizer() : new BootstraplessSynthesizer(),
      analyticsReporting: false,
    });
    this.awsAccount = account;
    // Where the stack deploys, for readers of the template alone (the checker resolves
    // AWS::AccountId, AWS::Region and AWS::Partition from it, so ARNs compare exactly).
    this.templateOptions.metadata = { 'crossfed:environment': { AccountId: account.accountId, Region: region, Partition: account.partition } };
    const roles = props.roles ?? account.roles;
    const r = renderIdentities(this, {
      account, providers: props.oidcProviders ?? true, auditTrail: props.auditTrail ?? props.oidcProviders ?? true,
      roles: iamRoles ? roles : [], eksRoles: roles, eksRegion: region, eksRegionExplicit: props.region !== undefined,
    });
    this.oidcProviders = r.oidcProviders;
    this.roles = r.roles;
    this.podIdentityAssociations = r.podIdentityAssociations;
    this.accessEntries = r.accessEntries;
    this.auditTrail = r.auditTrail;
    this.node.addValidation({ validate: () => stackResourceLimit(this) });
  }
}
