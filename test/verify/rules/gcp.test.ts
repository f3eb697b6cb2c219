import { deployment, EKS, findingsOf, GCP_AUDIENCE, k8s, serviceAccount, summary, tf, tokenVolume } from '../builders';

const PRINCIPAL = 'principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/crossfed/subject/system:serviceaccount:data:app';

/** A pool, a provider for the EKS issuer, a service account and its workload identity user binding. */
function pool(o: { provider?: Record<string, unknown>; member?: string; extra?: Record<string, Record<string, unknown>> } = {}) {
  return tf({
    google_iam_workload_identity_pool: { pool: { project: '123456789012', workload_identity_pool_id: 'crossfed' } },
    google_iam_workload_identity_pool_provider: {
      eks: {
        project: '123456789012', workload_identity_pool_id: '${google_iam_workload_identity_pool.pool.workload_identity_pool_id}', workload_identity_pool_provider_id: 'prod-eks',
        attribute_mapping: { 'google.subject': 'assertion.sub', 'attribute.namespace': "assertion['kubernetes.io']['namespace']" },
        attribute_condition: "assertion.sub == 'system:serviceaccount:data:app'",
        oidc: { issuer_uri: EKS },
        ...o.provider,
      },
    },
    google_service_account: { app: { project: 'acme-data', account_id: 'app-reader' } },
    google_service_account_iam_member: { app_wif: { service_account_id: '${google_service_account.app.name}', role: 'roles/iam.workloadIdentityUser', member: o.member ?? PRINCIPAL } },
    ...o.extra,
  });
}

/** A pod with an external_account configuration (ConfigMap) and a projected token. */
function gcpPod(o: { namespace?: string; sa?: string; audience?: string; tokenAudience?: string; impersonate?: boolean } = {}) {
  const ns = o.namespace ?? 'data';
  const sa = o.sa ?? 'app';
  const config = {
    type: 'external_account', audience: o.audience ?? GCP_AUDIENCE, subject_token_type: 'urn:ietf:params:oauth:token-type:jwt', token_url: 'https://sts.googleapis.com/v1/token',
    ...(o.impersonate === false ? {} : { service_account_impersonation_url: 'https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/app-reader@acme-data.iam.gserviceaccount.com:generateAccessToken' }),
    credential_source: { file: '/var/run/secrets/gcp/serviceaccount/token', format: { type: 'text' } },
  };
  const t = tokenVolume('gcp-token', o.tokenAudience ?? o.audience ?? GCP_AUDIENCE, '/var/run/secrets/gcp/serviceaccount');
  return k8s([
    serviceAccount(sa, ns),
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'gcp', namespace: ns }, data: { 'config.json': JSON.stringify(config) } },
    deployment('app', ns, {
      serviceAccount: sa, env: { GOOGLE_APPLICATION_CREDENTIALS: '/etc/gcp/config.json' },
      volumes: [t.volume, { name: 'cfg', configMap: { name: 'gcp' } }], mounts: [t.mount, { name: 'cfg', mountPath: '/etc/gcp' }],
    }),
  ]);
}
const OPTIONS = { issuers: [EKS] };

describe('gcp-condition-missing', () => {
  const id = 'gcp-condition-missing';
  test('GIVEN a condition WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [pool()])).toEqual([]);
  });
  test('GIVEN a GitLab provider without condition WHEN checked THEN error', () => {
    expect(summary(findingsOf(id, [pool({ provider: { attribute_condition: undefined, oidc: { issuer_uri: 'https://gitlab.com' } } })])))
      .toEqual(['error google_iam_workload_identity_pool_provider.eks: has no attribute_condition for the shared issuer https://gitlab.com: every tenant\'s tokens can exchange (GCP refuses to create such a provider)']);
  });
  test('GIVEN a cluster issuer and an empty condition WHEN checked THEN a warning', () => {
    expect(findingsOf(id, [pool({ provider: { attribute_condition: ' ' } })]).map(x => x.severity)).toEqual(['warning']);
  });
});

