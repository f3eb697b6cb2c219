import * as path from 'path';
import { synthesizedOutput } from './model-output';
import { IdentityModel } from '../../lib/model/identity-model';
import { Issuer } from '../../lib/model/issuer';
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
    expect(report.pairs.length).toBe(22);
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

describe('crossfed-shaped output of existing Entra identities', () => {
  const model = new IdentityModel({ name: 'existing' });
  const eks = model.addIssuer(Issuer.eks({ name: 'prod-eks', url: 'https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE', accountId: '111122223333', clusterName: 'prod' }));
  const azure = model.addAzureTenant({ name: 'acme', tenantId: '11111111-2222-3333-4444-555555555555', subscriptionId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' });
  model.addWorkload({ issuer: eks, namespace: 'data', serviceAccount: 'pipeline' })
    .grantAzure(azure, { existingApplication: { clientId: 'c0ffee00-0000-4000-8000-000000000001', objectId: 'c0ffee00-0000-4000-8000-0000000000aa' } });
  model.addWorkload({ issuer: eks, namespace: 'data', serviceAccount: 'loader' })
    .grantAzure(azure, { existingManagedIdentity: { name: 'loader', resourceGroupName: 'rg-identities', clientId: 'c0ffee00-0000-4000-8000-000000000002', principalId: 'c0ffee00-0000-4000-8000-0000000000bb' } });
  const files = synthesizedOutput(model, {});

  test('GIVEN credentials written onto an existing application and managed identity WHEN checked with the model THEN both are judged by their client ids: the intended tokens get in, no near miss does', () => {
    const result = checkArtifacts(files, { model });
    expect(result.findings.filter(f => f.severity === 'error')).toEqual([]);
    const report = negativeMatrixOf(ruleContext(result.graph, { model }));
    expect(report.pairs.map(p => [p.pair.label, p.intended.accepted, p.intended.reason.split(':')[0]]).sort()).toEqual([
      ['prod-eks/data-loader → azure managed-identity loader', true, 'accepted'],
      ['prod-eks/data-pipeline → azure application c0ffee00-0000-4000-8000-000000000001', true, 'accepted'],
    ]);
    expect(report.tried).toBeGreaterThan(20);
    expect(report.accepted).toBe(0);
  });

  test('GIVEN the same artifacts without the model WHEN a token is explained THEN the existing identities are still candidates, known by object and resource id', () => {
    const graph = checkArtifacts(files).graph;
    expect(graph.azure.identities.map(i => [i.kind, i.id]).sort()).toEqual([
      ['application', '/applications/c0ffee00-0000-4000-8000-0000000000aa'],
      ['managed-identity', '/subscriptions/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee/resourceGroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/loader'],
    ]);
  });
});
