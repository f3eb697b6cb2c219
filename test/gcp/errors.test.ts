import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { DirectResourceAccess, GcpFederation, ImpersonatedServiceAccount, WorkloadIdentityPool } from '../../lib/gcp';
import { GcpProject, GcpProviderSpec, IdentityModel, Issuer } from '../../lib/model';
import { EKS_URL, smallModel } from '../model/fixtures';
import { problemOf } from '../model/helpers';

function stack(): TerraformStack {
  const s = new TerraformStack(Testing.app(), 'gcp');
  new GoogleProvider(s, 'google', {});
  return s;
}

/** A project of the model with some facts replaced, as if assembled outside the model. */
function tampered(project: GcpProject, overrides: { poolId?: string; projectNumber?: string; provider?: Partial<GcpProviderSpec> }): GcpProject {
  const props: PropertyDescriptorMap = {};
  if (overrides.poolId !== undefined) props.poolId = { value: overrides.poolId };
  if (overrides.projectNumber !== undefined) props.projectNumber = { value: overrides.projectNumber };
  if (overrides.provider) props.providers = { get: () => project.providers.map(p => ({ ...p, ...overrides.provider })) };
  return Object.create(project, props);
}

function granted() {
  const m = smallModel();
  const access = m.model.addWorkload({ issuer: m.eks, namespace: 'data', serviceAccount: 'pipeline' }).grantGcp(m.gcp, { serviceAccount: 'pipeline-reader' });
  return { ...m, access };
}

