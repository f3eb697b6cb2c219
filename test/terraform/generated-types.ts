import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/** One property of a generated config interface, as the provider package declares it. */
export interface GeneratedArg {
  /** The TypeScript property name (camelCase). */
  readonly property: string;
  /** The Terraform argument, from the property's registry link (`…#<argument>`). */
  readonly argument: string;
  /** The registry page the link points to (`resources/<type>`, `data-sources/<type>` or `provider`). */
  readonly page: string;
  readonly optional: boolean;
  /** `string`, `string[]`, `number`, `map`, `bool`, `block`, `block[]`, or the type text when none of these. */
  readonly kind: string;
  /** Blocks: the interface of the block. */
  readonly blockInterface?: string;
}

export interface GeneratedConfig {
  /** `tfResourceType` of the generated class of the module. */
  readonly tfResourceType?: string;
  /** By Terraform argument name. */
  readonly args: Map<string, GeneratedArg>;
}

const cache = new Map<string, ts.SourceFile>();

function sourceOf(pkg: string, module: string): ts.SourceFile {
  const file = path.join(path.dirname(require.resolve(`${pkg}/package.json`)), 'lib', module, 'index.d.ts');
  let sf = cache.get(file);
  if (!sf) cache.set(file, sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true));
  return sf;
}

/**
 * Reads an interface of a provider package's generated `lib/<module>/index.d.ts` with the
 * TypeScript parser: each property's Terraform argument name (from its registry link), whether
 * it is optional, and the kind of its type.
 */
export function generatedConfig(pkg: string, module: string, tsInterface: string): GeneratedConfig {
  const sf = sourceOf(pkg, module);
  const text = sf.getFullText();
  let tfResourceType: string | undefined;
  let iface: ts.InterfaceDeclaration | undefined;
  sf.forEachChild(node => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === tsInterface) iface = node;
    if (ts.isClassDeclaration(node)) {
      for (const m of node.members) {
        if (ts.isPropertyDeclaration(m) && m.name.getText(sf) === 'tfResourceType' && m.initializer && ts.isStringLiteral(m.initializer)) tfResourceType = m.initializer.text;
      }
    }
  });
  if (!iface) throw new Error(`${pkg}/lib/${module}: no interface ${tsInterface}`);
  const args = new Map<string, GeneratedArg>();
  for (const m of iface.members) {
    if (!ts.isPropertySignature(m) || !m.type) continue;
    const property = m.name.getText(sf);
    const doc = text.slice(m.getFullStart(), m.getStart(sf));
    const link = /\{@link https:\/\/registry\.terraform\.io\/providers\/[^/]+\/[^/]+\/[^/]+\/docs(?:\/((?:resources|data-sources)\/[a-z0-9_]+))?#([a-z0-9_]+) /.exec(doc);
    if (!link) continue;
    const typeText = m.type.getText(sf).replace(/\s+/g, ' ').trim();
    const { kind, blockInterface } = kindOf(typeText);
    args.set(link[2], { property, argument: link[2], page: link[1] ?? 'provider', optional: m.questionToken !== undefined, kind, blockInterface });
  }
  return { tfResourceType, args };
}

function kindOf(t: string): { kind: string; blockInterface?: string } {
  if (t === 'string') return { kind: 'string' };
  if (t === 'string[]') return { kind: 'string[]' };
  if (t === 'number') return { kind: 'number' };
  if (t === 'boolean | cdktf.IResolvable') return { kind: 'bool' };
  if (/^\{ \[key: string\]: string;? \}$/.test(t)) return { kind: 'map' };
  const list = /^([A-Z][A-Za-z0-9]*)\[\] \| cdktf\.IResolvable$/.exec(t);
  if (list) return { kind: 'block[]', blockInterface: list[1] };
  if (/^[A-Z][A-Za-z0-9]*$/.test(t)) return { kind: 'block', blockInterface: t };
  return { kind: t };
}
