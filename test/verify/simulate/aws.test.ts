import { ACCOUNT, AKS, EKS, EKS_HOST, k8sToken, NOW, pipelineGraph, provider, PROVIDER_ARN, role, ROLE_ARN, webIdentityTrust } from './fixtures';
import { EksCluster, evaluateEksPodIdentity } from '../../../lib/verify/simulate/aws-pod-identity';
import { evaluateAwsWebIdentity, hostPath } from '../../../lib/verify/simulate/aws-web-identity';
import { evaluateExchange } from '../../../lib/verify/simulate/exchange';

const opts = { now: NOW + 60 };
const sts = (o: Parameters<typeof k8sToken>[0] = {}) => k8sToken({ aud: 'sts.amazonaws.com', ...o });

describe('AssumeRoleWithWebIdentity', () => {
  test('GIVEN crossfed\'s exact trust WHEN the intended token is presented THEN every step passes in STS\'s order and the grant names the statement', () => {
    const r = evaluateAwsWebIdentity(pipelineGraph(), sts(), role(), opts);
    expect(r.accepted).toBe(true);
    expect(r.steps.map(s => s.check)).toEqual(['OIDC provider for the token\'s issuer', 'audience among the provider\'s client IDs', 'role trust policy', 'token expiry (exp)']);
    expect(r.steps[2].detail).toBe(`Statement[0] Allow applies — StringEquals ${EKS_HOST}:aud "sts.amazonaws.com" is true: "sts.amazonaws.com" matches "sts.amazonaws.com"; `
      + `StringEquals ${EKS_HOST}:sub "system:serviceaccount:data:pipeline" is true: "system:serviceaccount:data:pipeline" matches "system:serviceaccount:data:pipeline"`);
    expect(r.grantedBy).toBe(`role pipeline-reader trust policy Statement[0] with StringEquals ${EKS_HOST}:aud "sts.amazonaws.com" and StringEquals ${EKS_HOST}:sub "system:serviceaccount:data:pipeline"`);
    expect(r.grantedAt).toEqual({ file: 'fixture.template.json', resource: 'PipelineReaderRole' });
  });

  test('GIVEN a refused subject WHEN explained THEN the detail shows the request context and why the statement does not apply', () => {
    const r = evaluateAwsWebIdentity(pipelineGraph(), sts({ sa: 'pipeline-evil' }), role(), opts);
    expect(r.steps[2]).toEqual({
      check: 'role trust policy', ok: false,
      detail: `Statement[0] Allow does not apply — StringEquals ${EKS_HOST}:aud "sts.amazonaws.com" is true: "sts.amazonaws.com" matches "sts.amazonaws.com"; `
        + `StringEquals ${EKS_HOST}:sub "system:serviceaccount:data:pipeline" is false: "system:serviceaccount:data:pipeline-evil" matches none of the values; `
        + `request aws:FederatedProvider="${PROVIDER_ARN}", ${EKS_HOST}:sub="system:serviceaccount:data:pipeline-evil", ${EKS_HOST}:aud="sts.amazonaws.com"`,
    });
  });

  test('GIVEN an explicit Deny for a namespace WHEN a token of that namespace is presented THEN STS refuses and the detail names the Deny', () => {
    const trust = webIdentityTrust(['system:serviceaccount:data:pipeline']) as any;
    trust.Statement.push({ Sid: 'NoDefault', Effect: 'Deny', Principal: { Federated: PROVIDER_ARN }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringLike: { [`${EKS_HOST}:sub`]: 'system:serviceaccount:data:*' } } });
    const r = evaluateAwsWebIdentity(pipelineGraph(), sts(), role({ trustPolicy: trust }), opts);
    expect(r.reason).toBe('AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity');
    expect(r.steps[2].detail).toMatch(/^explicit deny: Statement\[1\] \(Sid "NoDefault"\) Deny applies/);
  });

  test('GIVEN a Kubernetes token whose aud is a one-element list (as the API server writes it) WHEN the trust uses StringEquals on :aud THEN STS accepts it', () => {
    const r = evaluateAwsWebIdentity(pipelineGraph(), sts({ aud: ['sts.amazonaws.com'] }), role(), opts);
    expect(r.accepted).toBe(true);
    expect(r.steps[2].detail).toContain(`StringEquals ${EKS_HOST}:aud "sts.amazonaws.com" is true`);
  });

  test('GIVEN a multi-valued aud WHEN the trust uses StringEquals on :aud THEN it matches nothing; with ForAnyValue it matches', () => {
    const token = sts({ aud: ['sts.amazonaws.com', 'api://AzureADTokenExchange'] });
    expect(evaluateAwsWebIdentity(pipelineGraph(), token, role(), opts).reason).toBe('AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity');
    const anyValue = { Statement: [{ Effect: 'Allow', Principal: { Federated: PROVIDER_ARN }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { 'ForAnyValue:StringEquals': { [`${EKS_HOST}:aud`]: 'sts.amazonaws.com' }, 'StringEquals': { [`${EKS_HOST}:sub`]: 'system:serviceaccount:data:pipeline' } } }] };
    expect(evaluateAwsWebIdentity(pipelineGraph(), token, role({ trustPolicy: anyValue }), opts).accepted).toBe(true);
  });

  test('GIVEN ForAllValues on :aud WHEN a legacy token has no aud THEN STS still refuses it for the missing claim, before the trust', () => {
    const trust = { Statement: [{ Effect: 'Allow', Principal: { Federated: PROVIDER_ARN }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { 'ForAllValues:StringEquals': { [`${EKS_HOST}:aud`]: 'sts.amazonaws.com' } } }] };
    expect(evaluateAwsWebIdentity(pipelineGraph(), k8sToken(), role({ trustPolicy: trust }), opts).reason).toBe('InvalidIdentityToken: Missing a required claim: aud');
  });

  test('GIVEN the issuer with a trailing slash WHEN presented THEN the provider lookup fails and the detail says why', () => {
    const r = evaluateAwsWebIdentity(pipelineGraph(), sts({ iss: `${EKS}/` }), role(), opts);
    expect(r.steps[0].detail).toBe(`no provider for "${EKS_HOST}/" in account ${ACCOUNT}; provider "${EKS}" (ProdEksProvider) differs only in the trailing slash, and IAM compares issuers exactly`);
  });

  test('GIVEN a provider in another account WHEN the role\'s account has none THEN there is no provider', () => {
    const g = pipelineGraph();
    g.aws.providers[0] = provider({ arn: `arn:aws:iam::444455556666:oidc-provider/${EKS_HOST}` });
    expect(evaluateAwsWebIdentity(g, sts(), role(), opts).reason).toBe(`InvalidIdentityToken: No OpenIDConnect provider found in your account for ${EKS}`);
  });

  test('GIVEN an unresolved provider URL WHEN no resolved provider matches THEN the refusal is marked undecided', () => {
    const g = pipelineGraph();
    g.aws.providers[0] = provider({ url: { unresolved: '{"Ref":"IssuerUrl"}' } });
    const r = evaluateAwsWebIdentity(g, sts(), role(), opts);
    expect(r).toMatchObject({ accepted: false, undecided: true });
    expect(r.steps[0].detail).toContain('1 provider URL(s) are unresolved (<unresolved: {"Ref":"IssuerUrl"}>)');
  });

  test('GIVEN a role the artifacts do not hold WHEN targeted THEN STS refuses as for any role it cannot assume', () => {
    const r = evaluateExchange(pipelineGraph(), sts(), { cloud: 'aws', kind: 'web-identity', roleArn: `arn:aws:iam::${ACCOUNT}:role/missing` }, opts);
    expect(r.reason).toBe('AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity');
  });

  test('GIVEN issuer URLs WHEN IAM names them THEN the scheme is dropped', () => {
    expect(hostPath(AKS)).toBe('westeurope.oic.prod-aks.azure.com/11111111-2222-3333-4444-555555555555/99999999-8888-7777-6666-555555555555/');
  });
});

