import * as fs from 'fs';
import * as path from 'path';
import { CrossfedError } from '../model/errors';
import { IdentityModel } from '../model/identity-model';
import type { SynthesizedFile, TerraformOutputs } from '../model/synth-output';
import { identityGraph } from './report/identity-graph';
import { dotToSvg, toDot } from './report/render-graph';
import { renderReport, ReportFinding } from './report/report';
import { RENDERER_STAGES } from './stages';

/** Context a renderer stage gets. */
export interface StageContext {
  readonly tfOutputs?: TerraformOutputs;
  /** Where the outputs came from (the `--tf-outputs` file), for messages. */
  readonly tfOutputsSource?: string;
  /** The output directory as the user gave it, for commands in messages. */
  readonly outDir: string;
  /** aws-cdk-lib's built-in CloudFormation validation. */
  readonly validation: boolean;
  /** Warnings renderers raise (stable id first), shown in the report. */
  readonly warnings: string[];
}

/** One renderer as the synth command runs it: loaded lazily, so unused frameworks are never loaded. */
export interface Stage {
  readonly name: string;
  /** Whether the model needs this stage at all. */
  applies(model: IdentityModel): boolean;
  run(model: IdentityModel, ctx: StageContext): Promise<SynthesizedFile[]>;
}

/** The renderer stages, in output order. */
export const STAGES: Stage[] = RENDERER_STAGES;

/** What the checker says about synthesized files: findings, and a verdict per intended pair. */
export interface CheckOutcome {
  readonly findings: ReportFinding[];
  readonly verdicts: ReadonlyMap<string, string>;
  /** Near-miss tokens tried and accepted by the negative matrix. */
  readonly nearMisses: { readonly tried: number; readonly accepted: number };
}

/** Runs the checker (rules and the negative matrix) over files in memory. Loaded only here. */
export async function checkSynthesized(files: readonly SynthesizedFile[], model: IdentityModel, tfOutputs?: TerraformOutputs): Promise<CheckOutcome> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const verify = require('../verify') as typeof import('../verify');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { negativeMatrixOf } = require('../verify/rules/cross-artifact/negative-matrix-run') as typeof import('../verify/rules/cross-artifact/negative-matrix-run');
  const result = verify.checkArtifacts(files, { model, tfOutputs });
  const matrix = negativeMatrixOf(verify.ruleContext(result.graph, { model }));
  const verdicts = new Map<string, string>();
  for (const o of matrix.pairs) {
    const refusedAll = o.acceptedNearMisses.length === 0;
    verdicts.set(o.pair.label, o.intended.accepted
      ? `accepted; ${o.tried - o.acceptedNearMisses.length}/${o.tried} near misses refused${refusedAll ? '' : ' — see findings'}`
      : o.intended.undecided ? `undecided: ${o.intended.reason}` : `**refused**: ${o.intended.reason}`);
  }
  const findings: ReportFinding[] = [
    ...result.errors.map(e => ({ rule: 'unreadable', severity: 'error' as const, resource: '', file: e.file, message: e.message, fix: 'fix the file' })),
    ...result.findings.map(f => ({ rule: f.rule, severity: f.severity, resource: f.resource, file: f.file, message: f.message, fix: f.fix })),
  ];
  return { findings, verdicts, nearMisses: { tried: matrix.tried, accepted: matrix.accepted } };
}

export interface SynthOptions {
  readonly model: IdentityModel;
  readonly modelSource: string;
  readonly tfOutputs?: TerraformOutputs;
  readonly tfOutputsSource?: string;
  readonly validation?: boolean;
  readonly skip?: readonly string[];
  /** The output directory as the user gave it (only for messages). */
  readonly outDir?: string;
  /** Leave out the checker (rules and negative matrix). */
  readonly skipCheck?: boolean;
  /** Progress lines (stderr), or undefined for quiet. */
  readonly progress?: (line: string) => void;
}

export interface SynthResult {
  readonly files: SynthesizedFile[];
  readonly findings?: ReportFinding[];
  readonly nearMisses?: { readonly tried: number; readonly accepted: number };
}

