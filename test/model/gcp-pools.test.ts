import { overflowModel, smallModel } from './fixtures';
import { problemOf } from './helpers';
import { AccessMechanism, IdentityModel, Issuer } from '../../lib/model';

const PROJECT = 'projects/123456789012/locations/global/workloadIdentityPools';

describe('GCP providers whose condition falls back to namespaces', () => {
  test('GIVEN two clusters whose exact lists pass 4,096 characters WHEN built THEN each provider, its pool, its members and its audience name a pool of its own', () => {
    const { gcp, eksA, eksB } = overflowModel();
    for (const [issuer, c] of [[eksA, 'a'], [eksB, 'b']] as const) {
      const p = gcp.provider(issuer);
      expect(p.attributeCondition).toBe("assertion['kubernetes.io']['namespace'] in ['ns-0', 'ns-1', 'ns-2', 'ns-3', 'ns-4']");
      expect(p.poolId).toBe(`crossfed-eks-${c}`);
      expect(p.poolName).toBe(`${PROJECT}/crossfed-eks-${c}`);
      expect(p.resourceName).toBe(`${PROJECT}/crossfed-eks-${c}/providers/eks-${c}`);
      expect(p.audience).toBe(`//iam.googleapis.com/${PROJECT}/crossfed-eks-${c}/providers/eks-${c}`);
      const access = issuer === eksA ? gcp.accesses.filter(a => a.workload.issuer === eksA) : gcp.accesses.filter(a => a.workload.issuer === eksB);
      expect(access).toHaveLength(110);
      for (const a of access) {
        expect(a.member).toBe(`principal://iam.googleapis.com/${PROJECT}/crossfed-eks-${c}/subject/${a.workload.subject}`);
        expect(a.audience).toBe(p.audience);
        expect(a.credentialConfig.audience).toBe(p.audience);
        expect(a.serviceAccount!.workloadIdentityUsers).toEqual([a.member]);
      }
    }
  });

  test('GIVEN the same model WHEN its AKS provider is read THEN it stays exact in the project\'s pool, as in a model without the clusters', () => {
    const { gcp, aks, app } = overflowModel();
    const alone = smallModel();
    const reference = alone.model.addWorkload({ issuer: alone.aks, namespace: 'ns-0', serviceAccount: 'app' }).grantGcp(alone.gcp, { serviceAccount: 'aks-app-reader' });
    const p = gcp.provider(aks);
    expect(p).toEqual({ ...alone.gcp.provider(alone.aks), issuer: aks });
    expect(p.poolId).toBe('crossfed');
    expect(p.attributeCondition).toBe("assertion.sub == 'system:serviceaccount:ns-0:app'");
    expect(app.member).toBe(reference.member);
    expect(app.member).toBe(`principal://iam.googleapis.com/${PROJECT}/crossfed/subject/system:serviceaccount:ns-0:app`);
    expect(app.credentialConfig).toEqual(reference.credentialConfig);
  });

  test('GIVEN the same model WHEN its pools are read THEN the project\'s pool and one per fallback provider, sorted, each with its providers', () => {
    const { gcp } = overflowModel();
    expect(gcp.poolId).toBe('crossfed');
    expect(gcp.pools.map(p => [p.poolId, p.poolName, p.providers.map(x => x.providerId)])).toEqual([
      ['crossfed', `${PROJECT}/crossfed`, ['prod-aks']],
      ['crossfed-eks-a', `${PROJECT}/crossfed-eks-a`, ['eks-a']],
      ['crossfed-eks-b', `${PROJECT}/crossfed-eks-b`, ['eks-b']],
    ]);
  });

  test('GIVEN a grant read before the list overflows WHEN more grants follow THEN its member and audience follow the provider into its own pool', () => {
    const { model, eks, gcp } = smallModel();
    const first = model.addWorkload({ issuer: eks, namespace: 'team-0', serviceAccount: 'service-account-0' }).grantGcp(gcp, { serviceAccount: 'sa-number-0' });
    expect(first.member).toBe(`principal://iam.googleapis.com/${PROJECT}/crossfed/subject/system:serviceaccount:team-0:service-account-0`);
    expect(first.audience).toBe(`//iam.googleapis.com/${PROJECT}/crossfed/providers/prod-eks`);
    for (let i = 1; i < 200; i++) model.addWorkload({ issuer: eks, namespace: `team-${i % 7}`, serviceAccount: `service-account-${i}` }).grantGcp(gcp, { serviceAccount: `sa-number-${i}` });
    expect(first.member).toBe(`principal://iam.googleapis.com/${PROJECT}/crossfed-prod-eks/subject/system:serviceaccount:team-0:service-account-0`);
    expect(first.audience).toBe(`//iam.googleapis.com/${PROJECT}/crossfed-prod-eks/providers/prod-eks`);
    expect(gcp.serviceAccounts.find(s => s.accountId === 'sa-number-0')!.workloadIdentityUsers).toEqual([first.member]);
  });

  test('GIVEN a long project pool id and provider id WHEN the provider falls back THEN its own pool id is a valid pool id of at most 32 characters', () => {
    const model = new IdentityModel({ name: 't' });
    const eks = model.addIssuer(Issuer.eks({ name: 'production-cluster-in-us-east-1', url: 'https://oidc.eks.us-east-1.amazonaws.com/id/CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC', accountId: '111122223333', clusterName: 'prod' }));
    const gcp = model.addGcpProject({ name: 'data', projectId: 'acme-data', projectNumber: '123456789012', poolId: 'workload-federation-pool' });
    for (let i = 0; i < 120; i++) model.addWorkload({ issuer: eks, namespace: `ns-${i % 3}`, serviceAccount: `service-account-number-${i}` }).grantGcp(gcp, { serviceAccount: `sa-number-${i}` });
    const p = gcp.provider(eks);
    // the prefix of "<pool>-<provider>" and a hash of the whole: stable, and distinct per provider
    expect(p.poolId).toBe('workload-federation-poo-c6220dd0');
    expect(p.poolId).toMatch(/^(?!gcp-)[a-z0-9-]{4,32}$/);
    expect(p.poolId).toBe(gcp.ownPoolId(p.providerId));
    expect(p.poolId).not.toBe(gcp.poolId);
  });
});

