import { AKS, awsPod, deployment, EKS, findingsOf, k8s, serviceAccount, summary, tokenVolume } from '../builders';

describe('k8s-token-expiration', () => {
  const id = 'k8s-token-expiration';
  test('GIVEN 3600 seconds WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [k8s([awsPod('app', 'data', 'arn:aws:iam::111122223333:role/app')])])).toEqual([]);
  });
  test('GIVEN 599 seconds WHEN checked THEN error in the API server\'s words', () => {
    expect(summary(findingsOf(id, [k8s([awsPod('app', 'data', 'arn:aws:iam::111122223333:role/app', { expirationSeconds: 599 })])])))
      .toEqual(['error Deployment/data/app: volume aws-iam-token: serviceAccountToken expirationSeconds 599 is refused by the API server ("spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes")']);
  });
  test('GIVEN exactly 600 seconds, and an AWS webhook annotation of 100000 WHEN checked THEN only the annotation warns', () => {
    const f = findingsOf(id, [k8s([serviceAccount('app', 'data', { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/a', 'eks.amazonaws.com/token-expiration': '100000' }), awsPod('app', 'data', 'arn:aws:iam::1:role/a', { expirationSeconds: 600 })])]);
    expect(summary(f)).toEqual(['warning ServiceAccount/data/app: annotation eks.amazonaws.com/token-expiration: "100000" is outside the 600–86400 seconds the EKS pod identity webhook accepts']);
  });
});

describe('k8s-legacy-token', () => {
  const id = 'k8s-legacy-token';
  test('GIVEN a projected token WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [k8s([awsPod('app', 'data', 'arn:aws:iam::1:role/a')])])).toEqual([]);
  });
  test('GIVEN AZURE_FEDERATED_TOKEN_FILE at the default token WHEN checked THEN error', () => {
    const pod = deployment('app', 'data', { env: { AZURE_CLIENT_ID: '00000000-0000-0000-0000-000000000001', AZURE_FEDERATED_TOKEN_FILE: '/var/run/secrets/kubernetes.io/serviceaccount/token' } });
    expect(findingsOf(id, [k8s([pod])]).map(x => x.message)).toEqual(['container main: AZURE_FEDERATED_TOKEN_FILE is /var/run/secrets/kubernetes.io/serviceaccount/token, the default service-account token, whose audience no cloud accepts']);
  });
  test('GIVEN a projected volume mounted over the default token path WHEN checked THEN no finding (it is a projected token there)', () => {
    const t = tokenVolume('tok', 'sts.amazonaws.com', '/var/run/secrets/kubernetes.io/serviceaccount');
    const pod = deployment('app', 'data', { env: { AWS_ROLE_ARN: 'arn:aws:iam::1:role/a', AWS_WEB_IDENTITY_TOKEN_FILE: '/var/run/secrets/kubernetes.io/serviceaccount/token' }, volumes: [t.volume], mounts: [t.mount] });
    expect(findingsOf(id, [k8s([pod])])).toEqual([]);
  });
});

describe('k8s-subpath-token', () => {
  const id = 'k8s-subpath-token';
  test('GIVEN a directory mount WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [k8s([awsPod('app', 'data', 'arn:aws:iam::1:role/a')])])).toEqual([]);
  });
  test('GIVEN a subPath mount of the token WHEN checked THEN error', () => {
    const t = tokenVolume('tok', 'sts.amazonaws.com', '/var/run/secrets/aws', { subPath: true, expirationSeconds: 7200 });
    expect(findingsOf(id, [k8s([deployment('app', 'data', { volumes: [t.volume], mounts: [t.mount], kind: 'Pod' })])]).map(x => x.message))
      .toEqual(['container main: mounts token "token" of volume tok at /var/run/secrets/aws/token with subPath: the kubelet never refreshes it, so it expires after 7200 seconds']);
  });
  test('GIVEN a subPath mount of a ConfigMap item of the same projected volume WHEN checked THEN no finding', () => {
    const volume = { name: 'mixed', projected: { sources: [{ serviceAccountToken: { audience: 'x', path: 'token' } }, { configMap: { name: 'c', items: [{ key: 'k', path: 'config.json' }] } }] } };
    expect(findingsOf(id, [k8s([deployment('app', 'data', { volumes: [volume], mounts: [{ name: 'mixed', mountPath: '/etc/config.json', subPath: 'config.json' }] })])])).toEqual([]);
  });
});

describe('k8s-shared-audience', () => {
  const id = 'k8s-shared-audience';
  test('GIVEN one token per cloud WHEN checked THEN no finding', () => {
    const a = tokenVolume('aws', 'sts.amazonaws.com', '/var/run/secrets/aws');
    const z = tokenVolume('azure', 'api://AzureADTokenExchange', '/var/run/secrets/azure');
    const pod = deployment('app', 'data', {
      env: { AWS_ROLE_ARN: 'arn:aws:iam::1:role/a', AWS_WEB_IDENTITY_TOKEN_FILE: '/var/run/secrets/aws/token', AZURE_CLIENT_ID: '00000000-0000-0000-0000-000000000001', AZURE_FEDERATED_TOKEN_FILE: '/var/run/secrets/azure/token' },
      volumes: [a.volume, z.volume], mounts: [a.mount, z.mount],
    });
    expect(findingsOf(id, [k8s([pod])])).toEqual([]);
  });
  test('GIVEN one token for Azure and GCP WHEN checked THEN a warning', () => {
    const t = tokenVolume('shared', 'api://AzureADTokenExchange', '/var/run/secrets/tokens');
    const config = JSON.stringify({ type: 'external_account', audience: '//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/x', credential_source: { file: '/var/run/secrets/tokens/token' } });
    const pod = deployment('app', 'data', {
      env: { AZURE_CLIENT_ID: '00000000-0000-0000-0000-000000000001', AZURE_FEDERATED_TOKEN_FILE: '/var/run/secrets/tokens/token', GOOGLE_APPLICATION_CREDENTIALS: '/etc/gcp/c.json' },
      volumes: [t.volume, { name: 'cfg', configMap: { name: 'cfg' } }], mounts: [t.mount, { name: 'cfg', mountPath: '/etc/gcp' }],
    });
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'data' }, data: { 'c.json': config } };
    expect(summary(findingsOf(id, [k8s([cm, pod])]))).toEqual(['warning Deployment/data/app: container main: token /var/run/secrets/tokens/token (audience "api://AzureADTokenExchange") is used for azure and gcp']);
  });
  test('GIVEN two containers each with its own cloud on one volume WHEN checked THEN a warning per container only when one container uses both', () => {
    const t = tokenVolume('shared', 'sts.amazonaws.com', '/var/run/secrets/tokens');
    const pod = deployment('app', 'data', { env: { AWS_ROLE_ARN: 'arn:aws:iam::1:role/a', AWS_WEB_IDENTITY_TOKEN_FILE: '/var/run/secrets/tokens/token' }, volumes: [t.volume], mounts: [t.mount] }) as any;
    pod.spec.template.spec.containers.push({ name: 'sidecar', env: [{ name: 'AZURE_CLIENT_ID', value: 'x' }, { name: 'AZURE_FEDERATED_TOKEN_FILE', value: '/var/run/secrets/tokens/token' }], volumeMounts: [t.mount] });
    expect(findingsOf(id, [k8s([pod])])).toEqual([]);
  });
});

describe('k8s-webhook-label-missing', () => {
  const id = 'k8s-webhook-label-missing';
  const sa = serviceAccount('app', 'data', { 'azure.workload.identity/client-id': '00000000-0000-0000-0000-000000000001' });
  test('GIVEN the label on the pod template WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [k8s([sa, deployment('app', 'data', { labels: { 'azure.workload.identity/use': 'true' } })])])).toEqual([]);
  });
  test('GIVEN no label WHEN checked THEN error', () => {
    expect(summary(findingsOf(id, [k8s([sa, deployment('app', 'data')])])))
      .toEqual(['error Deployment/data/app: service account data/app is annotated for Azure workload identity, but the pod template lacks the label azure.workload.identity/use: "true": the webhook injects no token and no AZURE_* variables']);
  });
  test('GIVEN no label but explicit AZURE_FEDERATED_TOKEN_FILE WHEN checked THEN no finding (explicit mode needs no webhook)', () => {
    expect(findingsOf(id, [k8s([sa, deployment('app', 'data', { env: { AZURE_FEDERATED_TOKEN_FILE: '/t/token' } })])])).toEqual([]);
  });
});

