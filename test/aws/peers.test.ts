import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { resourcesOf } from './helpers';
import { cfnLint, MotoServer, requirePeer, xmlText } from './peers';
import { ACCOUNT, largeModel, SCENARIOS } from './scenarios';
import { DEFAULT_MODEL_FILE } from '../../apps/cdk/main';
import { createTeamApp } from '../../apps/cdk/team-app';
import { synthesizeCloudFormation } from '../../lib/aws/synthesize';
import { IdentityModel } from '../../lib/model';

jest.setTimeout(600_000);

interface StackTemplate { readonly stack: string; readonly file: string; readonly template: any }
interface Deployment { readonly name: string; readonly stacks: StackTemplate[] }

const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'crossfed-aws-peers-'));
const VALIDATION_STRICT = '@aws-cdk/core:validateAgainstDefaultRules';

function write(name: string, stack: string, content: string): StackTemplate {
  const file = path.join(DIR, name, `${stack}.template.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return { stack, file, template: JSON.parse(content) };
}

/** Every template these tests check, synthesized once with aws-cdk-lib's built-in validation on. */
let deployments: Deployment[] | undefined;
function synthesizeAll(): Deployment[] {
  if (deployments) return deployments;
  const models: [string, () => IdentityModel][] = [
    ...Object.entries(SCENARIOS), ['default-model', () => IdentityModel.fromFile(DEFAULT_MODEL_FILE)], ['large-1200-roles', () => largeModel(1200)],
  ];
  const out: Deployment[] = models.map(([name, build]) => ({
    name,
    stacks: synthesizeCloudFormation(build(), { validation: true }).map(f => write(name, path.basename(f.path, '.template.json'), f.content)),
  }));
  // The team's own app (apps/cdk/team-app.ts), with its bootstrapped synthesizer.
  const outdir = path.join(DIR, 'team-app.out');
  const assembly = createTeamApp(new App({ outdir, analyticsReporting: false, context: { [VALIDATION_STRICT]: true } })).synth();
  const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
  expect(report.pluginReports.flatMap((p: any) => p.violations ?? [])).toEqual([]);
  out.push({ name: 'team-app', stacks: assembly.stacks.map(s => write('team-app', s.stackName, fs.readFileSync(path.join(outdir, s.templateFile), 'utf8'))) });
  return deployments = out;
}

describe('AWS output against real peers (built-in validation, cfn-lint, moto_server)', () => {
  let moto: MotoServer | undefined;

  beforeAll(async () => {
    requirePeer('cfn-lint', 'pip install cfn-lint');
    moto = await MotoServer.start();
  });

  afterAll(async () => {
    await moto?.stop();
    fs.rmSync(DIR, { recursive: true, force: true });
  });

  test('GIVEN every scenario, the default model, a 1,200-role model and a team\'s app WHEN synthesized with the built-in CloudFormation validation THEN it reports nothing', () => {
    // synthesizeCloudFormation turns any finding of the validator into an error.
    const all = synthesizeAll();
    expect(all.map(d => d.name)).toEqual([...Object.keys(SCENARIOS), 'default-model', 'large-1200-roles', 'team-app']);
    expect(all.find(d => d.name === 'large-1200-roles')!.stacks.map(s => s.stack)).toEqual(['large-aws-prod', 'large-aws-prod-2', 'large-aws-prod-3', 'large-aws-prod-4', 'large-aws-prod-5']);
  });

  test('GIVEN every template synthesized above WHEN cfn-lint runs THEN it finds nothing', () => {
    const files = synthesizeAll().flatMap(d => d.stacks.map(s => s.file));
    expect(files.length).toBe(21);
    expect(cfnLint(files).map(f => `${path.relative(DIR, f.Filename)}: ${f.Level} ${f.Rule.Id} ${f.Message}`)).toEqual([]);
  });

  test.each([...Object.keys(SCENARIOS), 'default-model', 'large-1200-roles', 'team-app'])(
    'GIVEN %s WHEN deployed to moto THEN every stack is CREATE_COMPLETE, IAM returns the trust and inline policy crossfed wrote, and each trail logs into its bucket', async name => {
      const deployment = synthesizeAll().find(d => d.name === name)!;
      const checked = await deploy(moto!, deployment);
      // crossfed's federated roles (named); the issuer hosting's document writer has a service role of its own.
      const roles = deployment.stacks.flatMap(s => Object.values<any>(resourcesOf(s.template, 'AWS::IAM::Role')).filter(r => r.Properties.RoleName !== undefined));
      const trails = deployment.stacks.flatMap(s => Object.values(resourcesOf(s.template, 'AWS::CloudTrail::Trail')));
      expect(checked).toEqual({ roles: roles.length, trails: trails.length });
      expect(checked.roles).toBeGreaterThan(0);
      if (name === 'audited-accounts' || name === 'default-model') expect(checked.trails).toBeGreaterThan(0);
    });
});

/**
 * Deploys a model's stacks in order into a fresh moto. moto's CloudFormation lacks
 * AWS::IAM::OIDCProvider (and the EKS types): providers are created first through the IAM API
 * (not the built-in `accounts.google.com`, which every account has)
 * — the ones the template declares with its client ids and thumbprints, existing ones with the
 * audiences the roles use — and the ARN IAM assigns must be the literal ARN the roles trust.
 * Existing roles (not crossfed's) are created as a real account would already have them.
 * Returns the number of roles and trails checked. moto's STS accepts any token: this proves that templates
 * deploy and carry crossfed's trust, not that the trust logic is right. moto's CloudFormation
 * also ignores a role's ManagedPolicyArns and the EKS resource types: the unit tests assert those.
 */
async function deploy(moto: MotoServer, deployment: Deployment): Promise<{ roles: number; trails: number }> {
  await moto.reset();
  const providers = new Set<string>();
  let checked = 0;
  let trails = 0;
  for (const { stack, template } of deployment.stacks) {
    const account = /arn:aws:iam::(\d{12}):/.exec(JSON.stringify(template))?.[1] ?? ACCOUNT;
    const region: string = template.Metadata?.['crossfed:environment']?.Region ?? 'us-east-1';
    const declared = Object.values(resourcesOf(template, 'AWS::IAM::OIDCProvider')).map((r: any) => r.Properties);
    const roles = Object.values(resourcesOf(template, 'AWS::IAM::Role')).map((r: any) => r.Properties).filter(r => r.RoleName !== undefined);
    for (const role of roles) {
      for (const s of role.AssumeRolePolicyDocument.Statement) {
        const arn: string | undefined = s.Principal.Federated;
        // AWS's built-in providers (accounts.google.com) exist in every account.
        if (!arn || providers.has(arn) || !arn.includes(':oidc-provider/')) continue;
        const hostPath = arn.split(':oidc-provider/')[1];
        const own = declared.find(p => p.Url === `https://${hostPath}`);
        const clientIds: string[] = own?.ClientIdList ?? [s.Condition.StringEquals[`${hostPath}:aud`]];
        const params: { [k: string]: string } = { Url: `https://${hostPath}` };
        clientIds.forEach((c, i) => { params[`ClientIDList.member.${i + 1}`] = c; });
        (own?.ThumbprintList ?? []).forEach((t: string, i: number) => { params[`ThumbprintList.member.${i + 1}`] = t; });
        const created = xmlText(await moto.query('iam', 'CreateOpenIDConnectProvider', params, account), 'OpenIDConnectProviderArn');
        expect(created).toBe(arn);
        providers.add(arn);
      }
    }
    for (const policy of Object.values(resourcesOf(template, 'AWS::IAM::Policy')).map((r: any) => r.Properties)) {
      for (const roleName of policy.Roles) {
        // A Ref is a role of the template itself; a name of a role it does not declare exists already.
        if (typeof roleName !== 'string' || roles.some(r => r.RoleName === roleName)) continue;
        await moto.query('iam', 'CreateRole', { RoleName: roleName, AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [] }) }, account);
      }
    }
    if (template.Parameters?.BootstrapVersion) {
      await moto.json('AmazonSSM.PutParameter', { Name: template.Parameters.BootstrapVersion.Default, Value: '30', Type: 'String' }, account);
    }
    // The issuer documents are written by a Lambda-backed custom resource, and moto runs
    // Lambda only in Docker (absent here): the stack deploys without them, and the test
    // writes them as the writer would, through S3, with the properties the template holds.
    const documents = resourcesOf(template, 'Custom::CrossfedIssuerDocument');
    const deployed = { ...template, Resources: Object.fromEntries(Object.entries(template.Resources).filter(([id]) => !(id in documents))) };
    await moto.query('cloudformation', 'CreateStack', { StackName: stack, TemplateBody: JSON.stringify(deployed) }, account, region);
    const described = await moto.query('cloudformation', 'DescribeStacks', { StackName: stack }, account, region);
    if (Object.keys(documents).length > 0) await checkIssuerHosting(moto, template, documents, account, region);
    expect([stack, xmlText(described, 'StackStatus')]).toEqual([stack, 'CREATE_COMPLETE']);
    trails += await deployTrails(moto, stack, template, account, region);
    await inBatches(roles, 8, async role => {
      const got = await moto.query('iam', 'GetRole', { RoleName: role.RoleName }, account);
      expect([role.RoleName, MotoServer.policyDocument(got, 'AssumeRolePolicyDocument')]).toEqual([role.RoleName, role.AssumeRolePolicyDocument]);
      for (const p of role.Policies ?? []) {
        const inline = await moto.query('iam', 'GetRolePolicy', { RoleName: role.RoleName, PolicyName: p.PolicyName }, account);
        expect([role.RoleName, MotoServer.policyDocument(inline, 'PolicyDocument')]).toEqual([role.RoleName, p.PolicyDocument]);
      }
      expect([role.RoleName, xmlText(got, 'MaxSessionDuration'), xmlText(got, 'Description')]).toEqual([role.RoleName, String(role.MaxSessionDuration), role.Description]);
      checked++;
    });
  }
  return { roles: checked, trails };
}

