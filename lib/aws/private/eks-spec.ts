import { fail } from './limits';
import { AwsAccess, AwsRole } from '../../model/aws';
import { Issuer } from '../../model/issuer';
import { byKey, uniqueSorted } from '../../model/private/checks';

/** One `AWS::EKS::PodIdentityAssociation`, as plain values. */
export interface PodIdentitySpec {
  readonly id: string;
  readonly access: AwsAccess;
  readonly cluster: Issuer;
  readonly region: string;
  readonly clusterName: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly roleArn: string;
}

/** An access policy of an access entry. */
export interface AccessPolicySpec {
  readonly policyArn: string;
  readonly accessScope: { readonly type: 'cluster' | 'namespace'; readonly namespaces?: string[] };
}

/** One `AWS::EKS::AccessEntry` (a role on one cluster, its groups and access policies merged over the role's grants). */
export interface AccessEntrySpec {
  readonly id: string;
  readonly role: AwsRole;
  readonly cluster: Issuer;
  readonly region: string;
  readonly clusterName: string;
  readonly principalArn: string;
  readonly kubernetesGroups: string[];
  readonly accessPolicies: AccessPolicySpec[];
}

/** Pod Identity associations of a role, sorted by cluster, namespace and service account. */
export function podIdentitySpecs(role: AwsRole): PodIdentitySpec[] {
  return role.podIdentityGrants.map(access => {
    const w = access.workload;
    const cluster = w.issuer;
    return {
      id: `PodIdentity-${cluster.name}-${w.namespace}-${w.serviceAccount}`, access, cluster,
      region: cluster.awsRegion!, clusterName: cluster.clusterName!, namespace: w.namespace!, serviceAccount: w.serviceAccount!, roleArn: role.arn,
    };
  }).sort(byKey(s => `${s.cluster.url}\n${s.namespace}\n${s.serviceAccount}`));
}

/** Access entries of a role, one per cluster, sorted by cluster issuer URL; `where` is used in errors. */
export function accessEntrySpecs(role: AwsRole, where: string): AccessEntrySpec[] {
  const byCluster = new Map<string, { cluster: Issuer; groups: string[]; policies: Map<string, AccessPolicySpec> }>();
  for (const g of role.grants) {
    const e = g.eksAccess;
    if (!e) continue;
    let entry = byCluster.get(e.cluster.url);
    if (!entry) byCluster.set(e.cluster.url, entry = { cluster: e.cluster, groups: [], policies: new Map() });
    entry.groups.push(...e.kubernetesGroups);
    if (e.accessPolicyArn) {
      const namespaces = uniqueSorted(e.namespaces ?? []);
      const scope: AccessPolicySpec['accessScope'] = namespaces.length > 0 ? { type: 'namespace', namespaces } : { type: 'cluster' };
      const prev = entry.policies.get(e.accessPolicyArn);
      if (prev && JSON.stringify(prev.accessScope) !== JSON.stringify(scope)) {
        fail(where, 'eksAccess.accessPolicyArn', e.accessPolicyArn, `is associated with role "${role.roleName}" on cluster "${e.cluster.name}" twice, with different scopes`,
          'one scope per access policy, principal and cluster', 'give both grants the same namespaces, or use different role names');
      }
      entry.policies.set(e.accessPolicyArn, { policyArn: e.accessPolicyArn, accessScope: scope });
    }
  }
  return [...byCluster.values()].sort(byKey(e => e.cluster.url)).map(e => ({
    id: `AccessEntry-${e.cluster.name}-${role.roleName}`, role, cluster: e.cluster, region: e.cluster.awsRegion!, clusterName: e.cluster.clusterName!,
    principalArn: role.arn, kubernetesGroups: uniqueSorted(e.groups),
    accessPolicies: [...e.policies.values()].sort(byKey(p => p.policyArn)),
  }));
}
