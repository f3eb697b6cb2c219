/**
 * `npm run bench`: crossfed against plain L1 constructs, and the checker, over synthetic models
 * of N workloads; every figure measured in a child process of its own (wall time, peak RSS),
 * the median of several runs. Prints tables, the goals, and last one line of JSON.
 *
 *   npm run bench                          # N = 100, 1,000, 5,000; 3 runs each
 *   npm run bench -- --n 10,50 --runs 1    # a quick look
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Command, InvalidArgumentError } from 'commander';
import * as ts from 'typescript';
import { DeployCost, deployCost, grantsOf, quotas } from './count';
import { generateModel } from './generate';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'crossfed');

export interface BenchOptions {
  readonly n: number[];
  readonly runs: number;
  /** N at which crossfed also runs with aws-cdk-lib's validation on. */
  readonly validationAt?: number;
  /** Whether to time `crossfed synth` on the default model too. @default true */
  readonly coldStart?: boolean;
  /** Progress lines. */
  readonly log?: (line: string) => void;
}

/** One measured process: wall seconds, peak RSS in MB, and what the probe saw. */
export interface Measure {
  readonly s: number;
  readonly rssMb: number;
  readonly status: number;
  readonly stdout: string;
  readonly firstWriteMs?: number;
  readonly modulesAtFirstWrite?: number;
  readonly packagesAtFirstWrite?: string[];
}

export interface CheckFigures {
  readonly errors: number;
  readonly warnings: number;
  readonly info: number;
  readonly rules: Record<string, number>;
  readonly nearMissesTried: number;
  readonly nearMissesAccepted: number;
}

export interface BenchRow {
  readonly n: number;
  readonly grants: ReturnType<typeof grantsOf>;
  readonly crossfed: Measure;
  readonly crossfedValidated?: Measure;
  readonly baseline: Measure;
  readonly check: Measure;
  readonly findings: CheckFigures;
  readonly cost: DeployCost;
  readonly baselineResources: Record<string, number>;
}

export interface BenchResult {
  readonly rows: BenchRow[];
  readonly coldStart?: Measure;
  readonly coldStartNoValidation?: Measure;
}

