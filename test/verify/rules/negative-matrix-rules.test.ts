import * as path from 'path';
import { IdentityModel } from '../../../lib/model/identity-model';
import { checkArtifacts } from '../../../lib/verify';
import { synthesizedOutput } from '../model-output';

const model = IdentityModel.fromFile(path.join(__dirname, '..', '..', '..', 'apps', 'default-model.yaml'));
const files = synthesizedOutput(model);
const CFN = 'cloudformation/crossfed-default-aws-prod.template.json';
const edit = (from: string | RegExp, to: string) => files.map(f => (f.path === CFN ? { ...f, content: f.content.replace(from, to) } : f));
const rules = (fs: typeof files, rule: string) => checkArtifacts(fs, { model }).findings.filter(f => f.rule === rule);

describe('x-near-miss-accepted', () => {
  test('GIVEN crossfed\'s own output WHEN checked with the model THEN no near miss is accepted (compliant)', () => {
    expect(rules(files, 'x-near-miss-accepted')).toEqual([]);
  });

  test('GIVEN a trust loosened to a StringLike prefix WHEN checked THEN the longer-name and other near misses are accepted and reported (non-compliant)', () => {
    const key = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
    const loose = files.map(f => {
      if (f.path !== CFN) return f;
      const t = JSON.parse(f.content);
      const trust = t.Resources[Object.keys(t.Resources).find(k => t.Resources[k].Properties?.RoleName === 'pipeline-reader')!].Properties.AssumeRolePolicyDocument;
      const cond = trust.Statement[0].Condition;
      cond.StringLike = { [`${key}:sub`]: 'system:serviceaccount:data:pipeline*' };
      delete cond.StringEquals[`${key}:sub`];
      return { ...f, content: JSON.stringify(t, null, 1) };
    });
    expect(loose).not.toEqual(files);
    const found = rules(loose, 'x-near-miss-accepted');
    expect(found.length).toBeGreaterThan(0);
    expect(found.every(f => f.severity === 'error' && f.file === CFN)).toBe(true);
    expect(found.map(f => f.message).join('\n')).toContain('prod-eks/pipeline → aws arn:aws:iam::111122223333:role/pipeline-reader');
  });

  test('GIVEN no model WHEN checked THEN the matrix does not run: without a model nothing says what is intended (edge)', () => {
    const loose = edit('"system:serviceaccount:data:pipeline"', '"system:serviceaccount:data:pipeline*"');
    expect(checkArtifacts(loose).findings.filter(f => f.rule === 'x-near-miss-accepted')).toEqual([]);
  });
});

describe('x-intended-refused', () => {
  test('GIVEN crossfed\'s own output WHEN checked THEN every granted token is accepted (compliant)', () => {
    expect(rules(files, 'x-intended-refused')).toEqual([]);
  });

  test('GIVEN a trust whose subject drifted from the model WHEN checked THEN the granted workload is refused, in AWS\'s words (non-compliant)', () => {
    const found = rules(edit('"system:serviceaccount:data:pipeline"', '"system:serviceaccount:data:pipelines"'), 'x-intended-refused');
    expect(found.map(f => f.message.split(' (')[0])).toEqual([
      'prod-eks/pipeline → aws arn:aws:iam::111122223333:role/pipeline-reader would be refused: AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity',
    ]);
  });

  test('GIVEN only part of the artifacts WHEN checked with the whole model THEN identities absent from them are not judged (edge)', () => {
    expect(rules(files.filter(f => f.path.startsWith('kubernetes/')), 'x-intended-refused')).toEqual([]);
  });
});
