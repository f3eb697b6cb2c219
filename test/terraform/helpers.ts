import * as os from 'os';
import { checkTerraform } from './check';
import { SynthesizedFile } from '../../lib/model/synth-output';

/** The parsed Terraform JSON of one synthesized file; fails when it is absent. */
export function terraformOf(files: SynthesizedFile[], path: string): any {
  const f = files.find(x => x.path === path);
  if (!f) throw new Error(`no file ${path}; files: ${files.map(x => x.path).join(', ')}`);
  return JSON.parse(f.content);
}

/** The resources of one type (`{}` when none). */
export function resourcesOf(doc: any, type: string): Record<string, any> {
  return doc.resource?.[type] ?? {};
}

/** The one resource of a type; fails unless there is exactly one. */
export function onlyResource(doc: any, type: string): [string, any] {
  const entries = Object.entries(resourcesOf(doc, type));
  if (entries.length !== 1) throw new Error(`expected one ${type}, found ${entries.length}: ${entries.map(e => e[0]).join(', ')}`);
  return entries[0];
}

/** Resources of a type with the given member/subject/… (a filter over the bodies). */
export function findResources(doc: any, type: string, where: (body: any) => boolean): Array<[string, any]> {
  return Object.entries(resourcesOf(doc, type)).filter(([, body]) => where(body));
}

/** A copy without cdktf and provider versions, for snapshots that survive upgrades. */
export function withoutVersions(doc: any): any {
  const copy = JSON.parse(JSON.stringify(doc));
  if (copy['//']?.metadata?.version) copy['//'].metadata.version = '<version>';
  for (const p of Object.values<any>(copy.terraform?.required_providers ?? {})) if (p.version) p.version = '<version>';
  return copy;
}

/** Expects a document to pass the schema check, and to carry no path of this machine. */
export function expectValidTerraform(doc: any): void {
  expect(checkTerraform(doc)).toEqual([]);
  const text = JSON.stringify(doc);
  for (const machinePath of [process.cwd(), os.tmpdir(), os.homedir()]) expect(text).not.toContain(machinePath);
}
