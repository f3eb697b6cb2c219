import { EXISTING_CLIENT_ID, PAIRS, pairsModel } from './fixtures';
import { envOf, Manifest, one, podSpecOf, projectedTokens, synth } from './helpers';
import { ClusterIdentities } from '../../lib/k8s';
import { TargetCloud } from '../../lib/model';
import { TENANT } from '../model/fixtures';

const ACCOUNT_ROLE = (name: string) => `arn:aws:iam::111122223333:role/${name}`;
const PROVIDER_AUDIENCE = (issuer: string) => `//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/crossfed/providers/${issuer}`;

/** Every object of each cluster of the pairs model, with example pods. */
function synthAll(): Record<string, Manifest[]> {
  const f = pairsModel();
  const out: Record<string, Manifest[]> = {};
  for (const cluster of [f.eks, f.aks, f.gke]) {
    out[cluster.name] = synth(chart => new ClusterIdentities(chart, cluster.name, { model: f.model, cluster, deferredValues: f.deferredValues, examplePods: true }));
  }
  return out;
}

const f = pairsModel();
const all = synthAll();
/** The objects of one workload of the pairs model: ServiceAccount, ConfigMap if any, example pod. */
function objectsOf(cluster: string, workload: string): { sa: Manifest; cm?: Manifest; pod: Manifest; spec: Manifest; all: Manifest[] } {
  const objects = all[cluster].filter(o => o.metadata.labels?.['crossfed.dev/workload'] === `${cluster}.${workload}`);
  const pod = one(objects, 'Pod');
  return { sa: one(objects, 'ServiceAccount'), cm: objects.find(o => o.kind === 'ConfigMap'), pod, spec: podSpecOf(pod), all: objects };
}
const cloudAnnotations = (sa: Manifest) => Object.fromEntries(Object.entries(sa.metadata.annotations ?? {}).filter(([k]) => !k.startsWith('crossfed.dev/')));

describe('each cluster → cloud pair, in each mode', () => {
  test.each(PAIRS)('GIVEN $cluster → $cloud in $mode mode ($workload) WHEN synthesized THEN its objects match the snapshot', ({ cluster, workload }) => {
    expect(objectsOf(cluster, workload).all).toMatchSnapshot();
  });

  test.each(PAIRS)('GIVEN $cluster → $cloud ($workload) WHEN synthesized THEN the service account carries the issuer, the workload label and its own name', ({ cluster, workload }) => {
    const { sa } = objectsOf(cluster, workload);
    const issuer = f.model.findIssuer(cluster)!;
    expect(sa.metadata).toMatchObject({
      name: workload, namespace: 'apps',
      labels: { 'app.kubernetes.io/managed-by': 'crossfed', 'crossfed.dev/workload': `${cluster}.${workload}` },
      annotations: { 'crossfed.dev/issuer': issuer.url, 'crossfed.dev/source': `test, workload[${cluster}/apps/${workload}]` },
    });
  });

  test.each(PAIRS)('GIVEN $cluster → $cloud ($workload) WHEN synthesized THEN the example pod runs as the service account with one container per cloud', ({ cluster, workload, cloud }) => {
    const { spec, pod } = objectsOf(cluster, workload);
    expect(pod.metadata.namespace).toBe('apps');
    expect(spec.serviceAccountName).toBe(workload);
    expect(spec.containers.map((c: Manifest) => c.name)).toEqual([cloud]);
    for (const c of [...spec.containers, ...(spec.initContainers ?? [])]) {
      for (const m of c.volumeMounts ?? []) {
        expect(m.subPath).toBeUndefined();
        expect(m.readOnly).toBe(true);
        expect(spec.volumes.map((v: Manifest) => v.name)).toContain(m.name);
      }
    }
  });
});