const CLOUDTRAIL = 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101';

/**
 * moto's CloudFormation creates buckets (with their encryption) and KMS keys, but implements
 * neither `AWS::S3::BucketPolicy` nor `AWS::CloudTrail::Trail`: those are created through their
 * own APIs with the template's properties, as CloudFormation would. The trail must then be
 * accepted with the bucket the stack created (or the existing bucket the model names, created
 * first as the account would have it), be logging, record read and write management events, carry
 * the ARN the bucket and key policies pin with `aws:SourceArn`, and the bucket must be encrypted
 * with the trail's key.
 */
async function deployTrails(moto: MotoServer, stack: string, template: any, account: string, region: string): Promise<number> {
  const trails = Object.values<any>(resourcesOf(template, 'AWS::CloudTrail::Trail')).map(r => r.Properties);
  if (trails.length === 0) return 0;
  const buckets = Object.values<any>(resourcesOf(template, 'AWS::S3::Bucket')).map(r => r.Properties);
  const resources = await moto.query('cloudformation', 'DescribeStackResources', { StackName: stack }, account, region);
  const physical = new Map([...resources.matchAll(/<LogicalResourceId>([^<]+)<\/LogicalResourceId><PhysicalResourceId>([^<]+)<\/PhysicalResourceId>/g)].map(m => [m[1], m[2]]));
  for (const p of Object.values<any>(resourcesOf(template, 'AWS::S3::BucketPolicy')).map(r => r.Properties)) {
    await moto.s3('PUT', `/${p.Bucket}?policy`, account, region, JSON.stringify(p.PolicyDocument));
  }
  for (const t of trails) {
    const keyArn = t.KMSKeyId ? `arn:aws:kms:${region}:${account}:key/${physical.get(t.KMSKeyId['Fn::GetAtt'][0])}` : undefined;
    if (buckets.some(b => b.BucketName === t.S3BucketName)) {
      const encryption = (await moto.s3('GET', `/${t.S3BucketName}?encryption`, account, region)).body;
      expect([t.S3BucketName, xmlText(encryption, 'SSEAlgorithm'), xmlText(encryption, 'KMSMasterKeyID')]).toEqual([t.S3BucketName, 'aws:kms', keyArn]);
    } else {
      await moto.s3('PUT', `/${t.S3BucketName}`, account, region, region === 'us-east-1' ? undefined : `<CreateBucketConfiguration><LocationConstraint>${region}</LocationConstraint></CreateBucketConfiguration>`);
    }
    const created = await moto.json(`${CLOUDTRAIL}.CreateTrail`, {
      Name: t.TrailName, S3BucketName: t.S3BucketName, IsMultiRegionTrail: t.IsMultiRegionTrail, IncludeGlobalServiceEvents: t.IncludeGlobalServiceEvents,
      EnableLogFileValidation: t.EnableLogFileValidation, KmsKeyId: keyArn,
    }, account, region) as any;
    const pinned = JSON.stringify(template).match(/"aws:SourceArn":"(arn:[^"]+:cloudtrail:[^"]+)"/)?.[1];
    if (pinned) expect(created.TrailARN).toBe(pinned);
    await moto.json(`${CLOUDTRAIL}.PutEventSelectors`, { TrailName: t.TrailName, EventSelectors: t.EventSelectors }, account, region);
    if (t.IsLogging) await moto.json(`${CLOUDTRAIL}.StartLogging`, { Name: t.TrailName }, account, region);
    const status = await moto.json(`${CLOUDTRAIL}.GetTrailStatus`, { Name: t.TrailName }, account, region) as any;
    const selectors = await moto.json(`${CLOUDTRAIL}.GetEventSelectors`, { TrailName: t.TrailName }, account, region) as any;
    const trail = (await moto.json(`${CLOUDTRAIL}.GetTrail`, { Name: t.TrailName }, account, region) as any).Trail;
    expect([t.TrailName, status.IsLogging, selectors.EventSelectors, trail.IsMultiRegionTrail, trail.LogFileValidationEnabled])
      .toEqual([t.TrailName, true, [{ IncludeManagementEvents: true, ReadWriteType: 'All' }], true, true]);
  }
  return trails.length;
}

