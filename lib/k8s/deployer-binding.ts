import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { crossfedMetadata, fitName } from './private/names';
import type { AwsAccess } from '../model/aws';
import { CrossfedError } from '../model/errors';

const kube = kplus.k8s;

/** Props of a deployer binding. */
export interface DeployerBindingProps {
  /**
   * An AWS grant of a CI workload with `eksAccess`: its EKS access entry maps the role to
   * Kubernetes groups, which this binding gives the ClusterRole the model names.
   */
  readonly access: AwsAccess;
}

/**
 * The RBAC side of a CI identity that deploys to an EKS cluster: a RoleBinding in each
 * namespace of `eksAccess.namespaces` (or one ClusterRoleBinding when none are named) from
 * the access entry's Kubernetes groups to `eksAccess.clusterRole`.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html
 */
export class DeployerBinding extends Construct {
  /** The binding objects: RoleBindings by namespace, or one ClusterRoleBinding. */
  public readonly bindings: kplus.k8s.KubeRoleBinding[];
  /** The ClusterRoleBinding, when the access is cluster-wide. @default - none: namespaced RoleBindings */
  public readonly clusterRoleBinding?: kplus.k8s.KubeClusterRoleBinding;

  constructor(scope: Construct, id: string, props: DeployerBindingProps) {
    super(scope, id);
    const access = props.access;
    const w = access.workload;
    const e = access.eksAccess;
    if (!e) {
      throw CrossfedError.of({
        where: w.sourceLocation, field: 'eksAccess', value: access.role.roleName, problem: 'is not set on this AWS grant, so no Kubernetes group is mapped to the role',
        fix: 'set eksAccess (cluster, kubernetesGroups, clusterRole, namespaces) on the grant of the CI workload',
      });
    }
    const meta = crossfedMetadata(w);
    // Named after the role, which the access entry maps to the groups.
    const name = fitName(`crossfed-${w.issuer.name}-${access.role.roleName.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}`, 253);
    const subjects = [...new Set(e.kubernetesGroups)].sort().map(g => ({ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: g }));
    const roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: e.clusterRole ?? 'edit' };
    const annotations = meta.annotations;
    const namespaces = [...new Set(e.namespaces ?? [])].sort();
    this.bindings = namespaces.map(namespace => new kube.KubeRoleBinding(this, namespace, {
      metadata: { name, namespace, labels: meta.labels, annotations }, roleRef, subjects,
    }));
    if (namespaces.length === 0) {
      this.clusterRoleBinding = new kube.KubeClusterRoleBinding(this, 'Resource', {
        metadata: { name, labels: meta.labels, annotations }, roleRef, subjects,
      });
    }
  }
}
