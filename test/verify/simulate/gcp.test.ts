import { GCP_AUDIENCE, GKE, GSA, gcpProvider, k8sToken, NOW, pipelineGraph, POOL, PRINCIPAL, wiuBinding } from './fixtures';
import { evaluateCel, gcpExtract, renameGoogle } from '../../../lib/verify/simulate/gcp-cel';
import { evaluateGcpFederation, providerNamed } from '../../../lib/verify/simulate/gcp-federation';
import { evaluateGkeNative } from '../../../lib/verify/simulate/gcp-gke-native';

const opts = { now: NOW + 60 };
const impersonate = { kind: 'impersonation' as const, serviceAccountEmail: GSA };
const gcpToken = (o: Parameters<typeof k8sToken>[0] = {}) => k8sToken({ aud: GCP_AUDIENCE, ...o });

describe('GCP CEL', () => {
  test.each([
    ['system:serviceaccount:data:pipeline', 'system:serviceaccount:{namespace}:', 'data'],
    ['system:serviceaccount:data:pipeline', 'system:serviceaccount:data:{name}', 'pipeline'],
    ['repo:acme/platform:ref:refs/heads/main', 'repo:{repo}:', 'acme/platform'],
    ['projects/p/buckets/b', '/buckets/{name}/', ''],
    ['no match', 'repo:{repo}:', ''],
  ])('GIVEN %j WHEN extract(%j) THEN %j', (value, template, expected) => {
    expect(gcpExtract(value, template)).toBe(expected);
  });

  test('GIVEN a mapping with extract() and google.subject WHEN evaluated THEN GCP\'s function and variable work', () => {
    expect(evaluateCel("assertion.sub.extract('system:serviceaccount:{ns}:') == 'data' && google.subject == attribute.x", { assertion: { sub: 'system:serviceaccount:data:app' }, google: { subject: 's' }, attribute: { x: 's' } })).toEqual({ ok: true, value: true });
  });

  test('GIVEN an absent claim WHEN read THEN the error comes back as text, and has() guards it', () => {
    expect(evaluateCel('assertion.repository', { assertion: {} })).toEqual({ ok: false, error: 'No such key: repository' });
    expect(evaluateCel("has(assertion.repository) && assertion.repository == 'x'", { assertion: {} })).toEqual({ ok: true, value: false });
  });

  test('GIVEN google inside strings or after a dot WHEN renamed THEN only the variable is', () => {
    expect(renameGoogle("google.subject == 'google.subject' && assertion.google == r\"google\" && '''google'''")).toBe("__gcp_google.subject == 'google.subject' && assertion.google == r\"google\" && '''google'''");
  });
});

