import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { XMLValidator } from 'fast-xml-parser';
import { accessRows } from '../../lib/cli/report/report';
import { writeAtomically } from '../../lib/cli/synth';
import { IdentityModel } from '../../lib/model';
import { tree } from '../tree';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'crossfed');

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'crossfed-synth-'));
}

function synth(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [BIN, 'synth', '--no-validation', ...args], { cwd, encoding: 'utf8' });
}

describe('crossfed synth', () => {
  const first = tmpdir();
  const second = tmpdir();
  let run: ReturnType<typeof synth>;

  beforeAll(() => {
    run = synth(first);
    synth(second, '--out', 'elsewhere/out');
  });

  test('GIVEN the default model WHEN synthesized THEN it exits 0 and writes REPORT.md and trust-graph.svg into dist/', () => {
    expect(run.stderr).toMatch(/^wrote \d+ files to dist/);
    expect(run.status).toBe(0);
    const files = Object.keys(tree(path.join(first, 'dist')));
    expect([...files].sort()).toEqual([
      'REPORT.md',
      'cloudformation/crossfed-default-aws-prod.template.json',
      // The self-managed cluster's issuer documents, published in S3 (a stack in the bucket's region).
      'cloudformation/crossfed-default-aws-prod-issuer-onprem.template.json',
      'kubernetes/onprem.yaml', 'kubernetes/prod-aks.yaml', 'kubernetes/prod-eks.yaml', 'kubernetes/prod-gke.yaml',
      'terraform/azure-acme/cdk.tf.json', 'terraform/gcp-data/cdk.tf.json',
      'trust-graph.svg',
    ].sort());
  });

  test('GIVEN two runs in different directories WHEN compared THEN the outputs are byte-identical (no absolute paths)', () => {
    const a = tree(path.join(first, 'dist'));
    const b = tree(path.join(second, 'elsewhere', 'out'));
    expect(Object.keys(b)).toEqual(Object.keys(a));
    for (const [file, content] of Object.entries(a)) {
      expect(b[file]).toBe(content);
      expect(content).not.toContain(first);
      expect(content).not.toContain(os.tmpdir());
    }
  });

  test('GIVEN the default model WHEN reported THEN REPORT.md has a row for every workload x target, all nine cluster pairs and the cloud identity pairs among them', () => {
    const report = fs.readFileSync(path.join(first, 'dist', 'REPORT.md'), 'utf8');
    const model = IdentityModel.fromFile(path.join(ROOT, 'apps', 'default-model.yaml'));
    const rows = accessRows(model);
    expect(rows.length).toBe(22);
    for (const r of rows) expect(report).toMatch(new RegExp(`\\| ${r.workload} \\| \`[^|]*\` \\| \`${r.subject.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\` \\| ${r.cloud} \\|.*\\| accepted; (\\d+)/\\1 near misses refused \\|`));
    const pairs = new Set(rows.map(r => `${model.findWorkload(r.workload)!.issuer.kind}->${r.cloud}`));
    for (const src of ['eks', 'aks', 'gke']) for (const dst of ['aws', 'azure', 'gcp']) expect(pairs).toContain(`${src}->${dst}`);
    for (const pair of ['entra-id->aws', 'entra-id->gcp', 'google->aws', 'aws->gcp']) expect(pairs).toContain(pair);
    // the Data Factory identity's row: its v1.0 issuer, object id, the application ID URI, the role, and the verdict
    expect(report).toMatch(/^\| acme-entra\/adf-ingest \| `https:\/\/sts\.windows\.net\/11111111-2222-3333-4444-555555555555\/` \| `aaaaaaaa-0000-4000-8000-00000000adf1` \| aws \| `api:\/\/acme-aws-federation` \| `arn:aws:iam::111122223333:role\/adf-ingest-reader` \| cloud identity token \| accepted; \d+\/\d+ near misses refused \|$/m);
    // what each cloud identity does at run time: the token to ask for, or the credential configuration
    const cloud = report.slice(report.indexOf('## Cloud identities'), report.indexOf('## Next steps'));
    expect(cloud).toContain('  - AWS `arn:aws:iam::111122223333:role/adf-ingest-reader`: request a token for `api://acme-aws-federation` (an application with this application ID URI must exist in tenant 11111111-2222-3333-4444-555555555555), then call `AssumeRoleWithWebIdentity`.');
    expect(cloud).toContain('  - AWS `arn:aws:iam::111122223333:role/dataflow-s3-reader`: ask the metadata server for an ID token with audience `sts.amazonaws.com`, then call `AssumeRoleWithWebIdentity`.');
    expect(cloud).toContain('"subject_token_type": "urn:ietf:params:aws:token-type:aws4_request"');
    expect(cloud).toContain('"url": "http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=api://acme-gcp-federation"');
    expect(report).toContain('```mermaid\nflowchart LR');
    // the self-managed cluster: how to publish its issuer, and the API server flags, the issuer flag first
    expect(report).toContain([
      'kube-apiserver \\',
      '  --service-account-issuer=https://acme-onprem-oidc.s3.eu-west-1.amazonaws.com \\',
      '  --service-account-key-file=/etc/kubernetes/pki/sa.pub \\',
      '  --service-account-signing-key-file=/etc/kubernetes/pki/sa.key \\',
      '  --api-audiences=https://kubernetes.default.svc.cluster.local',
    ].join('\n'));
    // ... published by crossfed in S3, from its own stack, deployed in the bucket's region
    expect(report).toContain('**onprem** — crossfed publishes the discovery document and the JWKS in S3 bucket `acme-onprem-oidc` (`cloudformation/crossfed-default-aws-prod-issuer-onprem.template.json`), from the keys of the model\'s `jwksJson`');
    expect(report).toContain('aws cloudformation deploy --stack-name crossfed-default-aws-prod-issuer-onprem --template-file cloudformation/crossfed-default-aws-prod-issuer-onprem.template.json --region eu-west-1 --capabilities CAPABILITY_NAMED_IAM');
    expect(report).toMatch(/^Checker: 0 errors, 0 warnings, 0 notes\. Negative matrix: \d{3,} near-miss tokens presented to the granted identities, 0 accepted\.$/m);
  });

  test('GIVEN the README\'s excerpt of REPORT.md WHEN compared with the default model\'s report THEN every line of it is in the report (the README cannot rot)', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const excerpt = /```markdown\n([\s\S]*?)```/.exec(readme)?.[1].trimEnd().split('\n') ?? [];
    expect(excerpt.length).toBeGreaterThanOrEqual(3);
    const report = fs.readFileSync(path.join(first, 'dist', 'REPORT.md'), 'utf8').split('\n');
    expect(excerpt.filter(l => !report.includes(l))).toEqual([]);
  });

  test('GIVEN the trust graph WHEN parsed THEN it is well-formed SVG showing issuers, identities and resources', () => {
    const svg = fs.readFileSync(path.join(first, 'dist', 'trust-graph.svg'), 'utf8');
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain('<svg');
    const text = svg.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)));
    for (const label of ['prod-eks', 'IAM role', 'pipeline-reader', 'managed identity', 'service account', 'acme-raw']) expect(text).toContain(label);
  });

  test('GIVEN the README picture WHEN compared with the default model\'s graph THEN it is current (npx projen docs:graph)', () => {
    expect(fs.readFileSync(path.join(ROOT, 'docs', 'trust-graph.svg'), 'utf8')).toBe(fs.readFileSync(path.join(first, 'dist', 'trust-graph.svg'), 'utf8'));
  });

  test('GIVEN a bad model WHEN synthesized THEN exit 2, one line per problem, and no output directory', () => {
    const dir = tmpdir();
    fs.writeFileSync(path.join(dir, 'bad.yaml'), 'issuers:\n  - name: x\n    kind: eks\n    url: https://example.com\n');
    const r = synth(dir, '--model', 'bad.yaml');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: bad\.yaml:4:10: issuers\[0\]\.url "https:\/\/example\.com" is not an EKS issuer URL\./)]);
    expect(fs.readdirSync(dir)).toEqual(['bad.yaml']);
  });

  test('GIVEN an existing output directory WHEN a later write fails THEN the old output is left untouched and no temporary directory remains', () => {
    const dir = tmpdir();
    const out = path.join(dir, 'dist');
    writeAtomically(out, [{ path: 'a.txt', content: 'old' }]);
    expect(() => writeAtomically(out, [{ path: 'b.txt', content: 'new' }, { path: '../escape.txt', content: 'x' }])).toThrow(/refusing to write outside/);
    expect(tree(out)).toEqual({ 'a.txt': 'old' });
    expect(fs.readdirSync(dir)).toEqual(['dist']);
  });

  test('GIVEN Terraform state beside a stack WHEN the output is synthesized again THEN the state survives; generated files are replaced', () => {
    const dir = tmpdir();
    const out = path.join(dir, 'dist');
    writeAtomically(out, [{ path: 'terraform/azure-acme/cdk.tf.json', content: 'v1' }, { path: 'old.txt', content: 'x' }]);
    fs.writeFileSync(path.join(out, 'terraform/azure-acme/terraform.tfstate'), 'STATE');
    fs.mkdirSync(path.join(out, 'terraform/azure-acme/.terraform/providers'), { recursive: true });
    writeAtomically(out, [{ path: 'terraform/azure-acme/cdk.tf.json', content: 'v2' }]);
    expect(tree(out)).toEqual({ 'terraform/azure-acme/cdk.tf.json': 'v2', 'terraform/azure-acme/terraform.tfstate': 'STATE' });
    expect(fs.existsSync(path.join(out, 'terraform/azure-acme/.terraform/providers'))).toBe(true);
  });

  test('GIVEN unreadable terraform outputs WHEN synthesized THEN exit 2 with the command that writes them', () => {
    const dir = tmpdir();
    fs.writeFileSync(path.join(dir, 'out.json'), 'Outputs:\nx = 1\n');
    const r = synth(dir, '--tf-outputs', 'out.json');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('error: out.json: --tf-outputs is not JSON');
    expect(r.stderr).toContain('write it with `terraform output -json`, not `terraform output`');
  });
});
