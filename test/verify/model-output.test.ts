import * as path from 'path';
import { synthesizedOutput } from './model-output';
import { IdentityModel } from '../../lib/model/identity-model';
import { checkArtifacts, podCredentials, ruleContext } from '../../lib/verify';
import { negativeMatrixOf } from '../../lib/verify/rules/cross-artifact/negative-matrix-run';

const DEFAULT_MODEL = path.join(__dirname, '..', '..', 'apps', 'default-model.yaml');

describe('crossfed-shaped output of the default model', () => {
  const model = IdentityModel.fromFile(DEFAULT_MODEL);
  const files = synthesizedOutput(model);

  test('GIVEN the default model\'s artifacts and the model WHEN checked THEN no error-level finding', () => {
    const result = checkArtifacts(files, { model });
    expect(result.errors).toEqual([]);
    expect(result.findings.filter(f => f.severity === 'error')).toEqual([]);
    expect(result.verdict).toBe('pass');
  });

  test('GIVEN the same artifacts without the model WHEN checked THEN the issuers come from the crossfed.dev/issuer annotations alone', () => {
    const result = checkArtifacts(files);
    expect(result.findings.filter(f => f.rule === 'x-issuer-unknown')).toEqual([]);
    expect(result.findings.filter(f => f.severity === 'error')).toEqual([]);
  });

  test('GIVEN the example pod WHEN its credentials are read THEN the IRSA webhook\'s skip-containers annotation is honoured (only the aws container gets AWS)', () => {
    const graph = checkArtifacts(files, { model }).graph;
    const aws = podCredentials(graph).filter((c) => c.workload.name === 'crossfed-example-pipeline' && c.target.cloud === 'aws').map((c) => c.container);
    expect(aws).toEqual(['aws']);
  });

  test('GIVEN the model WHEN checked THEN the negative matrix ran over every granted pair and nothing near was accepted', () => {
    const result = checkArtifacts(files, { model });
    expect(result.findings.filter(f => f.rule === 'x-near-miss-accepted' || f.rule === 'x-intended-refused')).toEqual([]);
    const report = negativeMatrixOf(ruleContext(result.graph, { model }));
    expect(report.pairs.length).toBe(18);
    expect(report.tried).toBeGreaterThan(500);
    expect(report.accepted).toBe(0);
    expect(report.intendedRefused).toBe(0);
  });

  test('GIVEN the pipeline moved to another namespace WHEN checked THEN AWS and GCP refuse its tokens, in their words', () => {
    const moved = files.map(f => (f.path === 'kubernetes/prod-eks.yaml' ? { ...f, content: f.content.replace(/namespace: data\n/g, 'namespace: data-dev\n') } : f));
    const refusals = checkArtifacts(moved, { model }).findings.filter(f => f.severity === 'error').map(f => `${f.rule} ${f.resource} ${f.message.replace(/^.*?\): /, '').split(' (')[0]}`);
    expect(refusals).toEqual([
      'x-unreachable Pod/data-dev/crossfed-example-pipeline AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity',
      'x-unreachable Pod/data-dev/crossfed-example-pipeline unauthorized_client: The given credential is rejected by the attribute condition.',
    ]);
  });
});
