/**
 * The CloudFormation output of the `crossfed` command: TypeScript-only (not part of the jsii
 * API). Import it by path: `import { synthesizeCloudFormation } from 'crossfed/lib/aws/synthesize'`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { AwsIdentityStack, AwsIdentityStacksOptions } from './identity-stack';
import { fail, LIMITS } from './private/limits';
import { CrossfedError, isCrossfedError, Problem } from '../model/errors';
import { IdentityModel } from '../model/identity-model';
import { SynthesizedFile } from '../model/synth-output';

/** Options of {@link synthesizeCloudFormation}. */
export interface CloudFormationSynthOptions extends AwsIdentityStacksOptions {
  /**
   * Run aws-cdk-lib's built-in CloudFormation validation (AWS's schema validator); any finding
   * fails the synth. Costs about 2 s and 300 MB per call.
   * @default true
   */
  readonly validation?: boolean;
  /** Receives each warning as `<id>: <message> [<construct path>]`, in a stable order. @default - warnings are dropped */
  readonly onWarning?: (warning: string) => void;
  /** Receives each note (informational, e.g. `crossfed:aws:no-thumbprint`), formatted like warnings. @default - notes are dropped */
  readonly onInfo?: (info: string) => void;
}

const VALIDATION_STRICT = '@aws-cdk/core:validateAgainstDefaultRules';

/**
 * Synthesizes the model's AWS side: `cloudformation/<stack>.template.json` for every stack of
 * {@link AwsIdentityStack.forModel}, sorted by path. Deterministic for a given model: no
 * bootstrap parameters, no metadata, no hashes of the machine.
 */
export function synthesizeCloudFormation(model: IdentityModel, options: CloudFormationSynthOptions = {}): SynthesizedFile[] {
  const validation = options.validation ?? true;
  const maxBytes = options.maxTemplateBytes ?? LIMITS.templateBytesS3;
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'crossfed-cfn-'));
  try {
    const app = new App({
      outdir, builtinCloudFormationValidation: validation, analyticsReporting: false, treeMetadata: false, stackTraces: false,
      context: { [VALIDATION_STRICT]: true },
    });
    AwsIdentityStack.forModel(app, model, options);
    let assembly;
    try {
      assembly = app.synth();
    } catch (e) {
      throw toCrossfedError(e, outdir);
    }
    const files: SynthesizedFile[] = [];
    const warnings: string[] = [];
    const infos: string[] = [];
    for (const stack of [...assembly.stacks].sort((a, b) => (a.stackName < b.stackName ? -1 : 1))) {
      const content = fs.readFileSync(path.join(outdir, stack.templateFile), 'utf8');
      const bytes = Buffer.byteLength(content);
      if (bytes > maxBytes) {
        fail(stack.stackName, 'templateSize', bytes, `is over the template size limit of ${maxBytes} bytes`, `at most ${maxBytes} bytes`, 'lower targetResourcesPerStack, or pin more stacks with stackCounts');
      }
      if (!options.bootstrapped && bytes > LIMITS.templateBytesInline) {
        warnings.push(`crossfed:aws:template-over-inline-limit: Stack ${stack.stackName} is ${bytes} bytes, over the ${LIMITS.templateBytesInline} bytes CloudFormation accepts inline: deploy it with \`aws cloudformation deploy --s3-bucket …\` (or a bootstrapped \`cdk deploy\`). [${stack.stackName}]`);
      }
      for (const m of stack.messages) {
        if (m.level !== 'warning' && m.level !== 'info') continue;
        const data = String(m.entry.data);
        const ack = /^([\s\S]*) \[ack: ([^\]]+)\]$/.exec(data);
        const [message, id] = ack ? [ack[1], ack[2]] : [data, m.level];
        if (id === 'crossfed:aws:template-over-inline-limit') continue; // replaced by the exact size above
        (m.level === 'warning' ? warnings : infos).push(`${id}: ${message} [${m.id.replace(/^\//, '')}]`);
      }
      files.push({ path: `cloudformation/${stack.stackName}.template.json`, content: content.endsWith('\n') ? content : `${content}\n` });
    }
    for (const w of warnings) options.onWarning?.(w);
    for (const i of infos) options.onInfo?.(i);
    return files;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Turns a failed synth into a CrossfedError: validation findings one problem each. */
function toCrossfedError(e: unknown, outdir: string): unknown {
  if (isCrossfedError(e)) return e;
  const reportFile = path.join(outdir, 'validation-report.json');
  if (fs.existsSync(reportFile)) {
    const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
    const problems: Problem[] = [];
    for (const plugin of report.pluginReports ?? []) {
      for (const v of plugin.violations ?? []) {
        for (const c of v.violatingConstructs ?? [{}]) {
          problems.push({
            where: c.constructPath ?? c.cloudFormationResource?.templatePath ?? 'cloudformation',
            field: (c.cloudFormationResource?.propertyPaths ?? []).join(', ') || 'template',
            value: v.ruleName, problem: `fails ${plugin.pluginName}: ${v.description}`,
            fix: 'crossfed wrote a template CloudFormation would refuse: please report it with the model that produced it',
          });
        }
      }
    }
    if (problems.length > 0) return new CrossfedError(problems);
  }
  return e;
}
