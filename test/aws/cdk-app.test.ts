import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { createApp, DEFAULT_MODEL_FILE } from '../../apps/cdk/main';
import { synthesizeCloudFormation } from '../../lib/aws/synthesize';
import { IdentityModel } from '../../lib/model';

const ROOT = path.join(__dirname, '..', '..');

/** The templates crossfed's CLI function writes, by stack name. */
function cliTemplates(): { [stack: string]: any } {
  const files = synthesizeCloudFormation(IdentityModel.fromFile(DEFAULT_MODEL_FILE), { validation: false });
  return Object.fromEntries(files.map(f => [path.basename(f.path, '.template.json'), JSON.parse(f.content)]));
}

/** A template without the `aws:cdk:path` metadata the CDK CLI adds. */
function withoutPathMetadata(template: any): any {
  const copy = JSON.parse(JSON.stringify(template));
  for (const r of Object.values<any>(copy.Resources ?? {})) {
    if (r.Metadata) delete r.Metadata['aws:cdk:path'];
    if (r.Metadata && Object.keys(r.Metadata).length === 0) delete r.Metadata;
  }
  return copy;
}

describe('the CDK app behind cdk.json', () => {
  test('GIVEN the default model WHEN the app is built in-process THEN it has the CLI\'s stacks and the same templates', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'crossfed-cdk-app-'));
    try {
      const assembly = createApp(new App({ outdir, builtinCloudFormationValidation: false })).synth();
      const expected = cliTemplates();
      expect(assembly.stacks.map(s => [s.stackName, s.environment.account, s.environment.region])).toEqual([
        ['crossfed-default-aws-prod', '111122223333', 'us-east-1'],
        // The self-managed cluster's issuer hosting, in the bucket's region.
        ['crossfed-default-aws-prod-issuer-onprem', '111122223333', 'eu-west-1'],
      ]);
      for (const s of assembly.stacks) expect(s.template).toEqual(expected[s.stackName]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('GIVEN cdk.json WHEN `npx cdk synth` runs THEN it succeeds without credentials or lookups and writes the same templates', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'crossfed-cdk-cli-'));
    try {
      const r = spawnSync('npx', ['cdk', 'synth', '--quiet', '--no-notices', '-o', outdir], {
        cwd: ROOT, encoding: 'utf8', timeout: 180_000, env: { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '', CDK_DISABLE_VERSION_CHECK: '1' },
      });
      expect([r.status, r.error]).toEqual([0, undefined]);
      const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
      expect(manifest.missing).toBeUndefined();
      for (const [stack, template] of Object.entries(cliTemplates())) {
        const written = JSON.parse(fs.readFileSync(path.join(outdir, `${stack}.template.json`), 'utf8'));
        expect(withoutPathMetadata(written)).toEqual(template);
      }
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('GIVEN a bad model file in the context WHEN `npx cdk synth` runs THEN it fails with the problem and no stack trace', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crossfed-cdk-bad-'));
    try {
      fs.writeFileSync(path.join(dir, 'bad.yaml'), 'clouds:\n  aws:\n    - accountId: "12345"\n');
      const r = spawnSync('npx', ['cdk', 'synth', '--quiet', '--no-notices', '-c', `crossfed:model=${path.join(dir, 'bad.yaml')}`, '-o', path.join(dir, 'out')], {
        cwd: ROOT, encoding: 'utf8', timeout: 180_000, env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' },
      });
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/error: .*bad\.yaml:3:18: clouds\.aws\[0\]\.accountId "12345" is not an AWS account id\./);
      expect(r.stderr).not.toMatch(/^\s+at /m);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
