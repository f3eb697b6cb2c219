import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { envOf, Manifest, one, podSpecOf, projectedTokens, validateManifests } from './helpers';
import { synthesizeKubernetes } from '../../lib/k8s/synthesize';
import { IdentityModel } from '../../lib/model';
import type { TerraformOutputs } from '../../lib/model/synth-output';
import { problemsOf } from '../model/helpers';

const ROOT = path.join(__dirname, '..', '..');
const model = () => IdentityModel.fromFile(path.join(ROOT, 'apps', 'default-model.yaml'));
const tfOutputs = JSON.parse(fs.readFileSync(path.join(ROOT, 'apps', 'default-tf-outputs.json'), 'utf8')) as TerraformOutputs;
const files = synthesizeKubernetes(model(), { tfOutputs, tfOutputsSource: 'apps/default-tf-outputs.json' });
const parse = (content: string): Manifest[] => parseAllDocuments(content).map(d => d.toJSON() as Manifest);
const objectsOf = (cluster: string) => parse(files.find(f => f.path === `kubernetes/${cluster}.yaml`)!.content);

describe('synthesizeKubernetes over the default model', () => {
  test('GIVEN the default model and its Terraform outputs WHEN synthesized THEN one file per cluster, named after its issuer', () => {
    expect(files.map(f => f.path)).toEqual(['kubernetes/onprem.yaml', 'kubernetes/prod-aks.yaml', 'kubernetes/prod-eks.yaml', 'kubernetes/prod-gke.yaml']);
  });

  test('GIVEN the synthesized files WHEN every object is checked against the Kubernetes schema THEN all are valid', () => {
    const count = files.map(f => validateManifests(parse(f.content))).reduce((a, b) => a + b, 0);
    // 6 ServiceAccounts, 3 GCP ConfigMaps (GKE's own workloads need none), 2 RoleBindings, 6 example pods.
    expect(count).toBe(17);
    const kinds = files.flatMap(f => parse(f.content)).map(o => o.kind);
    expect(['ServiceAccount', 'ConfigMap', 'RoleBinding', 'Pod'].map(k => kinds.filter(x => x === k).length)).toEqual([6, 3, 2, 6]);
  });

  test('GIVEN the same model WHEN synthesized again THEN the files are byte for byte the same', () => {
    expect(synthesizeKubernetes(model(), { tfOutputs, tfOutputsSource: 'apps/default-tf-outputs.json' })).toEqual(files);
  });

  test('GIVEN the synthesized files WHEN read THEN no machine path, unresolved token, subPath or placeholder', () => {
    for (const f of files) {
      expect(f.content).not.toMatch(/\$\{Token|subPath|<[a-z ]+>|\/home\/|\/tmp\/|\/work\//);
      expect(f.content.startsWith('# Kubernetes objects of cluster "')).toBe(true);
    }
  });

  test('GIVEN the EKS workload that reaches all three clouds WHEN synthesized THEN IRSA annotations, and explicit Azure and GCP tokens each with its cloud\'s audience', () => {
    const objects = objectsOf('prod-eks').filter(o => o.metadata.labels?.['crossfed.dev/workload'] === 'prod-eks.pipeline');
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual(['ServiceAccount/pipeline', 'ConfigMap/pipeline-gcp-credentials', 'Pod/crossfed-example-pipeline']);
    expect(one(objects, 'ServiceAccount').metadata.annotations['eks.amazonaws.com/role-arn']).toBe('arn:aws:iam::111122223333:role/pipeline-reader');
    const pod = one(objects, 'Pod');
    expect(pod.metadata.annotations['eks.amazonaws.com/skip-containers']).toBe('azure,gcp');
    const spec = podSpecOf(pod);
    expect(Object.fromEntries(Object.entries(projectedTokens(spec)).map(([k, v]) => [k, v.audience]))).toEqual({
      'azure-identity-token': 'api://AzureADTokenExchange',
      'gcp-identity-token': '//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/crossfed/providers/prod-eks',
    });
    expect(envOf(spec.containers.find((c: Manifest) => c.name === 'azure')).AZURE_CLIENT_ID).toBe(tfOutputs.azure_client_id_acme_app_pipeline_reader.value);
    const yaml = files.find(f => f.path === 'kubernetes/prod-eks.yaml')!.content.split('---\n').filter(d => d.includes('crossfed.dev/workload: prod-eks.pipeline'));
    expect(yaml.join('---\n')).toMatchSnapshot();
  });

  test('GIVEN the self-managed cluster WHEN synthesized THEN its workload gets the GCP direct-access configuration (no impersonation)', () => {
    const cm = one(objectsOf('onprem'), 'ConfigMap');
    const config = JSON.parse(cm.data['credential-configuration.json']);
    expect(config.service_account_impersonation_url).toBeUndefined();
    expect(config.audience).toBe('//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/crossfed/providers/onprem');
  });

  test('GIVEN the Azure DevOps deployer of the EKS cluster WHEN synthesized THEN RoleBindings in data and batch, and no RBAC elsewhere', () => {
    const bindings = objectsOf('prod-eks').filter(o => o.kind === 'RoleBinding');
    expect(bindings.map(b => `${b.metadata.namespace}/${b.metadata.name}`)).toEqual(['batch/crossfed-acme-ado-ado-eks-deployer', 'data/crossfed-acme-ado-ado-eks-deployer']);
    expect(bindings[0].subjects).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'crossfed:deployers' }]);
    for (const c of ['onprem', 'prod-aks', 'prod-gke']) expect(objectsOf(c).some(o => o.kind.endsWith('Binding'))).toBe(false);
  });

  test('GIVEN no Terraform outputs WHEN synthesized THEN one error lists every Kubernetes workload whose Entra client id is missing', () => {
    const problems = problemsOf(() => synthesizeKubernetes(model(), { terraformDirectory: 'dist/terraform/azure' }));
    expect(problems.map(p => p.where)).toEqual(['default-model.yaml:178:5', 'default-model.yaml:113:5', 'default-model.yaml:77:5', 'default-model.yaml:140:5'].map(w => expect.stringContaining(w)));
    expect(problems.map(p => p.problem.match(/workload "([^"]+)"/)![1])).toEqual(['onprem/onprem-loader', 'prod-aks/dashboard', 'prod-eks/pipeline', 'prod-gke/trainer']);
    for (const p of problems) expect(p.fix).toContain('`terraform -chdir=dist/terraform/azure output -json > tf-outputs.json`');
  });

  test('GIVEN examplePods false WHEN synthesized THEN no pods', () => {
    const out = synthesizeKubernetes(model(), { tfOutputs, examplePods: false });
    expect(out.flatMap(f => parse(f.content)).filter(o => o.kind === 'Pod')).toEqual([]);
  });
});