describe('GCP workload identity federation', () => {
  test('GIVEN the intended token WHEN exchanged THEN the STS steps and the binding pass in order', () => {
    const r = evaluateGcpFederation(pipelineGraph(), gcpToken(), impersonate, opts);
    expect(r.accepted).toBe(true);
    expect(r.steps.map(s => s.check)).toEqual(['workload identity pool provider', 'audience', 'token expiry (exp)', 'attribute mapping', 'google.subject size', 'attribute condition', 'roles/iam.workloadIdentityUser binding']);
    expect(r.steps[3].detail).toBe('google.subject="system:serviceaccount:data:pipeline", attribute.namespace="data", attribute.service_account="pipeline"');
  });

  test('GIVEN the provider name with the https: prefix WHEN allowed_audiences is empty THEN it is accepted; an explicit list replaces the default', () => {
    expect(evaluateGcpFederation(pipelineGraph(), gcpToken({ aud: `https:${GCP_AUDIENCE}` }), impersonate, opts).accepted).toBe(true);
    const g = pipelineGraph();
    g.gcp.providers[0] = gcpProvider({ allowedAudiences: ['my-audience'] });
    expect(evaluateGcpFederation(g, gcpToken(), impersonate, opts).reason).toBe(`invalid_grant: The audience in ID Token [${GCP_AUDIENCE}] does not match the expected audience.`);
    expect(evaluateGcpFederation(g, gcpToken({ aud: 'my-audience' }), impersonate, opts).accepted).toBe(true);
  });

  test('GIVEN a principalSet binding on a mapped attribute WHEN a token of that namespace is exchanged THEN it gets in through the set', () => {
    const g = pipelineGraph();
    g.gcp.providers[0] = gcpProvider({ attributeCondition: "attribute.namespace == 'data'" });
    g.gcp.bindings[0] = wiuBinding(`principalSet://iam.googleapis.com/${POOL}/attribute.namespace/data`);
    const r = evaluateGcpFederation(g, gcpToken({ sa: 'other' }), impersonate, opts);
    expect(r.accepted).toBe(true);
    expect(r.grantedBy).toContain(`principalSet://iam.googleapis.com/${POOL}/attribute.namespace/data`);
  });

  test('GIVEN a mapping that reads an absent claim WHEN the token lacks it THEN that attribute stays unmapped and the exchange goes on', () => {
    const g = pipelineGraph();
    g.gcp.providers[0] = gcpProvider({ attributeMapping: { 'google.subject': 'assertion.sub', 'attribute.repository': 'assertion.repository' } });
    const r = evaluateGcpFederation(g, gcpToken(), impersonate, opts);
    expect(r.accepted).toBe(true);
    expect(r.steps[3].detail).toBe('google.subject="system:serviceaccount:data:pipeline"; unmapped: attribute.repository (No such key: repository)');
  });

  test('GIVEN a provider without an attribute condition WHEN any subject of the issuer is exchanged THEN the condition step says every token passes', () => {
    const g = pipelineGraph();
    g.gcp.providers[0] = gcpProvider({ attributeCondition: undefined });
    const r = evaluateGcpFederation(g, gcpToken({ sa: 'other' }), impersonate, opts);
    expect(r.steps.find(s => s.check === 'attribute condition')!.detail).toBe('the provider has no attribute condition: every token of this issuer passes');
    expect(r.reason).toBe('Permission \'iam.serviceAccounts.getAccessToken\' denied on resource (or it may not exist).');
  });

  test('GIVEN a disabled provider WHEN exchanged THEN no provider accepts the issuer', () => {
    const g = pipelineGraph();
    g.gcp.providers[0] = gcpProvider({ disabled: true });
    expect(evaluateGcpFederation(g, gcpToken(), impersonate, opts).reason).toBe(`invalid_grant: no enabled workload identity pool provider has issuer_uri ${k8sToken().claims.iss}`);
  });

  test('GIVEN direct resource access WHEN the principal holds a role THEN it is accepted; without one PERMISSION_DENIED', () => {
    const g = pipelineGraph();
    g.gcp.bindings.push({ ref: { file: 'terraform/gcp/cdk.tf.json', resource: 'google_storage_bucket_iam_member.raw' }, resourceType: 'bucket', resource: 'acme-raw', role: 'roles/storage.objectViewer', member: PRINCIPAL });
    expect(evaluateGcpFederation(g, gcpToken(), { kind: 'direct', resource: 'acme-raw' }, opts).accepted).toBe(true);
    expect(evaluateGcpFederation(g, gcpToken(), { kind: 'direct', resource: 'acme-other' }, opts).reason).toBe('PERMISSION_DENIED: The caller does not have permission');
  });

  test('GIVEN the provider named by a credential configuration WHEN matched THEN the audience form and the resource name both name it', () => {
    const p = gcpProvider();
    expect(providerNamed(p, GCP_AUDIENCE)).toBe(true);
    expect(providerNamed(p, `${POOL}/providers/prod-eks`)).toBe(true);
    expect(providerNamed(gcpProvider({ projectNumber: undefined }), '//iam.googleapis.com/projects/999/locations/global/workloadIdentityPools/crossfed/providers/prod-eks')).toBe(true);
    expect(providerNamed(p, `${POOL}/providers/other`)).toBe(false);
  });
});

describe('GKE workload identity', () => {
  const member = 'serviceAccount:acme-data.svc.id.goog[data/pipeline]';
  const graph = () => {
    const g = pipelineGraph();
    g.gcp.bindings.push(wiuBinding(member));
    return g;
  };
  const gke = (o: Parameters<typeof k8sToken>[0] = {}) => k8sToken({ iss: GKE, aud: 'acme-data.svc.id.goog', ...o });

  test('GIVEN the member binding WHEN the GKE pod asks THEN it is accepted', () => {
    const r = evaluateGkeNative(graph(), gke(), GSA, opts);
    expect(r.accepted).toBe(true);
    expect(r.grantedBy).toBe(`binding roles/iam.workloadIdentityUser for ${member} on ${GSA} (google_service_account_iam_member.pipeline_reader_wiu)`);
  });

  test('GIVEN another namespace WHEN the GKE pod asks THEN getAccessToken is denied and the detail lists who may', () => {
    const r = evaluateGkeNative(graph(), gke({ ns: 'default' }), GSA, opts);
    expect(r.reason).toBe('Permission \'iam.serviceAccounts.getAccessToken\' denied on resource (or it may not exist).');
    expect(r.steps.at(-1)!.detail).toBe(`serviceAccount:acme-data.svc.id.goog[default/pipeline] holds no roles/iam.workloadIdentityUser on ${GSA}; it is granted to ${PRINCIPAL}, ${member}`);
  });

  test('GIVEN a token of an EKS cluster WHEN given to the GKE path THEN it is not a GKE token', () => {
    expect(evaluateGkeNative(graph(), k8sToken({ aud: 'acme-data.svc.id.goog' }), GSA, opts).reason).toMatch(/^crossfed: GKE workload identity serves only tokens of a GKE cluster/);
  });
});
