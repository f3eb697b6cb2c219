import * as fs from 'fs';
import * as path from 'path';
import { ArtifactFile, CheckOptions } from '../../lib/verify';

export const FIXTURES = path.join(__dirname, 'fixtures');

/** Files of a directory, recursively, as artifacts with paths relative to it (`expected.json`, `check.json`, `README.md` left out). */
export function filesOf(dir: string, base = dir): ArtifactFile[] {
  const out: ArtifactFile[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesOf(p, base));
    else if (!['expected.json', 'check.json', 'README.md'].includes(e.name)) out.push({ path: path.relative(base, p).split(path.sep).join('/'), content: fs.readFileSync(p, 'utf8') });
  }
  return out;
}

/** A fixture: the scenario's `ok` artifacts, with the variant's files in place of those of the same name. */
export function loadFixture(scenario: string, variant: string): { files: ArtifactFile[]; options: CheckOptions } {
  const ok = filesOf(path.join(FIXTURES, scenario, 'ok'));
  const changed = variant === 'ok' ? [] : filesOf(path.join(FIXTURES, scenario, variant));
  const files = [...ok.filter(f => !changed.some(c => c.path === f.path)), ...changed];
  const optionsFile = [path.join(FIXTURES, scenario, variant, 'check.json'), path.join(FIXTURES, scenario, 'ok', 'check.json')].find(f => fs.existsSync(f));
  const options = optionsFile ? JSON.parse(fs.readFileSync(optionsFile, 'utf8')) as CheckOptions : {};
  return { files, options };
}

/** Every scenario and variant. */
export function fixtureCases(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const scenario of fs.readdirSync(FIXTURES).sort()) {
    const dir = path.join(FIXTURES, scenario);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const variant of fs.readdirSync(dir).sort()) if (fs.statSync(path.join(dir, variant)).isDirectory()) out.push([scenario, variant]);
  }
  return out;
}