describe('GKE identity sameness', () => {
  const GKE_2 = 'https://container.googleapis.com/v1/projects/acme-data/locations/europe-west1/clusters/gke-2';

  test('GIVEN two GKE clusters of one project WHEN both grant GKE workload identity THEN the second grant fails naming both clusters, the field and the fix', () => {
    const { model, gke, gcp } = smallModel();
    const other = model.addIssuer(Issuer.gke({ name: 'gke-2', url: GKE_2 }));
    model.addWorkload({ issuer: gke, namespace: 'ml', serviceAccount: 'trainer' }).grantGcp(gcp, { serviceAccount: 'trainer' });
    const p = problemOf(() => model.addWorkload({ issuer: other, namespace: 'web', serviceAccount: 'api', sourceLocation: 'model.yaml:12' }).grantGcp(gcp, { serviceAccount: 'web-api' }));
    expect(p.where).toBe('model.yaml:12.gcp[data]');
    expect(p.field).toBe('gkeNative');
    expect(p.value).toBe(true);
    expect(p.problem).toContain('GKE cluster "gke-2"');
    expect(p.problem).toContain('GKE cluster "prod-gke"');
    expect(p.problem).toContain('serviceAccount:acme-data.svc.id.goog[web/api]');
    expect(p.problem).toContain('a <namespace>/<service account> of either cluster becomes the same member (GKE "identity sameness")');
    expect(p.fix).toBe('set gkeNative: false on the grants of one cluster ("gke-2" or "prod-gke"): it then federates through the pool with its own provider; or run the clusters in separate projects');
  });

  test('GIVEN two GKE clusters of one project WHEN one federates through the pool THEN both are accepted, with distinct members', () => {
    const { model, gke, gcp } = smallModel();
    const other = model.addIssuer(Issuer.gke({ name: 'gke-2', url: GKE_2 }));
    const a = model.addWorkload({ issuer: gke, namespace: 'ml', serviceAccount: 'trainer' }).grantGcp(gcp, { serviceAccount: 'trainer' });
    const b = model.addWorkload({ issuer: other, namespace: 'ml', serviceAccount: 'trainer' }).grantGcp(gcp, { serviceAccount: 'trainer-2', gkeNative: false });
    expect(a.member).toBe('serviceAccount:acme-data.svc.id.goog[ml/trainer]');
    expect(b.mechanism).toBe(AccessMechanism.GCP_IMPERSONATION);
    expect(b.member).toBe(`principal://iam.googleapis.com/${PROJECT}/crossfed/subject/system:serviceaccount:ml:trainer`);
  });

  test('GIVEN a GKE cluster in another project than the GCP target WHEN granted GKE workload identity THEN the member names the cluster\'s project', () => {
    const { model, gke, gcp } = smallModel();
    const other = model.addIssuer(Issuer.gke({ name: 'gke-2', url: 'https://container.googleapis.com/v1/projects/acme-data-2/locations/europe-west1/clusters/gke-2' }));
    model.addWorkload({ issuer: gke, namespace: 'ml', serviceAccount: 'trainer' }).grantGcp(gcp, { serviceAccount: 'trainer' });
    const b = model.addWorkload({ issuer: other, namespace: 'ml', serviceAccount: 'trainer' }).grantGcp(gcp, { serviceAccount: 'trainer-2' });
    expect(b.mechanism).toBe(AccessMechanism.GKE_NATIVE);
    expect(b.member).toBe('serviceAccount:acme-data-2.svc.id.goog[ml/trainer]');
    expect(gcp.serviceAccounts.find(s => s.accountId === 'trainer-2')!.workloadIdentityUsers).toEqual(['serviceAccount:acme-data-2.svc.id.goog[ml/trainer]']);
  });

  test('GIVEN one GKE cluster WHEN several workloads and projects use GKE workload identity THEN no error', () => {
    const { model, gke, gcp } = smallModel();
    const gcp2 = model.addGcpProject({ name: 'data-2', projectId: 'acme-data-2', projectNumber: '210987654321' });
    model.addWorkload({ issuer: gke, namespace: 'ml', serviceAccount: 'trainer' }).grantGcp(gcp, { serviceAccount: 'trainer' });
    const w = model.addWorkload({ issuer: gke, namespace: 'ml', serviceAccount: 'scorer' });
    w.grantGcp(gcp, { serviceAccount: 'scorer' });
    expect(w.grantGcp(gcp2, { serviceAccount: 'scorer' }).member).toBe('serviceAccount:acme-data.svc.id.goog[ml/scorer]');
  });
});
