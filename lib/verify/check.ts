/**
 * `checkArtifacts`: reads artifacts (files on disk, or files in memory such as what
 * `crossfed synth` is about to write), builds the trust graph and runs the rule catalogue.
 * Never throws on bad input; always returns a verdict.
 */
import * as fs from 'fs';
import * as path from 'path';
import { buildTrustGraph, GraphOptions } from './assemble';
import { readDiscovery } from './discovery';
import { OidcDocuments, ParseError, TrustGraph } from './graph';
import { ArtifactFile } from './parse';
import { ruleContext } from './rules/context';
import { RULES } from './rules/index';
import { Finding, Rule, SEVERITIES, Severity } from './rules/rule';
import { ExchangeSimulator } from './simulator';

/** Options of a check. */
export interface CheckOptions extends GraphOptions {
  /** The rules to run. @default - the whole catalogue (`RULES`) */
  readonly rules?: readonly Rule[];
  /** Evaluates token exchanges for the cross-artifact rules. @default - the checker's static evaluator */
  readonly simulator?: ExchangeSimulator;
  /** Directories holding a self-managed issuer's published documents (as `crossfed issuer` writes them). @default - none */
  readonly discovery?: readonly string[];
}

/** `pass`: no error-level finding; `fail`: some; `unreadable`: some input could not be read. */
export type Verdict = 'pass' | 'fail' | 'unreadable';

/** What a check found. */
export interface CheckResult {
  /** Findings, sorted by file, line, rule and resource. */
  readonly findings: Finding[];
  /** Input that could not be read, with its position. */
  readonly errors: ParseError[];
  readonly verdict: Verdict;
  /** Findings per severity. */
  readonly counts: Readonly<Record<Severity, number>>;
  /** The trust graph the rules ran on. */
  readonly graph: TrustGraph;
}

/** File names a directory walk picks up. */
export const ARTIFACT_FILE = /(\.template\.(json|ya?ml)|\.tf\.json|\.ya?ml)$/i;

const SKIPPED_DIRS = new Set(['node_modules', '.git']);

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/**
 * The artifact files under the given paths: files as named, directories walked for
 * `*.template.json|yaml`, `*.tf.json` and `*.yaml|yml` (hidden folders and node_modules skipped).
 */
export function readArtifactFiles(paths: readonly string[]): { files: ArtifactFile[]; errors: ParseError[] } {
  const files: ArtifactFile[] = [];
  const errors: ParseError[] = [];
  const read = (p: string) => {
    try {
      files.push({ path: toPosix(p), content: fs.readFileSync(p, 'utf8') });
    } catch (e) {
      errors.push({ file: toPosix(p), message: `cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
    }
  };
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      errors.push({ file: toPosix(dir), message: `cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && !SKIPPED_DIRS.has(e.name)) walk(p);
      } else if (e.isFile() && ARTIFACT_FILE.test(e.name)) {
        read(p);
      }
    }
  };
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (e) {
      errors.push({ file: toPosix(p), message: `cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      continue;
    }
    if (stat.isDirectory()) walk(p);
    else read(p);
  }
  return { files, errors };
}

function compare(a: Finding, b: Finding): number {
  const key = (f: Finding) => [f.file, String(f.line ?? Number.MAX_SAFE_INTEGER).padStart(10, '0'), f.rule, f.resource, f.message];
  const [x, y] = [key(a), key(b)];
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  return 0;
}

/** Runs rules over a trust graph: findings sorted, duplicates removed. */
export function checkGraph(graph: TrustGraph, options: Pick<CheckOptions, 'rules' | 'simulator' | 'model' | 'issuers'> = {}): Finding[] {
  const ctx = ruleContext(graph, { model: options.model, simulator: options.simulator, issuers: options.issuers });
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const rule of options.rules ?? RULES) {
    for (const f of rule.run(ctx)) {
      const key = JSON.stringify([f.rule, f.file, f.resource, f.message]);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(f);
    }
  }
  return out.sort(compare);
}

function isFileList(input: readonly string[] | readonly ArtifactFile[]): input is readonly ArtifactFile[] {
  return input.length > 0 && typeof input[0] === 'object';
}

/**
 * Checks artifacts: paths (files or directories) or files in memory (`SynthesizedFile[]`).
 * Throws only a `CrossfedError` for malformed options (e.g. an `issuers` entry that is no URL).
 */
export function checkArtifacts(input: readonly string[] | readonly ArtifactFile[], options: CheckOptions = {}): CheckResult {
  const { files, errors } = isFileList(input) ? { files: [...input], errors: [] } : readArtifactFiles(input as readonly string[]);
  const graph = buildTrustGraph(files, options);
  graph.parseErrors.unshift(...errors);
  for (const dir of options.discovery ?? []) {
    const d = readDiscovery(dir);
    graph.parseErrors.push(...d.errors);
    if (d.documents) (graph as { oidc?: OidcDocuments[] }).oidc = [...(graph.oidc ?? []), d.documents];
  }
  const findings = checkGraph(graph, options);
  const counts = Object.fromEntries(SEVERITIES.map(s => [s, findings.filter(f => f.severity === s).length])) as Record<Severity, number>;
  const verdict: Verdict = graph.parseErrors.length > 0 ? 'unreadable' : counts.error > 0 ? 'fail' : 'pass';
  return { findings, errors: graph.parseErrors, verdict, counts, graph };
}
