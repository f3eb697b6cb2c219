import * as fs from 'fs';
import { CrossfedError } from '../model/errors';
import type { TerraformOutputs } from '../model/synth-output';

/**
 * Values a cloud assigns only at deploy time, which the Kubernetes objects need: the client id
 * Entra ID gives an application or managed identity that crossfed creates.
 *
 * The Terraform stack that creates an identity exports its client id as an output named
 * `EntraIdentity.clientIdOutputName`; read them from `terraform output -json`. Without the
 * value, synthesis stops and says which command to run: crossfed never writes a placeholder.
 */
export class DeferredValues {
  /**
   * From the text `terraform output -json` prints (`{"<name>": {"value": …, "type": …}}`).
   * @param json the JSON text
   * @param source where it came from, for messages (e.g. the file name)
   */
  public static fromTerraformOutputJson(json: string, source?: string): DeferredValues {
    const where = source ?? 'terraform output -json';
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (e) {
      throw CrossfedError.of({
        where, field: 'terraform outputs', problem: `is not JSON (${(e as Error).message})`,
        fix: 'write it with `terraform output -json > tf-outputs.json` (`terraform output` without -json prints text)',
      });
    }
    const outputs = parsed as { [name: string]: unknown };
    const isOutput = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v) && 'value' in v;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !Object.values(outputs).every(isOutput)) {
      throw CrossfedError.of({
        where, field: 'terraform outputs', problem: 'is not the output of `terraform output -json`',
        allowed: '{"<output name>": {"value": …, "type": …, "sensitive": …}}', fix: 'write it with `terraform output -json > tf-outputs.json`',
      });
    }
    return DeferredValues._fromOutputs(parsed as TerraformOutputs, where);
  }

  /** From a file holding what `terraform output -json` printed. */
  public static fromTerraformOutputFile(file: string): DeferredValues {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw CrossfedError.of({
        where: file, field: 'terraform outputs', value: file, problem: `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
        fix: 'write the file with `terraform -chdir=<stack directory> output -json > tf-outputs.json`',
      });
    }
    return DeferredValues.fromTerraformOutputJson(text, file);
  }

  /**
   * From output names and their values, e.g. `{ azure_client_id_acme_app_pipeline: '…' }`.
   * @param values output name → value
   * @param source where they came from, for messages
   */
  public static fromValues(values: { [name: string]: string }, source?: string): DeferredValues {
    return new DeferredValues(new Map(Object.entries(values)), source ?? 'deferred values');
  }

  /** No values: every identity whose client id Entra ID assigns at deploy time is an error. */
  public static none(): DeferredValues {
    return new DeferredValues(new Map(), 'no terraform outputs');
  }

  /** @internal From parsed `terraform output -json` (the command line's reader returns it). */
  public static _fromOutputs(outputs: TerraformOutputs, source: string): DeferredValues {
    return new DeferredValues(new Map(Object.entries(outputs).map(([k, v]) => [k, v.value])), source);
  }

  /** Where the values came from (a file name, or a description). */
  public readonly source: string;
  private readonly values: Map<string, unknown>;

  private constructor(values: Map<string, unknown>, source: string) {
    this.values = values;
    this.source = source;
  }

  /** Names of the values, sorted. */
  public get names(): string[] {
    return [...this.values.keys()].sort();
  }

  /** Whether a value of this name was given. */
  public has(name: string): boolean {
    return this.values.has(name);
  }

  /**
   * The value of this name when it is a string.
   * @returns undefined when absent; throws a CrossfedError when present but not a string
   */
  public tryGetString(name: string): string | undefined {
    if (!this.values.has(name)) return undefined;
    const v = this.values.get(name);
    if (typeof v !== 'string') {
      throw CrossfedError.of({
        where: this.source, field: name, value: v, problem: 'is not a string', allowed: 'a string output',
        fix: 'export the value itself as the output (e.g. `value = azuread_application.x.client_id`), not an object holding it',
      });
    }
    return v;
  }
}
