import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { addTerraformStacks } from '../../apps/terraform';
import { PlatformIdentityStack } from '../../apps/terraform-own-app';
import { synthesizeAzureTerraform } from '../../lib/azure/synthesize';
import { synthesizeGcpTerraform } from '../../lib/gcp/synthesize';
import { IdentityModel } from '../../lib/model';
import { expectValidTerraform, resourcesOf } from '../terraform/helpers';

const ROOT = path.join(__dirname, '..', '..');
const load = () => IdentityModel.fromFile(path.join(ROOT, 'apps', 'default-model.yaml'));
const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'crossfed-cdktf-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach(d => fs.rmSync(d, { recursive: true, force: true })));

/** `<outdir>/stacks/<stack>/cdk.tf.json`, parsed, by stack. */
function stacksIn(outdir: string): Record<string, any> {
  const out: Record<string, any> = {};
  for (const stack of fs.readdirSync(path.join(outdir, 'stacks')).sort()) out[stack] = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
  return out;
}

/** What the CLI's synthesize functions give for the same model, by stack. */
function cliFiles(model: IdentityModel): Record<string, any> {
  const out: Record<string, any> = {};
  for (const f of [...synthesizeAzureTerraform(model), ...synthesizeGcpTerraform(model)]) out[f.path.split('/')[1]] = JSON.parse(f.content);
  return out;
}

describe('apps/terraform.ts (the app cdktf.json runs)', () => {
  test('GIVEN the default model WHEN the app synthesizes THEN it writes exactly what the CLI functions return, with no machine path', () => {
    const outdir = tmp();
    addTerraformStacks(new App({ outdir }), load()).synth();
    const written = stacksIn(outdir);
    expect(Object.keys(written)).toEqual(['azure-acme', 'gcp-data']);
    expect(written).toEqual(cliFiles(load()));
    for (const doc of Object.values(written)) expectValidTerraform(doc);
  });

  test('GIVEN cdktf.json WHEN `npx cdktf synth` runs offline THEN it synthesizes the default model\'s stacks', () => {
    const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdktf.json'), 'utf8'));
    expect(config).toMatchObject({ language: 'typescript', app: 'npx ts-node --swc apps/terraform.ts', terraformProviders: [] });
    const outdir = tmp();
    const run = spawnSync('npx', ['cdktf', 'synth', '--output', outdir], {
      cwd: ROOT, encoding: 'utf8', timeout: 120_000,
      env: { ...process.env, CHECKPOINT_DISABLE: '1', CI: '1', NO_COLOR: '1', CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1' },
    });
    if (run.status !== 0) throw new Error(`npx cdktf synth failed (exit ${run.status}); install the dev dependencies with \`npm ci\`.\n${run.stdout}\n${run.stderr}`);
    expect(stacksIn(outdir)).toEqual(cliFiles(load()));
  }, 120_000);
});

describe('apps/terraform-own-app.ts (crossfed constructs in a team\'s own stack)', () => {
  const synth = () => {
    const outdir = tmp();
    const app = new App({ outdir });
    new PlatformIdentityStack(app, 'platform-identity', load());
    app.synth();
    return stacksIn(outdir)['platform-identity'];
  };

  test('GIVEN the team\'s stack WHEN synthesized THEN Entra and GCP resources sit beside the team\'s backend, providers and outputs', () => {
    const doc = synth();
    expectValidTerraform(doc);
    expect(doc.terraform.backend).toEqual({ gcs: { bucket: 'acme-terraform-state', prefix: 'platform-identity' } });
    expect(Object.keys(doc.provider).sort()).toEqual(['azuread', 'azurerm', 'google']);
    expect(Object.keys(resourcesOf(doc, 'azuread_application_federated_identity_credential'))).toHaveLength(4);
    const providers = resourcesOf(doc, 'google_iam_workload_identity_pool_provider');
    expect(Object.keys(providers)).toHaveLength(6);
    // The AWS account's provider is GCP's AWS provider type; every other one is OIDC.
    expect(Object.entries(providers).filter(([, p]: [string, any]) => p.aws).map(([n, p]: [string, any]) => [n, p.aws, p.oidc])).toEqual([['acme-data__crossfed__aws-prod', { account_id: '111122223333' }, undefined]]);
  });

  test('GIVEN the team\'s additions WHEN synthesized THEN the pool is protected and the outputs carry the model\'s values', () => {
    const doc = synth();
    const model = load();
    expect(resourcesOf(doc, 'google_iam_workload_identity_pool')['acme-data__crossfed'].lifecycle).toEqual({ prevent_destroy: true });
    const github = resourcesOf(doc, 'google_iam_workload_identity_pool_provider')['acme-data__crossfed__github'];
    expect(`//iam.googleapis.com/${doc.output['github-workload-identity-provider'].value}`).toBe(github.oidc.allowed_audiences[0]);
    expect(doc.output['azure-tenant-id'].value).toBe(model.findAzureTenant('acme')!.tenantId);
    for (const identity of model.findAzureTenant('acme')!.identities) expect(doc.output[identity.clientIdOutputName]).toBeDefined();
  });
});