/**
 * The hosting stack as deployed: its bucket exists in the stack's region, and the documents,
 * written with the template's key, body, content type and cache control, come back as
 * written. moto's CloudFormation ignores AWS::S3::BucketPolicy and the public-access block:
 * the unit tests (issuer-hosting.test.ts) assert those.
 */
async function checkIssuerHosting(moto: MotoServer, template: any, documents: { [id: string]: any }, account: string, region: string): Promise<void> {
  const bucket = Object.values<any>(resourcesOf(template, 'AWS::S3::Bucket'))[0].Properties.BucketName;
  expect((await moto.s3('GET', `/${bucket}?location`, account, region)).body).toMatch(new RegExp(`<LocationConstraint[^>]*>${region}</LocationConstraint>`));
  for (const d of Object.values<any>(documents).map(x => x.Properties)) {
    await moto.s3('PUT', `/${bucket}/${d.Key}`, account, region, d.Body, { 'content-type': d.ContentType, 'cache-control': d.CacheControl });
    const got = await moto.s3('GET', `/${bucket}/${d.Key}`, account, region);
    expect([d.Key, got.body, got.headers.get('content-type'), got.headers.get('cache-control')]).toEqual([d.Key, d.Body, 'application/json', 'public, max-age=300']);
  }
}

async function inBatches<T>(items: T[], size: number, fn: (t: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}
