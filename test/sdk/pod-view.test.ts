import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEFAULT_MODEL_FILE, DEFAULT_TF_OUTPUTS, deploy } from './artifacts';
import { IdentityModel } from '../../lib/model/identity-model';
import { generatePodViewKey, KubernetesObject, materializePodView } from '../../lib/verify/pod-view';
import { decodeToken } from '../../lib/verify/simulate';

const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'crossfed-pod-view-'));
afterAll(() => fs.rmSync(DIR, { recursive: true, force: true }));
const root = (name: string) => fs.mkdtempSync(path.join(DIR, `${name}-`));
const NOW = 1_800_000_000;
const d = deploy('default model', IdentityModel.fromFile(DEFAULT_MODEL_FILE), DEFAULT_TF_OUTPUTS);
const EKS = d.model.issuers.find(i => i.name === 'prod-eks')!.url;

describe('materializePodView', () => {
  test('GIVEN the EKS pipeline pod WHEN its view is laid out THEN each projected token is a verifiable RS256 JWT of the cluster, the service account and the volume\'s audience and lifetime', async () => {
    const key = await generatePodViewKey('k1');
    const view = await materializePodView(d.clusters.get('prod-eks')!, { namespace: 'data', name: 'crossfed-example-pipeline' }, { root: root('pipeline'), signingKey: key, now: NOW });
    expect(view.issuer).toBe(EKS);
    expect(view.tokens.map(t => [t.podPath, t.audience, t.expirationSeconds, t.injectedBy ?? null])).toEqual([
      ['/var/run/secrets/azure/tokens/azure-identity-token', ['api://AzureADTokenExchange'], 3600, null],
      ['/var/run/secrets/gcp/serviceaccount/token', ['//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/crossfed/providers/prod-eks'], 3600, null],
      ['/var/run/secrets/eks.amazonaws.com/serviceaccount/token', ['sts.amazonaws.com'], 86400, 'amazon-eks-pod-identity-webhook (IRSA)'],
    ]);
    for (const t of view.tokens) {
      expect(t.file).toBe(path.join(view.root, t.podPath));
      const token = await decodeToken(fs.readFileSync(t.file, 'utf8'), { jwks: view.jwks });
      expect(token).toMatchObject({ verified: true, header: { alg: 'RS256', kid: 'k1' } });
      expect(token.claims).toMatchObject({ 'iss': EKS, 'sub': 'system:serviceaccount:data:pipeline', 'aud': t.audience, 'iat': NOW, 'exp': NOW + t.expirationSeconds, 'kubernetes.io': { namespace: 'data', serviceaccount: { name: 'pipeline' }, pod: { name: 'crossfed-example-pipeline' } } });
    }
  });

  test('GIVEN the IRSA webhook\'s skip-containers annotation WHEN the webhooks are applied THEN only the aws container gets the AWS variables, each named with its webhook', async () => {
    const view = await materializePodView(d.clusters.get('prod-eks')!, { namespace: 'data', name: 'crossfed-example-pipeline' }, { root: root('skip'), now: NOW });
    const aws = view.containers.find(c => c.name === 'aws')!;
    expect(aws.podEnv).toEqual({
      AWS_STS_REGIONAL_ENDPOINTS: 'regional', AWS_DEFAULT_REGION: 'us-east-1', AWS_REGION: 'us-east-1',
      AWS_ROLE_ARN: 'arn:aws:iam::111122223333:role/pipeline-reader', AWS_WEB_IDENTITY_TOKEN_FILE: '/var/run/secrets/eks.amazonaws.com/serviceaccount/token',
    });
    expect(new Set(Object.values(aws.injected))).toEqual(new Set(['amazon-eks-pod-identity-webhook (IRSA)']));
    for (const name of ['azure', 'gcp']) expect(Object.keys(view.containers.find(c => c.name === name)!.podEnv).filter(k => k.startsWith('AWS_'))).toEqual([]);
  });

  test('GIVEN the GCP credential configuration WHEN laid out THEN GOOGLE_APPLICATION_CREDENTIALS and credential_source.file point under the root, each rewrite is listed, and nothing else changes', async () => {
    const view = await materializePodView(d.clusters.get('prod-eks')!, { namespace: 'data', name: 'crossfed-example-pipeline' }, { root: root('gcp'), now: NOW });
    const gcp = view.containers.find(c => c.name === 'gcp')!;
    expect(gcp.remapped).toEqual([{ where: 'GOOGLE_APPLICATION_CREDENTIALS', from: '/etc/crossfed/gcp/credential-configuration.json', to: path.join(view.root, '/etc/crossfed/gcp/credential-configuration.json') }]);
    const [file] = view.files;
    expect(file.remapped).toEqual([{ where: '/etc/crossfed/gcp/credential-configuration.json#/credential_source/file', from: '/var/run/secrets/gcp/serviceaccount/token', to: path.join(view.root, '/var/run/secrets/gcp/serviceaccount/token') }]);
    const written = JSON.parse(fs.readFileSync(gcp.env.GOOGLE_APPLICATION_CREDENTIALS, 'utf8'));
    const original = JSON.parse(file.original);
    expect(written).toEqual({ ...original, credential_source: { ...original.credential_source, file: path.join(view.root, original.credential_source.file) } });
    expect(fs.readFileSync(written.credential_source.file, 'utf8')).toBe(view.tokens.find(t => t.podPath === original.credential_source.file)!.jwt);
  });

  test('GIVEN the AKS dashboard WHEN the azure-workload-identity webhook is applied THEN the azure container gets the client id, tenant, token file and authority host, and the others are skipped', async () => {
    const view = await materializePodView(d.clusters.get('prod-aks')!, { namespace: 'analytics', name: 'crossfed-example-dashboard' }, { root: root('aks'), now: NOW });
    expect(view.containers.find(c => c.name === 'azure')!.podEnv).toEqual({
      AZURE_CLIENT_ID: '00000000-0000-4000-8000-c25ab94aad93', AZURE_TENANT_ID: '11111111-2222-3333-4444-555555555555',
      AZURE_FEDERATED_TOKEN_FILE: '/var/run/secrets/azure/tokens/azure-identity-token', AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.com/',
    });
    expect(Object.keys(view.containers.find(c => c.name === 'aws')!.podEnv).filter(k => k.startsWith('AZURE_'))).toEqual([]);
    expect(view.tokens.find(t => t.volume === 'azure-identity-token')).toMatchObject({ audience: ['api://AzureADTokenExchange'], injectedBy: 'azure-workload-identity webhook' });
  });

  test('GIVEN a Pod Identity association WHEN the view is asked for it THEN the agent endpoint and its token are injected, with the pods.eks.amazonaws.com audience', async () => {
    const view = await materializePodView(d.clusters.get('prod-eks')!, { namespace: 'batch', name: 'crossfed-example-reconciler' }, { root: root('pi'), now: NOW, webhooks: { eksPodIdentity: true } });
    expect(view.containers[0].podEnv).toMatchObject({ AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://169.254.170.23/v1/credentials', AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: '/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token' });
    expect(view.tokens.map(t => [t.podPath, t.audience])).toEqual([['/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token', ['pods.eks.amazonaws.com']]]);
    const without = await materializePodView(d.clusters.get('prod-eks')!, { namespace: 'batch', name: 'crossfed-example-reconciler' }, { root: root('pi-off'), now: NOW });
    expect([without.tokens, without.containers[0].podEnv]).toEqual([[], {}]);
  });

  test('GIVEN a Deployment of your own with a ConfigMap env ref, a subPath and an env path outside every mount WHEN laid out THEN the ref resolves, the subPath file is placed, and the outside path is left as written', async () => {
    const objects: KubernetesObject[] = [
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'app', namespace: 'ns' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'ns' }, data: { 'region': 'eu-west-1', 'conf.json': '{"path":"/cfg/one.json"}' } },
      {
        apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'ns' },
        spec: {
          template: {
            metadata: { labels: { app: 'web' } }, spec: {
              serviceAccountName: 'app',
              volumes: [{ name: 'cfg', configMap: { name: 'cfg' } }, { name: 'tok', projected: { sources: [{ serviceAccountToken: { audience: 'x', path: 't' } }] } }],
              containers: [{
                name: 'main', image: 'i',
                env: [{ name: 'REGION', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'region' } } }, { name: 'SECRET', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }, { name: 'OUTSIDE', value: '/etc/hosts' }, { name: 'TOKEN', value: '/tok/t' }],
                volumeMounts: [{ name: 'cfg', mountPath: '/cfg/one.json', subPath: 'conf.json' }, { name: 'tok', mountPath: '/tok' }],
              }],
            },
          },
        },
      },
    ];
    const view = await materializePodView(objects, { namespace: 'ns', name: 'web' }, { root: root('own'), issuer: 'https://issuer.example', now: NOW });
    const main = view.containers[0];
    expect(main.env).toEqual({ REGION: 'eu-west-1', OUTSIDE: '/etc/hosts', TOKEN: path.join(view.root, '/tok/t') });
    expect(main.unresolvedEnv).toEqual(['SECRET']);
    expect(view.files.map(f => f.podPath)).toEqual(['/cfg/one.json']);
    expect(JSON.parse(fs.readFileSync(view.files[0].file, 'utf8'))).toEqual({ path: path.join(view.root, '/cfg/one.json') });
    expect(view.tokens[0]).toMatchObject({ podPath: '/tok/t', audience: ['x'], expirationSeconds: 3600, claims: { iss: 'https://issuer.example', sub: 'system:serviceaccount:ns:app' } });
  });

  test('GIVEN a name that is no workload, or no issuer WHEN asked THEN it fails naming the field and the fix', async () => {
    await expect(materializePodView(d.clusters.get('prod-eks')!, { namespace: 'data', name: 'nope' }, { root: root('err') }))
      .rejects.toThrow('*/data/nope: workload {"namespace":"data","name":"nope"} names no Pod or object with a pod template. Fix: name one of: Pod/data/crossfed-example-pipeline, Pod/batch/crossfed-example-reconciler');
    const noIssuer = d.clusters.get('prod-eks')!.map(o => (o.kind === 'ServiceAccount' ? { ...o, metadata: { ...o.metadata, annotations: {} } } : o));
    await expect(materializePodView(noIssuer, { namespace: 'data', name: 'crossfed-example-pipeline' }, { root: root('err') }))
      .rejects.toThrow('issuer is unknown: service account data/pipeline has no crossfed.dev/issuer annotation');
  });
});
