import * as path from 'path';
import { Command, CommanderError, Option } from 'commander';
import { checkCommand } from './check';
import { explainCommand } from './explain';
import { issuerCommand } from './issuer';
import { modelSummary } from './summary';
import { readTfOutputs, synthesize, writeAtomically } from './synth';
import { formatProblem, isCrossfedError } from '../model/errors';
import { IdentityModel } from '../model/identity-model';

/** Exit codes, documented in the README. */
export const EXIT = { OK: 0, FINDINGS: 1, BAD_INPUT: 2, INTERNAL: 3 } as const;

/** The built-in default model, shipped with the package. */
export const DEFAULT_MODEL = path.join(__dirname, '..', '..', 'apps', 'default-model.yaml');

/** Example `terraform output -json` of the default model (the client ids Entra would assign). */
export const DEFAULT_TF_OUTPUTS = path.join(__dirname, '..', '..', 'apps', 'default-tf-outputs.json');

/** Loads the model given with --model, or the built-in default. */
export function loadModel(file?: string): IdentityModel {
  return file ? IdentityModel.fromFile(file) : IdentityModel.fromFile(DEFAULT_MODEL);
}

export interface Io {
  out(s: string): void;
  err(s: string): void;
  /** Whether `out` is a terminal (colour is used only then). @default false */
  readonly isTTY?: boolean;
}

const stdio: Io = {
  out: s => process.stdout.write(s),
  err: s => process.stderr.write(s),
  get isTTY() {
    return process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
  },
};

export function buildProgram(io: Io, setCode: (c: number) => void): Command {
  const program = new Command('crossfed')
    .description('Cross-cloud workload identity federation without static credentials.\nOne identity model -> Kubernetes YAML, CloudFormation and Terraform JSON, checked before deploy.')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(run "crossfed --help" for usage)')
    .addHelpText('after', '\nExit codes: 0 ok, 1 findings at error level, 2 bad input, 3 internal error.');

  program.command('validate')
    .description('Load and validate a model; print what it federates.')
    .addOption(new Option('-m, --model <file>', 'model file (YAML or JSON)').default(undefined, 'the built-in default model'))
    .action((opts: { model?: string }) => {
      const model = loadModel(opts.model);
      io.out(modelSummary(model));
      setCode(EXIT.OK);
    });

  program.command('synth')
    .description('Synthesize Kubernetes YAML, CloudFormation and Terraform JSON from a model, check them, and write REPORT.md and trust-graph.svg.')
    .addOption(new Option('-m, --model <file>', 'model file (YAML or JSON)').default(undefined, 'the built-in default model'))
    .option('-o, --out <dir>', 'output directory, replaced only when everything succeeded', 'dist')
    .addOption(new Option('--tf-outputs <file>', '`terraform output -json` of the Terraform stacks: the Entra client ids the Kubernetes YAML needs')
      .default(undefined, 'for the default model, its example outputs'))
    .option('--skip <stages>', 'comma-separated stages to leave out: kubernetes, cloudformation, terraform (e.g. before the first terraform apply)')
    .option('--no-validation', "skip aws-cdk-lib's built-in CloudFormation validation (faster)")
    .option('--no-check', 'skip the checker and the negative matrix (run `crossfed check` on the output later); REPORT.md then has no verdicts')
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (opts: { model?: string; out: string; tfOutputs?: string; skip?: string; validation: boolean; check: boolean; quiet?: boolean }) => {
      const model = loadModel(opts.model);
      const tfOutputsFile = opts.tfOutputs ?? (opts.model ? undefined : DEFAULT_TF_OUTPUTS);
      const tfOutputs = tfOutputsFile ? readTfOutputs(tfOutputsFile) : undefined;
      const skip = opts.skip?.split(',').map(x => x.trim()).filter(Boolean) ?? [];
      const verbose = !opts.quiet && model.workloads.length >= 100;
      const result = await synthesize({
        model, modelSource: opts.model ?? 'apps/default-model.yaml (built-in default)',
        tfOutputs, tfOutputsSource: tfOutputsFile && (opts.tfOutputs ?? 'apps/default-tf-outputs.json (example outputs of the default model)'),
        validation: opts.validation, skipCheck: !opts.check, skip, outDir: opts.out, progress: verbose ? line => io.err(`${line}\n`) : undefined,
      });
      writeAtomically(opts.out, result.files);
      const errors = result.findings?.filter(f => f.severity === 'error').length ?? 0;
      const warnings = result.findings?.filter(f => f.severity === 'warning').length ?? 0;
      if (!opts.quiet) {
        const matrix = result.nearMisses ? `, ${result.nearMisses.tried} near misses tried, ${result.nearMisses.accepted} accepted` : '';
        io.err(`wrote ${result.files.length} files to ${opts.out}${result.findings ? ` (checker: ${errors} errors, ${warnings} warnings${matrix})` : ''}; see ${path.join(opts.out, 'REPORT.md')}\n`);
      }
      setCode(errors > 0 ? EXIT.FINDINGS : EXIT.OK);
    });

  program.command('issuer')
    .description("Write a self-managed cluster's OIDC discovery document and JWKS, ready to publish at the issuer URL.")
    .requiredOption('--issuer <url>', 'the issuer URL, exactly as --service-account-issuer will say')
    .requiredOption('--public-key <file...>', 'PEM public key(s) of the service-account signing key(s); several during a rotation')
    .option('-o, --out <dir>', 'output directory', 'issuer')
    .option('-m, --model <file>', 'model file: tells whether the cluster federates to Entra ID (RS256 only)')
    .option('--no-entra', 'the cluster does not federate to Entra ID (allows ES256 keys)')
    .addOption(new Option('--kid <style>', 'key id: as kube-apiserver computes it, or the RFC 7638 JWK thumbprint').choices(['kubernetes', 'rfc7638']).default('kubernetes'))
    .action(async (opts: { issuer: string; publicKey: string[]; out: string; model?: string; entra: boolean; kid: 'kubernetes' | 'rfc7638' }) => {
      await issuerCommand(opts, io);
      setCode(EXIT.OK);
    });

  checkCommand(program, io, setCode, loadModel);
  explainCommand(program, io, setCode, loadModel);

  return program;
}

/** Runs the CLI; resolves to the exit code. Never lets a stack trace reach the user. */
export async function run(argv: string[], io: Io = stdio): Promise<number> {
  let code: number = EXIT.OK;
  const program = buildProgram(io, c => { code = c; });
  try {
    await program.parseAsync(argv);
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? EXIT.OK : EXIT.BAD_INPUT;
    }
    if (isCrossfedError(e)) {
      for (const p of e.problems) io.err(`error: ${formatProblem(p)}\n`);
      return EXIT.BAD_INPUT;
    }
    const err = e as Error;
    io.err(`crossfed: internal error: ${err?.message ?? String(e)}\n${process.env.CROSSFED_DEBUG ? `${err?.stack}\n` : 'Set CROSSFED_DEBUG=1 for details, and please report it.\n'}`);
    return EXIT.INTERNAL;
  }
}
