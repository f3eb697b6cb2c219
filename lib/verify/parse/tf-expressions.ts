/**
 * Static evaluation of Terraform JSON string templates (`"prefix-${type.name.attr}"`) within
 * one configuration (the files of one directory): references to resources of the set, locals
 * and given variables are resolved where the value is static; anything else — data sources,
 * attributes a cloud assigns, function calls — stays `Unresolved`.
 * @see https://developer.hashicorp.com/terraform/language/syntax/json#expression-mapping
 */
import { Val } from '../graph';
import { asVal, concatVals, isVal, unknownVal } from '../private/val';

/** A resource of the configuration. */
export interface TfResource {
  readonly type: string;
  readonly name: string;
  readonly config: Record<string, unknown>;
}

/** A piece of a string template. */
type Segment = { readonly literal: string } | { readonly expr: string };

/** Splits a Terraform string template into literals and `${…}` expressions; undefined for `%{…}` directives or unbalanced braces. */
export function segments(s: string): Segment[] | undefined {
  const out: Segment[] = [];
  let lit = '';
  let i = 0;
  while (i < s.length) {
    if (s.startsWith('$${', i) || s.startsWith('%%{', i)) {
      lit += s.slice(i + 1, i + 3);
      i += 3;
    } else if (s.startsWith('%{', i)) {
      return undefined;
    } else if (s.startsWith('${', i)) {
      let depth = 1;
      let j = i + 2;
      let quote = false;
      for (; j < s.length && depth > 0; j++) {
        const c = s[j];
        if (quote) {
          if (c === '\\') j++;
          else if (c === '"') quote = false;
        } else if (c === '"') {
          quote = true;
        } else if (c === '{') {
          depth++;
        } else if (c === '}') {
          depth--;
        }
      }
      if (depth > 0) return undefined;
      if (lit) out.push({ literal: lit });
      lit = '';
      out.push({ expr: s.slice(i + 2, j - 1).trim().replace(/^~\s*|\s*~$/g, '') });
      i = j;
    } else {
      lit += s[i];
      i++;
    }
  }
  if (lit) out.push({ literal: lit });
  return out;
}

/** `type.name` when `raw` refers to a resource of one of `types` (e.g. `${azuread_application.app.id}`). */
export function referencedAddress(raw: unknown, types: readonly string[]): string | undefined {
  if (typeof raw !== 'string') return undefined;
  for (const seg of segments(raw) ?? []) {
    if (!('expr' in seg)) continue;
    const m = /^([a-z][a-z0-9_]*)\.([A-Za-z_][\w-]*)(?:\[[^\]]*\])?\./.exec(seg.expr);
    if (m && types.includes(m[1])) return `${m[1]}.${m[2]}`;
  }
  return undefined;
}

const MAX_DEPTH = 24;
const REFERENCE = /^(data\.)?([A-Za-z_][\w-]*)\.([A-Za-z_][\w-]*)((?:\.[A-Za-z_][\w-]*|\[\d+\])*)$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Computes attributes a provider derives from inputs (a service account's email …). */
export type DerivedAttribute = (resource: TfResource, attribute: string, resolver: TfResolver, depth: number) => unknown;

/** Resolves Terraform expressions within one configuration. */
export class TfResolver {
  constructor(
    private readonly resources: ReadonlyMap<string, TfResource>,
    private readonly locals: Readonly<Record<string, unknown>>,
    private readonly given: Readonly<Record<string, string>>,
    private readonly derived: DerivedAttribute,
  ) {}

  /** The value with every string template resolved where static. */
  public resolve(v: unknown, depth = 0): unknown {
    if (depth > MAX_DEPTH) return unknownVal(typeof v === 'string' ? v : JSON.stringify(v) ?? String(v));
    if (typeof v === 'string') return this.template(v, depth);
    if (Array.isArray(v)) return v.map(x => this.resolve(x, depth + 1));
    if (isObject(v) && !isVal(v)) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) if (!k.startsWith('//')) out[k] = this.resolve(x, depth + 1);
      return out;
    }
    return v;
  }

  /** A resolved scalar as a `Val`; lists, maps and absent values as unresolved. */
  public val(v: unknown, depth = 0): Val {
    return asVal(this.resolve(v, depth)) ?? unknownVal(typeof v === 'string' ? v : JSON.stringify(v) ?? 'absent');
  }

  /** An attribute of a resource of the configuration: its input, or a derived attribute. */
  public attribute(address: string, path: string, depth: number, written?: string): unknown {
    const res = this.resources.get(address);
    const expr = written ?? `\${${address}.${path}}`;
    if (!res || depth > MAX_DEPTH || 'count' in res.config || 'for_each' in res.config) return unknownVal(expr);
    const steps = path.split(/\.|\[(\d+)\]/).filter(x => x !== undefined && x !== '');
    let cur: unknown = res.config;
    for (const step of steps) {
      if (Array.isArray(cur) && !/^\d+$/.test(step)) cur = cur[0]; // a nested block written as a list
      cur = Array.isArray(cur) ? cur[Number(step)] : isObject(cur) ? cur[step] : undefined;
      if (cur === undefined) break;
    }
    if (cur !== undefined) return this.resolve(cur, depth + 1);
    const d = steps.length === 1 ? this.derived(res, steps[0], this, depth + 1) : undefined;
    return d === undefined ? unknownVal(expr) : d;
  }

  private expression(expr: string, depth: number): unknown {
    const m = REFERENCE.exec(expr);
    if (!m) return unknownVal(`\${${expr}}`);
    const [, data, first, second, rest] = m;
    if (data) return unknownVal(`\${${expr}}`);
    if (first === 'var') {
      const key = `var.${second}`;
      return !rest && Object.prototype.hasOwnProperty.call(this.given, key) ? this.given[key] : unknownVal(`\${${expr}}`);
    }
    if (first === 'local') {
      return !rest && Object.prototype.hasOwnProperty.call(this.locals, second) ? this.resolve(this.locals[second], depth + 1) : unknownVal(`\${${expr}}`);
    }
    if (!rest) return unknownVal(`\${${expr}}`);
    return this.attribute(`${first}.${second}`, rest.replace(/^\./, ''), depth + 1, `\${${expr}}`);
  }

  private template(s: string, depth: number): unknown {
    const segs = segments(s);
    if (!segs) return unknownVal(s);
    if (segs.length === 1 && 'expr' in segs[0]) {
      const v = this.expression(segs[0].expr, depth);
      return typeof v === 'number' || typeof v === 'boolean' ? String(v) : v;
    }
    const pieces: Val[] = segs.map(seg => {
      if ('literal' in seg) return seg.literal;
      const v = this.expression(seg.expr, depth);
      return isVal(v) ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : unknownVal(`\${${seg.expr}}`);
    });
    return concatVals(pieces, s);
  }
}
