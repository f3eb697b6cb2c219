import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { pairsModel } from './fixtures';
import { Manifest, one, podSpecOf, projectedTokens, synth } from './helpers';
import { ClusterIdentities, DeferredValues, WorkloadIdentity } from '../../lib/k8s';
import { IdentityModel, Issuer } from '../../lib/model';
import { EKS_URL, smallModel, SUBSCRIPTION, TENANT } from '../model/fixtures';
import { problemOf, problemsOf } from '../model/helpers';

const chart = () => new Chart(Testing.app(), 'test');

describe('deferred values: Entra client ids assigned at deploy time', () => {
  test('GIVEN a workload granted a new Entra application and no Terraform outputs WHEN synthesized THEN the error names the workload, the output and the commands', () => {
    const f = smallModel();
    f.model.addWorkload({ issuer: f.eks, namespace: 'data', serviceAccount: 'pipeline', name: 'pipeline' }).grantAzure(f.azure, { application: 'pipeline-reader' });
    const p = problemOf(() => new ClusterIdentities(chart(), 'eks', { model: f.model, cluster: f.eks, terraformDirectory: 'dist/terraform/entra' }));
    expect(p.message).toBe('workload[prod-eks/data/pipeline]: azure.clientId of workload "prod-eks/pipeline" is unknown: Entra ID assigns the client id of application "pipeline-reader" '
      + 'when Terraform creates it, and the Terraform output "azure_client_id_acme_app_pipeline_reader" was not given (no Terraform outputs). '
      + 'Allowed: the client id from `terraform output -json` (output "azure_client_id_acme_app_pipeline_reader"). '
      + 'Fix: run `terraform -chdir=dist/terraform/entra apply` if it is not deployed yet, then `terraform -chdir=dist/terraform/entra output -json > tf-outputs.json`, '
      + 'and pass that file with `--tf-outputs tf-outputs.json` (in code: `DeferredValues.fromTerraformOutputFile(\'tf-outputs.json\')`)');
  });

  test('GIVEN outputs that lack two identities WHEN a cluster is synthesized THEN one error lists both, and never a placeholder', () => {
    const f = pairsModel();
    const partial = DeferredValues.fromValues({ azure_client_id_acme_app_gke_azure: '00000000-0000-4000-8000-000000000009' }, 'partial.json');
    const problems = problemsOf(() => new ClusterIdentities(chart(), 'eks', { model: f.model, cluster: f.eks, deferredValues: partial }));
    expect(problems.map(p => p.problem.match(/output "([^"]+)"/)![1])).toEqual(['azure_client_id_acme_app_eks_azure_explicit', 'azure_client_id_acme_app_eks_azure_webhook']);
    expect(problems[0].problem).toContain('is not among the outputs in partial.json');
    expect(problems[0].fix).toContain('terraform -chdir=<directory of the Terraform stack that creates it> output -json > tf-outputs.json');
  });

  test('GIVEN an output that is not a GUID WHEN synthesized THEN the error shows the value and where it came from', () => {
    const f = smallModel();
    f.model.addWorkload({ issuer: f.aks, namespace: 'web', serviceAccount: 'web', name: 'web' }).grantAzure(f.azure, { application: 'web' });
    const p = problemOf(() => new ClusterIdentities(chart(), 'aks', {
      model: f.model, cluster: f.aks, deferredValues: DeferredValues.fromValues({ azure_client_id_acme_app_web: '${azuread_application.web.client_id}' }, 'tf.json'),
    }));
    expect(p.field).toBe('azure.clientId');
    expect(p.value).toBe('${azuread_application.web.client_id}');
    expect(p.problem).toBe('of workload "prod-aks/web" (Terraform output "azure_client_id_acme_app_web" in tf.json) is not a client id');
  });

  test('GIVEN the text of terraform output -json WHEN read THEN values resolve by output name; a non-string value is an error', () => {
    const d = DeferredValues.fromTerraformOutputJson(JSON.stringify({ a: { value: 'x', type: 'string' }, b: { value: { id: 1 }, type: 'object' } }), 'out.json');
    expect(d.names).toEqual(['a', 'b']);
    expect(d.tryGetString('a')).toBe('x');
    expect(d.tryGetString('missing')).toBeUndefined();
    expect(problemOf(() => d.tryGetString('b')).message).toBe('out.json: b {"id":1} is not a string. Allowed: a string output. '
      + 'Fix: export the value itself as the output (e.g. `value = azuread_application.x.client_id`), not an object holding it');
  });

  test.each([
    ['not json', 'is not JSON'],
    ['{"a": "plain"}', 'is not the output of `terraform output -json`'],
    ['[1]', 'is not the output of `terraform output -json`'],
  ])('GIVEN %j as Terraform outputs WHEN read THEN "%s"', (text, problem) => {
    expect(problemOf(() => DeferredValues.fromTerraformOutputJson(text, 'tf.json')).problem).toContain(problem);
  });

  test('GIVEN a Terraform outputs file WHEN read THEN its values resolve; a missing file is an error naming it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crossfed-k8s-'));
    try {
      const file = path.join(dir, 'tf-outputs.json');
      fs.writeFileSync(file, JSON.stringify({ azure_client_id_acme_app_web: { value: '00000000-0000-4000-8000-0000000000ff', type: 'string', sensitive: false } }));
      const f = smallModel();
      f.model.addWorkload({ issuer: f.aks, namespace: 'web', serviceAccount: 'web', name: 'web' }).grantAzure(f.azure, { application: 'web' });
      const objects = synth(c => new ClusterIdentities(c, 'aks', { model: f.model, cluster: f.aks, deferredValues: DeferredValues.fromTerraformOutputFile(file) }));
      expect(one(objects, 'ServiceAccount').metadata.annotations['azure.workload.identity/client-id']).toBe('00000000-0000-4000-8000-0000000000ff');
      const p = problemOf(() => DeferredValues.fromTerraformOutputFile(path.join(dir, 'absent.json')));
      expect(p.problem).toBe('cannot be read (ENOENT)');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('token lifetimes', () => {
  test('GIVEN a default token lifetime under 10 minutes WHEN rendered THEN the error quotes the API server', () => {
    const f = pairsModel();
    const p = problemOf(() => new ClusterIdentities(chart(), 'aks', { model: f.model, cluster: f.aks, deferredValues: f.deferredValues, defaultTokenExpirationSeconds: 300 }));
    expect(p.message).toBe('test/aks: defaultTokenExpirationSeconds 300 is under 10 minutes: the API server refuses the pod '
      + '("spec.expirationSeconds: Invalid value: may not specify a duration less than 10 minutes"). Allowed: a whole number of seconds from 600 to 86400. '
      + 'Fix: use at least 600 (3600 is the Kubernetes default)');
  });

  test('GIVEN a workload identity with a lifetime over a day WHEN rendered THEN it is refused', () => {
    const f = pairsModel();
    const p = problemOf(() => new WorkloadIdentity(chart(), 'w', { workload: f.model.findWorkload('prod-gke/gke-aws')!, defaultTokenExpirationSeconds: 90000 }));
    expect(p.field).toBe('defaultTokenExpirationSeconds');
    expect(p.allowed).toBe('a whole number of seconds from 600 to 86400');
  });

  test('GIVEN a default lifetime of 900 s WHEN rendered THEN explicit tokens use it', () => {
    const f = pairsModel();
    const objects = synth(c => new ClusterIdentities(c, 'gke', { model: f.model, cluster: f.gke, deferredValues: f.deferredValues, defaultTokenExpirationSeconds: 900, examplePods: true }));
    const lifetimes = objects.filter(o => o.kind === 'Pod').flatMap(p => Object.values(projectedTokens(p.spec)).map(t => t.expirationSeconds));
    expect(lifetimes.length).toBeGreaterThanOrEqual(3);
    expect(new Set(lifetimes)).toEqual(new Set([900]));
  });

  test('GIVEN a workload with tokenExpirationSeconds 7200 WHEN rendered THEN the explicit token and both webhooks\' annotations use it', () => {
    const f = smallModel();
    const w = f.model.addWorkload({ issuer: f.eks, namespace: 'data', serviceAccount: 'long', name: 'long', tokenExpirationSeconds: 7200 });
    w.grantAws(f.aws, { roleName: 'long' });
    w.grantAzure(f.azure, { existingApplication: { clientId: 'c0ffee00-0000-4000-8000-000000000003', objectId: 'c0ffee00-0000-4000-8000-000000000004' }, webhook: true });
    w.grantGcp(f.gcp, { serviceAccount: 'long-reader' });
    const objects = synth(c => new ClusterIdentities(c, 'eks', { model: f.model, cluster: f.eks, examplePods: true }));
    const sa = one(objects, 'ServiceAccount');
    expect(sa.metadata.annotations['eks.amazonaws.com/token-expiration']).toBe('7200');
    expect(sa.metadata.annotations['azure.workload.identity/service-account-token-expiration']).toBe('7200');
    expect(projectedTokens(podSpecOf(one(objects, 'Pod')))['gcp-identity-token'].expirationSeconds).toBe(7200);
  });

  test('GIVEN workloads at the webhooks\' default lifetimes WHEN rendered THEN no expiration annotation is written', () => {
    const f = smallModel();
    f.model.addWorkload({ issuer: f.eks, namespace: 'data', serviceAccount: 'day', name: 'day', tokenExpirationSeconds: 86400 }).grantAws(f.aws, { roleName: 'day' });
    f.model.addWorkload({ issuer: f.aks, namespace: 'data', serviceAccount: 'hour', name: 'hour', tokenExpirationSeconds: 3600 })
      .grantAzure(f.azure, { existingApplication: { clientId: 'c0ffee00-0000-4000-8000-000000000005', objectId: 'c0ffee00-0000-4000-8000-000000000006' } });
    const eks = synth(c => new ClusterIdentities(c, 'eks', { model: f.model, cluster: f.eks }));
    const aks = synth(c => new ClusterIdentities(c, 'aks', { model: f.model, cluster: f.aks }));
    expect(Object.keys(one(eks, 'ServiceAccount').metadata.annotations)).not.toContain('eks.amazonaws.com/token-expiration');
    expect(Object.keys(one(aks, 'ServiceAccount').metadata.annotations)).not.toContain('azure.workload.identity/service-account-token-expiration');
  });
});

describe('model shapes the renderer refuses or handles', () => {
  test('GIVEN a service account granted two AWS roles WHEN rendered THEN the error says a pod\'s SDK env vars name one role', () => {
    const f = smallModel();
    const w = f.model.addWorkload({ issuer: f.gke, namespace: 'ml', serviceAccount: 'trainer', name: 'trainer' });
    w.grantAws(f.aws, { roleName: 'trainer-a' });
    w.grantAws(f.aws, { roleName: 'trainer-b' });
    const p = problemOf(() => new ClusterIdentities(chart(), 'gke', { model: f.model, cluster: f.gke }));
    expect(p.field).toBe('aws');
    expect(p.value).toEqual(['arn:aws:iam::111122223333:role/trainer-a', 'arn:aws:iam::111122223333:role/trainer-b']);
    expect(p.problem).toBe('grants 2 AWS roles to one service account, but the SDKs in a pod use one AWS role (their environment variables name one)');
    expect(p.fix).toBe('give each identity its own service account (a workload entry per service account), or keep one grant');
  });

  test('GIVEN an Azure tenant with a custom audience and a workload in webhook mode WHEN rendered THEN it asks for explicit mode', () => {
    const model = new IdentityModel({ name: 'custom' });
    const aks = model.addIssuer(Issuer.aks({ name: 'aks', url: 'https://westeurope.oic.prod-aks.azure.com/11111111-2222-3333-4444-555555555555/99999999-8888-7777-6666-555555555555/' }));
    const azure = model.addAzureTenant({ name: 'acme', tenantId: TENANT, subscriptionId: SUBSCRIPTION, audience: 'api://acme-federation' });
    model.addWorkload({ issuer: aks, namespace: 'web', serviceAccount: 'web', name: 'web' })
      .grantAzure(azure, { existingApplication: { clientId: 'c0ffee00-0000-4000-8000-000000000007', objectId: 'c0ffee00-0000-4000-8000-000000000008' } });
    const p = problemOf(() => new ClusterIdentities(chart(), 'aks', { model, cluster: aks }));
    expect(p.field).toBe('azure.webhook');
    expect(p.fix).toBe('set webhook: false on the grant, so that crossfed writes the token volume with the tenant\'s audience');
  });

  test('GIVEN a workload without grants WHEN rendered with example pods THEN its service account names the issuer, and no pod is made', () => {
    const f = smallModel();
    f.model.addWorkload({ issuer: f.eks, namespace: 'data', serviceAccount: 'idle', name: 'idle' });
    const objects = synth(c => new ClusterIdentities(c, 'eks', { model: f.model, cluster: f.eks, examplePods: true }));
    expect(objects.map(o => o.kind)).toEqual(['ServiceAccount']);
    expect(objects[0].metadata.annotations).toEqual({ 'crossfed.dev/issuer': EKS_URL, 'crossfed.dev/source': 'test, workload[prod-eks/data/idle]' });
  });

  test('GIVEN a long namespace and service account WHEN rendered THEN the workload label is fitted to 63 characters and stays unique', () => {
    const f = smallModel();
    const ns = 'n'.repeat(60);
    f.model.addWorkload({ issuer: f.eks, namespace: ns, serviceAccount: 'a'.repeat(40) });
    f.model.addWorkload({ issuer: f.eks, namespace: ns, serviceAccount: 'b'.repeat(40) });
    const labels = synth(c => new ClusterIdentities(c, 'eks', { model: f.model, cluster: f.eks })).map(o => o.metadata.labels['crossfed.dev/workload']);
    expect(labels.every(l => l.length <= 63)).toBe(true);
    expect(new Set(labels).size).toBe(2);
  });

  test('GIVEN a CI issuer or a foreign issuer as the cluster WHEN rendered THEN the error lists the clusters of the model', () => {
    const f = smallModel();
    expect(problemOf(() => new ClusterIdentities(chart(), 'x', { model: f.model, cluster: f.github })).message).toBe(
      'test/x: cluster "github" is a github-actions issuer, not a Kubernetes cluster. Allowed: one of "prod-aks", "prod-eks", "prod-gke". '
      + 'Fix: pass an EKS, AKS, GKE or self-managed issuer returned by model.addIssuer() (model.findIssuer(name))');
    const foreign = Issuer.eks({ name: 'prod-eks', url: EKS_URL });
    expect(problemOf(() => new ClusterIdentities(chart(), 'x', { model: f.model, cluster: foreign })).problem).toBe('is not an issuer of this model');
  });

  test('GIVEN the identities of a cluster WHEN looked up THEN by workload, name or namespace/service account; another cluster\'s workload is an error', () => {
    const f = pairsModel();
    const ids = new ClusterIdentities(chart(), 'gke', { model: f.model, cluster: f.gke, deferredValues: f.deferredValues });
    expect(ids.identities.map(i => i.workload.name)).toEqual(['gke-aws', 'gke-azure', 'gke-azure-webhook', 'gke-gcp-native', 'gke-gcp-pool']);
    expect(ids.identityFor(f.model.findWorkload('prod-gke/gke-aws')!).serviceAccountName).toBe('gke-aws');
    expect(ids.findIdentity('apps/gke-gcp-pool')?.gcpCredentialConfigMapName).toBe('gke-gcp-pool-gcp-credentials');
    expect(ids.findIdentity('nope')).toBeUndefined();
    expect(problemOf(() => ids.identityFor(f.model.findWorkload('prod-eks/eks-aws-irsa')!)).fix).toBe('use the ClusterIdentities of cluster "prod-eks"');
  });

  test('GIVEN example pods off (the default) WHEN rendered THEN only service accounts, ConfigMaps and RBAC', () => {
    const f = pairsModel();
    const kinds = new Set(synth(c => new ClusterIdentities(c, 'eks', { model: f.model, cluster: f.eks, deferredValues: f.deferredValues })).map((o: Manifest) => o.kind));
    expect(kinds).toEqual(new Set(['ServiceAccount', 'ConfigMap', 'RoleBinding', 'ClusterRoleBinding']));
  });
});
