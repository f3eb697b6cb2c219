import { NOW } from './fixtures';
import { oracleDecision } from './iam-oracle';
import { graphFromModel } from './model-graph';
import { CloudPrincipal, GcpResourceType } from '../../../lib/model';
import { webIdentityContext } from '../../../lib/verify/simulate/aws-web-identity';
import { evaluateExchange, ExchangeTarget } from '../../../lib/verify/simulate/exchange';
import { evaluateTrustPolicy } from '../../../lib/verify/simulate/iam-policy';
import { intendedPairsFromModel } from '../../../lib/verify/simulate/intended';
import { nearMisses } from '../../../lib/verify/simulate/near-miss';
import { negativeMatrix } from '../../../lib/verify/simulate/negative-matrix';
import { Token, TokenClaims } from '../../../lib/verify/simulate/token';
import { cloudModel, MI_OBJECT_ID, SA_UNIQUE_ID, TENANT } from '../../model/fixtures';

const ROLE = (name: string) => `arn:aws:iam::111122223333:role/${name}`;
const ENTRA_V1 = `https://sts.windows.net/${TENANT}/`;
const OTHER_TENANT = '11111111-2222-3333-4444-555555555556';
const POOL = 'projects/123456789012/locations/global/workloadIdentityPools/crossfed';
const AWS_PROVIDER = `//iam.googleapis.com/${POOL}/providers/aws-prod`;
const DENIED = 'AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity';

const given = () => {
  const m = cloudModel();
  m.dataflow.grantAzure(m.azure, { application: 'dataflow-reader' });
  const graph = graphFromModel(m.model);
  const pairs = intendedPairsFromModel(m.model, { now: NOW });
  const pair = (label: string) => pairs.find(p => p.label === label)!;
  return { ...m, graph, pairs, pair };
};

/** The intended token of a pair with some claims changed. */
const changed = (t: Token, claims: Partial<TokenClaims>): Token => ({ claims: { ...t.claims, ...claims } });

describe('the intended tokens of cloud identities', () => {
  test('GIVEN the model WHEN its pairs are derived THEN each identity presents what its cloud mints', () => {
    const { pair } = given();
    expect(pair(`acme-entra/adf-ingest → aws ${ROLE('adf-ingest-reader')}`).token.claims).toEqual({
      iss: ENTRA_V1, sub: MI_OBJECT_ID, oid: MI_OBJECT_ID, tid: TENANT, aud: 'api://acme-aws-federation', idtyp: 'app', ver: '1.0', iat: NOW, nbf: NOW, exp: NOW + 86399,
    });
    expect(pair(`google/dataflow-worker → aws ${ROLE('dataflow-s3-reader')}`).token.claims).toEqual({
      iss: 'https://accounts.google.com', sub: SA_UNIQUE_ID, azp: SA_UNIQUE_ID, aud: 'sts.amazonaws.com', email: 'dataflow-worker@acme-data.iam.gserviceaccount.com', email_verified: true, iat: NOW, exp: NOW + 3600,
    });
    const aws = pair('aws-prod/batch-bq-writer → gcp bq-writer@acme-data.iam.gserviceaccount.com');
    expect(aws.token.claims).toEqual({
      arn: 'arn:aws:sts::111122223333:assumed-role/batch-bq-writer/crossfed-check', account: '111122223333', userid: 'AROAEXAMPLEROLEID:crossfed-check', aud: AWS_PROVIDER, iat: NOW, exp: NOW + 900,
    });
    expect(aws.target).toEqual({ cloud: 'gcp', kind: 'impersonation', serviceAccountEmail: 'bq-writer@acme-data.iam.gserviceaccount.com', provider: AWS_PROVIDER });
  });
});

