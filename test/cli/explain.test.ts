import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli } from './helpers';
import { IdentityModel } from '../../lib/model';
import { synthesizedOutput } from '../verify/model-output';

const ROOT = path.join(__dirname, '..', '..');
const MODEL = path.join(ROOT, 'apps', 'default-model.yaml');
const TF_OUTPUTS = path.join(ROOT, 'apps', 'default-tf-outputs.json');
const AKS = 'https://westeurope.oic.prod-aks.azure.com/11111111-2222-3333-4444-555555555555/99999999-8888-7777-6666-555555555555/';

describe('crossfed explain', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crossfed-explain-'));
  for (const f of synthesizedOutput(IdentityModel.fromFile(MODEL))) {
    fs.mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
    fs.writeFileSync(path.join(dir, f.path), f.content);
  }
  const now = Math.floor(Date.now() / 1000);
  const claims = (c: object) => {
    const file = path.join(dir, `claims-${Math.random().toString(36).slice(2)}.json`);
    fs.writeFileSync(file, JSON.stringify({ iat: now, nbf: now, exp: now + 3600, ...c }));
    return file;
  };

  test('GIVEN the AKS dashboard\'s AWS token WHEN presented everywhere THEN AWS accepts it and GCP and Entra refuse it in their own words, refusals first', async () => {
    const file = claims({ 'iss': AKS, 'sub': 'system:serviceaccount:analytics:dashboard', 'aud': ['sts.amazonaws.com'], 'kubernetes.io': { namespace: 'analytics', serviceaccount: { name: 'dashboard' } } });
    const r = await cli('explain', dir, '--claims', file, '--model', MODEL);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^token iss=".*" sub="system:serviceaccount:analytics:dashboard" aud=\["sts.amazonaws.com"\]: accepted by 1 of \d+ identities \(aws arn:aws:iam::111122223333:role\/dashboard-reader\)/);
    expect(r.out).toContain('invalid_grant: The audience in ID Token [sts.amazonaws.com] does not match the expected audience.');
    expect(r.out).toContain('AADSTS700212: No matching federated identity record found for presented assertion audience \'sts.amazonaws.com\'');
    expect(r.out.indexOf('REFUSED')).toBeLessThan(r.out.indexOf('ACCEPTED'));
  });

  test('GIVEN a token of another namespace WHEN presented THEN nothing accepts it: exit 1, JSON with one result per identity', async () => {
    const file = claims({ iss: AKS, sub: 'system:serviceaccount:analytics-dev:dashboard', aud: ['sts.amazonaws.com'] });
    const r = await cli('explain', dir, '--claims', file, '--format', 'json');
    expect(r.code).toBe(1);
    const results = JSON.parse(r.out).results;
    expect(results.length).toBeGreaterThan(1);
    expect(results.every((x: { accepted: boolean }) => !x.accepted)).toBe(true);
    expect(results.find((x: { cloud: string; identity: string }) => x.identity === 'arn:aws:iam::111122223333:role/dashboard-reader')).toMatchObject({
      cloud: 'aws', accepted: false, reason: 'AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity', steps: expect.arrayContaining([expect.objectContaining({ ok: false })]),
    });
  });

  test('GIVEN a model workload WHEN explained with the Terraform outputs THEN each of its pod\'s credentials is accepted by its identity', async () => {
    const r = await cli('explain', dir, '--model', MODEL, '--tf-outputs', TF_OUTPUTS, '--workload', 'prod-eks/pipeline');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^prod-eks\/pipeline: 3 of 3 credentials accepted/);
    expect(r.out).toContain('ACCEPTED  azure  application "pipeline-reader" (client id 00000000-0000-4000-8000-31fbccb7c9fd)');
  });

  test('GIVEN a CI workload WHEN explained THEN the model\'s token is presented to each of its grants', async () => {
    const r = await cli('explain', dir, '--model', MODEL, '--workload', 'github/gh-release');
    expect(r.out).toMatch(/^github\/gh-release: 3 of 3 credentials accepted/);
  });

  test('GIVEN the Data Factory identity\'s Entra token WHEN presented everywhere THEN only its AWS role accepts it; another object id is refused by every identity', async () => {
    const token = { iss: 'https://sts.windows.net/11111111-2222-3333-4444-555555555555/', sub: 'aaaaaaaa-0000-4000-8000-00000000adf1', aud: 'api://acme-aws-federation', oid: 'aaaaaaaa-0000-4000-8000-00000000adf1', ver: '1.0' };
    const r = await cli('explain', dir, '--claims', claims(token), '--model', MODEL);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/: accepted by 1 of \d+ identities \(aws arn:aws:iam::111122223333:role\/adf-ingest-reader\)/);
    expect(r.out).toContain('ACCEPTED  aws  arn:aws:iam::111122223333:role/adf-ingest-reader  (AssumeRoleWithWebIdentity)');
    const other = await cli('explain', dir, '--claims', claims({ ...token, sub: 'aaaaaaaa-0000-4000-8000-00000000adf2' }), '--model', MODEL, '--format', 'json');
    expect(other.code).toBe(1);
    expect(JSON.parse(other.out).results.find((x: { identity: string }) => x.identity === 'arn:aws:iam::111122223333:role/adf-ingest-reader'))
      .toMatchObject({ accepted: false, reason: 'AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity' });
  });

  test('GIVEN an AWS Batch role\'s caller identity WHEN presented THEN its GCP service account accepts it; the role name in another account is refused', async () => {
    const provider = '//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/crossfed/providers/aws-prod';
    const caller = { arn: 'arn:aws:sts::111122223333:assumed-role/batch-bq-writer/job-42', account: '111122223333', aud: provider, exp: now + 900 };
    const r = await cli('explain', dir, '--claims', claims(caller), '--model', MODEL);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^AWS caller arn="arn:aws:sts::111122223333:assumed-role\/batch-bq-writer\/job-42" account="111122223333" x-goog-cloud-target-resource=\["\/\/iam\.googleapis\.com\/projects\/123456789012\/locations\/global\/workloadIdentityPools\/crossfed\/providers\/aws-prod"\]: accepted by 1 of \d+ identities \(gcp bq-writer@acme-data\.iam\.gserviceaccount\.com\)/);
    expect(r.out).toContain('ACCEPTED  gcp  bq-writer@acme-data.iam.gserviceaccount.com  (workload identity federation)');
    const other = await cli('explain', dir, '--claims', claims({ ...caller, account: '444455556666', arn: 'arn:aws:sts::444455556666:assumed-role/batch-bq-writer/job-42' }), '--model', MODEL);
    expect(other.code).toBe(1);
    expect(other.out).toContain('invalid_grant: AWS account 444455556666 of the caller is not the provider\'s account');
  });

  test('GIVEN a cloud identity of the model WHEN explained as a workload THEN its token is presented to each of its grants', async () => {
    const r = await cli('explain', dir, '--model', MODEL, '--workload', 'acme-entra/adf-ingest');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^acme-entra\/adf-ingest: 2 of 2 credentials accepted/);
  });

  test('GIVEN both --claims and --workload WHEN run THEN exit 2 with the fix', async () => {
    const r = await cli('explain', dir, '--claims', 'x.json', '--workload', 'y');
    expect(r.code).toBe(2);
    expect(r.err).toContain('error: crossfed explain: --claims and --workload are given together');
  });
});
