import * as fs from 'fs';
import * as path from 'path';
import { synthesizeCloudFormation } from '../../lib/aws/synthesize';
import { synthesizeAzureTerraform } from '../../lib/azure/synthesize';
import { auditQueries } from '../../lib/cli/report/audit';
import { synthesizeGcpTerraform } from '../../lib/gcp/synthesize';
import { GCP_TOKEN_EXCHANGE_LOG_FILTER, IdentityModel } from '../../lib/model';
import { formatProblem } from '../../lib/model/errors';
import { problemsOf } from '../model/helpers';

const ROOT = path.join(__dirname, '..', '..');
const DOC = fs.readFileSync(path.join(ROOT, 'docs', 'audit.md'), 'utf8');
const model = () => IdentityModel.fromFile(path.join(ROOT, 'apps', 'default-model.yaml'));
/** The fenced blocks of one language (`''`: no language), their indentation removed. */
function blocks(language: string): string[] {
  const out: string[] = [];
  let open: { indent: string; language: string; lines: string[] } | undefined;
  for (const line of DOC.split('\n')) {
    if (!open) {
      const m = /^( *)```(\w*)$/.exec(line);
      if (m) open = { indent: m[1], language: m[2], lines: [] };
    } else if (line === `${open.indent}\`\`\``) {
      if (open.language === language) out.push(open.lines.map(l => `${l.slice(open!.indent.length)}\n`).join(''));
      open = undefined;
    } else {
      open.lines.push(line);
    }
  }
  return out;
}

describe('docs/audit.md shows what crossfed writes, so it cannot rot', () => {
  test('GIVEN its YAML blocks WHEN looked up THEN each is a verbatim part of the default model', () => {
    const source = fs.readFileSync(path.join(ROOT, 'apps', 'default-model.yaml'), 'utf8');
    expect(blocks('yaml').length).toBe(3);
    for (const b of blocks('yaml')) expect(source).toContain(b);
  });

  test('GIVEN its Terraform and CloudFormation JSON WHEN compared with the default model\'s synthesized files THEN they are identical', () => {
    const m = model();
    const strip = (text: string) => JSON.parse(text, (k, v) => k === '//' ? undefined : v);
    const tf = [...synthesizeAzureTerraform(m), ...synthesizeGcpTerraform(m)].map(f => strip(f.content));
    const [trail] = synthesizeCloudFormation(m, { validation: false }).map(f => JSON.parse(f.content)).flatMap(t => Object.values<any>(t.Resources)).filter(r => r.Type === 'AWS::CloudTrail::Trail');
    const quoted = blocks('json').map(b => JSON.parse(`{${b}}`));
    expect(quoted.length).toBe(3);
    for (const q of quoted) {
      if (q.EventSelectors) {
        expect(trail.Properties.EventSelectors).toEqual(q.EventSelectors);
        continue;
      }
      for (const [type, byName] of Object.entries<any>(q)) {
        for (const [name, body] of Object.entries(byName)) expect(tf.find(d => d.resource?.[type]?.[name])?.resource[type][name]).toEqual(body);
      }
    }
  });

  test('GIVEN its queries WHEN compared with REPORT.md\'s for prod-eks/pipeline THEN they are the same text', () => {
    const tfOutputs = JSON.parse(fs.readFileSync(path.join(ROOT, 'apps', 'default-tf-outputs.json'), 'utf8'));
    const generated = auditQueries(model(), tfOutputs).filter(q => q.workload === 'prod-eks/pipeline').map(q => `${q.query}\n`);
    expect([...blocks('sh'), ...blocks('kusto')].sort()).toEqual(generated.sort());
  });

  test('GIVEN its error example and its sink filter WHEN compared with crossfed THEN they are what crossfed says and writes', () => {
    const text = 'clouds:\n  aws:\n    - name: prod\n      accountId: "111122223333"\n      audit:\n        existingTrailArn: arn:aws:s3:::acme-logs\n';
    const [p] = problemsOf(() => IdentityModel.fromText(text, 'team.yaml'));
    const plain = blocks('');
    expect(plain).toContain(`error: ${formatProblem(p)}\n`);
    expect(plain).toContain(`${GCP_TOKEN_EXCHANGE_LOG_FILTER}\n`);
  });
});
