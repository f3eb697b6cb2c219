import { isUnresolved, Unresolved, Val } from '../graph';

/** A value nothing is known of. */
export function unknownVal(expression: string): Unresolved {
  return { unresolved: expression };
}

/** The string when resolved, else undefined. */
export function known(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The parts of a value: literal strings and unknown gaps (`null`). */
export function partsOf(v: Val): ReadonlyArray<string | null> {
  if (typeof v === 'string') return [v];
  return Array.isArray(v.parts) ? v.parts : [null];
}

/**
 * Concatenates values: a string when every piece is known, else an `Unresolved` whose
 * `parts` keep the known pieces. `expression` is the text as written (default: the pieces
 * with `${…}` for unknown ones).
 */
export function concatVals(pieces: readonly Val[], expression?: string): Val {
  if (pieces.every(p => typeof p === 'string')) return (pieces as string[]).join('');
  const parts: Array<string | null> = [];
  for (const p of pieces) {
    for (const x of partsOf(p)) {
      const last = parts.length - 1;
      if (x === null) {
        if (parts[last] !== null || last < 0) parts.push(null);
      } else if (x.length > 0) {
        if (last >= 0 && parts[last] !== null) parts[last] = `${parts[last]}${x}`;
        else parts.push(x);
      }
    }
  }
  const text = expression ?? pieces.map(p => typeof p === 'string' ? p : p.parts ? p.unresolved : `\${${p.unresolved}}`).join('');
  return parts.some(x => x !== null) ? { unresolved: text, parts } : { unresolved: text };
}

/** Result of comparing a value that may be partly unknown. */
export type Match = 'yes' | 'no' | 'maybe';

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A regular expression matching every string the value could be. */
export function valRegex(v: Val, flags = ''): RegExp {
  return new RegExp(`^${partsOf(v).map(p => p === null ? '[\\s\\S]*' : escapeRegex(p)).join('')}$`, flags);
}

/** Whether `v` equals `expected`: known, impossible, or possible (parts unknown). */
export function matchVal(v: Val | undefined, expected: string): Match {
  if (v === undefined) return 'no';
  if (typeof v === 'string') return v === expected ? 'yes' : 'no';
  return valRegex(v).test(expected) ? 'maybe' : 'no';
}

/** Whether two values can be equal. */
export function matchVals(a: Val | undefined, b: Val | undefined): Match {
  if (a === undefined || b === undefined) return 'no';
  if (typeof b === 'string') return matchVal(a, b);
  if (typeof a === 'string') return matchVal(b, a);
  if (a.unresolved === b.unresolved) return 'maybe';
  // Both partly unknown: only refuse when their known prefixes or suffixes disagree.
  const pa = partsOf(a);
  const pb = partsOf(b);
  const pre = (p: ReadonlyArray<string | null>) => p[0] ?? '';
  const suf = (p: ReadonlyArray<string | null>) => p[p.length - 1] ?? '';
  const [x, y] = [pre(pa), pre(pb)];
  const [s, t] = [suf(pa), suf(pb)];
  if (!(x.startsWith(y) || y.startsWith(x)) || !(s.endsWith(t) || t.endsWith(s))) return 'no';
  return 'maybe';
}

/** A value as text for messages. */
export function showVal(v: Val | undefined): string {
  if (v === undefined) return '<absent>';
  return isUnresolved(v) ? `<unresolved: ${v.unresolved}>` : `"${v}"`;
}

/** Whether a value is a string or an `Unresolved`. */
export function isVal(v: unknown): v is Val {
  return typeof v === 'string' || isUnresolved(v);
}

/** A value read from parsed input as a `Val`: strings as they are, numbers and booleans as text, else undefined. */
export function asVal(v: unknown): Val | undefined {
  if (isVal(v)) return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** A list of values (a single value becomes a list of one). */
export function asVals(v: unknown): Val[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.map(asVal).filter((x): x is Val => x !== undefined);
  const one = asVal(v);
  return one === undefined ? [] : [one];
}