describe('AWS', () => {
  test('GIVEN EKS → AWS with IRSA in webhook mode WHEN synthesized THEN the service account has the IRSA annotations and the pod spec nothing the webhook injects', () => {
    const { sa, spec } = objectsOf('prod-eks', 'eks-aws-irsa');
    expect(cloudAnnotations(sa)).toEqual({
      'eks.amazonaws.com/role-arn': ACCOUNT_ROLE('eks-aws-irsa'),
      'eks.amazonaws.com/audience': 'sts.amazonaws.com',
      'eks.amazonaws.com/sts-regional-endpoints': 'true',
    });
    expect(spec.volumes).toBeUndefined();
    expect(spec.containers[0].env).toBeUndefined();
  });

  test.each([
    ['prod-eks', 'eks-aws-explicit'],
    ['prod-aks', 'aks-aws'],
    ['prod-gke', 'gke-aws'],
  ])('GIVEN %s → AWS in explicit mode (%s) WHEN synthesized THEN one sts.amazonaws.com token is mounted where the SDK env vars point', (cluster, workload) => {
    const { sa, spec } = objectsOf(cluster, workload);
    expect(cloudAnnotations(sa)).toEqual({});
    expect(projectedTokens(spec)).toEqual({ 'aws-iam-token': { audience: 'sts.amazonaws.com', expirationSeconds: 3600, path: 'token' } });
    const aws = spec.containers[0];
    expect(aws.volumeMounts).toEqual([{ name: 'aws-iam-token', mountPath: '/var/run/secrets/eks.amazonaws.com/serviceaccount', readOnly: true }]);
    expect(envOf(aws)).toEqual({
      AWS_ROLE_ARN: ACCOUNT_ROLE(workload),
      AWS_WEB_IDENTITY_TOKEN_FILE: '/var/run/secrets/eks.amazonaws.com/serviceaccount/token',
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_STS_REGIONAL_ENDPOINTS: 'regional',
    });
  });

  test('GIVEN EKS → AWS with EKS Pod Identity WHEN synthesized THEN neither the service account nor the pod carries anything AWS-related', () => {
    const { sa, spec } = objectsOf('prod-eks', 'eks-aws-pod-identity');
    expect(cloudAnnotations(sa)).toEqual({});
    expect(spec.volumes).toBeUndefined();
    expect(spec.containers[0].env).toBeUndefined();
  });
});

describe('Azure', () => {
  test.each([
    ['prod-eks', 'eks-azure-explicit', 'app_eks_azure_explicit'],
    ['prod-gke', 'gke-azure', 'app_gke_azure'],
  ])('GIVEN %s → Azure in explicit mode (%s) WHEN synthesized THEN an Entra-audience token and the client id from the Terraform output', (cluster, workload, slug) => {
    const { sa, spec, pod } = objectsOf(cluster, workload);
    expect(cloudAnnotations(sa)).toEqual({});
    expect(pod.metadata.labels['azure.workload.identity/use']).toBeUndefined();
    expect(projectedTokens(spec)).toEqual({ 'azure-identity-token': { audience: 'api://AzureADTokenExchange', expirationSeconds: 3600, path: 'azure-identity-token' } });
    expect(spec.containers[0].volumeMounts).toEqual([{ name: 'azure-identity-token', mountPath: '/var/run/secrets/azure/tokens', readOnly: true }]);
    expect(envOf(spec.containers[0])).toEqual({
      AZURE_CLIENT_ID: f.clientIds[`azure_client_id_acme_${slug}`],
      AZURE_TENANT_ID: TENANT,
      AZURE_FEDERATED_TOKEN_FILE: '/var/run/secrets/azure/tokens/azure-identity-token',
      AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.com/',
    });
  });

  test('GIVEN AKS → Azure in explicit mode with an existing application WHEN synthesized THEN its known client id is used, no Terraform output needed', () => {
    const { spec } = objectsOf('prod-aks', 'aks-azure-explicit');
    expect(envOf(spec.containers[0]).AZURE_CLIENT_ID).toBe(EXISTING_CLIENT_ID);
  });

  test.each([
    ['prod-aks', 'aks-azure-webhook', 'mi_rg_identities_aks_azure_webhook'],
    ['prod-eks', 'eks-azure-webhook', 'app_eks_azure_webhook'],
    ['prod-gke', 'gke-azure-webhook', 'app_gke_azure_webhook'],
  ])('GIVEN %s → Azure in webhook mode (%s) WHEN synthesized THEN client-id and tenant-id annotations, the pod label, and no token volume', (cluster, workload, slug) => {
    const { sa, spec, pod } = objectsOf(cluster, workload);
    expect(cloudAnnotations(sa)).toEqual({
      'azure.workload.identity/client-id': f.clientIds[`azure_client_id_acme_${slug}`],
      'azure.workload.identity/tenant-id': TENANT,
    });
    expect(pod.metadata.labels['azure.workload.identity/use']).toBe('true');
    expect(spec.volumes).toBeUndefined();
    expect(spec.containers[0].env).toBeUndefined();
  });
});