describe('EKS Pod Identity', () => {
  const cluster: EksCluster = { name: 'prod', issuer: EKS, accountId: ACCOUNT };
  const podTrust = (arn = `arn:aws:eks:us-east-1:${ACCOUNT}:cluster/prod`) => ({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'], Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnEquals: { 'aws:SourceArn': arn } } }],
  });
  const graph = (trust: unknown = podTrust()) => {
    const g = pipelineGraph();
    g.aws.roles[0] = role({ trustPolicy: trust });
    g.aws.podIdentityAssociations.push({ ref: { file: 'fixture.template.json', resource: 'PipelineAssociation' }, clusterName: 'prod', namespace: 'data', serviceAccount: 'pipeline', roleArn: ROLE_ARN });
    return g;
  };
  const pods = (o: Parameters<typeof k8sToken>[0] = {}) => k8sToken({ aud: 'pods.eks.amazonaws.com', ...o });

  test('GIVEN an association and a role trusting pods.eks.amazonaws.com WHEN the pod asks THEN both actions are allowed with the tags EKS sets', () => {
    const r = evaluateEksPodIdentity(graph(), pods(), cluster, role({ trustPolicy: podTrust() }), opts);
    expect(r.accepted).toBe(true);
    expect(r.steps.map(s => `${s.ok} ${s.check}`)).toEqual([
      'true token issued by the cluster', 'true token audience', 'true token expiry (exp)', 'true Pod Identity association', 'true role trust policy (sts:AssumeRole)', 'true role trust policy (sts:TagSession)',
    ]);
    expect(r.grantedBy).toBe('Pod Identity association PipelineAssociation and role pipeline-reader trust policy Statement[0] with StringEquals aws:SourceAccount "111122223333" and ArnEquals aws:SourceArn "arn:aws:eks:us-east-1:111122223333:cluster/prod"');
  });

  test('GIVEN no association for the namespace WHEN the pod asks THEN ResourceNotFoundException', () => {
    const r = evaluateEksPodIdentity(graph(), pods({ ns: 'default' }), cluster, role({ trustPolicy: podTrust() }), opts);
    expect(r.reason).toBe('ResourceNotFoundException: no Pod Identity association in cluster prod for namespace default, service account pipeline');
  });

  test('GIVEN a role trusting only sts:AssumeRole WHEN the pod asks THEN sts:TagSession is denied', () => {
    const trust = podTrust() as any;
    trust.Statement[0].Action = 'sts:AssumeRole';
    const r = evaluateEksPodIdentity(graph(trust), pods(), cluster, role({ trustPolicy: trust }), opts);
    expect(r.reason).toBe('AccessDeniedException: pods.eks.amazonaws.com is not authorized to perform sts:TagSession on the role');
  });

  test('GIVEN a role pinned to another cluster WHEN the pod asks THEN sts:AssumeRole is denied', () => {
    const trust = podTrust(`arn:aws:eks:us-east-1:${ACCOUNT}:cluster/staging`);
    const r = evaluateEksPodIdentity(graph(trust), pods(), cluster, role({ trustPolicy: trust }), opts);
    expect(r.reason).toBe('AccessDeniedException: pods.eks.amazonaws.com is not authorized to perform sts:AssumeRole on the role');
  });

  test('GIVEN a web-identity token WHEN given to Pod Identity THEN its audience is refused', () => {
    expect(evaluateEksPodIdentity(graph(), sts(), cluster, role({ trustPolicy: podTrust() }), opts).reason).toBe('InvalidTokenException: the service account token is invalid for EKS Pod Identity (audience)');
  });
});
