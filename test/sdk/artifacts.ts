/**
 * What the SDK tests run against: a model's synthesized artifacts, the Kubernetes objects of
 * its clusters, and the trust graph the stand-ins judge requests with.
 */
import * as fs from 'fs';
import * as path from 'path';
import { synthesizeCloudFormation } from '../../lib/aws/synthesize';
import { synthesizeAzureTerraform } from '../../lib/azure/synthesize';
import { synthesizeGcpTerraform } from '../../lib/gcp/synthesize';
import { synthesizeKubernetes } from '../../lib/k8s/synthesize';
import { IdentityModel } from '../../lib/model/identity-model';
import { SynthesizedFile, TerraformOutputs } from '../../lib/model/synth-output';
import { buildTrustGraph } from '../../lib/verify/assemble';
import { TrustGraph } from '../../lib/verify/graph';
import { KubernetesObject, kubernetesObjects } from '../../lib/verify/pod-view';
import { EksCluster, eksClustersFromModel } from '../../lib/verify/simulate';

export const DEFAULT_MODEL_FILE = path.join(__dirname, '..', '..', 'apps', 'default-model.yaml');
export const DEFAULT_TF_OUTPUTS: TerraformOutputs = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'apps', 'default-tf-outputs.json'), 'utf8'));

/** A model, its synthesized output and what the stand-ins need to judge. */
export interface Deployment {
  readonly name: string;
  readonly model: IdentityModel;
  readonly files: readonly SynthesizedFile[];
  /** Kubernetes objects per cluster issuer name. */
  readonly clusters: ReadonlyMap<string, readonly KubernetesObject[]>;
  readonly graph: TrustGraph;
  readonly eksClusters: readonly EksCluster[];
  /** Entra tenants of the model (the stand-in knows no other). */
  readonly tenants: readonly string[];
  readonly gcpProjects: ReadonlyArray<{ readonly id: string; readonly number: string }>;
}

/**
 * The trust graph the stand-ins judge with: the synthesized files read back by the checker's
 * parsers (CloudFormation, Terraform JSON, Kubernetes YAML), with the client ids Entra assigned
 * (the Terraform outputs) — so a request is judged against what crossfed wrote, not what the
 * model meant.
 */
export function trustGraphOf(model: IdentityModel, files: readonly SynthesizedFile[], tfOutputs: TerraformOutputs): TrustGraph {
  const graph = buildTrustGraph(files, { model, tfOutputs });
  if (graph.parseErrors.length > 0) throw new Error(`the synthesized files do not parse: ${graph.parseErrors.map(e => `${e.file}: ${e.message}`).join('; ')}`);
  return graph;
}

/** Synthesizes a model's Kubernetes output (with its example pods) and the graph to judge with. */
export function deploy(name: string, model: IdentityModel, tfOutputs: TerraformOutputs): Deployment {
  const kubernetes = synthesizeKubernetes(model, { tfOutputs, tfOutputsSource: 'tf-outputs.json', examplePods: true });
  const files = [...synthesizeCloudFormation(model, { validation: false }), ...synthesizeAzureTerraform(model), ...synthesizeGcpTerraform(model), ...kubernetes];
  const clusters = new Map(kubernetes.map(f => [path.basename(f.path, '.yaml'), kubernetesObjects(f.content)]));
  return {
    name, model, files, clusters, graph: trustGraphOf(model, files, tfOutputs), eksClusters: eksClustersFromModel(model), tenants: model.azureTenants.map(t => t.tenantId),
    gcpProjects: model.gcpProjects.map(p => ({ id: p.projectId, number: p.projectNumber })),
  };
}

/** `terraform output -json` of plain output name → value. */
export function tfOutputsOf(values: Readonly<Record<string, string>>): TerraformOutputs {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v, type: 'string', sensitive: false }]));
}