describe('AWS: a Data Factory managed identity', () => {
  const target: ExchangeTarget = { cloud: 'aws', kind: 'web-identity', roleArn: ROLE('adf-ingest-reader') };
  const run = (claims: Partial<TokenClaims> = {}) => {
    const { graph, pair } = given();
    return evaluateExchange(graph, changed(pair(`acme-entra/adf-ingest → aws ${ROLE('adf-ingest-reader')}`).token, claims), target, { now: NOW });
  };

  test('GIVEN its token WHEN presented THEN accepted through the Entra provider and the exact statement', () => {
    const r = run();
    expect(r.accepted).toBe(true);
    expect(r.grantedBy).toBe(`role adf-ingest-reader trust policy Statement[0] with StringEquals sts.windows.net/${TENANT}/:aud "api://acme-aws-federation" and StringEquals sts.windows.net/${TENANT}/:sub "${MI_OBJECT_ID}"`);
  });

  test.each<[string, Partial<TokenClaims>, string]>([
    ['another object id', { sub: 'aaaaaaaa-0000-4000-8000-00000000adf2' }, DENIED],
    ['another tenant', { iss: `https://sts.windows.net/${OTHER_TENANT}/` }, `InvalidIdentityToken: No OpenIDConnect provider found in your account for https://sts.windows.net/${OTHER_TENANT}/`],
    ['the tenant\'s v2.0 issuer', { iss: `https://login.microsoftonline.com/${TENANT}/v2.0` }, `InvalidIdentityToken: No OpenIDConnect provider found in your account for https://login.microsoftonline.com/${TENANT}/v2.0`],
    ['another audience', { aud: 'api://acme-gcp-federation' }, 'InvalidIdentityToken: Incorrect token audience'],
  ])('GIVEN %s WHEN presented THEN refused in STS\'s words', (_what, claims, reason) => {
    const r = run(claims);
    expect([r.accepted, r.reason]).toEqual([false, reason]);
  });
});

describe('AWS: a Dataflow worker\'s Google ID token', () => {
  const target: ExchangeTarget = { cloud: 'aws', kind: 'web-identity', roleArn: ROLE('dataflow-s3-reader') };
  const token = () => given().pair(`google/dataflow-worker → aws ${ROLE('dataflow-s3-reader')}`).token;
  const run = (t: Token) => evaluateExchange(given().graph, t, target, { now: NOW });

  test('GIVEN its ID token WHEN presented THEN accepted by the built-in provider, without an OIDC provider', () => {
    const r = run(token());
    expect(r.accepted).toBe(true);
    expect(r.steps.map(s => s.check)).toEqual(['identity provider for the token\'s issuer', 'role trust policy', 'token expiry (exp)']);
    expect(r.grantedBy).toBe(`role dataflow-s3-reader trust policy Statement[0] with StringEquals accounts.google.com:aud "${SA_UNIQUE_ID}" and StringEquals accounts.google.com:oaud "sts.amazonaws.com" and StringEquals accounts.google.com:sub "${SA_UNIQUE_ID}"`);
  });

  test.each<[string, Partial<TokenClaims>]>([
    ['another service account (unique id in sub and azp)', { sub: '100000000000000000002', azp: '100000000000000000002' }],
    ['another audience', { aud: 'api://AzureADTokenExchange' }],
    ['a token without azp (accounts.google.com:aud is then its aud)', { azp: undefined }],
  ])('GIVEN %s WHEN presented THEN AccessDenied', (_what, claims) => {
    const r = run(changed(token(), claims));
    expect([r.accepted, r.reason]).toEqual([false, DENIED]);
  });

  test('GIVEN the intended and near-miss tokens WHEN the trust policy is evaluated by crossfed and by iam-simulate THEN both decide alike', () => {
    const { aws } = given();
    const policy = aws.roles.find(r => r.roleName === 'dataflow-s3-reader')!.trustPolicy;
    const misses = nearMisses(token(), { now: NOW });
    const tokens = [token(), ...misses.map(n => n.token), changed(token(), { aud: SA_UNIQUE_ID, azp: 'sts.amazonaws.com' })];
    const decisions = tokens.map(t => {
      const request = { principal: { type: 'Federated' as const, value: 'accounts.google.com' }, action: 'sts:AssumeRoleWithWebIdentity', context: webIdentityContext(t, 'accounts.google.com', 'accounts.google.com') };
      return [evaluateTrustPolicy(policy, request).decision, oracleDecision(policy, request, ROLE('dataflow-s3-reader'), true)];
    });
    expect(decisions[0]).toEqual(['allow', 'allow']);
    for (const [ours, oracle] of decisions) expect(ours).toBe(oracle);
    // The trust policy lets through only the near misses STS refuses elsewhere: another iss (no built-in provider) or an expired token.
    expect(misses.filter((_, i) => decisions[i + 1][0] === 'allow').map(n => n.kind)).toEqual(['other-cluster', 'trailing-slash', 'expired']);
    expect(decisions[decisions.length - 1]).toEqual(['implicit-deny', 'implicit-deny']);
  });
});

