import * as eks from 'aws-cdk-lib/aws-eks';
import { Construct } from 'constructs';
import { AwsRole } from '../model/aws';
import { Issuer } from '../model/issuer';
import { accessEntrySpecs } from './private/eks-spec';
import { checkStackEnv } from './private/env';
import { fail } from './private/limits';

/** Props of an {@link EksAccessEntry}. */
export interface EksAccessEntryProps {
  /** The role of a CI deployer (a grant with `eksAccess`). */
  readonly role: AwsRole;
  /** The EKS cluster (its issuer, with accountId and clusterName). */
  readonly cluster: Issuer;
}

/**
 * An EKS access entry (`AWS::EKS::AccessEntry`) mapping a CI deployer's role to Kubernetes
 * groups on one cluster, with the access policy association the model names (scoped to its
 * namespaces, or cluster-wide). Groups and policies of every grant of the role on that cluster
 * are merged: EKS allows one entry per principal and cluster. The groups get their rights from
 * the RBAC objects of the Kubernetes output. It must be in a stack of the cluster's account and
 * region.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html
 */
export class EksAccessEntry extends Construct {
  /** The cluster name. */
  public readonly clusterName: string;
  /** The cluster's region. */
  public readonly region: string;
  /** The principal (the role ARN, a plain string). */
  public readonly principalArn: string;
  /** Kubernetes groups, sorted. */
  public readonly kubernetesGroups: string[];
  /** The access entry resource. */
  public readonly resource: eks.CfnAccessEntry;

  constructor(scope: Construct, id: string, props: EksAccessEntryProps) {
    super(scope, id);
    const spec = accessEntrySpecs(props.role, this.node.path).find(s => s.cluster.url === props.cluster.url);
    if (!spec) {
      fail(this.node.path, 'cluster', props.cluster.name, `is not named in the eksAccess of any grant of role "${props.role.roleName}"`, 'a cluster of one of the role\'s eksAccess options',
        'add eksAccess with this cluster to the CI workload\'s grant');
    }
    checkStackEnv(this, props.role.account.accountId, spec.region, `cluster "${spec.cluster.name}"`);
    this.clusterName = spec.clusterName;
    this.region = spec.region;
    this.principalArn = spec.principalArn;
    this.kubernetesGroups = [...spec.kubernetesGroups];
    this.resource = new eks.CfnAccessEntry(this, 'Resource', {
      clusterName: spec.clusterName,
      principalArn: spec.principalArn,
      type: 'STANDARD',
      kubernetesGroups: this.kubernetesGroups,
      accessPolicies: spec.accessPolicies.length > 0
        ? spec.accessPolicies.map(p => ({ policyArn: p.policyArn, accessScope: { type: p.accessScope.type, namespaces: p.accessScope.namespaces } }))
        : undefined,
    });
  }
}
