import { GRAPH_MAX_GROUPS, GRAPH_MAX_WORKLOADS, identityGraph } from '../../lib/cli/report/identity-graph';
import { toDot } from '../../lib/cli/report/render-graph';
import { IdentityModel } from '../../lib/model';

const TENANT = '11111111-2222-3333-4444-555555555555';

/** A model of `n` EKS workloads over `namespaces` namespaces, each granted AWS, Entra and GCP. */
function model(n: number, namespaces: number): IdentityModel {
  const workloads = Array.from({ length: n }, (_, i) => ({
    issuer: 'eks', name: `w-${i}`, namespace: `ns-${i % namespaces}`, serviceAccount: `svc-${i}`,
    aws: [{ account: 'prod', roleName: `role-${i}` }],
    azure: [{ tenant: 'acme', application: `app-${Math.floor(i / 20)}` }],
    gcp: [{ project: 'data', serviceAccount: `sa-${String(i).padStart(4, '0')}` }],
  }));
  return IdentityModel.fromText(JSON.stringify({
    name: 'graph',
    clouds: {
      aws: [{ name: 'prod', accountId: '111122223333', region: 'us-east-1' }],
      azure: [{ name: 'acme', tenantId: TENANT, subscriptionId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' }],
      gcp: [{ name: 'data', projectId: 'acme-data', projectNumber: '123456789012' }],
    },
    issuers: [{ name: 'eks', kind: 'eks', url: 'https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE', accountId: '111122223333', clusterName: 'eks' }],
    workloads,
  }), 'graph.json');
}

describe('identity graph', () => {
  test(`GIVEN ${GRAPH_MAX_WORKLOADS} workloads WHEN drawn THEN every workload is a node of its own`, () => {
    const g = identityGraph(model(GRAPH_MAX_WORKLOADS, 5));
    expect(g.detail).toBe('workloads');
    expect(g.nodes.filter(n => n.kind === 'workload')).toHaveLength(GRAPH_MAX_WORKLOADS);
    expect(g.nodes.filter(n => n.kind === 'aws-role')).toHaveLength(GRAPH_MAX_WORKLOADS);
  });

  test('GIVEN one workload more WHEN drawn THEN workloads are grouped by namespace and identities by account, tenant and project, with counts', () => {
    const n = GRAPH_MAX_WORKLOADS + 1;
    const g = identityGraph(model(n, 4));
    expect(g.detail).toBe('namespaces');
    const groups = g.nodes.filter(n2 => n2.kind === 'workload');
    expect(groups.map(x => x.label.split('\n')[0]).sort()).toEqual(['namespace ns-0', 'namespace ns-1', 'namespace ns-2', 'namespace ns-3']);
    // 61 workloads over 4 namespaces: 16, 15, 15, 15.
    expect(groups.find(x => x.id === 'group:eks/ns-0')!.label).toBe('namespace ns-0\n16 service accounts');
    expect(g.nodes.find(x => x.kind === 'aws-role')!.label).toBe('AWS account prod\n111122223333\n61 IAM roles');
    // 61 workloads, 20 per application: 4 applications.
    expect(g.nodes.find(x => x.kind === 'entra-identity')!.label).toBe('Entra tenant\nacme\n4 applications');
    expect(g.nodes.find(x => x.kind === 'gcp-identity')!.label).toBe('GCP project\nacme-data\n61 service accounts');
    const toAws = g.edges.filter(e => e.to === 'aws:111122223333');
    expect(toAws).toHaveLength(4);
    expect(toAws.find(e => e.from === 'group:eks/ns-0')!.label).toMatch(/ ×16$/);
    // Every workload is counted once on the edges from its issuer.
    expect(g.edges.filter(e => e.from === 'issuer:eks').map(e => e.to).sort()).toEqual(groups.map(x => x.id).sort());
  });

  test(`GIVEN more than ${GRAPH_MAX_GROUPS} namespaces WHEN drawn THEN workloads are grouped by issuer`, () => {
    const g = identityGraph(model(GRAPH_MAX_GROUPS + 1, GRAPH_MAX_GROUPS + 1));
    expect(g.detail).toBe('issuers');
    expect(g.nodes.filter(n => n.kind === 'workload').map(n => n.label)).toEqual([`workloads\n${GRAPH_MAX_GROUPS + 1} service accounts`]);
  });

  test('GIVEN 2,000 workloads WHEN drawn THEN the DOT text Graphviz lays out stays small', () => {
    const g = identityGraph(model(2000, 40));
    const dot = toDot(g);
    expect(g.nodes.length).toBeLessThan(50);
    expect(dot.split('\n').length).toBeLessThan(300); // one box per workload: over 10,000 lines
    expect(dot).toContain('2,000 IAM roles');
  });
});
