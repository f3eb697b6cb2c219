import { Command, Option } from 'commander';
import type { Io } from './main';
import { readTfOutputs } from './synth';
import type { IdentityModel } from '../model/identity-model';
import { checkArtifacts } from '../verify/check';
import { formatJson, formatParseError, formatText } from '../verify/format';
import { ruleContext } from '../verify/rules/context';
import { negativeMatrixOf } from '../verify/rules/cross-artifact/negative-matrix-run';

const collect = (v: string, all: string[] = []) => [...all, v];

/** Exit codes of `check` (README): findings at error level → 1, unreadable input → 2. */
const CODES = { pass: 0, fail: 1, unreadable: 2 } as const;

/** Parses `NAME=VALUE` parameters. */
function parameters(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new Error(`--parameter "${v}" is not NAME=VALUE`);
    out[v.slice(0, eq)] = v.slice(eq + 1);
  }
  return out;
}

/** `crossfed check [PATH…] [--issuer URL]… [--model FILE] [--parameter NAME=VALUE]… [--format text|json]` */
export function checkCommand(program: Command, io: Io, setCode: (c: number) => void, loadModel: (file?: string) => IdentityModel): void {
  program.command('check')
    .description('Check CloudFormation, Terraform JSON and Kubernetes YAML (crossfed\'s or hand-written): who each artifact lets become whom, and every misconfiguration with its fix.')
    .argument('[paths...]', 'files or directories (*.template.json|yaml, *.tf.json, Kubernetes *.yaml|yml)', ['.'])
    .addOption(new Option('--issuer <url>', 'a cluster\'s issuer: <url> for every Kubernetes file, or <file or cluster name>=<url> (repeatable)').argParser(collect))
    .addOption(new Option('-m, --model <file>', 'the model the artifacts come from (issuers, project numbers)'))
    .addOption(new Option('--discovery <dir>', 'a self-managed issuer\'s published documents (.well-known/openid-configuration and the JWKS), as `crossfed issuer` writes them (repeatable)').argParser(collect))
    .option('--tf-outputs <file>', '`terraform output -json` of the Entra stacks: ties pods\' client ids to the identities (with --model)')
    .addOption(new Option('--parameter <name=value>', 'a CloudFormation (pseudo) parameter or Terraform var.<name> value (repeatable)').argParser(collect))
    .addOption(new Option('--format <format>', 'output form').choices(['text', 'json']).default('text'))
    .addHelpText('after', '\nExit codes: 0 no error-level finding, 1 error-level findings, 2 unreadable input (file and position on stderr).')
    .action((paths: string[], opts: { issuer?: string[]; model?: string; discovery?: string[]; tfOutputs?: string; parameter?: string[]; format: 'text' | 'json' }) => {
      let params: Record<string, string>;
      try {
        params = parameters(opts.parameter ?? []);
      } catch (e) {
        io.err(`error: ${(e as Error).message}. Fix: write e.g. --parameter AWS::AccountId=111122223333\n`);
        setCode(CODES.unreadable);
        return;
      }
      const model = opts.model ? loadModel(opts.model) : undefined;
      const tfOutputs = opts.tfOutputs ? readTfOutputs(opts.tfOutputs) : undefined;
      const result = checkArtifacts(paths, { issuers: opts.issuer ?? [], model, tfOutputs, parameters: params, discovery: opts.discovery });
      // The rules ran the matrix already (it is cached per graph and model): say how much it tried.
      const matrix = model ? negativeMatrixOf(ruleContext(result.graph, { model })) : undefined;
      const summary = matrix && { pairs: matrix.pairs.length, tried: matrix.tried, accepted: matrix.accepted };
      let text = opts.format === 'json' ? formatJson(result, summary) : formatText(result, { color: io.isTTY === true });
      if (summary && opts.format !== 'json') {
        text += `negative matrix: ${summary.pairs} granted pairs, ${summary.tried} near-miss tokens tried, ${summary.accepted} accepted\n`;
      }
      io.out(text);
      for (const e of result.errors) io.err(`error: ${formatParseError(e)}\n`);
      setCode(CODES[result.verdict]);
    });
}