describe('gcp-condition-prefix', () => {
  const id = 'gcp-condition-prefix';
  test('GIVEN an exact list WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [pool({ provider: { attribute_condition: "assertion.sub in ['system:serviceaccount:data:app', 'system:serviceaccount:data:b']" } })])).toEqual([]);
  });
  test('GIVEN startsWith on the namespace claim WHEN checked THEN error', () => {
    expect(findingsOf(id, [pool({ provider: { attribute_condition: "assertion['kubernetes.io']['namespace'].startsWith('team-')" } })]).map(x => x.message))
      .toEqual(['attribute_condition tests assertion[\'kubernetes.io\'][\'namespace\'] with startsWith(): every value that starts with it passes (e.g. a service account "app-evil" for "app")']);
  });
  test('GIVEN matches() as a function on a mapped attribute WHEN checked THEN error', () => {
    expect(findingsOf(id, [pool({ provider: { attribute_condition: "matches(attribute.repository, '^acme/')" } })])).toHaveLength(1);
  });
});

describe('gcp-principalset-unmapped', () => {
  const id = 'gcp-principalset-unmapped';
  const set = (attr: string) => `principalSet://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/crossfed/attribute.${attr}/data`;
  test('GIVEN a principal set of a mapped attribute WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [pool({ member: set('namespace') })])).toEqual([]);
  });
  test('GIVEN a principal set of an unmapped attribute WHEN checked THEN error', () => {
    expect(findingsOf(id, [pool({ member: set('service_account') })]).map(x => x.message))
      .toEqual([`member ${set('service_account')} names attribute.service_account, which no provider of pool "crossfed" maps (mapped: attribute.namespace, google.subject): the binding matches no token`]);
  });
  test('GIVEN a principal set of a pool whose providers are not in the artifacts WHEN checked THEN nothing is said', () => {
    expect(findingsOf(id, [tf({ google_service_account_iam_member: { m: { service_account_id: 'x@p.iam.gserviceaccount.com', role: 'roles/iam.workloadIdentityUser', member: set('anything') } } })])).toEqual([]);
  });
});

describe('gcp-subject-too-long', () => {
  const id = 'gcp-subject-too-long';
  test('GIVEN a short subject WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [pool(), gcpPod()], OPTIONS)).toEqual([]);
  });
  test('GIVEN a bound subject of 128 bytes WHEN checked THEN error on the binding', () => {
    const long = `system:serviceaccount:data:${'a'.repeat(101)}`;
    expect(findingsOf(id, [pool({ member: PRINCIPAL.replace('system:serviceaccount:data:app', long) })]).map(x => x.message))
      .toEqual([`member's subject "${long}" is 128 bytes: no google.subject can be that long (limit 127)`]);
  });
  test('GIVEN a pod whose subject is exactly 127 bytes WHEN checked THEN no finding (the limit is inclusive)', () => {
    const sa = 'a'.repeat(127 - 'system:serviceaccount:data:'.length);
    expect(findingsOf(id, [pool(), gcpPod({ sa })], OPTIONS)).toEqual([]);
  });
});

describe('gcp-audience-mismatch', () => {
  const id = 'gcp-audience-mismatch';
  test('GIVEN the provider name as both audiences WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [pool(), gcpPod()], OPTIONS)).toEqual([]);
  });
  test('GIVEN a configuration naming another provider WHEN checked THEN error on the ConfigMap', () => {
    expect(summary(findingsOf(id, [pool(), gcpPod({ audience: GCP_AUDIENCE.replace('prod-eks', 'prod-aks') })], OPTIONS)))
      .toEqual([`error ConfigMap/data/gcp: credential configuration "config.json" names provider "prod-aks" of pool "crossfed" in project 123456789012, which is not a provider of the artifacts (${GCP_AUDIENCE})`]);
  });
  test('GIVEN allowed_audiences and a token with the provider name WHEN checked THEN error (an explicit list replaces the default)', () => {
    const f = findingsOf(id, [pool({ provider: { oidc: { issuer_uri: EKS, allowed_audiences: ['acme-gcp'] } } }), gcpPod()], OPTIONS);
    expect(f.map(x => x.fix)).toEqual(['set the serviceAccountToken audience to "acme-gcp"']);
  });
});

describe('gcp-binding-missing', () => {
  const id = 'gcp-binding-missing';
  test('GIVEN the principal bound WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [pool(), gcpPod()], OPTIONS)).toEqual([]);
  });
  test('GIVEN a pod of another namespace WHEN checked THEN error naming the principal', () => {
    const f = findingsOf(id, [pool({ provider: { attribute_condition: undefined } }), gcpPod({ namespace: 'web' })], OPTIONS);
    expect(f.map(x => x.fix)).toEqual([`bind roles/iam.workloadIdentityUser on app-reader@acme-data.iam.gserviceaccount.com to ${PRINCIPAL.replace(':data:', ':web:')}`]);
  });
  test('GIVEN direct access with no role for the principal WHEN checked THEN a warning', () => {
    expect(findingsOf(id, [pool({ member: 'user:someone@example.com' }), gcpPod({ impersonate: false })], OPTIONS).map(x => x.severity)).toEqual(['warning']);
  });
});

