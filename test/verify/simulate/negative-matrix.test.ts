import * as path from 'path';
import { AKS, EKS, EKS_HOST, GCP_AUDIENCE, GSA, gcpProvider, k8sToken, NOW, pipelineGraph, role, ROLE_ARN, webIdentityTrust } from './fixtures';
import { graphFromModel } from './model-graph';
import { IdentityModel } from '../../../lib/model/identity-model';
import { explainJson, formatResult } from '../../../lib/verify/simulate/format';
import { intendedPairsFromModel } from '../../../lib/verify/simulate/intended';
import { nearMisses, siblingIssuer } from '../../../lib/verify/simulate/near-miss';
import { negativeMatrix } from '../../../lib/verify/simulate/negative-matrix';

const DEFAULT_MODEL = path.join(__dirname, '..', '..', '..', 'apps', 'default-model.yaml');

describe('near-miss tokens', () => {
  test('GIVEN an EKS token for data/pipeline WHEN near misses are made THEN each kind of neighbour is there', () => {
    const misses = nearMisses(k8sToken({ aud: 'sts.amazonaws.com' }), { now: NOW, otherIssuers: [AKS] });
    expect(misses.map(m => `${m.kind}: ${m.description}`)).toEqual([
      'other-namespace: namespace default',
      'longer-name: service account pipeline-evil',
      'prefix-name: service account pipelin',
      'subject-case: namespace DATA, service account PIPELINE',
      `other-cluster: iss ${siblingIssuer(EKS)}`,
      `other-cluster: iss ${siblingIssuer(EKS)}, aud api://AzureADTokenExchange`,
      `other-cluster: iss ${siblingIssuer(EKS)}, aud pods.eks.amazonaws.com`,
      `other-cluster: iss ${AKS}`,
      `other-cluster: iss ${AKS}, aud api://AzureADTokenExchange`,
      `other-cluster: iss ${AKS}, aud pods.eks.amazonaws.com`,
      `trailing-slash: iss ${EKS}/`,
      'other-audience: aud api://AzureADTokenExchange',
      'other-audience: aud pods.eks.amazonaws.com',
      `expired: expired 60 s ago (exp ${NOW - 60})`,
      'legacy: no aud, valid for a year',
    ]);
    const evil = misses.find(m => m.kind === 'longer-name')!.token.claims;
    expect(evil.sub).toBe('system:serviceaccount:data:pipeline-evil');
    expect(evil['kubernetes.io']).toMatchObject({ namespace: 'data', serviceaccount: { name: 'pipeline-evil' } });
    expect(misses.find(m => m.kind === 'legacy')!.token.claims.aud).toBeUndefined();
  });

  test('GIVEN issuers of each kind WHEN a sibling is made THEN it is another cluster of the same kind', () => {
    expect(siblingIssuer(AKS)).toBe('https://westeurope.oic.prod-aks.azure.com/11111111-2222-3333-4444-555555555555/00000000-0000-0000-0000-000000000000/');
    expect(siblingIssuer('https://container.googleapis.com/v1/projects/acme-data/locations/europe-west1/clusters/prod')).toBe('https://container.googleapis.com/v1/projects/other-project/locations/europe-west1/clusters/prod');
    expect(siblingIssuer('https://token.actions.githubusercontent.com')).toBe('https://token.actions.githubusercontent.com/other');
  });

  test('GIVEN a service account with a dash WHEN near misses are made THEN the part before the dash is a prefix near miss too', () => {
    const misses = nearMisses(k8sToken({ sa: 'dataflow-launcher', aud: 'x' }), { now: NOW });
    expect(misses.filter(m => m.kind === 'prefix-name').map(m => m.description)).toEqual(['service account dataflow-launche', 'service account dataflow']);
  });
});

