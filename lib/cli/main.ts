import * as path from 'path';
import { Command, CommanderError, Option } from 'commander';
import { checkCommand } from './check';
import { modelSummary } from './summary';
import { formatProblem, isCrossfedError } from '../model/errors';
import { IdentityModel } from '../model/identity-model';

/** Exit codes, documented in the README. */
export const EXIT = { OK: 0, FINDINGS: 1, BAD_INPUT: 2, INTERNAL: 3 } as const;

/** The built-in default model, shipped with the package. */
export const DEFAULT_MODEL = path.join(__dirname, '..', '..', 'apps', 'default-model.yaml');

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

  checkCommand(program, io, setCode, loadModel);

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
