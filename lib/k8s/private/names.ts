import { createHash } from 'crypto';
import { CROSSFED_LABELS } from '../../model/synth-output';
import type { Workload } from '../../model/workload';

/** Kubernetes label values: at most 63 characters, alphanumerics and `-_.` inside. */
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/**
 * `name` if it fits in `max` characters, else a stable shortening: a prefix and eight hex
 * characters of its SHA-256, so that two long names never collide.
 */
export function fitName(name: string, max: number): string {
  if (name.length <= max) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, max - hash.length - 1).replace(/[-_.]+$/, '')}-${hash}`;
}

/** The `crossfed.dev/workload` label value: the workload id with `/` as `.`, fitted to a label value. */
export function workloadLabelValue(workload: Workload): string {
  const value = fitName(workload.id.replace(/\//g, '.'), 63);
  if (!LABEL_VALUE.test(value)) throw new Error(`internal: workload label value "${value}" is not a valid label value`);
  return value;
}

/**
 * The `crossfed.dev/source` annotation value: the model name and where the entry was declared.
 * File positions keep only the file name, so the output never depends on the directory the
 * model was loaded from.
 */
export function sourceAnnotationValue(workload: Workload): string {
  const where = workload.sourceLocation.replace(/^.*[\\/](?=[^\\/]*:\d+:\d+$)/, '');
  return `${workload._model.name}, ${where}`;
}

/** Labels and annotations every object rendered for a workload carries. */
export function crossfedMetadata(workload: Workload): { labels: Record<string, string>; annotations: Record<string, string> } {
  return {
    labels: { [CROSSFED_LABELS.managedBy]: 'crossfed', [CROSSFED_LABELS.workload]: workloadLabelValue(workload) },
    annotations: { [CROSSFED_LABELS.source]: sourceAnnotationValue(workload) },
  };
}
