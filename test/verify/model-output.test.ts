import * as path from 'path';
import { sketchOutput } from './model-output';
import { IdentityModel } from '../../lib/model/identity-model';
import { checkArtifacts } from '../../lib/verify';

const DEFAULT_MODEL = path.join(__dirname, '..', '..', 'apps', 'default-model.yaml');

describe('crossfed-shaped output of the default model', () => {
  const model = IdentityModel.fromFile(DEFAULT_MODEL);
  const files = sketchOutput(model);

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

  test('GIVEN the pipeline moved to another namespace WHEN checked THEN AWS and GCP refuse its tokens, in their words', () => {
    const moved = files.map(f => (f.path === 'kubernetes/prod-eks.yaml' ? { ...f, content: f.content.replace(/namespace: data\n/g, 'namespace: data-dev\n') } : f));
    const refusals = checkArtifacts(moved, { model }).findings.filter(f => f.severity === 'error').map(f => `${f.rule} ${f.resource} ${f.message.replace(/^.*?\): /, '').split(' (')[0]}`);
    expect(refusals).toEqual([
      'x-unreachable Deployment/data-dev/pipeline unauthorized_client: The given credential is rejected by the attribute condition.',
      'x-unreachable Deployment/data-dev/pipeline AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity',
    ]);
  });
});