/** Transpiles the bench's own helpers that run as child processes (no ts-node in what is timed). */
function transpile(work: string): { probe: string; baseline: string } {
  const out = (name: string) => {
    const source = fs.readFileSync(path.join(__dirname, `${name}.ts`), 'utf8');
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
    // Beside the sources' node_modules, so the child resolves the same packages.
    const file = path.join(work, `${name}.js`);
    fs.writeFileSync(file, js);
    return file;
  };
  return { probe: out('probe'), baseline: out('baseline') };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Runs `node --require probe <args>` `runs` times; the median run by wall time. */
function measure(probe: string, work: string, args: string[], runs: number, opts: { output?: (run: number) => string; okStatus?: number[] } = {}): Measure {
  const results: Measure[] = [];
  for (let r = 0; r < runs; r++) {
    const probeFile = path.join(work, `probe-${process.pid}-${r}.json`);
    const output = opts.output?.(r);
    const argv = args.map(a => a.replace('{out}', output ?? ''));
    const started = process.hrtime.bigint();
    const p = spawnSync(process.execPath, ['--require', probe, ...argv], {
      cwd: ROOT, encoding: 'utf8', maxBuffer: 2 ** 30,
      env: { ...process.env, CROSSFED_BENCH_PROBE: probeFile, CROSSFED_BENCH_OUTPUT: output ?? '', CHECKPOINT_DISABLE: '1', NODE_NO_WARNINGS: '1' },
    });
    const s = Number(process.hrtime.bigint() - started) / 1e9;
    if (p.error) throw p.error;
    if (!(opts.okStatus ?? [0]).includes(p.status ?? -1)) {
      throw new Error(`bench: \`node ${argv.join(' ')}\` exited ${p.status}:\n${p.stderr.slice(-4000)}`);
    }
    const seen = JSON.parse(fs.readFileSync(probeFile, 'utf8'));
    fs.rmSync(probeFile);
    results.push({
      s, rssMb: seen.maxRssKb / 1024, status: p.status ?? -1, stdout: p.stdout,
      firstWriteMs: seen.firstWrite?.ms, modulesAtFirstWrite: seen.firstWrite?.modules, packagesAtFirstWrite: seen.firstWrite?.packages,
    });
  }
  const m = median(results.map(x => x.s));
  const chosen = results.find(x => x.s === m) ?? results[0];
  return { ...chosen, s: m, rssMb: median(results.map(x => x.rssMb)) };
}

function checkFigures(stdout: string): CheckFigures {
  const j = JSON.parse(stdout);
  const rules: Record<string, number> = {};
  for (const f of j.findings) rules[`${f.severity} ${f.rule}`] = (rules[`${f.severity} ${f.rule}`] ?? 0) + 1;
  const sev = (s: string) => j.findings.filter((f: { severity: string }) => f.severity === s).length;
  return { errors: sev('error'), warnings: sev('warning'), info: sev('info'), rules, nearMissesTried: j.negativeMatrix?.tried ?? 0, nearMissesAccepted: j.negativeMatrix?.accepted ?? 0 };
}

/** Runs the benchmark; everything it writes goes to a temporary directory it removes. */
export function runBench(o: BenchOptions): BenchResult {
  const log = o.log ?? (() => undefined);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'crossfed-bench-'));
  // The transpiled children live in the repo (bench/.out/), so they resolve its node_modules.
  const work = path.join(__dirname, '.out', `run-${process.pid}`);
  fs.mkdirSync(work, { recursive: true });
  try {
    const { probe, baseline } = transpile(work);
    const rows: BenchRow[] = [];
    for (const n of o.n) {
      const dir = path.join(tmp, `n${n}`);
      fs.mkdirSync(dir);
      const g = generateModel(n);
      const model = path.join(dir, 'model.json');
      const tf = path.join(dir, 'tf-outputs.json');
      fs.writeFileSync(model, JSON.stringify(g.model));
      fs.writeFileSync(tf, JSON.stringify(g.tfOutputs));
      const synth = ['synth', '-m', model, '--tf-outputs', tf, '-o', '{out}', '--no-check', '-q'];
      log(`N=${n}: crossfed synth (${o.runs}×)`);
      const crossfed = measure(probe, work, [BIN, ...synth, '--no-validation'], o.runs, { output: r => path.join(dir, `crossfed-${r}`) });
      let crossfedValidated: Measure | undefined;
      if (n === o.validationAt) {
        log(`N=${n}: crossfed synth with validation (${o.runs}×)`);
        crossfedValidated = measure(probe, work, [BIN, ...synth], o.runs, { output: r => path.join(dir, `validated-${r}`) });
      }
      log(`N=${n}: baseline (${o.runs}×)`);
      const base = measure(probe, work, [baseline, model, '{out}', tf], o.runs, { output: r => path.join(dir, `baseline-${r}`) });
      const out = path.join(dir, 'crossfed-0');
      log(`N=${n}: crossfed check (${o.runs}×)`);
      const check = measure(probe, work, [BIN, 'check', out, '--model', model, '--tf-outputs', tf, '--format', 'json'], o.runs, { okStatus: [0, 1] });
      const grants = grantsOf(g.model);
      rows.push({
        n, grants, crossfed, crossfedValidated, baseline: base, check, findings: checkFigures(check.stdout), cost: deployCost(out, grants),
        baselineResources: JSON.parse(base.stdout.trim().split('\n').pop() ?? '{}').resources ?? {},
      });
      fs.rmSync(dir, { recursive: true, force: true });
    }
    if (o.coldStart === false) return { rows };
    log(`cold start: crossfed synth on the default model (${o.runs}×)`);
    const coldStart = measure(probe, work, [BIN, 'synth', '-o', '{out}', '-q'], o.runs, { output: r => path.join(tmp, `default-${r}`) });
    const coldStartNoValidation = measure(probe, work, [BIN, 'synth', '-o', '{out}', '-q', '--no-validation'], o.runs, { output: r => path.join(tmp, `default-nv-${r}`) });
    return { rows, coldStart, coldStartNoValidation };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.rmSync(work, { recursive: true, force: true });
  }
}