describe('gcp-broad-role', () => {
  const id = 'gcp-broad-role';
  const binding = (type: string, attrs: Record<string, string>) => tf({ [type]: { b: attrs } });
  test('GIVEN a bucket role WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [binding('google_storage_bucket_iam_member', { bucket: 'b', role: 'roles/storage.objectViewer', member: PRINCIPAL })])).toEqual([]);
  });
  test('GIVEN roles/editor on the project WHEN checked THEN error', () => {
    expect(summary(findingsOf(id, [binding('google_project_iam_member', { project: 'acme-data', role: 'roles/editor', member: PRINCIPAL })]))).toEqual(['error google_project_iam_member.b: grants roles/editor on the whole project acme-data']);
  });
  const issuerBucket = (extra: Record<string, Record<string, unknown>> = {}) => {
    const url = 'https://storage.googleapis.com/acme-oidc';
    return tf({
      google_storage_bucket_iam_member: { pub: { bucket: 'acme-oidc', role: 'roles/storage.legacyObjectReader', member: 'allUsers' } },
      google_storage_bucket_object: {
        discovery: { bucket: 'acme-oidc', name: '.well-known/openid-configuration', content: JSON.stringify({ issuer: url, jwks_uri: `${url}/openid/v1/jwks` }) },
        jwks: { bucket: 'acme-oidc', name: 'openid/v1/jwks', content: JSON.stringify({ keys: [] }) },
        ...extra,
      },
    });
  };
  test('GIVEN allUsers reading a bucket that holds only a published issuer\'s documents WHEN checked THEN no finding (edge: the clouds read them anonymously)', () => {
    expect(findingsOf(id, [issuerBucket()])).toEqual([]);
  });
  test('GIVEN allUsers reading an issuer bucket that holds another object too WHEN checked THEN error (that object is public as well)', () => {
    const found = findingsOf(id, [issuerBucket({ export: { bucket: 'acme-oidc', name: 'exports/customers.csv', content: 'x' } })]);
    expect(found.map(x => x.message)).toEqual(['grants roles/storage.legacyObjectReader to allUsers']);
  });
  test('GIVEN a bucket role to allAuthenticatedUsers WHEN checked THEN error', () => {
    expect(findingsOf(id, [binding('google_storage_bucket_iam_binding', { bucket: 'b', role: 'roles/storage.objectViewer', members: ['allAuthenticatedUsers'] } as never)]).map(x => x.message)).toEqual(['grants roles/storage.objectViewer to allAuthenticatedUsers']);
  });
});