/** Synthesizes every artifact, the report and the picture, in memory. */
export async function synthesize(o: SynthOptions): Promise<SynthResult> {
  const ctx: StageContext = { tfOutputs: o.tfOutputs, tfOutputsSource: o.tfOutputsSource, outDir: o.outDir ?? 'dist', validation: o.validation ?? true, warnings: [] };
  const files: SynthesizedFile[] = [];
  for (const stage of STAGES) {
    if (o.skip?.includes(stage.name) || !stage.applies(o.model)) continue;
    const started = Date.now();
    const out = await stage.run(o.model, ctx);
    o.progress?.(`${stage.name}: ${out.length} file${out.length === 1 ? '' : 's'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    files.push(...out);
  }
  let check: CheckOutcome | undefined;
  if (!o.skipCheck) {
    const started = Date.now();
    check = await checkSynthesized(files, o.model, o.tfOutputs);
    o.progress?.(`check: ${check.findings.length} finding${check.findings.length === 1 ? '' : 's'}, ${check.nearMisses.tried} near-miss tokens tried, in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const findings = check?.findings;
  const svg = await dotToSvg(toDot(identityGraph(o.model)));
  const report = renderReport({
    model: o.model, modelSource: o.modelSource, files, findings, verdicts: check?.verdicts, nearMisses: check?.nearMisses,
    tfOutputsSource: o.tfOutputsSource, tfOutputs: o.tfOutputs, rendererWarnings: ctx.warnings,
  });
  return { files: [...files, { path: 'REPORT.md', content: report }, { path: 'trust-graph.svg', content: svg }], findings, nearMisses: check?.nearMisses };
}

/** Reads `terraform output -json` (one file, or several merged by the user). */
export function readTfOutputs(file: string): TerraformOutputs {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e: any) {
    throw CrossfedError.of({ where: file, field: '--tf-outputs', value: file, problem: `cannot be read (${e.code ?? e.message})`, fix: 'write it with `terraform -chdir=<stack> output -json > tf-outputs.json`' });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e: any) {
    throw CrossfedError.of({ where: file, field: '--tf-outputs', problem: `is not JSON (${e.message})`, fix: 'write it with `terraform output -json`, not `terraform output`' });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.values(parsed).some(v => typeof v !== 'object' || v === null || !('value' in v))) {
    throw CrossfedError.of({ where: file, field: '--tf-outputs', problem: 'is not the output of `terraform output -json`', allowed: '{"<name>": {"value": …, "type": …}}', fix: 'write it with `terraform output -json`' });
  }
  return parsed as TerraformOutputs;
}

/**
 * Writes all files into a temporary directory beside `outDir` and moves it into place only
 * when every file is written: a failure never leaves a half-written output directory.
 */
export function writeAtomically(outDir: string, files: readonly SynthesizedFile[]): void {
  const target = path.resolve(outDir);
  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.tmp-`));
  try {
    fs.chmodSync(tmp, 0o755); // mkdtemp creates 0700; the output is an ordinary directory
    for (const f of files) {
      const dest = path.resolve(tmp, f.path);
      if (!dest.startsWith(tmp + path.sep)) throw new Error(`refusing to write outside the output directory: ${f.path}`);
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.writeFileSync(dest, f.content);
    }
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  let old: string | undefined;
  if (fs.existsSync(target)) {
    try {
      carryOverTerraformState(target, tmp);
    } catch (e) {
      fs.rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
    old = `${tmp}.old`;
    fs.renameSync(target, old);
  }
  fs.renameSync(tmp, target);
  if (old) fs.rmSync(old, { recursive: true, force: true });
}

/** Files Terraform keeps beside a stack's configuration: its local state and working directory. */
const TERRAFORM_WORKING_FILES = /^(terraform\.tfstate(\.backup)?|\.terraform|\.terraform\.lock\.hcl)$/;

/**
 * A re-synthesis replaces the output directory, but never a stack's local Terraform state:
 * `terraform/<stack>/terraform.tfstate`, `.terraform/` and the lock file move into the new
 * output (when the stack is still there).
 */
function carryOverTerraformState(from: string, to: string): void {
  const tf = path.join(from, 'terraform');
  if (!fs.existsSync(tf)) return;
  for (const stack of fs.readdirSync(tf)) {
    const dest = path.join(to, 'terraform', stack);
    const src = path.join(tf, stack);
    if (!fs.statSync(src).isDirectory()) continue;
    for (const entry of fs.readdirSync(src).filter(e => TERRAFORM_WORKING_FILES.test(e))) {
      fs.mkdirSync(dest, { recursive: true });
      fs.cpSync(path.join(src, entry), path.join(dest, entry), { recursive: true, verbatimSymlinks: true });
    }
  }
}
