/**
 * Property tests over random valid models: for every pair the model grants, the intended token
 * gets in and no near miss does.
 */
import { createHash } from 'crypto';
import * as fc from 'fast-check';
import { NOW } from './fixtures';
import { graphFromModel } from './model-graph';
import { isCrossfedError } from '../../../lib/model/errors';
import { IdentityModel } from '../../../lib/model/identity-model';
import { CiSubject, Issuer } from '../../../lib/model/index';
import { TerraformOutputs } from '../../../lib/model/synth-output';
import { AccessMechanism } from '../../../lib/model/targets';
import { buildTrustGraph } from '../../../lib/verify/assemble';
import { intendedPairsFromModel } from '../../../lib/verify/simulate/intended';
import { negativeMatrix } from '../../../lib/verify/simulate/negative-matrix';
import { synthesizedOutput } from '../model-output';

const ISSUERS = ['eks', 'aks', 'gke', 'onprem', 'github'] as const;
type IssuerName = typeof ISSUERS[number];

function issuer(name: IssuerName): Issuer {
  switch (name) {
    case 'eks': return Issuer.eks({ name, url: 'https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE', accountId: '111122223333', clusterName: 'prod' });
    case 'aks': return Issuer.aks({ name, url: 'https://westeurope.oic.prod-aks.azure.com/11111111-2222-3333-4444-555555555555/99999999-8888-7777-6666-555555555555/' });
    case 'gke': return Issuer.gke({ name, url: 'https://container.googleapis.com/v1/projects/acme-data/locations/europe-west1/clusters/prod' });
    case 'onprem': return Issuer.selfManaged({ name, url: 'https://oidc.onprem.example.com' });
    case 'github': return Issuer.githubActions({ name });
  }
}

// Names chosen to sit next to each other: prefixes, longer names, a shared namespace.
const workloadSpec = fc.record({
  issuer: fc.constantFrom(...ISSUERS),
  namespace: fc.constantFrom('data', 'data-x', 'default', 'ml'),
  name: fc.constantFrom('app', 'app-evil', 'ap', 'pipeline', 'pipeline-x', 'loader'),
  aws: fc.option(fc.record({ role: fc.constantFrom('role-a', 'role-b', 'role-c'), podIdentity: fc.boolean() }), { nil: undefined }),
  azure: fc.option(fc.constantFrom('app:one', 'app:two', 'mi:one'), { nil: undefined }),
  gcp: fc.option(fc.constantFrom('sa-one-x', 'sa-two-x', 'direct', 'pool'), { nil: undefined }),
});

