import * as fs from 'fs';
import { Chart, Testing } from 'cdk8s';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Pod } from 'kubernetes-models/v1/Pod';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';

/** A Kubernetes object as synthesized: plain JSON. */
export type Manifest = Record<string, any>;

/** Validators from the Kubernetes OpenAPI schema (kubernetes-models), by `apiVersion/kind`. */
const VALIDATORS: Record<string, new (data: any) => { validate(): void }> = {
  'v1/ServiceAccount': ServiceAccount,
  'v1/ConfigMap': ConfigMap,
  'v1/Pod': Pod,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'batch/v1/Job': Job,
  'batch/v1/CronJob': CronJob,
  'rbac.authorization.k8s.io/v1/RoleBinding': RoleBinding,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': ClusterRoleBinding,
};

/**
 * Validates every object against the Kubernetes schema; throws on the first invalid one, and on
 * a kind it has no validator for (nothing is skipped). Returns the number validated. With
 * CROSSFED_K8S_VALIDATION_TALLY set to a file, appends the count to it, so that a run of the
 * suite can report how many objects were validated.
 */
export function validateManifests(objects: readonly Manifest[]): number {
  for (const o of objects) {
    const Model = VALIDATORS[`${o.apiVersion}/${o.kind}`];
    if (!Model) throw new Error(`no kubernetes-models validator for ${o.apiVersion}/${o.kind}`);
    try {
      new Model(o).validate();
    } catch (e) {
      throw new Error(`${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}: ${(e as Error).message}`);
    }
  }
  const tally = process.env.CROSSFED_K8S_VALIDATION_TALLY;
  if (tally) fs.appendFileSync(tally, `${objects.length}\n`);
  return objects.length;
}

/** A fresh chart, built by `build`, synthesized and validated. */
export function synth(build: (chart: Chart) => void): Manifest[] {
  const chart = new Chart(Testing.app(), 'test');
  build(chart);
  const objects = chart.toJson() as Manifest[];
  validateManifests(objects);
  return objects;
}

/** The one object of this kind (and name); fails when there is not exactly one. */
export function one(objects: readonly Manifest[], kind: string, name?: string): Manifest {
  const found = objects.filter(o => o.kind === kind && (name === undefined || o.metadata?.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? ` named ${name}` : ''}, found ${found.length}: ${objects.map(o => `${o.kind}/${o.metadata?.name}`).join(', ')}`);
  return found[0];
}

/** The pod spec of a Pod or of a workload's pod template. */
export function podSpecOf(o: Manifest): Manifest {
  if (o.kind === 'Pod') return o.spec;
  if (o.kind === 'CronJob') return o.spec.jobTemplate.spec.template.spec;
  return o.spec.template.spec;
}

/** The env of a container as `name → value`. */
export function envOf(container: Manifest): Record<string, string> {
  return Object.fromEntries((container.env ?? []).map((e: Manifest) => [e.name, e.value]));
}

/** The projected service-account tokens of a pod spec, by volume name. */
export function projectedTokens(spec: Manifest): Record<string, { audience: string; expirationSeconds: number; path: string }> {
  const out: Record<string, any> = {};
  for (const v of spec.volumes ?? []) {
    for (const s of v.projected?.sources ?? []) if (s.serviceAccountToken) out[v.name] = s.serviceAccountToken;
  }
  return out;
}
