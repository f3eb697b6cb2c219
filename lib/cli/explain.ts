import { Command, Option } from 'commander';
import type { Io } from './main';
import { readTfOutputs } from './synth';
import { CrossfedError } from '../model/errors';
import type { IdentityModel } from '../model/identity-model';
import { buildTrustGraph } from '../verify/assemble';
import { readArtifactFiles } from '../verify/check';
import { formatParseError } from '../verify/format';
import { explain } from '../verify/simulate/explain';
import { explainJson, explainText, formatResult } from '../verify/simulate/format';
import { eksClustersFromModel, intendedPairsFromModel } from '../verify/simulate/intended';
import { ExchangeResult } from '../verify/simulate/result';
import { loadExplainToken } from '../verify/simulate/token-file';

const collect = (v: string, all: string[] = []) => [...all, v];

interface ExplainCliOptions {
  readonly claims?: string;
  readonly token?: string;
  readonly jwks?: string;
  readonly workload?: string;
  readonly model?: string;
  readonly tfOutputs?: string;
  readonly issuer?: string[];
  readonly format: 'text' | 'json';
}

/**
 * `crossfed explain [PATH…] (--claims FILE | --token JWT-FILE | --workload NAME) [--model FILE] [--issuer URL]… [--format text|json]`
 * Exit codes: 0 when the token (or every credential of the workload) is accepted somewhere, 1 when refused, 2 for bad input.
 */
export function explainCommand(program: Command, io: Io, setCode: (c: number) => void, loadModel: (file?: string) => IdentityModel): void {
  program.command('explain')
    .description('Simulate each cloud\'s token exchange against the artifacts, step by step, and say in the cloud\'s own words why a token would be refused.')
    .argument('[paths...]', 'artifact files or directories (as for check)', ['.'])
    .option('--claims <file>', 'the token\'s JSON payload')
    .option('--token <file>', 'a JWT (decoded; verified when --jwks is given)')
    .option('--jwks <file>', 'the issuer\'s JWKS, to verify --token\'s signature')
    .option('--workload <name>', 'a workload: the model\'s <issuer>/<name>, or a pod template <name>, <namespace>/<name> or <Kind>/<namespace>/<name>')
    .option('-m, --model <file>', 'the model the artifacts come from')
    .option('--tf-outputs <file>', '`terraform output -json` of the Entra stacks: ties client ids to the identities (with --model)')
    .addOption(new Option('--issuer <url>', 'a cluster\'s issuer: <url>, or <file or cluster name>=<url> (repeatable)').argParser(collect))
    .addOption(new Option('--format <format>', 'output form').choices(['text', 'json']).default('text'))
    .addHelpText('after', '\nExit codes: 0 accepted, 1 refused, 2 bad input.')
    .action(async (paths: string[], opts: ExplainCliOptions) => {
      const forms = [opts.claims && '--claims', opts.token && '--token', opts.workload && '--workload'].filter(Boolean);
      if (forms.length !== 1) {
        throw CrossfedError.of({ where: 'crossfed explain', field: forms.length ? forms.join(' and ') : '--claims, --token or --workload', problem: forms.length ? 'are given together' : 'is missing', allowed: 'exactly one of --claims FILE, --token FILE, --workload NAME', fix: 'say which token to explain' });
      }
      const model = opts.model ? loadModel(opts.model) : undefined;
      const { files, errors } = readArtifactFiles(paths);
      const graph = buildTrustGraph(files, { issuers: opts.issuer ?? [], model, tfOutputs: opts.tfOutputs ? readTfOutputs(opts.tfOutputs) : undefined });
      for (const e of [...errors, ...graph.parseErrors]) io.err(`warning: ${formatParseError(e)}\n`);
      const eksClusters = model ? eksClustersFromModel(model) : [];
      const bareIssuer = (opts.issuer ?? []).find(i => !i.includes('='));

      if (!opts.workload) {
        const token = await loadExplainToken({ claims: opts.claims, token: opts.token, jwks: opts.jwks });
        const outcome = explain(graph, { subject: { token }, issuer: bareIssuer, eksClusters });
        io.out(opts.format === 'json' ? `${JSON.stringify(explainJson({ results: outcome.results }), null, 2)}\n` : `${explainText({ token, results: outcome.results })}\n`);
        setCode(outcome.results.some(r => r.accepted) ? 0 : 1);
        return;
      }

      const results: Array<{ label: string; result: ExchangeResult }> = [];
      const modelWorkload = model?.findWorkload(opts.workload);
      if (modelWorkload && !modelWorkload.isKubernetes) {
        // A CI identity has no pods: its token is the one the model derives, presented to its grants.
        for (const pair of intendedPairsFromModel(model!).filter(p => p.label.startsWith(`${modelWorkload.id} →`))) {
          results.push({ label: pair.label, result: explain(graph, { subject: { token: pair.token }, targets: [pair.target], eksClusters }).results[0] });
        }
      } else {
        const name = modelWorkload ? `${modelWorkload.namespace}/` : opts.workload;
        const matching = modelWorkload
          ? graph.k8s.workloads.filter(w => w.namespace === modelWorkload.namespace && w.serviceAccountName === modelWorkload.serviceAccount
            && (w.issuer === undefined || w.issuer === modelWorkload.issuer.url)).map(w => `${w.kind}/${w.namespace}/${w.name}`)
          : [name];
        for (const w of matching) {
          for (const e of explain(graph, { subject: { workload: w }, issuer: modelWorkload?.issuer.url ?? bareIssuer, eksClusters }).workloadCredentials ?? []) {
            results.push({ label: `${w} (${e.credential.container ?? 'pod'}) → ${e.result.cloud}`, result: e.result });
          }
        }
      }
      if (results.length === 0) {
        throw CrossfedError.of({ where: 'crossfed explain', field: '--workload', value: opts.workload, problem: 'matches no pod with cloud credentials in the artifacts, and no CI identity of the model', allowed: 'a model workload (<issuer>/<name>) or a pod template name', fix: 'check the name, the paths and --model' });
      }
      if (opts.format === 'json') {
        io.out(`${JSON.stringify(explainJson({ results: results.map(r => r.result) }), null, 2)}\n`);
      } else {
        const refused = results.filter(r => !r.result.accepted);
        io.out(`${opts.workload}: ${results.length - refused.length} of ${results.length} credentials accepted\n\n${[...refused, ...results.filter(r => r.result.accepted)]
          .map(r => `${r.label}\n${formatResult(r.result)}`).join('\n\n')}\n`);
      }
      setCode(results.every(r => r.result.accepted) ? 0 : 1);
    });
}

