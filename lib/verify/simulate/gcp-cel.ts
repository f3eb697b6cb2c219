/**
 * The CEL engine for GCP attribute mappings and conditions: `@marcbachmann/cel-js` (MIT), with
 * GCP's `extract()` registered, and the `google` variable of mappings and conditions made
 * usable (cel-js reserves the `google` namespace for its protobuf types).
 * @see https://cloud.google.com/iam/docs/workload-identity-federation#mapping
 * @see https://cloud.google.com/iam/docs/workload-identity-federation#conditions
 */
type CelModule = typeof import('@marcbachmann/cel-js', { with: { 'resolution-mode': 'import' } });
type CelEnvironment = InstanceType<CelModule['Environment']>;

let environment: CelEnvironment | undefined;
const parsed = new Map<string, (ctx: Record<string, unknown>) => unknown>();

/** The name crossfed gives GCP's `google` variable inside the engine. */
const GOOGLE = '__gcp_google';

/**
 * GCP's `extract(template)`: the part of the string that stands where `{name}` stands in the
 * template, after the template's prefix and up to its suffix (to the end when the suffix is
 * empty); the empty string when the string does not fit the template.
 * @see https://cloud.google.com/iam/docs/workload-identity-federation#mapping
 */
export function gcpExtract(value: string, template: string): string {
  const m = /^(.*?)\{[^{}]*\}(.*)$/s.exec(template);
  if (!m) return '';
  const [, prefix, suffix] = m;
  const at = value.indexOf(prefix);
  if (at < 0) return '';
  const start = at + prefix.length;
  if (suffix === '') return value.slice(start);
  const end = value.indexOf(suffix, start);
  return end < 0 ? '' : value.slice(start, end);
}

function env(): CelEnvironment {
  if (!environment) {
    // cel-js is an ES module; Node ≥ 20.19 loads it with require() (and jest transforms it).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cel: CelModule = require('@marcbachmann/cel-js');
    environment = new cel.Environment({ unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false })
      .registerFunction('string.extract(string): string', (s: string, t: string) => gcpExtract(s, t));
  }
  return environment;
}

/** Renames the identifier `google` (outside string literals, not after a `.`) to crossfed's name. */
export function renameGoogle(expression: string): string {
  let out = '';
  let i = 0;
  let last = '';
  while (i < expression.length) {
    const ch = expression[i];
    if (/[A-Za-z_]/.test(ch)) {
      let j = i;
      while (j < expression.length && /[A-Za-z0-9_]/.test(expression[j])) j++;
      const word = expression.slice(i, j);
      if (/^[rRbB]{1,2}$/.test(word) && (expression[j] === '"' || expression[j] === '\'')) {
        const end = skipString(expression, j, /[rR]/.test(word));
        out += expression.slice(i, end);
        i = end;
      } else {
        out += word === 'google' && last !== '.' ? GOOGLE : word;
        i = j;
      }
      last = 'a';
    } else if (ch === '"' || ch === '\'') {
      const end = skipString(expression, i, false);
      out += expression.slice(i, end);
      i = end;
      last = '"';
    } else {
      out += ch;
      if (!/\s/.test(ch)) last = ch;
      i++;
    }
  }
  return out;
}

/** The index just after the string literal starting at `i`. */
function skipString(s: string, i: number, raw: boolean): number {
  const q = s[i];
  const triple = s.slice(i, i + 3) === q.repeat(3);
  const close = triple ? q.repeat(3) : q;
  let j = i + close.length;
  while (j < s.length) {
    if (!raw && s[j] === '\\') { j += 2; continue; }
    if (s.startsWith(close, j)) return j + close.length;
    j++;
  }
  return s.length;
}

/** The outcome of one CEL expression. */
export type CelOutcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

/** Variables of GCP expressions: `assertion` (the token's claims), `google` and `attribute` (mapped). */
export interface CelVariables {
  readonly assertion: Readonly<Record<string, unknown>>;
  readonly google?: Readonly<Record<string, unknown>>;
  readonly attribute?: Readonly<Record<string, unknown>>;
}

/** Evaluates a GCP CEL expression; errors (syntax, an absent claim) come back as text. */
export function evaluateCel(expression: string, vars: CelVariables): CelOutcome {
  try {
    let fn = parsed.get(expression);
    if (!fn) {
      fn = env().parse(renameGoogle(expression));
      parsed.set(expression, fn);
    }
    const value = fn({ assertion: vars.assertion, [GOOGLE]: vars.google ?? {}, attribute: vars.attribute ?? {} });
    return { ok: true, value: typeof value === 'bigint' ? Number(value) : value };
  } catch (e) {
    const message = ((e as Error).message ?? String(e)).split('\n')[0].replace(new RegExp(GOOGLE, 'g'), 'google');
    return { ok: false, error: message };
  }
}
