import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../../lib/cli/main';

const ROOT = path.join(__dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'verify', 'fixtures');
const EKS = 'https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';

async function cli(args: string[], o: { isTTY?: boolean; cwd?: string } = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const cwd = process.cwd();
  if (o.cwd) process.chdir(o.cwd);
  try {
    const code = await run(['node', 'crossfed', ...args], { out: s => { out += s; }, err: s => { err += s; }, isTTY: o.isTTY });
    return { code, out, err };
  } finally {
    process.chdir(cwd);
  }
}

/** A directory with the given files. */
function dir(files: Record<string, string>): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'crossfed-check-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(d, name)), { recursive: true });
    fs.writeFileSync(path.join(d, name), content);
  }
  return d;
}

describe('crossfed check', () => {
  test('GIVEN correct artifacts WHEN checked THEN exit 0 and a summary line', async () => {
    const r = await cli(['check', path.join(FIXTURES, 'eks-irsa', 'ok'), '--issuer', `prod-eks=${EKS}`]);
    expect(r).toEqual({ code: 0, out: '0 errors, 0 warnings, 0 info in 3 files\n', err: '' });
  });

  test('GIVEN an error-level finding WHEN checked as text THEN exit 1, findings grouped by file, one line each, no colour off a terminal', async () => {
    const d = dir({
      'stack.template.json': fs.readFileSync(path.join(FIXTURES, 'eks-irsa', 'sub-missing', 'cloudformation', 'irsa.template.json'), 'utf8'),
      'audit.template.json': fs.readFileSync(path.join(FIXTURES, 'eks-irsa', 'ok', 'cloudformation', 'audit.template.json'), 'utf8'),
      'k8s/app.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c, namespace: a }\ndata: { AWS_SECRET_ACCESS_KEY: x }\n',
    });
    const r = await cli(['check', '.'], { cwd: d });
    expect(r.code).toBe(1);
    expect(r.out.split('\n')).toEqual([
      'k8s/app.yaml',
      '     1  error    k8s-static-credentials  ConfigMap/a/c: key "AWS_SECRET_ACCESS_KEY" holds a static cloud secret. Fix: delete it, rotate the key, and federate the workload instead',
      '',
      'stack.template.json',
      expect.stringMatching(/^ {4}12 {2}error {4}aws-trust-sub-missing {2}PipelineRole: statement 0 of the trust policy allows sts:AssumeRoleWithWebIdentity with no condition on .*\. Fix: add "StringEquals"/),
      '',
      '2 errors, 0 warnings, 0 info in 3 files',
      '',
    ]);
    expect(r.out).not.toContain('\u001b[');
  });

  test('GIVEN a terminal WHEN checked THEN severities and files are coloured', async () => {
    const d = dir({ 'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\ndata: { AZURE_CLIENT_SECRET: x }\n' });
    const r = await cli(['check', d], { isTTY: true });
    expect(r.out).toContain('\u001b[31merror  \u001b[0m');
    expect(r.out).toContain(`\u001b[1m${d.split(path.sep).join('/')}/a.yaml\u001b[0m`);
  });

  test('GIVEN --format json WHEN checked THEN the documented shape', async () => {
    const d = dir({ 'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c, namespace: n }\ndata: { AZURE_CLIENT_SECRET: x }\n' });
    const r = await cli(['check', 'a.yaml', '--format', 'json'], { cwd: d });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toEqual({
      findings: [{ rule: 'k8s-static-credentials', severity: 'error', resource: 'ConfigMap/n/c', file: 'a.yaml', line: 1, message: 'key "AZURE_CLIENT_SECRET" holds a static cloud secret', fix: 'delete it, rotate the key, and federate the workload instead' }],
    });
  });

  test('GIVEN a malformed file among good ones WHEN checked THEN exit 2, file and position on stderr, the rest still checked', async () => {
    const d = dir({ 'bad.tf.json': '{\n  "resource": [\n}', 'ok.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\ndata: { AZURE_CLIENT_SECRET: x }\n' });
    const r = await cli(['check', '.', '--format', 'json'], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.err).toBe('error: bad.tf.json:3:1: is not valid JSON: unexpected "}", expected a value\n');
    const out = JSON.parse(r.out);
    expect(out.findings.map((f: { rule: string }) => f.rule)).toEqual(['k8s-static-credentials']);
    expect(out.errors).toEqual([{ file: 'bad.tf.json', line: 3, column: 1, message: 'is not valid JSON: unexpected "}", expected a value' }]);
  });

  test('GIVEN a path that does not exist WHEN checked THEN exit 2 naming it', async () => {
    const r = await cli(['check', 'no/such/dir']);
    expect([r.code, r.err]).toEqual([2, 'error: no/such/dir: cannot be read: ENOENT\n']);
  });

  test('GIVEN two issuers without clusters, or a bad --parameter WHEN checked THEN exit 2 with the fix', async () => {
    const r = await cli(['check', path.join(FIXTURES, 'eks-irsa', 'ok'), '--issuer', EKS, '--issuer', 'https://gitlab.com']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('error: --issuer: issuer ["https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE","https://gitlab.com"] gives several issuers without saying which cluster each belongs to. Allowed: one bare <url>, or <cluster>=<url> per cluster. Fix: write --issuer <file or cluster name>=<url> for each cluster\n');
    const p = await cli(['check', path.join(FIXTURES, 'eks-irsa', 'ok'), '--parameter', 'AccountId']);
    expect([p.code, p.err]).toEqual([2, 'error: --parameter "AccountId" is not NAME=VALUE. Fix: write e.g. --parameter AWS::AccountId=111122223333\n']);
  });

  test('GIVEN --parameter and --model WHEN checked THEN values and cluster issuers come from them', async () => {
    const d = dir({
      'kubernetes/prod-aks.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: app, namespace: a, annotations: { eks.amazonaws.com/role-arn: "arn:aws:iam::1:role/x" } }\n---\napiVersion: v1\nkind: Pod\nmetadata: { name: p, namespace: a }\nspec: { serviceAccountName: app, containers: [{ name: c }] }\n',
    });
    const r = await cli(['check', d, '--model', path.join(ROOT, 'apps', 'default-model.yaml'), '--format', 'json']);
    expect(JSON.parse(r.out).findings.map((f: { rule: string }) => f.rule)).toEqual(['x-unreachable']);
  });

  test('GIVEN the default model\'s synthesized output and --model WHEN checked as text THEN the summary says how many near misses the negative matrix tried, as synth does, and that none got in', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'crossfed-check-'));
    const synth = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'crossfed'), 'synth', '--no-validation', '--out', path.join(out, 'dist')], { encoding: 'utf8' });
    const [, tried] = /(\d+) near misses tried, 0 accepted/.exec(synth.stderr) ?? [];
    expect(Number(tried)).toBeGreaterThan(0);
    const r = await cli(['check', path.join(out, 'dist'), '--model', path.join(ROOT, 'apps', 'default-model.yaml')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^0 errors, 0 warnings, 0 info in \\d+ files\nnegative matrix: \\d+ granted pairs, ${tried} near-miss tokens tried, 0 accepted\n$`));
    const json = await cli(['check', path.join(out, 'dist'), '--model', path.join(ROOT, 'apps', 'default-model.yaml'), '--format', 'json']);
    expect(JSON.parse(json.out)).toEqual({ findings: [], negativeMatrix: { pairs: expect.any(Number), tried: Number(tried), accepted: 0 } });
    // Without --no-check synth runs the same checker: --no-check leaves it out, and REPORT.md says so.
    const skipped = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'crossfed'), 'synth', '--no-validation', '--no-check', '--out', path.join(out, 'unchecked')], { encoding: 'utf8' });
    expect([skipped.status, skipped.stderr]).toEqual([0, expect.not.stringContaining('near misses')]);
    expect(fs.readFileSync(path.join(out, 'unchecked', 'REPORT.md'), 'utf8')).toContain('The checker did not run.');
  });

  test('GIVEN the bin WHEN run over a fixture THEN the process exits with the verdict', () => {
    const aks = 'https://westeurope.oic.prod-aks.azure.com/11111111-2222-3333-4444-555555555555/99999999-8888-7777-6666-555555555555/';
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'crossfed'), 'check', path.join(FIXTURES, 'aks-native', 'ok'), '--issuer', aks], { encoding: 'utf8' });
    expect([r.status, r.stdout]).toEqual([0, '0 errors, 0 warnings, 0 info in 3 files\n']);
  });
});