describe('GCP: a Data Factory managed identity and an AWS Batch role', () => {
  const adf = (claims: Partial<TokenClaims> = {}) => {
    const { graph, pair } = given();
    const p = pair('acme-entra/adf-ingest → gcp adf-ingest@acme-data.iam.gserviceaccount.com');
    return evaluateExchange(graph, changed(p.token, claims), p.target, { now: NOW });
  };
  const batch = (claims: Partial<TokenClaims> = {}) => {
    const { graph, pair } = given();
    const p = pair('aws-prod/batch-bq-writer → gcp bq-writer@acme-data.iam.gserviceaccount.com');
    return evaluateExchange(graph, changed(p.token, claims), p.target, { now: NOW });
  };

  test('GIVEN the managed identity\'s token WHEN presented THEN accepted through the Entra provider and its subject binding', () => {
    const r = adf();
    expect(r.accepted).toBe(true);
    expect(r.steps.map(s => `${s.check}: ${s.ok}`)).toEqual(['workload identity pool provider: true', 'audience: true', 'token expiry (exp): true', 'attribute mapping: true', 'google.subject size: true', 'attribute condition: true', 'roles/iam.workloadIdentityUser binding: true']);
  });

  test.each<[string, Partial<TokenClaims>, string]>([
    ['another object id', { sub: 'aaaaaaaa-0000-4000-8000-00000000adf2' }, 'unauthorized_client: The given credential is rejected by the attribute condition.'],
    ['another tenant', { iss: `https://sts.windows.net/${OTHER_TENANT}/` }, `invalid_grant: no enabled workload identity pool provider has issuer_uri https://sts.windows.net/${OTHER_TENANT}/`],
    ['another audience', { aud: 'api://acme-aws-federation' }, 'invalid_grant: The audience in ID Token [api://acme-aws-federation] does not match the expected audience.'],
  ])('GIVEN the managed identity\'s token with %s WHEN presented THEN refused in the STS\'s words', (_what, claims, reason) => {
    expect([adf(claims).accepted, adf(claims).reason]).toEqual([false, reason]);
  });

  test('GIVEN the role\'s signed request WHEN presented THEN accepted: AWS provider, target resource, account, GCP\'s mapping, the exact condition, the principal-set binding', () => {
    const r = batch();
    expect(r.accepted).toBe(true);
    expect(r.steps.map(s => s.check)).toEqual(['workload identity pool provider', 'x-goog-cloud-target-resource', 'signed request validity (x-amz-date + 15 min)', 'AWS account', 'attribute mapping', 'google.subject size', 'attribute condition', 'roles/iam.workloadIdentityUser binding']);
    expect(r.steps[4].detail).toBe('google.subject="arn:aws:sts::111122223333:assumed-role/batch-bq-writer/crossfed-check", attribute.aws_role="arn:aws:sts::111122223333:assumed-role/batch-bq-writer"');
  });

  test.each<[string, Partial<TokenClaims>, string]>([
    ['another role', { arn: 'arn:aws:sts::111122223333:assumed-role/batch-bq-writer-evil/crossfed-check' }, 'unauthorized_client: The given credential is rejected by the attribute condition.'],
    ['the role name in another account', { account: '444455556666', arn: 'arn:aws:sts::444455556666:assumed-role/batch-bq-writer/crossfed-check' }, 'invalid_grant: AWS account 444455556666 of the caller is not the provider\'s account'],
    ['a request for another provider', { aud: `//iam.googleapis.com/${POOL}/providers/acme-entra` }, `invalid_grant: the x-goog-cloud-target-resource of the signed request [//iam.googleapis.com/${POOL}/providers/acme-entra] does not name this provider`],
    ['an expired signature', { iat: NOW - 960, exp: NOW - 60 }, `invalid_grant: the signed GetCallerIdentity request expired at ${NOW - 60} (now ${NOW})`],
  ])('GIVEN the role\'s request with %s WHEN presented THEN refused', (_what, claims, reason) => {
    expect([batch(claims).accepted, batch(claims).reason]).toEqual([false, reason]);
  });

  test('GIVEN a role session presented to a pool with OIDC providers only WHEN exchanged THEN no AWS provider takes it', () => {
    const { graph, pair } = given();
    graph.gcp.providers.splice(0, graph.gcp.providers.length, ...graph.gcp.providers.filter(p => p.awsAccountId === undefined));
    const p = pair('aws-prod/batch-bq-writer → gcp bq-writer@acme-data.iam.gserviceaccount.com');
    expect(evaluateExchange(graph, p.token, { ...p.target, provider: undefined } as ExchangeTarget, { now: NOW }).reason).toBe('invalid_grant: no enabled AWS provider (aws { account_id }) of the pool takes this signed AWS request');
  });
});

