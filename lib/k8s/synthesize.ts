import { App, Chart, Yaml } from 'cdk8s';
import { ClusterIdentities, ExamplePodImages } from './cluster-identities';
import { DeferredValues } from './deferred-values';
import { CrossfedError, isCrossfedError, Problem } from '../model/errors';
import type { IdentityModel } from '../model/identity-model';
import type { SynthesizedFile, TerraformOutputs } from '../model/synth-output';

/** Options of `synthesizeKubernetes`. */
export interface KubernetesSynthOptions {
  /** `terraform output -json` of the stack(s) creating Entra identities: their client ids. */
  readonly tfOutputs?: TerraformOutputs;
  /** Where the outputs came from, for messages (e.g. the file given to `--tf-outputs`). */
  readonly tfOutputsSource?: string;
  /** The Terraform directory of the Entra ID stack, named in the command an unresolved client id asks for. */
  readonly terraformDirectory?: string;
  /** An example pod per workload, to apply and try the output as is. @default true */
  readonly examplePods?: boolean;
  /** Images of the example pods. */
  readonly examplePodImages?: ExamplePodImages;
  /** Lifetime of explicit-mode projected tokens for workloads that set none. @default 3600 */
  readonly defaultTokenExpirationSeconds?: number;
}

/**
 * Renders `kubernetes/<cluster issuer name>.yaml` for each Kubernetes cluster of the model,
 * in issuer name order, in memory. Problems of every cluster are reported together, in one
 * CrossfedError (e.g. every Entra client id that the Terraform outputs lack).
 * TypeScript-only: the command line calls it; construct users add `k8s.ClusterIdentities`.
 */
export function synthesizeKubernetes(model: IdentityModel, options: KubernetesSynthOptions = {}): SynthesizedFile[] {
  const deferredValues = options.tfOutputs ? DeferredValues._fromOutputs(options.tfOutputs, options.tfOutputsSource ?? 'the Terraform outputs') : undefined;
  const app = new App({ outdir: 'kubernetes' });
  const problems: Problem[] = [];
  const charts: Array<{ name: string; url: string; chart: Chart }> = [];
  for (const cluster of model.issuers.filter(i => i.isKubernetes)) {
    const chart = new Chart(app, cluster.name);
    try {
      new ClusterIdentities(chart, 'Identities', {
        model, cluster, deferredValues, terraformDirectory: options.terraformDirectory, examplePods: options.examplePods ?? true,
        examplePodImages: options.examplePodImages, defaultTokenExpirationSeconds: options.defaultTokenExpirationSeconds,
      });
    } catch (e) {
      if (!isCrossfedError(e)) throw e;
      problems.push(...e.problems);
      continue;
    }
    charts.push({ name: cluster.name, url: cluster.url, chart });
  }
  if (problems.length > 0) throw new CrossfedError(problems);
  return charts.map(({ name, url, chart }) => {
    const header = `# Kubernetes objects of cluster "${name}" (issuer ${url}), rendered by crossfed from model "${model.name}".\n`
      + '# Do not edit: change the model and synthesize again. The namespaces must exist before `kubectl apply -f`.\n';
    const objects = chart.toJson();
    return { path: `kubernetes/${name}.yaml`, content: header + (objects.length > 0 ? Yaml.stringify(...objects) : '# (no workloads of this cluster in the model)\n') };
  });
}
