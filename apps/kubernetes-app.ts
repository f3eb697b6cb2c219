// A cdk8s app: the Kubernetes side of the default model's EKS cluster, and a Deployment of
// your own that gets one workload's credentials. Run it with `npx ts-node apps/kubernetes-app.ts`
// (it writes dist/prod-eks.k8s.yaml).
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s, model } from '../lib';

export function buildApp(outdir = 'dist'): App {
  const identityModel = model.IdentityModel.fromFile(path.join(__dirname, 'default-model.yaml'));
  const app = new App({ outdir });
  const chart = new Chart(app, 'prod-eks');

  // Service accounts, GCP credential configs and CI RBAC of every workload of the cluster.
  const identities = new k8s.ClusterIdentities(chart, 'Identities', {
    model: identityModel,
    cluster: identityModel.findIssuer('prod-eks')!,
    // `terraform output -json` of the Entra ID stack: the client ids Entra ID assigned.
    deferredValues: k8s.DeferredValues.fromTerraformOutputFile(path.join(__dirname, 'default-tf-outputs.json')),
  });

  // Your own workload: crossfed does not own it, it only gives it credentials.
  const pipeline = new kplus.Deployment(chart, 'Pipeline', {
    metadata: { name: 'pipeline' },
    containers: [
      { name: 'worker', image: 'registry.example.com/pipeline:1.4.2' },
      { name: 'metrics', image: 'registry.example.com/metrics-exporter:2.0.1' },
    ],
  });
  // Only the worker gets the AWS, Azure and GCP credentials; the IRSA webhook is told to skip the rest.
  identities.findIdentity('pipeline')!.bind(pipeline, { containers: ['worker'] });
  return app;
}

if (require.main === module) buildApp().synth();
