import { ArgSpec, Format, TERRAFORM_SCHEMA } from './schema';

/** Terraform meta-arguments allowed on every resource and data source. */
const META = new Set(['//', 'depends_on', 'lifecycle', 'provider', 'count', 'for_each']);

/**
 * Checks a synthesized Terraform JSON document against the schema of the arguments crossfed
 * writes: every resource, data source and provider block has a known type, its required
 * arguments, no unknown argument, values of the right type and format; every `${…}`
 * reference and `depends_on` entry names an element of the same document; every output has a
 * value. Returns the problems, one line each (empty: all fine).
 */
export function checkTerraform(doc: any): string[] {
  const problems: string[] = [];
  const addresses = new Set<string>();
  for (const [type, byName] of Object.entries<any>(doc.resource ?? {})) for (const name of Object.keys(byName)) addresses.add(`${type}.${name}`);
  for (const [type, byName] of Object.entries<any>(doc.data ?? {})) for (const name of Object.keys(byName)) addresses.add(`data.${type}.${name}`);

  const blocks: Array<[string, string, any]> = [];
  for (const [type, byName] of Object.entries<any>(doc.resource ?? {})) for (const [name, body] of Object.entries(byName)) blocks.push([`resource.${type}`, `${type}.${name}`, body]);
  for (const [type, byName] of Object.entries<any>(doc.data ?? {})) for (const [name, body] of Object.entries(byName)) blocks.push([`data.${type}`, `data.${type}.${name}`, body]);
  for (const [name, configs] of Object.entries<any>(doc.provider ?? {})) {
    if (!Array.isArray(configs)) problems.push(`provider.${name}: is not a list of provider configurations`);
    else configs.forEach((c, i) => blocks.push([`provider.${name}`, `provider.${name}[${i}]`, c]));
  }

  for (const [kind, address, body] of blocks) {
    const spec = TERRAFORM_SCHEMA[kind];
    if (!spec) {
      problems.push(`${address}: ${kind} is not in the schema of what crossfed writes`);
      continue;
    }
    problems.push(...checkArgs(address, body, spec.args, !kind.startsWith('provider.')));
    for (const d of body.depends_on ?? []) if (!addresses.has(d)) problems.push(`${address}.depends_on: "${d}" is not an element of this document`);
  }
  for (const [name, output] of Object.entries<any>(doc.output ?? {})) {
    if (typeof output?.value !== 'string' || output.value.length === 0) problems.push(`output.${name}: has no value`);
  }
  walkStrings(doc, (path, s) => {
    if (path.startsWith('//') || path.includes('.//')) return;
    for (const m of s.matchAll(/\$\{([^}]*)\}/g)) {
      // A postcondition compares one of the resource's own attributes with a literal.
      if (/\.lifecycle\.postcondition\[\d+\]\.condition$/.test(path) && /^self\.[a-z_]+ == "[^"\\$%{}]*"$/.test(m[1])) continue;
      const ref = /^((?:data\.)?[a-z0-9_]+\.[A-Za-z_][A-Za-z0-9_-]*)\.[a-z_][a-z0-9_]*$/.exec(m[1]);
      if (!ref) problems.push(`${path}: "${m[0]}" is not a plain reference to an attribute`);
      else if (!addresses.has(ref[1])) problems.push(`${path}: "${m[0]}" refers to ${ref[1]}, which is not in this document`);
    }
  });
  return problems;
}

function checkArgs(address: string, body: any, args: Readonly<Record<string, ArgSpec>>, meta: boolean): string[] {
  const problems: string[] = [];
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return [`${address}: is not an object`];
  for (const key of Object.keys(body)) {
    if (meta && META.has(key)) continue;
    if (!(key in args)) problems.push(`${address}.${key}: is not an argument crossfed writes (not in the schema)`);
  }
  for (const [key, spec] of Object.entries(args)) {
    const v = body[key];
    const at = `${address}.${key}`;
    if (v === undefined) {
      if (spec.required) problems.push(`${at}: is required and missing`);
      continue;
    }
    const typeProblem = checkType(spec, v);
    if (typeProblem) {
      problems.push(`${at}: ${typeProblem}`);
      continue;
    }
    const whole = spec.check?.(v);
    if (whole) problems.push(`${at}: ${whole}`);
    if (spec.format) {
      const values: Array<[string, any]> = spec.type === 'string' ? [['', v]] : spec.type === 'string[]' ? v.map((x: any, i: number) => [`[${i}]`, x]) : spec.type === 'map' ? Object.entries(v).map(([k, x]) => [`["${k}"]`, x]) : [];
      for (const [suffix, x] of values) {
        const p = formatProblem(spec.format, x);
        if (p) problems.push(`${at}${suffix}: ${JSON.stringify(x).slice(0, 120)} ${p}`);
      }
    }
    if (spec.block) {
      const list = spec.type === 'block[]' ? v : [v];
      list.forEach((b: any, i: number) => problems.push(...checkArgs(spec.type === 'block[]' ? `${at}[${i}]` : at, b, spec.block!.args, false)));
    }
  }
  return problems;
}

function checkType(spec: ArgSpec, v: any): string | undefined {
  const isObject = (x: any) => x !== null && typeof x === 'object' && !Array.isArray(x);
  switch (spec.type) {
    case 'string': return typeof v === 'string' ? undefined : `is ${JSON.stringify(v)}, not a string`;
    case 'bool': return typeof v === 'boolean' ? undefined : `is ${JSON.stringify(v)}, not a boolean`;
    case 'number': return typeof v === 'number' && Number.isFinite(v) ? undefined : `is ${JSON.stringify(v)}, not a number`;
    case 'string[]': return Array.isArray(v) && v.every(x => typeof x === 'string') ? undefined : `is ${JSON.stringify(v)}, not a list of strings`;
    case 'map': return isObject(v) && Object.values(v).every(x => typeof x === 'string') ? undefined : `is ${JSON.stringify(v)}, not a map of strings`;
    case 'block': return isObject(v) ? undefined : `is ${JSON.stringify(v)}, not a block`;
    case 'block[]': return Array.isArray(v) && v.every(isObject) ? undefined : `is ${JSON.stringify(v)}, not a list of blocks`;
  }
}

function formatProblem(f: Format, v: any): string | undefined {
  if (f instanceof RegExp) return f.test(v) ? undefined : `does not match ${f}`;
  return f(v);
}

function walkStrings(value: any, fn: (path: string, s: string) => void, path = ''): void {
  if (typeof value === 'string') fn(path, value);
  else if (Array.isArray(value)) value.forEach((x, i) => walkStrings(x, fn, `${path}[${i}]`));
  else if (value !== null && typeof value === 'object') for (const [k, x] of Object.entries(value)) walkStrings(x, fn, path ? `${path}.${k}` : k);
}
