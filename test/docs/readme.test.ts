import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

function appFiles(dir = path.join(ROOT, 'apps')): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => e.isDirectory() ? appFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]);
}

function blocks(lang: string): string[] {
  return [...README.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map(m => m[1]);
}

describe('README', () => {
  const sources = appFiles().map(f => fs.readFileSync(f, 'utf8'));

  test.each(blocks('(?:ts|yaml)'))('GIVEN a code block of the README WHEN compared with apps/ THEN it is taken verbatim from an app (%#)', block => {
    expect(sources.some(s => s.includes(block))).toBe(true);
  });

  test('GIVEN the README WHEN read THEN its first screen gives exactly two set-up commands, the second being the one CI runs', () => {
    const commands = blocks('sh')[0].trim().split('\n').map(l => l.replace(/\s+#.*$/, ''));
    expect(commands).toEqual(['npm ci && npm run synth', 'npm ci && npm test']);
    expect(fs.readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8')).toContain(commands[1]);
  });
});
