import * as eks from 'aws-cdk-lib/aws-eks';
import { Construct } from 'constructs';
import { AwsAccess } from '../model/aws';
import { AccessMechanism } from '../model/targets';
import { podIdentitySpecs } from './private/eks-spec';
import { checkStackEnv } from './private/env';
import { fail } from './private/limits';

/** Props of a {@link PodIdentityAssociation}. */
export interface PodIdentityAssociationProps {
  /** A grant of the model with mechanism `pod-identity`. */
  readonly access: AwsAccess;
}

/**
 * An EKS Pod Identity association (`AWS::EKS::PodIdentityAssociation`): the cluster, namespace
 * and service account of the grant, and the role's ARN as a plain string. The role's trust
 * (`pods.eks.amazonaws.com`, pinned to the cluster) comes from {@link FederatedRole}. It must be
 * in a stack of the cluster's account and region. Changing the namespace or service account
 * replaces the association.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html
 */
export class PodIdentityAssociation extends Construct {
  /** The cluster name. */
  public readonly clusterName: string;
  /** The cluster's region. */
  public readonly region: string;
  /** The namespace. */
  public readonly namespace: string;
  /** The service account. */
  public readonly serviceAccount: string;
  /** The role ARN. */
  public readonly roleArn: string;
  /** The association resource. */
  public readonly resource: eks.CfnPodIdentityAssociation;

  constructor(scope: Construct, id: string, props: PodIdentityAssociationProps) {
    super(scope, id);
    const access = props.access;
    if (access.mechanism !== AccessMechanism.POD_IDENTITY) {
      fail(this.node.path, 'mechanism', access.mechanism, `of workload "${access.workload.id}" is not EKS Pod Identity`, AccessMechanism.POD_IDENTITY, 'pass a grant made with mechanism: "pod-identity"');
    }
    const spec = podIdentitySpecs(access.role).find(s => s.access === access)!;
    checkStackEnv(this, access.role.account.accountId, spec.region, `cluster "${spec.cluster.name}"`);
    this.clusterName = spec.clusterName;
    this.region = spec.region;
    this.namespace = spec.namespace;
    this.serviceAccount = spec.serviceAccount;
    this.roleArn = spec.roleArn;
    this.resource = new eks.CfnPodIdentityAssociation(this, 'Resource', {
      clusterName: spec.clusterName, namespace: spec.namespace, serviceAccount: spec.serviceAccount, roleArn: spec.roleArn,
    });
  }
}