const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);

function table(head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map(r => r.map(String))];
  const width = head.map((_, i) => Math.max(...cells.map(r => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(width[i]) : c.padStart(width[i]))).join(' | ')} |`;
  return [line(head), `| ${width.map(w => '-'.repeat(w)).join(' | ')} |`, ...cells.slice(1).map(line)].join('\n');
}

/** The report: tables, goals, and the last line, JSON. */
export function formatBench(r: BenchResult): string {
  const out: string[] = [];
  out.push(table(
    ['N', 'crossfed s', 'baseline s', 'ratio', 'check s', 'crossfed MB', 'baseline MB', 'check MB', 'near misses', 'errors', 'warnings'],
    r.rows.map(x => [x.n, f2(x.crossfed.s), f2(x.baseline.s), f2(x.crossfed.s / x.baseline.s), f2(x.check.s), f1(x.crossfed.rssMb), f1(x.baseline.rssMb), f1(x.check.rssMb),
      `${x.findings.nearMissesTried}/${x.findings.nearMissesAccepted} acc.`, x.findings.errors, x.findings.warnings]),
  ));
  for (const x of r.rows.filter(y => y.crossfedValidated)) {
    out.push('', `N=${x.n} with aws-cdk-lib's built-in validation on: ${f2(x.crossfedValidated!.s)} s, ${f1(x.crossfedValidated!.rssMb)} MB (off: ${f2(x.crossfed.s)} s, ${f1(x.crossfed.rssMb)} MB)`);
  }
  out.push('', 'Deploy cost (crossfed output):', table(
    ['N', 'stacks', 'CFN res./AWS grant', 'OIDC providers', 'custom res.', 'Lambda fns', 'TF res./Entra grant', 'TF res./GCP grant', 'pools', 'providers', 'k8s objects'],
    r.rows.map(({ n, cost: c }) => [n, c.stacks, f2(c.cfnPerAwsGrant), c.oidcProviders, c.customResources, c.lambdaFunctions, f2(c.entraPerGrant), f2(c.gcpPerGrant), c.gcpPools, c.gcpProviders, c.k8sObjects]),
  ));
  const last = r.rows[r.rows.length - 1];
  if (last) {
    out.push('', `Quotas at N=${last.n} (largest value / limit):`, table(['quota', 'value', 'limit', 'ok'], quotas(last.cost).map(q => [q.name, q.value, q.limit, q.value <= q.limit ? 'yes' : 'NO'])));
    out.push('', `Findings at N=${last.n}: ${Object.entries(last.findings.rules).map(([k, v]) => `${v} ${k}`).join(', ') || 'none'}`);
    const rc = Object.keys(last.baselineResources).length;
    if (rc) out.push(`Baseline resources at N=${last.n}: ${Object.values(last.baselineResources).reduce((a, b) => a + b, 0)} (crossfed: ${last.cost.cfnResources + last.cost.entraResources + last.cost.gcpResources + last.cost.k8sObjects})`);
  }
  const cs = r.coldStart;
  const nv = r.coldStartNoValidation;
  if (cs && nv) {
    out.push('', `Cold start, \`crossfed synth\` on the default model: ${f2(cs.s)} s, ${f1(cs.rssMb)} MB (with --no-validation ${f2(nv.s)} s, ${f1(nv.rssMb)} MB).`,
      `Loaded before the first output byte (at ${Math.round(nv.firstWriteMs ?? 0)} ms, --no-validation): ${nv.modulesAtFirstWrite ?? '?'} modules, by package: ${(nv.packagesAtFirstWrite ?? []).join(', ')}`);
  }
  out.push('', 'Goals:', ...goals(r).map(g => `- ${g.ok ? 'met' : 'NOT met'}: ${g.text}`));
  out.push('', JSON.stringify(benchJson(r)));
  return `${out.join('\n')}\n`;
}