describe('k8s-annotation-typo', () => {
  const id = 'k8s-annotation-typo';
  test('GIVEN the exact keys and unrelated ones WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [k8s([serviceAccount('app', 'data', { 'eks.amazonaws.com/role-arn': 'a', 'eks.amazonaws.com/skip-containers': 'b', 'example.com/owner': 'c' })])])).toEqual([]);
  });
  test('GIVEN the key under a misspelt prefix WHEN checked THEN error with the key meant', () => {
    expect(findingsOf(id, [k8s([serviceAccount('app', 'data', { 'amazonaws.com/role-arn': 'a' })])]).map(x => x.fix)).toEqual(['rename it to "eks.amazonaws.com/role-arn"']);
  });
  test('GIVEN the pod label in capitals WHEN checked THEN error on the workload', () => {
    expect(summary(findingsOf(id, [k8s([deployment('app', 'data', { labels: { 'Azure.Workload.Identity/use': 'true' } })])])))
      .toEqual(['error Deployment/data/app: pod label "Azure.Workload.Identity/use" is not a key any webhook reads; did you mean "azure.workload.identity/use"?']);
  });
});

describe('k8s-static-credentials', () => {
  const id = 'k8s-static-credentials';
  const cm = (data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'data' }, data });
  test('GIVEN configuration without keys WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [k8s([cm({ REGION: 'eu-west-1', AWS_ROLE_ARN: 'arn:aws:iam::1:role/a' })])])).toEqual([]);
  });
  test('GIVEN an access key id in a ConfigMap value WHEN checked THEN error', () => {
    expect(summary(findingsOf(id, [k8s([cm({ settings: 'key=AKIAIOSFODNN7EXAMPLE' })])]))).toEqual(['error ConfigMap/data/c: key "settings" holds an AWS access key id']);
  });
  test('GIVEN a secretKeyRef to AWS_SECRET_ACCESS_KEY whose Secret is elsewhere WHEN checked THEN a warning on the workload', () => {
    const pod = deployment('app', 'data') as any;
    pod.spec.template.spec.containers[0].env = [{ name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: 'aws', key: 'secret' } } }];
    expect(summary(findingsOf(id, [k8s([pod])]))).toEqual(['warning Deployment/data/app: container main: env AWS_SECRET_ACCESS_KEY takes a static cloud secret from Secret aws/secret']);
  });
});

describe('issuers from the artifacts', () => {
  test('GIVEN the crossfed.dev/issuer annotation WHEN checked THEN the AKS pod is checked against it without --issuer', () => {
    const sa = serviceAccount('app', 'data', { 'crossfed.dev/issuer': AKS, 'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/a' });
    const f = findingsOf('x-unreachable', [k8s([sa, deployment('app', 'data')])]);
    expect(f.map(x => x.message)).toEqual(['container main: service account annotation eks.amazonaws.com/role-arn is read by the EKS pod identity webhook, which AKS clusters do not run: the pod gets no AWS credentials']);
    expect(findingsOf('x-unreachable', [k8s([sa, deployment('app', 'data')])], { issuers: [`cluster=${EKS}`] })).toEqual([]);
  });
});
