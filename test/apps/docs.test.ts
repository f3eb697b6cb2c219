import * as fs from 'fs';
import * as path from 'path';
import { synthesizeAzureTerraform } from '../../lib/azure/synthesize';
import { synthesizeGcpTerraform } from '../../lib/gcp/synthesize';
import { IdentityModel } from '../../lib/model';

const ROOT = path.join(__dirname, '..', '..');

/** The blocks of one language in a Markdown file. */
function blocks(file: string, language: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  return [...text.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map(m => m[1]);
}

describe('the Terraform docs show code from the apps, so it cannot rot', () => {
  const apps = fs.readdirSync(path.join(ROOT, 'apps')).filter(f => f.endsWith('.ts')).map(f => fs.readFileSync(path.join(ROOT, 'apps', f), 'utf8'));

  test.each(['docs/azure.md', 'docs/gcp.md'])('GIVEN %s WHEN its TypeScript blocks are looked up THEN each is a verbatim part of an app', file => {
    const ts = blocks(file, 'ts');
    expect(ts.length).toBeGreaterThan(0);
    for (const block of ts) expect(apps.some(a => a.includes(block))).toBe(true);
  });
});

test.each([
  ['docs/azure.md', synthesizeAzureTerraform],
  ['docs/gcp.md', synthesizeGcpTerraform],
])('GIVEN the resources quoted in %s WHEN compared with the default model\'s synthesized file THEN they are identical', (file, synthesize) => {
  const [synthesized] = synthesize(IdentityModel.fromFile(path.join(ROOT, 'apps', 'default-model.yaml')));
  const doc = JSON.parse(synthesized.content, (k, v) => k === '//' ? undefined : v);
  const quoted = blocks(file, 'json').map(b => JSON.parse(`{${b}}`));
  expect(quoted.length).toBeGreaterThan(0);
  for (const q of quoted) {
    for (const [type, byName] of Object.entries<any>(q)) {
      for (const [name, body] of Object.entries(byName)) expect(doc.resource[type][name]).toEqual(body);
    }
  }
});