describe('gcp-provider-limits', () => {
  const id = 'gcp-provider-limits';
  const NAMESPACES = "assertion['kubernetes.io']['namespace'] in ['data', 'etl']";
  /** A second provider, for another cluster, in the pool `pool` (the shared one unless named). */
  const second = (o: { pool?: string; condition?: string; aws?: boolean } = {}) => ({
    other: {
      project: '123456789012', workload_identity_pool_id: o.pool ?? '${google_iam_workload_identity_pool.pool.workload_identity_pool_id}', workload_identity_pool_provider_id: 'other',
      attribute_mapping: o.aws ? { 'google.subject': 'assertion.arn', 'attribute.aws_role': 'assertion.arn' } : { 'google.subject': 'assertion.sub' },
      attribute_condition: o.condition ?? "assertion.sub == 'system:serviceaccount:data:loader'",
      ...(o.aws ? { aws: { account_id: '111122223333' } } : { oidc: { issuer_uri: 'https://oidc.eks.us-east-1.amazonaws.com/id/BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB' } }),
    },
  });
  const twoProviders = (condition: string, other: Parameters<typeof second>[0] = {}, extra: Record<string, Record<string, unknown>> = {}) => {
    const doc = pool({ provider: { attribute_condition: condition }, extra });
    const body = JSON.parse(doc.content);
    Object.assign(body.resource.google_iam_workload_identity_pool_provider, second(other));
    return { ...doc, content: JSON.stringify(body, null, 2) };
  };

  test('GIVEN an exact condition in a shared pool WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [twoProviders("assertion.sub in ['system:serviceaccount:data:app', 'system:serviceaccount:data:b']")])).toEqual([]);
  });
  test('GIVEN an exact subject conjunct with a namespace test, and parentheses WHEN checked THEN no finding (the subject is pinned)', () => {
    expect(findingsOf(id, [twoProviders("(assertion['kubernetes.io']['namespace'] == 'data') && (assertion.sub == 'system:serviceaccount:data:app')")])).toEqual([]);
  });
  test('GIVEN a namespace condition in a pool of its own WHEN checked THEN no finding', () => {
    const own = { pool2: { project: '123456789012', workload_identity_pool_id: 'crossfed-other' } };
    const doc = twoProviders(NAMESPACES, { pool: '${google_iam_workload_identity_pool.pool2.workload_identity_pool_id}' }, { google_iam_workload_identity_pool: { pool: { project: '123456789012', workload_identity_pool_id: 'crossfed' }, ...own } });
    expect(findingsOf(id, [doc])).toEqual([]);
    expect(findingsOf(id, [pool({ provider: { attribute_condition: NAMESPACES } })])).toEqual([]);
  });
  test('GIVEN a namespace condition in a pool shared with another cluster\'s provider WHEN checked THEN error naming the condition, the other provider, the pool and the fix', () => {
    const [f, ...rest] = findingsOf(id, [twoProviders(NAMESPACES)]);
    expect(rest).toEqual([]);
    expect(f.rule).toBe(id);
    expect(f.severity).toBe('error');
    expect(f.resource).toBe('google_iam_workload_identity_pool_provider.eks');
    expect(f.message).toContain(`attribute_condition "${NAMESPACES}" does not pin the subject (google.subject = assertion.sub) to exact values`);
    expect(f.message).toContain('google_iam_workload_identity_pool_provider.other shares its pool "crossfed"');
    expect(f.message).toContain(`a token of ${EKS} for any subject the condition admits becomes principal://…/workloadIdentityPools/crossfed/subject/<subject>`);
    expect(f.fix).toBe('put this provider in a workload identity pool of its own (and bind its principals there), or make its condition exact: assertion.sub in [\'<subject>\', …]');
  });
  test('GIVEN an alternative that is not exact WHEN checked THEN error (one way in suffices)', () => {
    expect(findingsOf(id, [twoProviders(`assertion.sub == 'system:serviceaccount:data:app' || ${NAMESPACES}`)]).map(f => f.severity)).toEqual(['error']);
  });
  test('GIVEN an AWS provider exact on attribute.aws_role in the shared pool WHEN checked THEN no finding (AWS verifies its callers)', () => {
    expect(findingsOf(id, [twoProviders("assertion.sub == 'system:serviceaccount:data:app'", { aws: true, condition: "attribute.aws_role == 'arn:aws:sts::111122223333:assumed-role/batch'" })])).toEqual([]);
  });
  test.each([[4096, 0], [4097, 1]])('GIVEN a condition of %d characters WHEN checked THEN %d finding', (length, n) => {
    const head = "assertion.sub == '";
    const condition = `${head}${'x'.repeat(length - head.length - 1)}'`;
    expect(condition).toHaveLength(length);
    const found = findingsOf(id, [pool({ provider: { attribute_condition: condition } })]);
    expect(found.map(f => [f.severity, f.message])).toEqual(n ? [['error', `attribute_condition is ${length} characters, over GCP's 4096: the provider cannot be created`]] : []);
  });
  test.each([[50, 0], [51, 1]])('GIVEN %d custom attributes WHEN checked THEN %d finding', (count, n) => {
    const mapping: Record<string, string> = { 'google.subject': 'assertion.sub' };
    for (let i = 0; i < count; i++) mapping[`attribute.a${i}`] = `assertion.a${i}`;
    const found = findingsOf(id, [pool({ provider: { attribute_mapping: mapping } })]);
    expect(found.map(f => [f.rule, f.severity, f.message, f.fix])).toEqual(n ? [[id, 'error', `attribute_mapping maps ${count} custom attributes (attribute.*), over GCP's 50: the provider cannot be created`, 'map at most 50 custom attributes: keep those the condition and the bindings use']] : []);
  });
});
