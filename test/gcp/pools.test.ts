import { TerraformStack, Testing } from 'cdktf';
import { GcpFederation } from '../../lib/gcp';
import { synthesizeGcpTerraform } from '../../lib/gcp/synthesize';
import { overflowModel } from '../model/fixtures';
import { expectValidTerraform, resourcesOf, terraformOf } from '../terraform/helpers';

const FILE = 'terraform/gcp-data/cdk.tf.json';
const POOLS = 'projects/123456789012/locations/global/workloadIdentityPools';

describe('a provider whose condition falls back to namespaces, rendered', () => {
  const given = () => {
    const m = overflowModel(80);
    return { ...m, doc: terraformOf(synthesizeGcpTerraform(m.model), FILE) };
  };

  test('GIVEN two overflowing clusters and one exact one WHEN synthesized THEN three pools, each provider in its own model pool', () => {
    const { doc } = given();
    expectValidTerraform(doc);
    const pools = resourcesOf(doc, 'google_iam_workload_identity_pool');
    expect(Object.entries(pools).map(([k, p]) => [k, p.workload_identity_pool_id, p.project])).toEqual([
      ['acme-data__crossfed', 'crossfed', 'acme-data'],
      ['acme-data__crossfed-eks-a', 'crossfed-eks-a', 'acme-data'],
      ['acme-data__crossfed-eks-b', 'crossfed-eks-b', 'acme-data'],
    ]);
    expect(pools['acme-data__crossfed-eks-a'].description).toContain('eks-a alone');
    const providers = resourcesOf(doc, 'google_iam_workload_identity_pool_provider');
    expect(Object.entries(providers).map(([k, p]) => [k, p.workload_identity_pool_id, p.workload_identity_pool_provider_id, p.depends_on])).toEqual([
      ['acme-data__crossfed-eks-a__eks-a', 'crossfed-eks-a', 'eks-a', ['google_iam_workload_identity_pool.acme-data__crossfed-eks-a']],
      ['acme-data__crossfed-eks-b__eks-b', 'crossfed-eks-b', 'eks-b', ['google_iam_workload_identity_pool.acme-data__crossfed-eks-b']],
      ['acme-data__crossfed__prod-aks', 'crossfed', 'prod-aks', ['google_iam_workload_identity_pool.acme-data__crossfed']],
    ]);
    const eksA = providers['acme-data__crossfed-eks-a__eks-a'];
    expect(eksA.attribute_condition).toBe("assertion['kubernetes.io']['namespace'] in ['ns-0', 'ns-1', 'ns-2', 'ns-3', 'ns-4']");
    expect(eksA.oidc.allowed_audiences).toEqual([`//iam.googleapis.com/${POOLS}/crossfed-eks-a/providers/eks-a`]);
    expect(providers['acme-data__crossfed__prod-aks'].attribute_condition).toBe("assertion.sub == 'system:serviceaccount:ns-0:app'");
  });

  test('GIVEN the same model WHEN synthesized THEN each workload identity user binding names its provider\'s pool and waits for that pool', () => {
    const { doc, gcp } = given();
    const bindings = Object.values<any>(resourcesOf(doc, 'google_service_account_iam_member')).filter(b => b.role === 'roles/iam.workloadIdentityUser');
    expect(bindings).toHaveLength(gcp.serviceAccounts.length);
    for (const b of bindings) {
      const [, poolId, name] = /workloadIdentityPools\/([^/]+)\/subject\/system:serviceaccount:[^:]+:(.*)$/.exec(b.member)!;
      expect(poolId).toBe(name.startsWith('a-') ? 'crossfed-eks-a' : name.startsWith('b-') ? 'crossfed-eks-b' : 'crossfed');
      expect(b.depends_on).toContain(`google_iam_workload_identity_pool.acme-data__${poolId}`);
      expect(b.depends_on.filter((d: string) => d.startsWith('google_iam_workload_identity_pool.'))).toHaveLength(1);
    }
  });

  test('GIVEN the federation construct WHEN built THEN it lists every pool it rendered', () => {
    const { gcp } = overflowModel(80);
    const f = new GcpFederation(new TerraformStack(Testing.app(), 's'), 'Gcp', { project: gcp });
    expect(f.pool!.poolName).toBe(`${POOLS}/crossfed`);
    expect(f.pool!.poolNames).toEqual([`${POOLS}/crossfed`, `${POOLS}/crossfed-eks-a`, `${POOLS}/crossfed-eks-b`]);
  });
});
