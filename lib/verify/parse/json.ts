/**
 * A strict JSON parser (RFC 8259) that remembers where each object member starts, so that
 * findings can name a line, and that reports malformed input with its line and column.
 */

/** Where a problem is. */
export interface TextPosition {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
}

/** A parse failure. */
export class TextParseError {
  constructor(public readonly message: string, public readonly position: TextPosition) {}
}

/** Line starts of a text, to turn offsets into positions. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  /** The 1-based line and column of an offset. */
  public position(offset: number): TextPosition {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = Math.floor((lo + hi + 1) / 2);
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
}

/** A parsed JSON text with member positions. */
export interface JsonDocument {
  readonly value: unknown;
  /** The 1-based line of the member at `path` (keys from the root), if recorded. */
  lineOf(path: readonly string[]): number | undefined;
}

/** How deep member positions are recorded (Terraform resources sit at depth 3). */
const MAX_RECORDED_DEPTH = 3;

/** Deeper nesting is refused rather than risking the stack. */
export const MAX_NESTING = 256;

/** Parses JSON text; throws `TextParseError` with the position of the first problem. */
export function parseJson(text: string): JsonDocument {
  const lines = new LineIndex(text);
  const offsets = new Map<string, number>();
  let i = 0;

  const fail = (message: string, at = i): never => {
    throw new TextParseError(message, lines.position(Math.min(at, text.length)));
  };
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else return;
    }
  };
  const describe = () => (i >= text.length ? 'end of input' : `"${text[i]}"`);

  const str = (): string => {
    const start = i;
    i++; // opening quote
    let out = '';
    let run = i;
    for (;;) {
      if (i >= text.length) fail('unterminated string', start);
      const c = text.charCodeAt(i);
      if (c === 34) {
        out += text.slice(run, i);
        i++;
        return out;
      }
      if (c < 32) fail('control character in string (escape it)');
      if (c === 92) {
        out += text.slice(run, i);
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t' };
        if (e !== undefined && e in simple) {
          out += simple[e];
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else {
          fail('invalid escape in string');
        }
        run = i;
        continue;
      }
      i++;
    }
  };

  const num = (): number => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) return fail(`unexpected ${describe()}`);
    i += m[0].length;
    return Number(m[0]);
  };

  const value = (path: string[]): unknown => {
    if (path.length > MAX_NESTING) fail(`nested more than ${MAX_NESTING} levels deep`);
    ws();
    const c = text[i];
    if (c === '{') return obj(path);
    if (c === '[') return arr(path);
    if (c === '"') return str();
    if (c === '-' || (c >= '0' && c <= '9')) return num();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    return fail(`unexpected ${describe()}, expected a value`);
  };

  const obj = (path: string[]): Record<string, unknown> => {
    const out: Record<string, unknown> = Object.create(null);
    i++;
    ws();
    if (text[i] === '}') {
      i++;
      return out;
    }
    for (;;) {
      ws();
      if (text[i] !== '"') fail(`unexpected ${describe()}, expected a property name in double quotes`);
      const at = i;
      const key = str();
      ws();
      if (text[i] !== ':') fail(`unexpected ${describe()}, expected ":" after property name`);
      i++;
      const p = [...path, key];
      if (p.length <= MAX_RECORDED_DEPTH) offsets.set(JSON.stringify(p), at);
      out[key] = value(p);
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return out;
      }
      fail(`unexpected ${describe()}, expected "," or "}"`);
    }
  };

  const arr = (path: string[]): unknown[] => {
    const out: unknown[] = [];
    i++;
    ws();
    if (text[i] === ']') {
      i++;
      return out;
    }
    for (;;) {
      out.push(value([...path, String(out.length)]));
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        return out;
      }
      fail(`unexpected ${describe()}, expected "," or "]"`);
    }
  };

  if (text.charCodeAt(0) === 0xfeff) i = 1;
  const root = value([]);
  ws();
  if (i < text.length) fail(`unexpected ${describe()} after the end of the JSON value`);
  return {
    value: root,
    lineOf: (path: readonly string[]) => {
      const at = offsets.get(JSON.stringify(path));
      return at === undefined ? undefined : lines.position(at).line;
    },
  };
}
