import { isAlias, isMap, isScalar, isSeq, LineCounter, Node as YamlNode, parseAllDocuments, Document } from 'yaml';
import { MAX_NESTING, TextPosition } from './json';

/** One YAML document as plain data, with positions. */
export interface YamlDocument {
  readonly value: unknown;
  /** 1-based line where the document's content starts. */
  readonly line: number;
  /** The 1-based line of the member at `path` (keys from the root, depth ≤ 3), if recorded. */
  lineOf(path: readonly string[]): number | undefined;
}

/** A problem in one document. */
export interface YamlProblem {
  readonly message: string;
  readonly position: TextPosition;
}

/** CloudFormation's short-form intrinsic functions (`!Ref`, `!Sub` …). */
const CFN_SHORT_FORMS = new Set([
  'Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform',
  'And', 'Equals', 'If', 'Not', 'Or', 'Length', 'ToJsonString',
]);

/** `!Ref X` → `{Ref: X}`, `!GetAtt A.B` → `{"Fn::GetAtt": ["A", "B"]}`, `!Sub …` → `{"Fn::Sub": …}`. */
function cfnTag(tag: string, v: unknown): unknown {
  const name = tag.slice(1);
  if (name === 'Ref') return { Ref: v };
  if (name === 'Condition') return { Condition: v };
  if (name === 'GetAtt' && typeof v === 'string') {
    const dot = v.indexOf('.');
    return { 'Fn::GetAtt': dot < 0 ? [v] : [v.slice(0, dot), v.slice(dot + 1)] };
  }
  if (CFN_SHORT_FORMS.has(name)) return { [`Fn::${name}`]: v };
  return v;
}

class TooDeep extends Error {}

/** Most aliases expanded per document (a guard against exponential "billion laughs" input). */
const MAX_ALIASES = 1000;

/**
 * Parses every document of a YAML stream. With `cfnTags`, CloudFormation short forms become
 * their long forms. Problems are returned with positions, never thrown.
 */
export function parseYamlDocuments(text: string, options: { readonly cfnTags?: boolean } = {}): { documents: YamlDocument[]; problems: YamlProblem[] } {
  const lines = new LineCounter();
  const documents: YamlDocument[] = [];
  const problems: YamlProblem[] = [];
  const pos = (offset: number): TextPosition => {
    const p = lines.linePos(offset);
    return { line: p.line, column: p.col };
  };
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false }) as Document.Parsed[];
  } catch (e) {
    return { documents, problems: [{ message: `cannot be read as YAML (${(e as Error).message})`, position: { line: 1, column: 1 } }] };
  }
  if (!Array.isArray(docs)) docs = [docs];
  for (const doc of docs) {
    const errors = doc.errors ?? [];
    if (errors.length > 0) {
      const e = errors[0];
      problems.push({ message: e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''), position: pos(e.pos[0]) });
      continue;
    }
    const contents = doc.contents as YamlNode | null;
    if (contents === null || contents === undefined) continue;
    const offsets = new Map<string, number>();
    const seen = new Set<YamlNode>();
    let aliases = 0;
    const convert = (node: unknown, path: string[]): unknown => {
      if (path.length > MAX_NESTING) throw new TooDeep(`nested more than ${MAX_NESTING} levels deep`);
      if (isAlias(node)) {
        if (++aliases > MAX_ALIASES) throw new TooDeep(`expands more than ${MAX_ALIASES} aliases`);
        const target = node.resolve(doc);
        if (!target || seen.has(target as YamlNode)) return null;
        seen.add(target as YamlNode);
        const v = convert(target, path);
        seen.delete(target as YamlNode);
        return v;
      }
      let v: unknown;
      if (isScalar(node)) {
        v = node.value;
        if (typeof v === 'bigint') v = Number(v);
      } else if (isMap(node)) {
        const out: Record<string, unknown> = Object.create(null);
        for (const pair of node.items) {
          const k = isScalar(pair.key) ? pair.key.value : pair.key;
          const key = k === null || k === undefined ? '' : typeof k === 'object' ? JSON.stringify(convert(k, path)) : String(k);
          const p = [...path, key];
          const range = (pair.key as YamlNode | null)?.range;
          if (p.length <= 3 && range) offsets.set(JSON.stringify(p), range[0]);
          out[key] = convert(pair.value, p);
        }
        v = out;
      } else if (isSeq(node)) {
        v = node.items.map((item, i) => convert(item, [...path, String(i)]));
      } else {
        v = null;
      }
      const tag = (node as YamlNode | null)?.tag;
      return options.cfnTags && tag && tag.startsWith('!') && !tag.startsWith('!!') ? cfnTag(tag, v) : v;
    };
    let value: unknown;
    try {
      value = convert(contents, []);
    } catch (e) {
      if (!(e instanceof TooDeep)) throw e;
      problems.push({ message: (e as Error).message, position: pos(contents.range?.[0] ?? 0) });
      continue;
    }
    const start = contents.range?.[0] ?? 0;
    documents.push({
      value,
      line: pos(start).line,
      lineOf: (path: readonly string[]) => {
        const at = offsets.get(JSON.stringify(path));
        return at === undefined ? undefined : pos(at).line;
      },
    });
  }
  return { documents, problems };
}
