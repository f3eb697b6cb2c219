/**
 * Terraform-CDK glue shared by the Entra ID and GCP renderers: stable Terraform names,
 * the default backend, and deterministic synthesis into memory. It lives in lib/azure (and
 * lib/gcp imports it) so that every Terraform-CDK import stays inside those two folders.
 */
import { createHash } from 'crypto';
import * as os from 'os';
import { AnnotationMetadataEntryType, App, LocalBackend, TerraformBackend, TerraformDataSource, TerraformElement, TerraformOutput, TerraformResource, TerraformStack } from 'cdktf';
import { invokeAspects } from 'cdktf/lib/synthesize/synthesizer';
import { IConstruct } from 'constructs';
import { CrossfedError } from '../../model/errors';
import { SynthesizedFile } from '../../model/synth-output';

/** Throws the one crossfed error type, located at a construct path. */
export function fail(where: string, field: string, value: unknown, problem: string, allowed: string | undefined, fix: string): never {
  throw CrossfedError.of({ where, field, value, problem, allowed, fix });
}

/** First 8 hex digits of SHA-256: a stable suffix for names built from long values. */
export function shortHash(...values: string[]): string {
  return createHash('sha256').update(values.join('\n')).digest('hex').slice(0, 8);
}

/**
 * A Terraform name (the `<name>` of `<type>.<name>`) from parts taken from the model: the parts
 * joined with `__`, characters Terraform does not allow in names replaced by `_`.
 */
export function terraformName(...parts: string[]): string {
  const name = parts.map(p => p.replace(/[^A-Za-z0-9_-]+/g, '_')).join('__');
  return /^[A-Za-z_]/.test(name) ? name : `_${name}`;
}

const allocated = new WeakMap<TerraformStack, Map<string, string>>();

/**
 * Gives a resource, data source or output the Terraform name the model implies, rather than
 * one derived from its construct path: moving a construct in an app then never replaces a
 * cloud resource. Two elements with the same address in one stack are refused (Terraform JSON
 * would silently merge them).
 */
export function nameElement(element: TerraformElement, name: string): void {
  const address = TerraformResource.isTerraformResource(element) ? element.terraformResourceType
    : TerraformDataSource.isTerraformDataSource(element) ? `data.${element.terraformResourceType}`
      : TerraformOutput.isTerraformOutput(element) ? 'output' : element.constructor.name;
  const stack = TerraformStack.of(element);
  let names = allocated.get(stack);
  if (!names) allocated.set(stack, names = new Map());
  const key = `${address}.${name}`;
  const other = names.get(key);
  if (other !== undefined) {
    fail(element.node.path, 'Terraform address', key, `is already used by ${other}`, 'unique Terraform addresses in a stack',
      'render each tenant or project once per stack; if two model names differ only in characters a Terraform name cannot hold ("-" vs "_", case), rename one');
  }
  names.set(key, element.node.path);
  element.overrideLogicalId(name);
}

/**
 * The backend of a crossfed stack: the one the user added, or a local backend with a relative
 * state path (cdktf's default writes the absolute path of the synthesizing machine).
 */
export function defaultBackend(stack: TerraformStack): TerraformBackend {
  const own = stack.node.findAll().find((c: IConstruct) => TerraformBackend.isBackend(c));
  return (own as TerraformBackend | undefined) ?? new LocalBackend(stack, { path: 'terraform.tfstate' });
}

/** An app for in-memory synthesis: creates no directory, writes no stack traces. */
export function memoryApp(): App {
  return new App({ outdir: os.tmpdir(), stackTraces: false });
}

/**
 * Synthesizes stacks the way `cdktf synth` does (aspects, validations, backend, errors), into
 * memory: `terraform/<stack>/cdk.tf.json`, keys sorted, no timestamps and no machine paths.
 */
export function synthesizeStacks(stacks: TerraformStack[]): SynthesizedFile[] {
  return stacks.map(stack => {
    invokeAspects(stack);
    stack.runAllValidations();
    stack.prepareStack();
    const errors = stack.node.findAll().flatMap(c => c.node.metadata
      .filter(m => m.type === AnnotationMetadataEntryType.ERROR)
      .map(m => `[${c.node.path}] ${m.data}`));
    if (errors.length > 0) throw new Error(`Terraform synthesis of stack "${stack.node.id}" failed:\n${errors.join('\n')}`);
    return { path: `terraform/${stack.node.id}/cdk.tf.json`, content: `${stableJson(stack.toTerraform())}\n` };
  });
}

/** JSON with object keys sorted at every level, indented by two spaces. */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), undefined, 2);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value as object).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}