describe('bad input to the GCP renderer is refused with a clear error', () => {
  test('GIVEN a pool id with the reserved "gcp-" prefix WHEN the project is added THEN the error names the prefix and a fix', () => {
    const p = problemOf(() => new IdentityModel().addGcpProject({ name: 'data', projectId: 'acme-data', projectNumber: '123456789012', poolId: 'gcp-workloads' }));
    expect(p.message).toBe('gcp[data]: poolId "gcp-workloads" starts with the reserved prefix "gcp-". Allowed: 4–32 lowercase letters, digits and "-", not starting with "gcp-". Fix: use e.g. "workloads"');
  });

  test('GIVEN a project without a project number WHEN it is added THEN the error says why it is needed and how to find it', () => {
    const p = problemOf(() => new IdentityModel().addGcpProject({ name: 'data', projectId: 'acme-data' } as any));
    expect(p.message).toBe('gcp[data]: projectNumber is missing: pool principals and audiences use the project number, not the id. Allowed: the project number (digits). '
      + 'Fix: run `gcloud projects describe acme-data --format="value(projectNumber)"`');
  });

  test('GIVEN a subject over 127 bytes WHEN granted GCP access through the pool THEN the error quotes GCP\'s limit', () => {
    const m = smallModel();
    const w = m.model.addWorkload({ issuer: m.eks, namespace: 'n'.repeat(60), serviceAccount: 's'.repeat(60) });
    const p = problemOf(() => w.grantGcp(m.gcp, { serviceAccount: 'long-sa' }));
    expect(p.field).toBe('serviceAccount');
    expect(p.message).toContain('makes a google.subject of 143 bytes, over GCP\'s limit of 127 ("The size of mapped attribute google.subject exceeds the 127 bytes limit")');
    expect(p.fix).toBe('shorten the namespace or service account name');
  });

  test.each([
    ['a "gcp-" pool id', { poolId: 'gcp-pool' }, 'gcp/Pool: poolId "gcp-pool" starts with the reserved prefix "gcp-"'],
    ['no project number', { projectNumber: '' }, 'gcp/Pool: projectNumber "" is missing or not numeric: pool principals and audiences use the project number, not the id'],
    ['a prefix condition', { provider: { attributeCondition: "assertion.sub.startsWith('system:serviceaccount:data:')" } }, 'attributeCondition "assertion.sub.startsWith(\'system:serviceaccount:data:\')" matches subjects by prefix or pattern'],
    ['no google.subject mapping', { provider: { attributeMapping: { 'attribute.sub': 'assertion.sub' } } }, 'attributeMapping {"attribute.sub":"assertion.sub"} does not map google.subject'],
    ['a JWKS with certificate chains', { provider: { jwksJson: '{"keys":[{"kty":"RSA","kid":"k1","n":"x","e":"AQAB","x5c":["MII..."]}]}' } }, 'jwksJson "k1" has a key with fields GCP refuses: x5c'],
    ['eleven audiences', { provider: { allowedAudiences: Array.from({ length: 11 }, (_, i) => `aud-${i}`) } }, 'are not 1–10 audiences of at most 256 characters'],
  ])('GIVEN a project with %s WHEN its pool is rendered THEN it is refused', (_what, overrides, message) => {
    const { gcp } = granted();
    expect(problemOf(() => new WorkloadIdentityPool(stack(), 'Pool', { project: tampered(gcp, overrides) })).message).toContain(message);
  });

  test('GIVEN a pool principal whose subject is over 127 bytes WHEN its service account is rendered THEN it is refused', () => {
    const { gcp } = granted();
    const sa = gcp.serviceAccounts[0];
    const long = `principal://iam.googleapis.com/${gcp.poolName}/subject/${'x'.repeat(128)}`;
    const forged = Object.create(sa, { workloadIdentityUsers: { get: () => [long] } });
    const p = problemOf(() => new ImpersonatedServiceAccount(stack(), 'Sa', { serviceAccount: forged }));
    expect(p.message).toContain('is 128 bytes, over GCP\'s limit of 127 for google.subject');
  });

  test('GIVEN a workload without a direct grant WHEN DirectResourceAccess renders it THEN the error says how to grant it', () => {
    const { gcp, access } = granted();
    const p = problemOf(() => new DirectResourceAccess(stack(), 'Direct', { project: gcp, workload: access.workload }));
    expect(p.message).toBe('gcp/Direct: workload "prod-eks/data-pipeline" has no direct grant in GCP project "data". Allowed: a workload granted with direct: true. Fix: grant it with grantGcp(project, { direct: true, … })');
  });

  test('GIVEN one project rendered twice in one stack WHEN synthesized THEN the clashing Terraform address is refused', () => {
    const { gcp } = granted();
    const s = stack();
    new GcpFederation(s, 'One', { project: gcp });
    const p = problemOf(() => new GcpFederation(s, 'Two', { project: gcp }));
    expect(p.message).toContain('Terraform address "google_iam_workload_identity_pool.acme-data__crossfed" is already used by gcp/One/Pool/Resource');
  });

  test('GIVEN something other than a model project WHEN passed to GcpFederation THEN the error names the expected object', () => {
    const p = problemOf(() => new GcpFederation(stack(), 'Gcp', { project: { projectId: 'acme-data' } as any }));
    expect(p.message).toContain('gcp/Gcp: project {"projectId":"acme-data"} is not a GcpProject of a model');
  });
});

test('GIVEN two projects in one stack WHEN rendered THEN their Terraform names do not clash (each carries its project id)', () => {
  const model = new IdentityModel();
  const eks = model.addIssuer(Issuer.eks({ name: 'prod-eks', url: EKS_URL }));
  const a = model.addGcpProject({ name: 'a', projectId: 'acme-one', projectNumber: '1' });
  const b = model.addGcpProject({ name: 'b', projectId: 'acme-two', projectNumber: '2' });
  const w = model.addWorkload({ issuer: eks, namespace: 'data', serviceAccount: 'pipeline' });
  w.grantGcp(a, { serviceAccount: 'reader' });
  w.grantGcp(b, { serviceAccount: 'reader' });
  const s = stack();
  new GcpFederation(s, 'A', { project: a });
  new GcpFederation(s, 'B', { project: b });
  const doc = JSON.parse(Testing.synth(s));
  expect(Object.keys(doc.resource.google_iam_workload_identity_pool)).toEqual(['acme-one__crossfed', 'acme-two__crossfed']);
  expect(Object.keys(doc.resource.google_service_account)).toEqual(['acme-one__reader', 'acme-two__reader']);
});
