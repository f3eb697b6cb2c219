/**
 * What every renderer returns: files in memory, relative to the output directory, so that
 * the CLI can write them all at once into a temporary directory and move it into place only
 * when everything succeeded.
 */
export interface SynthesizedFile {
  /** Path relative to the output directory, `/`-separated (e.g. `kubernetes/prod-eks.yaml`). */
  readonly path: string;
  /** File content, deterministic for a given model. */
  readonly content: string;
}

/**
 * `terraform output -json` as parsed JSON: `{ "<name>": { "value": …, "type": …, "sensitive": … } }`.
 * Values a cloud assigns at deploy time (Entra client ids) come from here.
 */
export interface TerraformOutputs {
  readonly [name: string]: { readonly value: unknown; readonly type?: unknown; readonly sensitive?: boolean };
}

/** Labels and annotations crossfed puts on what it renders, so reviewers and the checker can trace them. */
export const CROSSFED_LABELS = {
  /** Label: `app.kubernetes.io/managed-by: crossfed`. */
  managedBy: 'app.kubernetes.io/managed-by',
  /** Label: the workload id with `/` as `.` (`prod-eks.pipeline`). */
  workload: 'crossfed.dev/workload',
  /** Annotation: the cluster's issuer URL, byte for byte. */
  issuer: 'crossfed.dev/issuer',
  /** Annotation: the model name and file position the object came from. */
  source: 'crossfed.dev/source',
} as const;