describe('GCP', () => {
  test.each([
    ['prod-eks', 'eks-gcp-impersonation', 'eks-gcp-reader'],
    ['prod-eks', 'eks-gcp-direct', undefined],
    ['prod-aks', 'aks-gcp', 'aks-gcp-reader'],
    ['prod-gke', 'gke-gcp-pool', 'gke-gcp-pool'],
  ])('GIVEN %s → GCP through the pool (%s) WHEN synthesized THEN a provider-audience token and the credential configuration that reads it', (cluster, workload, serviceAccount) => {
    const { sa, cm, spec } = objectsOf(cluster, workload);
    expect(cloudAnnotations(sa)).toEqual({});
    const access = f.model.findWorkload(`${cluster}/${workload}`)!.gcpAccess[0];
    const config = JSON.parse(cm!.data['credential-configuration.json']);
    expect(config).toEqual(access.credentialConfig);
    expect(config.audience).toBe(PROVIDER_AUDIENCE(cluster));
    expect(config.service_account_impersonation_url).toBe(serviceAccount
      ? `https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/${serviceAccount}@acme-data.iam.gserviceaccount.com:generateAccessToken`
      : undefined);
    expect(projectedTokens(spec)).toEqual({ 'gcp-identity-token': { audience: PROVIDER_AUDIENCE(cluster), expirationSeconds: 3600, path: 'token' } });
    const gcp = spec.containers[0];
    const mountOf = (volume: string) => gcp.volumeMounts.find((m: Manifest) => m.name === volume).mountPath;
    expect(config.credential_source.file).toBe(`${mountOf('gcp-identity-token')}/token`);
    expect(envOf(gcp)).toEqual({ GOOGLE_APPLICATION_CREDENTIALS: `${mountOf('gcp-credential-config')}/credential-configuration.json`, GOOGLE_CLOUD_PROJECT: 'acme-data' });
    expect(spec.volumes.find((v: Manifest) => v.name === 'gcp-credential-config')).toEqual({ name: 'gcp-credential-config', configMap: { name: cm!.metadata.name } });
  });

  test('GIVEN GKE → GCP natively WHEN synthesized THEN only the GKE annotation, no ConfigMap, no token', () => {
    const { sa, cm, spec } = objectsOf('prod-gke', 'gke-gcp-native');
    expect(cloudAnnotations(sa)).toEqual({ 'iam.gke.io/gcp-service-account': 'gke-gcp-native@acme-data.iam.gserviceaccount.com' });
    expect(cm).toBeUndefined();
    expect(spec.volumes).toBeUndefined();
  });
});

describe('CI deployers', () => {
  test('GIVEN a CI deployer with eksAccess in two namespaces WHEN the EKS cluster is synthesized THEN one RoleBinding per namespace from its group to the ClusterRole', () => {
    const bindings = all['prod-eks'].filter(o => o.kind === 'RoleBinding');
    expect(bindings.map(b => b.metadata.namespace)).toEqual(['apps', 'batch']);
    for (const b of bindings) {
      expect(b.metadata.name).toBe('crossfed-github-deploy-apps');
      expect(b.metadata.labels['crossfed.dev/workload']).toBe('github.deploy-apps');
      expect(b.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' });
      expect(b.subjects).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'crossfed:deployers' }]);
    }
    expect(bindings).toMatchSnapshot();
  });

  test('GIVEN a CI deployer with eksAccess and no namespaces WHEN synthesized THEN one ClusterRoleBinding of all its groups', () => {
    const binding = one(all['prod-eks'], 'ClusterRoleBinding');
    expect(binding.metadata.name).toBe('crossfed-github-deploy-platform');
    expect(binding.metadata.namespace).toBeUndefined();
    expect(binding.roleRef.name).toBe('cluster-admin');
    expect(binding.subjects.map((s: Manifest) => s.name)).toEqual(['crossfed:deployers', 'platform:admins']);
    expect(binding).toMatchSnapshot();
  });

  test('GIVEN CI deployers to the EKS cluster WHEN the AKS and GKE clusters are synthesized THEN they get no RBAC', () => {
    for (const cluster of ['prod-aks', 'prod-gke']) {
      expect(all[cluster].filter(o => o.kind.endsWith('RoleBinding'))).toEqual([]);
    }
  });
});

test('GIVEN the pairs model WHEN synthesized twice THEN the output is identical', () => {
  expect(synthAll()).toEqual(all);
});

test.each([TargetCloud.AWS, TargetCloud.AZURE, TargetCloud.GCP])('GIVEN every %s token crossfed writes WHEN synthesized THEN its audience is the one the model gives that cloud', (cloud) => {
  const volume = { aws: 'aws-iam-token', azure: 'azure-identity-token', gcp: 'gcp-identity-token' }[cloud];
  let seen = 0;
  for (const w of f.model.workloads.filter(x => x.isKubernetes)) {
    const { spec } = objectsOf(w.issuer.name, w.name);
    const token = projectedTokens(spec)[volume];
    if (!token) continue;
    seen++;
    const expected = cloud === TargetCloud.AWS ? w.awsAccess[0].audience : cloud === TargetCloud.AZURE ? w.azureAccess[0].audience : w.gcpAccess[0].audience;
    expect(token.audience).toBe(expected);
  }
  expect(seen).toBeGreaterThanOrEqual(3);
});
