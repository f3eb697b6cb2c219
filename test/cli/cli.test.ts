import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli } from './helpers';

const ROOT = path.join(__dirname, '..', '..');

describe('crossfed CLI', () => {
  test('GIVEN the bin WHEN run with --help THEN it prints usage and exits 0', () => {
    const out = execFileSync(process.execPath, [path.join(ROOT, 'bin', 'crossfed'), '--help'], { encoding: 'utf8' });
    expect(out).toContain('Usage: crossfed');
    expect(out).toContain('Exit codes: 0 ok, 1 findings at error level, 2 bad input');
  });

  test('GIVEN no model WHEN validate runs THEN it summarizes the built-in default model', async () => {
    const r = await cli('validate');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^model crossfed-default: 9 issuers, 11 workloads/);
    expect(r.out).toContain('prod-eks/pipeline  (eks, sub system:serviceaccount:data:pipeline)');
  });

  test('GIVEN a bad model WHEN validate runs THEN exit 2 and one line per problem, no stack trace', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crossfed-cli-'));
    const file = path.join(dir, 'bad.yaml');
    fs.writeFileSync(file, 'clouds:\n  aws:\n    - accountId: "12345"\n');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'crossfed'), 'validate', '--model', file], { encoding: 'utf8', cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('error: bad.yaml:3:18: clouds.aws[0].accountId "12345" is not an AWS account id. Allowed: exactly 12 digits (quote it in YAML so leading zeros survive). Fix: copy it from `aws sts get-caller-identity --query Account`\n');
  });

  test('GIVEN an unknown option WHEN run THEN exit 2 with usage help', async () => {
    const r = await cli('validate', '--nope');
    expect(r.code).toBe(2);
    expect(r.err).toContain("error: unknown option '--nope'");
  });
});