describe('the negative matrix', () => {
  test('GIVEN the default model\'s artifacts WHEN every near miss of every granted pair is tried THEN the intended tokens get in and no near miss does', () => {
    const model = IdentityModel.fromFile(DEFAULT_MODEL);
    const pairs = intendedPairsFromModel(model, { now: NOW });
    const report = negativeMatrix(graphFromModel(model), pairs, { now: NOW });
    const refused = report.pairs.filter(p => !p.intended.accepted).map(p => `${p.pair.label}: ${p.intended.reason}`);
    expect(refused).toEqual([]);
    expect(report.findings).toEqual([]);
    expect(report.accepted).toBe(0);
    expect(pairs.length).toBeGreaterThanOrEqual(15);
    expect(report.tried).toBeGreaterThan(pairs.length * 8);
    // Every kind of near miss was tried, and each was refused for a reason.
    const kinds = new Set(report.pairs.flatMap(p => p.nearMisses.map(n => n.nearMiss.kind)));
    expect([...kinds].sort()).toEqual(['expired', 'legacy', 'longer-name', 'other-audience', 'other-cluster', 'other-namespace', 'other-principal', 'other-tenant', 'prefix-name', 'subject-case', 'token-version', 'trailing-slash']);
    // The report keeps counts and the accepted near misses; the full list is derived again, the same each time.
    for (const p of report.pairs) {
      expect(p.nearMisses).toHaveLength(p.tried);
      expect(p.nearMisses.map(n => n.nearMiss)).toEqual(p.nearMisses.map(n => n.nearMiss));
      expect(p.acceptedNearMisses).toEqual([]);
    }
    expect(report.pairs.reduce((n, p) => n + p.tried, 0)).toBe(report.tried);
    process.stdout.write(`default model: ${pairs.length} intended pairs accepted; ${report.tried} near-miss tokens tried, ${report.accepted} accepted\n`);
  });

  test('GIVEN a trust with StringLike on a name prefix WHEN the matrix runs THEN the longer name gets in and the finding names the statement and the fix', () => {
    const g = pipelineGraph();
    g.aws.roles[0] = role({ trustPolicy: webIdentityTrust('system:serviceaccount:data:pipeline*', 'StringLike') });
    const report = negativeMatrix(g, [{ label: 'prod-eks/pipeline → aws pipeline-reader', token: k8sToken({ aud: 'sts.amazonaws.com' }), target: { cloud: 'aws', kind: 'web-identity', roleArn: ROLE_ARN } }], { now: NOW + 1 });
    expect(report.pairs[0].intended.accepted).toBe(true);
    expect(report.findings).toEqual([{
      rule: 'x-near-miss-accepted', severity: 'error', resource: 'PipelineReaderRole', file: 'fixture.template.json',
      message: `near-miss token (longer-name: service account pipeline-evil) meant to be refused is accepted by aws ${ROLE_ARN} for prod-eks/pipeline → aws pipeline-reader: `
        + `role pipeline-reader trust policy Statement[0] with StringEquals ${EKS_HOST}:aud "sts.amazonaws.com" and StringLike ${EKS_HOST}:sub "system:serviceaccount:data:pipeline*"`,
      fix: 'pin the exact subject: replace StringLike "…:<name>*" with StringEquals, and startsWith()/matches() in GCP conditions with ==',
    }]);
    expect(report.pairs[0].acceptedNearMisses.map(n => [n.nearMiss.kind, n.result.accepted])).toEqual([['longer-name', true]]);
    expect(report.pairs[0].nearMisses.filter(n => n.accepted).map(n => n.nearMiss)).toEqual(report.pairs[0].acceptedNearMisses.map(n => n.nearMiss));
  });

  test('GIVEN a GCP provider with a namespace condition and a principalSet binding WHEN the matrix runs THEN the other service accounts of the namespace get in', () => {
    const g = pipelineGraph();
    g.gcp.providers[0] = gcpProvider({ attributeCondition: "assertion['kubernetes.io']['namespace'] == 'data'" });
    g.gcp.bindings[0] = { ...g.gcp.bindings[0], member: 'principalSet://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/crossfed/attribute.namespace/data' };
    const report = negativeMatrix(g, [{ label: 'p', token: k8sToken({ aud: GCP_AUDIENCE }), target: { cloud: 'gcp', kind: 'impersonation', serviceAccountEmail: GSA } }], { now: NOW + 1 });
    expect(report.findings.map(f => f.message.split(' meant')[0])).toEqual([
      'near-miss token (longer-name: service account pipeline-evil)',
      'near-miss token (prefix-name: service account pipelin)',
    ]);
  });

  test('GIVEN a refused near miss WHEN shown THEN the trace leads with the cloud\'s words and the JSON has the issue\'s shape', () => {
    const report = negativeMatrix(pipelineGraph(), [{ label: 'p', token: k8sToken({ aud: 'sts.amazonaws.com' }), target: { cloud: 'aws', kind: 'web-identity', roleArn: ROLE_ARN } }], { now: NOW + 1 });
    const slash = report.pairs[0].nearMisses.find(n => n.nearMiss.kind === 'trailing-slash')!.result;
    expect(formatResult(slash).split('\n').slice(0, 3)).toEqual([
      `REFUSED   aws  ${ROLE_ARN}  (AssumeRoleWithWebIdentity)`,
      `  InvalidIdentityToken: No OpenIDConnect provider found in your account for ${EKS}/`,
      `   1. FAIL  OIDC provider for the token's issuer: no provider for "${EKS_HOST}/" in account 111122223333; provider "${EKS}" (ProdEksProvider) differs only in the trailing slash, and IAM compares issuers exactly`,
    ]);
    expect(explainJson({ results: [slash] })).toEqual({ results: [{ cloud: 'aws', identity: ROLE_ARN, accepted: false, reason: `InvalidIdentityToken: No OpenIDConnect provider found in your account for ${EKS}/`, steps: [{ check: 'OIDC provider for the token\'s issuer', ok: false, detail: expect.any(String) }] }] });
  });
});

