import { Template } from 'aws-cdk-lib/assertions';
import { CloudFormationSynthOptions, synthesizeCloudFormation } from '../../lib/aws/synthesize';
import { IdentityModel } from '../../lib/model';

export interface Synthesized {
  /** Templates by stack name. */
  readonly templates: { [stack: string]: Template };
  /** Raw JSON by stack name. */
  readonly json: { [stack: string]: any };
  /** Warnings, `<id>: <message> [<path>]`. */
  readonly warnings: string[];
  /** Notes, formatted like warnings. */
  readonly infos: string[];
  /** File paths, in order. */
  readonly paths: string[];
}

/** Synthesizes the model's CloudFormation the way the CLI does (built-in validation off: unit tests). */
export function synth(model: IdentityModel, options: CloudFormationSynthOptions = {}): Synthesized {
  const warnings: string[] = [];
  const infos: string[] = [];
  const files = synthesizeCloudFormation(model, { validation: false, ...options, onWarning: w => warnings.push(w), onInfo: i => infos.push(i) });
  const templates: { [stack: string]: Template } = {};
  const json: { [stack: string]: any } = {};
  for (const f of files) {
    const stack = f.path.replace(/^cloudformation\//, '').replace(/\.template\.json$/, '');
    json[stack] = JSON.parse(f.content);
    templates[stack] = Template.fromJSON(json[stack]);
  }
  return { templates, json, warnings, infos, paths: files.map(f => f.path) };
}

/** Resources of a type in a template JSON, by logical id. */
export function resourcesOf(template: any, type: string): { [logicalId: string]: any } {
  return Object.fromEntries(Object.entries(template.Resources ?? {}).filter(([, r]: [string, any]) => r.Type === type));
}

/** The role resource with this name. */
export function roleNamed(template: any, roleName: string): any {
  const found = Object.values(resourcesOf(template, 'AWS::IAM::Role')).filter((r: any) => r.Properties.RoleName === roleName);
  if (found.length !== 1) throw new Error(`expected one role named ${roleName}, found ${found.length}`);
  return found[0];
}

/** Warning ids, sorted and unique. */
export function warningIds(warnings: string[]): string[] {
  return [...new Set(warnings.map(w => w.slice(0, w.indexOf(':', 'crossfed:aws:'.length))))].sort();
}