describe('GCP direct resource access for an AWS role', () => {
  test('GIVEN an AWS role granted roles on a dataset directly WHEN its request and another role\'s are presented THEN the principal set holds the role, the other role is refused by the condition', () => {
    const m = cloudModel();
    m.model.addCloudWorkload({ issuer: m.awsProd, name: 'loader', principal: CloudPrincipal.awsRole('arn:aws:iam::111122223333:role/loader') })
      .grantGcp(m.gcp, { direct: true, resourceRoles: [{ resourceType: GcpResourceType.BIGQUERY_DATASET, resource: 'landing', role: 'roles/bigquery.dataEditor' }] });
    const graph = graphFromModel(m.model);
    const p = intendedPairsFromModel(m.model, { now: NOW }).find(x => x.label.startsWith('aws-prod/loader'))!;
    expect(p.target).toEqual({ cloud: 'gcp', kind: 'direct', provider: AWS_PROVIDER });
    const r = evaluateExchange(graph, p.token, p.target, { now: NOW });
    expect(r.grantedBy).toContain(`roles/bigquery.dataEditor for principalSet://iam.googleapis.com/${POOL}/attribute.aws_role/arn:aws:sts::111122223333:assumed-role/loader on bigquery-dataset landing`);
    const other = evaluateExchange(graph, changed(p.token, { arn: 'arn:aws:sts::111122223333:assumed-role/loader-evil/crossfed-check' }), p.target, { now: NOW });
    expect(other.reason).toBe('unauthorized_client: The given credential is rejected by the attribute condition.');
  });
});

describe('Entra ID: a Google service account\'s federated credential', () => {
  test('GIVEN its ID token WHEN presented THEN accepted; another unique id THEN AADSTS700213', () => {
    const { graph, pair } = given();
    const p = pair('google/dataflow-worker → azure application dataflow-reader');
    expect(evaluateExchange(graph, p.token, p.target, { now: NOW }).accepted).toBe(true);
    const other = evaluateExchange(graph, changed(p.token, { sub: '100000000000000000002', azp: '100000000000000000002' }), p.target, { now: NOW });
    expect(other.reason).toBe('AADSTS700213: No matching federated identity record found for presented assertion subject \'100000000000000000002\'');
  });
});

describe('the negative matrix over cloud identities', () => {
  test('GIVEN the model WHEN every near miss of every pair is tried THEN the intended tokens get in, nothing near does, and each source gets its own near misses', () => {
    const { graph, pairs } = given();
    const report = negativeMatrix(graph, pairs, { now: NOW });
    expect(report.pairs.filter(p => !p.intended.accepted).map(p => p.pair.label)).toEqual([]);
    expect(report.findings).toEqual([]);
    const kinds = (label: string) => report.pairs.find(p => p.pair.label === label)!.nearMisses.map(n => `${n.nearMiss.kind}: ${n.nearMiss.description}`);
    expect(kinds(`acme-entra/adf-ingest → aws ${ROLE('adf-ingest-reader')}`)).toEqual(expect.arrayContaining([
      'other-principal: object id aaaaaaaa-0000-4000-8000-00000000adf2', `other-tenant: tenant ${OTHER_TENANT}`,
      `token-version: iss https://login.microsoftonline.com/${TENANT}/v2.0 (the tenant's v2.0 issuer)`, 'other-audience: aud api://acme-gcp-federation',
    ]));
    expect(kinds(`google/dataflow-worker → aws ${ROLE('dataflow-s3-reader')}`)).toEqual(expect.arrayContaining(['other-principal: service account unique id 100000000000000000002', 'other-audience: aud api://AzureADTokenExchange']));
    expect(kinds('aws-prod/batch-bq-writer → gcp bq-writer@acme-data.iam.gserviceaccount.com')).toEqual([
      'other-principal: role other-role', 'longer-name: role batch-bq-writer-evil', 'prefix-name: role batch-bq-write', 'prefix-name: role batch-bq', 'other-tenant: account 444455556666',
      'other-audience: aud api://AzureADTokenExchange', 'other-audience: aud api://acme-aws-federation', 'other-audience: aud api://acme-gcp-federation', 'other-audience: aud pods.eks.amazonaws.com',
      'other-audience: aud sts.amazonaws.com', `expired: expired 60 s ago (exp ${NOW - 60})`, 'legacy: no aud, valid for a year',
    ]);
    expect(report.accepted).toBe(0);
  });
});
