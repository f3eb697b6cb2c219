/**
 * A small, three-valued evaluator for the CEL that attribute mappings and conditions use in
 * practice (`assertion.sub == '…'`, `in [...]`, `&&`, `||`, `!`, `+`, member and index access,
 * `startsWith`/`endsWith`/`contains`, `has()`). Anything else — and any value it cannot know —
 * evaluates to `UNKNOWN`, never to a guess. The exchange simulator uses a full CEL engine.
 * @see https://cloud.google.com/iam/docs/workload-identity-federation#conditions
 */

/** A value the evaluator cannot know. */
export const UNKNOWN: unique symbol = Symbol('unknown');

export type CelValue = string | number | boolean | null | CelValue[] | { [k: string]: CelValue } | typeof UNKNOWN;

type Token = { t: 'str'; v: string } | { t: 'num'; v: number } | { t: 'id'; v: string } | { t: 'op'; v: string };

function tokenize(src: string): Token[] | undefined {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const raw = (c === 'r' || c === 'R') && (src[i + 1] === '"' || src[i + 1] === "'");
    if (c === '"' || c === "'" || raw) {
      const q = raw ? src[i + 1] : c;
      let j = i + (raw ? 2 : 1);
      let v = '';
      while (j < src.length && src[j] !== q) {
        if (src[j] === '\\' && !raw) {
          const e = src[j + 1];
          v += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          j += 2;
        } else {
          v += src[j++];
        }
      }
      if (j >= src.length) return undefined;
      out.push({ t: 'str', v });
      i = j + 1;
      continue;
    }
    const num = /^\d+(\.\d+)?/.exec(src.slice(i));
    if (num) {
      out.push({ t: 'num', v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (id) {
      out.push({ t: 'id', v: id[0] });
      i += id[0].length;
      continue;
    }
    const op = ['==', '!=', '&&', '||', '<=', '>='].find(o => src.startsWith(o, i)) ?? ('()[],.!+<>?:{}'.includes(c) ? c : undefined);
    if (!op) return undefined;
    out.push({ t: 'op', v: op });
    i += op.length;
  }
  return out;
}

type Env = Readonly<Record<string, CelValue>>;
type Expr = (env: Env) => CelValue;

class Unsupported extends Error {}

function isMap(v: CelValue): v is { [k: string]: CelValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const and = (a: CelValue, b: CelValue): CelValue => (a === false || b === false ? false : a === true && b === true ? true : UNKNOWN);
const or = (a: CelValue, b: CelValue): CelValue => (a === true || b === true ? true : a === false && b === false ? false : UNKNOWN);

function equal(a: CelValue, b: CelValue): CelValue {
  if (a === UNKNOWN || b === UNKNOWN) return UNKNOWN;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Parses a CEL expression; undefined when it uses more than this evaluator knows. */
export function compileCel(src: string): Expr | undefined {
  const tokens = tokenize(src);
  if (!tokens) return undefined;
  let i = 0;
  const peek = (v?: string) => (i < tokens.length && (v === undefined || (tokens[i].t === 'op' && tokens[i].v === v)) ? tokens[i] : undefined);
  const expect = (v: string) => {
    if (!peek(v)) throw new Unsupported(v);
    i++;
  };
  const orExpr = (): Expr => {
    let l = andExpr();
    while (peek('||')) {
      i++;
      const [a, b] = [l, andExpr()];
      l = e => or(a(e), b(e));
    }
    return l;
  };
  const andExpr = (): Expr => {
    let l = relExpr();
    while (peek('&&')) {
      i++;
      const [a, b] = [l, relExpr()];
      l = e => and(a(e), b(e));
    }
    return l;
  };
  const relExpr = (): Expr => {
    const l = addExpr();
    const t = tokens[i];
    if (t && ((t.t === 'op' && (t.v === '==' || t.v === '!=')) || (t.t === 'id' && t.v === 'in'))) {
      i++;
      const r = addExpr();
      if (t.v === 'in') {
        return e => {
          const x: CelValue = l(e);
          const xs: CelValue = r(e);
          if (x === UNKNOWN || xs === UNKNOWN) return UNKNOWN;
          if (Array.isArray(xs)) {
            const eqs = xs.map(y => equal(x, y));
            return eqs.includes(true) ? true : eqs.includes(UNKNOWN) ? UNKNOWN : false;
          }
          return isMap(xs) && typeof x === 'string' ? x in xs : UNKNOWN;
        };
      }
      return e => {
        const eq = equal(l(e), r(e));
        return t.v === '==' || eq === UNKNOWN ? eq : !eq;
      };
    }
    if (t && t.t === 'op' && ['<', '>', '<=', '>=', '?'].includes(t.v)) throw new Unsupported(t.v);
    return l;
  };
  const addExpr = (): Expr => {
    let l = unary();
    while (peek('+')) {
      i++;
      const [a, b] = [l, unary()];
      l = e => {
        const [x, y] = [a(e), b(e)];
        if (x === UNKNOWN || y === UNKNOWN) return UNKNOWN;
        if (typeof x === 'string' && typeof y === 'string') return x + y;
        if (Array.isArray(x) && Array.isArray(y)) return [...x, ...y];
        return UNKNOWN;
      };
    }
    return l;
  };
  const unary = (): Expr => {
    if (peek('!')) {
      i++;
      const x = unary();
      return e => {
        const v = x(e);
        return typeof v === 'boolean' ? !v : UNKNOWN;
      };
    }
    return postfix(primary());
  };
  const args = (): Expr[] => {
    expect('(');
    const out: Expr[] = [];
    while (!peek(')')) {
      out.push(orExpr());
      if (!peek(')')) expect(',');
    }
    expect(')');
    return out;
  };
  const postfix = (base: Expr): Expr => {
    let x = base;
    for (;;) {
      if (peek('.')) {
        i++;
        const name = tokens[i++];
        if (!name || name.t !== 'id') throw new Unsupported('.');
        if (peek('(')) {
          const [recv, a] = [x, args()];
          x = method(name.v, recv, a);
        } else {
          const recv = x;
          x = e => member(recv(e), name.v);
        }
      } else if (peek('[')) {
        i++;
        const [recv, key] = [x, orExpr()];
        expect(']');
        x = e => member(recv(e), key(e));
      } else {
        return x;
      }
    }
  };
  const primary = (): Expr => {
    const t = tokens[i++];
    if (!t) throw new Unsupported('end');
    if (t.t === 'str' || t.t === 'num') return () => t.v;
    if (t.t === 'op' && t.v === '(') {
      const x = orExpr();
      expect(')');
      return x;
    }
    if (t.t === 'op' && t.v === '[') {
      const items: Expr[] = [];
      while (!peek(']')) {
        items.push(orExpr());
        if (!peek(']')) expect(',');
      }
      expect(']');
      return e => {
        const vs = items.map(f => f(e));
        return vs.includes(UNKNOWN) ? UNKNOWN : vs;
      };
    }
    if (t.t === 'id') {
      if (t.v === 'true' || t.v === 'false') return () => t.v === 'true';
      if (t.v === 'null') return () => null;
      if (t.v === 'has' && peek('(')) {
        expect('(');
        const x = orExpr();
        expect(')');
        return e => {
          try {
            return x(e) === UNKNOWN ? UNKNOWN : true;
          } catch {
            return false;
          }
        };
      }
      if (peek('(')) throw new Unsupported(t.v);
      return e => (Object.prototype.hasOwnProperty.call(e, t.v) ? e[t.v] : UNKNOWN);
    }
    throw new Unsupported(t.v as string);
  };
  try {
    const x = orExpr();
    if (i < tokens.length) return undefined;
    return env => {
      try {
        return x(env);
      } catch {
        return UNKNOWN; // CEL runtime error (an absent field): not something to guess
      }
    };
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

class Absent extends Error {}

function member(recv: CelValue, key: CelValue): CelValue {
  if (recv === UNKNOWN || key === UNKNOWN) return UNKNOWN;
  if (Array.isArray(recv) && typeof key === 'number') return key < recv.length ? recv[key] : UNKNOWN;
  if (isMap(recv) && typeof key === 'string') {
    if (!Object.prototype.hasOwnProperty.call(recv, key)) throw new Absent(key);
    return recv[key];
  }
  return UNKNOWN;
}

function method(name: string, recv: Expr, a: Expr[]): Expr {
  return e => {
    const r = recv(e);
    const args = a.map(f => f(e));
    if (r === UNKNOWN || args.includes(UNKNOWN) || typeof r !== 'string' || typeof args[0] !== 'string') return UNKNOWN;
    if (name === 'startsWith') return r.startsWith(args[0]);
    if (name === 'endsWith') return r.endsWith(args[0]);
    if (name === 'contains') return r.includes(args[0]);
    return UNKNOWN;
  };
}

/** Evaluates a CEL expression against variables; `UNKNOWN` when it cannot tell. */
export function evaluateCel(src: string, env: Env): CelValue {
  const f = compileCel(src);
  return f ? f(env) : UNKNOWN;
}