describe('intended pairs from the model', () => {
  test('GIVEN the default model WHEN its pairs are listed THEN each grant gives one pair with the audience and target of its mechanism', () => {
    const pairs = intendedPairsFromModel(IdentityModel.fromFile(DEFAULT_MODEL), { now: NOW });
    const byLabel = Object.fromEntries(pairs.map(p => [p.label, p]));
    expect(byLabel['prod-eks/reconciler → aws arn:aws:iam::111122223333:role/reconciler']).toMatchObject({
      token: { claims: { 'aud': 'pods.eks.amazonaws.com', 'exp': NOW + 86400, 'kubernetes.io': { namespace: 'batch', serviceaccount: { name: 'reconciler' } } } },
      target: { kind: 'pod-identity', cluster: { name: 'prod', arn: 'arn:aws:eks:us-east-1:111122223333:cluster/prod' } },
    });
    expect(byLabel['prod-gke/trainer → gcp ml-trainer@acme-data.iam.gserviceaccount.com']).toMatchObject({ token: { claims: { aud: 'acme-data.svc.id.goog' } }, target: { kind: 'gke-native' } });
    expect(byLabel['github/gh-release → aws arn:aws:iam::111122223333:role/github-release'].token.claims).toMatchObject({ sub: 'repo:acme/platform:environment:production', repository: 'acme/platform', environment: 'production' });
    expect(byLabel['prod-aks/dashboard → azure managed-identity dashboard'].target).toEqual({ cloud: 'azure', kind: 'federated-credential', identity: { displayName: 'dashboard', kind: 'managed-identity' } });
  });

  test('GIVEN a grant of an existing role WHEN pairs are listed THEN it is left out (its trust is not in the artifacts)', () => {
    const model = IdentityModel.fromText([
      'issuers: [{ name: prod-eks, kind: eks, url: "https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE" }]',
      'clouds: { aws: [{ name: prod, accountId: "111122223333" }] }',
      'workloads: [{ issuer: prod-eks, namespace: data, serviceAccount: app, aws: [{ account: prod, existingRoleArn: "arn:aws:iam::111122223333:role/legacy" }] }]',
    ].join('\n'));
    expect(intendedPairsFromModel(model, { now: NOW })).toEqual([]);
  });
});
