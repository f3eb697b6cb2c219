import * as fc from 'fast-check';
import { parseAllDocuments, stringify } from 'yaml';
import { ArtifactFile, checkArtifacts, CheckResult } from '../../../lib/verify';
import { FIXTURES, filesOf, fixtureCases, loadFixture } from '../fixture-helpers';

/**
 * Robustness: 10,000 random mutations of the valid fixtures (text edits and structural edits),
 * each checked. The checker must never throw, and must always return a verdict with
 * well-formed findings, the same on a second run. (Two test files, so that they run in parallel.)
 */

export const SEED = Number(process.env.CROSSFED_FC_SEED ?? 20261122);
export const RUNS_PER_PROPERTY = 2500;

const okOf = new Map(fixtureCases().filter(([, v]) => v === 'ok').map(([s]) => [s, loadFixture(s, 'ok')] as const));
const scenarios = [...okOf.values()];
const variants = fixtureCases().filter(([, v]) => v !== 'ok').flatMap(([s, v]) => filesOf(`${FIXTURES}/${s}/${v}`).map(f => ({ scenario: s, file: f })));

/** A scenario and one of its files (or a variant's file). */
export const target = fc.integer({ min: 0, max: scenarios.length + variants.length - 1 }).map(i => {
  if (i < scenarios.length) {
    const sc = scenarios[i];
    return { files: sc.files, options: sc.options };
  }
  const v = variants[i - scenarios.length];
  const sc = okOf.get(v.scenario)!;
  return { files: [...sc.files.filter(f => f.path !== v.file.path), v.file], options: sc.options };
});

export function verify(files: ArtifactFile[], options: object): void {
  let result: CheckResult | undefined;
  expect(() => { result = checkArtifacts(files, options); }).not.toThrow();
  const r = result!;
  expect(['pass', 'fail', 'unreadable']).toContain(r.verdict);
  for (const f of r.findings) {
    expect(typeof f.rule === 'string' && typeof f.resource === 'string' && typeof f.file === 'string' && typeof f.message === 'string' && typeof f.fix === 'string').toBe(true);
    expect(['error', 'warning', 'info']).toContain(f.severity);
  }
  for (const e of r.errors) expect(typeof e.message === 'string' && typeof e.file === 'string').toBe(true);
  expect(r.verdict === 'unreadable').toBe(r.errors.length > 0);
  // Deterministic: every tenth case is checked twice.
  if (++runs % 10 === 0) expect(checkArtifacts(files, options).findings).toEqual(r.findings);
}
let runs = 0;

const CHARS = [...'{}[]":,\n -!*&?|>#%@`\'\\${}.:=/0123456789abcxyzAZ\t'];
export const textEdit = fc.record({
  kind: fc.constantFrom('delete', 'insert', 'replace', 'duplicate-line', 'swap-lines', 'truncate'),
  at: fc.nat(),
  len: fc.nat({ max: 40 }),
  text: fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 24 }),
});

export function applyText(s: string, e: { kind: string; at: number; len: number; text: string }): string {
  const at = s.length === 0 ? 0 : e.at % s.length;
  const lines = s.split('\n');
  const li = e.at % Math.max(lines.length, 1);
  switch (e.kind) {
    case 'delete': return s.slice(0, at) + s.slice(at + e.len);
    case 'insert': return s.slice(0, at) + e.text + s.slice(at);
    case 'replace': return s.slice(0, at) + e.text + s.slice(at + e.len);
    case 'duplicate-line': return [...lines.slice(0, li + 1), lines[li], ...lines.slice(li + 1)].join('\n');
    case 'swap-lines': {
      const lj = (li + 1 + e.len) % Math.max(lines.length, 1);
      const copy = [...lines];
      [copy[li], copy[lj]] = [copy[lj], copy[li]];
      return copy.join('\n');
    }
    default: return s.slice(0, at);
  }
}

/** Values that stress the resolvers and rules when put anywhere in a document. */
export const nasty = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    '${azuread_application.app.id}', '${var.x}', '${data.x.y.z}', '$${literal}', '%{ if x }', '${', '*', '?', '', ' ', 'system:serviceaccount:*:*',
    { Ref: 'AWS::AccountId' }, { Ref: 'Missing' }, { 'Fn::GetAtt': ['PipelineRole', 'Arn'] }, { 'Fn::Sub': ['${X}', { X: { Ref: 'X' } }] }, { 'Fn::Join': ['', [{ Ref: 'A' }, 1, null]] },
    { 'Fn::If': ['Missing', 'a', 'b'] }, { 'Fn::Select': [99, []] }, { unresolved: 'x', parts: 'not-an-array' }, 'x'.repeat(5000), [[[[[[[[[[]]]]]]]]]],
  ),
);

/** Every path to a value in a document. */
function paths(v: unknown, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...prefix, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...prefix, k], out);
  return out;
}

function setAt(root: unknown, p: Array<string | number>, value: unknown, remove: boolean): unknown {
  if (p.length === 0) return value;
  const parent = p.slice(0, -1).reduce<any>((o, k) => o?.[k], root);
  if (parent && typeof parent === 'object') {
    if (remove) {
      if (Array.isArray(parent)) parent.splice(Number(p[p.length - 1]), 1);
      else delete parent[p[p.length - 1]];
    } else {
      parent[p[p.length - 1]] = value;
    }
  }
  return root;
}

export function structuralMutation(f: ArtifactFile, pick: number, value: unknown, remove: boolean): ArtifactFile {
  const json = f.path.endsWith('.json');
  let docs: unknown[];
  try {
    docs = json ? [JSON.parse(f.content)] : parseAllDocuments(f.content).map(d => d.toJS());
  } catch {
    return f;
  }
  const all = docs.flatMap((d, i) => paths(d).map(p => [i, ...p] as Array<string | number>));
  if (all.length === 0) return f;
  const [doc, ...p] = all[pick % all.length];
  docs[doc as number] = setAt(docs[doc as number], p, value, remove);
  return { path: f.path, content: json ? JSON.stringify(docs[0], null, 2) : docs.map(d => stringify(d)).join('---\n') };
}