export function goals(r: BenchResult): { text: string; ok: boolean }[] {
  const at = (n: number) => r.rows.find(x => x.n === n);
  const g: { text: string; ok: boolean }[] = [];
  const k = at(1000); const five = at(5000);
  if (k) g.push({ text: `crossfed / baseline at N=1,000 = ${f2(k.crossfed.s / k.baseline.s)} (≤ 1.3)`, ok: k.crossfed.s / k.baseline.s <= 1.3 });
  if (k && five) {
    g.push({ text: `crossfed(5,000) / crossfed(1,000) = ${f2(five.crossfed.s / k.crossfed.s)} (≤ 5.5)`, ok: five.crossfed.s / k.crossfed.s <= 5.5 });
  }
  if (five) {
    g.push({ text: `peak RSS at N=5,000: crossfed ${f1(five.crossfed.rssMb)} MB / baseline ${f1(five.baseline.rssMb)} MB = ${f2(five.crossfed.rssMb / five.baseline.rssMb)} (≤ 1.5)`, ok: five.crossfed.rssMb / five.baseline.rssMb <= 1.5 });
    g.push({ text: `error-level findings at N=5,000: ${five.findings.errors} (0), near misses accepted ${five.findings.nearMissesAccepted}`, ok: five.findings.errors === 0 && five.findings.nearMissesAccepted === 0 });
  }
  for (const x of r.rows) g.push({ text: `check(${x.n}) ${f2(x.check.s)} s ≤ crossfed(${x.n}) ${f2(x.crossfed.s)} s`, ok: x.check.s <= x.crossfed.s });
  return g;
}

export function benchJson(r: BenchResult) {
  const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
  return {
    n: r.rows.map(x => x.n),
    crossfed_s: r.rows.map(x => round(x.crossfed.s)),
    baseline_s: r.rows.map(x => round(x.baseline.s)),
    check_s: r.rows.map(x => round(x.check.s)),
    crossfed_rss_mb: r.rows.map(x => round(x.crossfed.rssMb, 1)),
    baseline_rss_mb: r.rows.map(x => round(x.baseline.rssMb, 1)),
    check_rss_mb: r.rows.map(x => round(x.check.rssMb, 1)),
  };
}

function list(v: string): number[] {
  const ns = v.split(',').map(x => Number(x.replace(/_/g, '')));
  if (ns.some(x => !Number.isInteger(x) || x < 1)) throw new InvalidArgumentError(`"${v}" is not a comma-separated list of positive whole numbers (e.g. 100,1000,5000)`);
  return ns;
}

function positive(v: string): number {
  const x = Number(v);
  if (!Number.isInteger(x) || x < 1) throw new InvalidArgumentError(`"${v}" is not a positive whole number`);
  return x;
}

if (require.main === module) {
  const program = new Command('bench')
    .description('crossfed against plain L1 constructs, and the checker, over synthetic models of N workloads')
    .option('--n <list>', 'workload counts', list, [100, 1000, 5000])
    .option('--runs <count>', 'runs of each measurement (the median is reported)', positive, 3)
    .option('--validation-at <n>', 'N at which crossfed also runs with aws-cdk-lib validation on', positive, 1000)
    .action((opts: { n: number[]; runs: number; validationAt: number }) => {
      const started = Date.now();
      const result = runBench({ n: opts.n, runs: opts.runs, validationAt: opts.validationAt, log: line => process.stderr.write(`${line}\n`) });
      process.stderr.write(`bench: ${((Date.now() - started) / 1000).toFixed(0)} s in all\n`);
      process.stdout.write(formatBench(result));
    });
  program.parse();
}