/** A valid model from the specs; grants the model refuses are left out, as a user would. */
function buildModel(specs: ReadonlyArray<typeof workloadSpec extends fc.Arbitrary<infer T> ? T : never>): IdentityModel {
  const m = new IdentityModel({ name: 'random' });
  const aws = m.addAwsAccount({ accountId: '111122223333', name: 'prod' });
  const azure = m.addAzureTenant({ tenantId: '11111111-2222-3333-4444-555555555555', subscriptionId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', name: 'acme' });
  const gcp = m.addGcpProject({ projectId: 'acme-data', projectNumber: '123456789012', name: 'data' });
  const issuers = new Map<IssuerName, Issuer>();
  const seen = new Set<string>();
  // Subjects federated through the shared GCP pool, per issuer: the same Kubernetes subject from
  // two issuers is one principal in a pool (see the test "GIVEN the same namespace and service
  // account in two clusters…" below), so the generator keeps them apart.
  const poolSubjects = new Map<string, string>();
  const tryGrant = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      if (!isCrossfedError(e)) throw e;
    }
  };
  for (const s of specs) {
    const key = `${s.issuer}/${s.namespace}/${s.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let i = issuers.get(s.issuer);
    if (!i) issuers.set(s.issuer, i = m.addIssuer(issuer(s.issuer)));
    const w = s.issuer === 'github'
      ? m.addCiWorkload({ issuer: i, name: `${s.namespace}-${s.name}`, subject: CiSubject.githubBranch(`acme/${s.name}`, s.namespace) })
      : m.addWorkload({ issuer: i, namespace: s.namespace, serviceAccount: s.name });
    if (s.aws) {
      const pod = s.aws.podIdentity && s.issuer === 'eks';
      tryGrant(() => w.grantAws(aws, { roleName: pod ? `${s.aws!.role}-pods` : s.aws!.role, ...(pod ? { mechanism: AccessMechanism.POD_IDENTITY } : {}) }));
    }
    if (s.azure) {
      const [kind, name] = s.azure.split(':');
      tryGrant(() => w.grantAzure(azure, kind === 'mi' ? { managedIdentity: { name, resourceGroupName: 'rg', location: 'westeurope' } } : { application: name }));
    }
    if (s.gcp) {
      const native = s.issuer === 'gke' && s.gcp !== 'direct' && s.gcp !== 'pool';
      const other = poolSubjects.get(w.subject);
      if (!native && other !== undefined && other !== s.issuer) continue;
      if (!native) poolSubjects.set(w.subject, s.issuer);
      tryGrant(() => w.grantGcp(gcp, s.gcp === 'direct' ? { direct: true, bucketRoles: [{ bucket: 'acme-raw', role: 'roles/storage.objectViewer' }] }
        : s.gcp === 'pool' ? { serviceAccount: 'sa-pool-x', gkeNative: false } : { serviceAccount: s.gcp }));
    }
  }
  return m;
}

describe('every random valid model: intended tokens accepted, near misses refused', () => {
  test('GIVEN 150 random models WHEN the negative matrix runs on the trust graph of the facts the renderers write (built from the model, fast) THEN no intended token is refused and no near miss is accepted', () => {
    let pairs = 0;
    let tried = 0;
    fc.assert(fc.property(fc.array(workloadSpec, { minLength: 1, maxLength: 6 }), specs => {
      const model = buildModel(specs);
      const intended = intendedPairsFromModel(model, { now: NOW });
      const report = negativeMatrix(graphFromModel(model), intended, { now: NOW });
      expect(report.pairs.filter(p => !p.intended.accepted).map(p => `${p.pair.label}: ${p.intended.reason}`)).toEqual([]);
      expect(report.findings.map(f => f.message)).toEqual([]);
      pairs += intended.length;
      tried += report.tried;
    }), { numRuns: 150, seed: 20260710 });
    expect(pairs).toBeGreaterThan(300);
    expect(tried).toBeGreaterThan(pairs * 10);
  });
});

/** `terraform output -json` with a client id for every Entra identity crossfed creates (what Entra would assign). */
function assignedClientIds(model: IdentityModel): TerraformOutputs {
  const out: Record<string, { value: string; type: string; sensitive: boolean }> = {};
  for (const i of model.azureTenants.flatMap(t => t.identities)) {
    const h = createHash('sha256').update(i.clientIdOutputName).digest('hex');
    out[i.clientIdOutputName] = { value: `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`, type: 'string', sensitive: false };
  }
  return out;
}

describe('every random valid model, through the real renderers and the parsers: intended tokens accepted, near misses refused', () => {
  test('GIVEN 40 random models WHEN synthesized by the renderers, read back by the checker\'s parsers and run through the negative matrix THEN no intended token is refused and no near miss is accepted', () => {
    let pairs = 0;
    let tried = 0;
    const clouds = new Set<string>();
    fc.assert(fc.property(fc.array(workloadSpec, { minLength: 1, maxLength: 6 }), specs => {
      const model = buildModel(specs);
      const tfOutputs = assignedClientIds(model);
      const graph = buildTrustGraph(synthesizedOutput(model, tfOutputs), { model, tfOutputs });
      const intended = intendedPairsFromModel(model, { now: NOW });
      const report = negativeMatrix(graph, intended, { now: NOW });
      expect(report.pairs.filter(p => !p.intended.accepted).map(p => `${p.pair.label}: ${p.intended.reason}`)).toEqual([]);
      expect(report.findings.map(f => f.message)).toEqual([]);
      intended.forEach(p => clouds.add(p.target.cloud));
      pairs += intended.length;
      tried += report.tried;
    }), { numRuns: 40, seed: 20261203 });
    // Not vacuous: every cloud is exercised, and each pair meets many near misses.
    expect([...clouds].sort()).toEqual(['aws', 'azure', 'gcp']);
    expect(pairs).toBeGreaterThan(80);
    expect(tried).toBeGreaterThan(pairs * 10);
  });
});

describe('what the generator leaves out is a real finding', () => {
  test('GIVEN the same namespace and service account in two clusters federated through one GCP pool WHEN the matrix runs over artifacts THEN each cluster\'s token gets the other\'s service account (the model refuses to write this)', () => {
    const one = (kind: 'eks' | 'aks', sa: string) => {
      const m = new IdentityModel({ name: 'collision' });
      const gcp = m.addGcpProject({ projectId: 'acme-data', projectNumber: '123456789012' });
      m.addWorkload({ issuer: m.addIssuer(issuer(kind)), namespace: 'data', serviceAccount: 'app' }).grantGcp(gcp, { serviceAccount: sa });
      return m;
    };
    const both = new IdentityModel({ name: 'collision' });
    const gcp = both.addGcpProject({ projectId: 'acme-data', projectNumber: '123456789012' });
    both.addWorkload({ issuer: both.addIssuer(issuer('eks')), namespace: 'data', serviceAccount: 'app' }).grantGcp(gcp, { serviceAccount: 'app-on-eks' });
    expect(() => both.addWorkload({ issuer: both.addIssuer(issuer('aks')), namespace: 'data', serviceAccount: 'app' }).grantGcp(gcp, { serviceAccount: 'app-on-aks' }))
      .toThrow(/so each would get the other's access/);
    // Hand-written artifacts can still hold both: the matrix catches it.
    const [eksModel, aksModel] = [one('eks', 'app-on-eks'), one('aks', 'app-on-aks')];
    const [g1, g2] = [graphFromModel(eksModel), graphFromModel(aksModel)];
    const graph = {
      ...g1,
      k8s: { ...g1.k8s, serviceAccounts: [...g1.k8s.serviceAccounts, ...g2.k8s.serviceAccounts], workloads: [...g1.k8s.workloads, ...g2.k8s.workloads], configMaps: [...g1.k8s.configMaps, ...g2.k8s.configMaps] },
      gcp: { pools: g1.gcp.pools, providers: [...g1.gcp.providers, ...g2.gcp.providers], serviceAccounts: [...g1.gcp.serviceAccounts, ...g2.gcp.serviceAccounts], bindings: [...g1.gcp.bindings, ...g2.gcp.bindings] },
    };
    const pairs = [...intendedPairsFromModel(eksModel, { now: NOW }), ...intendedPairsFromModel(aksModel, { now: NOW })];
    const report = negativeMatrix(graph, pairs, { now: NOW });
    expect(report.findings.map(f => `${f.rule} ${f.resource}: ${f.message.split(': provider')[0]}`).sort()).toEqual([
      'x-near-miss-accepted google_service_account_iam_member.app-on-aks: near-miss token (other-cluster: iss https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE, '
        + 'aud //iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/crossfed/providers/eks-idp) meant to be refused is accepted by gcp app-on-aks@acme-data.iam.gserviceaccount.com for aks/data-app → gcp app-on-aks@acme-data.iam.gserviceaccount.com',
      'x-near-miss-accepted google_service_account_iam_member.app-on-eks: near-miss token (other-cluster: iss https://westeurope.oic.prod-aks.azure.com/11111111-2222-3333-4444-555555555555/99999999-8888-7777-6666-555555555555/, '
        + 'aud //iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/crossfed/providers/aks-idp) meant to be refused is accepted by gcp app-on-eks@acme-data.iam.gserviceaccount.com for eks/data-app → gcp app-on-eks@acme-data.iam.gserviceaccount.com',
    ]);
  });
});
