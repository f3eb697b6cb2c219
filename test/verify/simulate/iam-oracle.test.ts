import * as fc from 'fast-check';
import { oracleDecision } from './iam-oracle';
import { evaluateTrustPolicy, TrustRequest } from '../../../lib/verify/simulate/iam-policy';

const HOST = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const PROVIDER = `arn:aws:iam::111122223333:oidc-provider/${HOST}`;
const OTHER_PROVIDER = 'arn:aws:iam::111122223333:oidc-provider/westeurope.oic.prod-aks.azure.com/t/g/';
const KEYS = [`${HOST}:sub`, `${HOST}:aud`, `${HOST}:amr`, 'aws:FederatedProvider'];

// Values chosen to collide: exact, longer, prefix, other case, wildcards, other clouds' audiences.
const INTERESTING = [
  'system:serviceaccount:data:app', 'system:serviceaccount:data:app-evil', 'system:serviceaccount:data:ap',
  'system:serviceaccount:Data:App', 'system:serviceaccount:data:*', 'system:serviceaccount:*:app',
  'system:serviceaccount:data:ap?', 'system:serviceaccount:other:app', 'sts.amazonaws.com', 'STS.amazonaws.com',
  'api://AzureADTokenExchange', '*', '?', '', 'a*', '*a', 'A', 'a',
];
const str = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...INTERESTING) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('a', 'A', 'b', '*', '?', ':', '-'), maxLength: 5 }) },
);
const value = fc.oneof(str, fc.array(str, { minLength: 1, maxLength: 3 }));
const key = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...KEYS) },
  { weight: 1, arbitrary: fc.constant(`${HOST.toUpperCase()}:SUB`) },
  { weight: 1, arbitrary: fc.constant(`${HOST}:absent`) },
);
const base = fc.constantFrom('StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLike', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'Null');
const operator = fc.tuple(fc.constantFrom('', 'ForAnyValue:', 'ForAllValues:'), base, fc.boolean())
  .map(([set, b, ifExists]) => (b === 'Null' ? 'Null' : `${set}${b}${ifExists ? 'IfExists' : ''}`));
const conditionBlock = fc.array(fc.tuple(operator, fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 2 })), { maxLength: 3 })
  .map(entries => {
    const c: Record<string, Record<string, unknown>> = {};
    for (const [op, kvs] of entries) {
      c[op] = c[op] ?? {};
      for (const [k, v] of kvs) c[op][k] = op === 'Null' ? (typeof v === 'string' ? (v.length % 2 ? 'true' : 'false') : ['true']) : v;
    }
    return c;
  });
const statement = fc.record({
  Effect: fc.constantFrom('Allow', 'Allow', 'Allow', 'Deny'),
  Principal: fc.constantFrom<unknown>({ Federated: PROVIDER }, { Federated: PROVIDER }, { Federated: OTHER_PROVIDER }, '*', { Federated: [OTHER_PROVIDER, PROVIDER] }),
  Action: fc.constantFrom<unknown>('sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRole', 'sts:*', ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity'], 'STS:assumerolewithwebidentity'),
  Condition: conditionBlock,
});
const policy = fc.array(statement, { minLength: 1, maxLength: 3 }).map(Statement => ({ Version: '2012-10-17', Statement }));
const context = fc.record({
  sub: fc.option(str, { nil: undefined }),
  aud: fc.option(value, { nil: undefined }),
  amr: fc.option(fc.array(str, { maxLength: 3 }), { nil: undefined }),
}).map(({ sub, aud, amr }) => {
  const ctx: Record<string, string | string[]> = { 'aws:FederatedProvider': PROVIDER };
  if (sub !== undefined) ctx[`${HOST}:sub`] = sub;
  if (aud !== undefined) ctx[`${HOST}:aud`] = aud;
  if (amr !== undefined) ctx[`${HOST}:amr`] = amr;
  return ctx;
});

describe('IAM condition evaluator agrees with an independent oracle (@cloud-copilot/iam-simulate, test-only)', () => {
  test('GIVEN 1,000 generated trust policies and request contexts WHEN both evaluate them THEN every decision agrees', () => {
    const tally = { 'cases': 0, 'agree': 0, 'allow': 0, 'explicit-deny': 0, 'implicit-deny': 0 };
    fc.assert(fc.property(policy, context, (doc, ctx) => {
      const request: TrustRequest = { principal: { type: 'Federated', value: PROVIDER }, action: 'sts:AssumeRoleWithWebIdentity', context: ctx };
      const ours = evaluateTrustPolicy(doc, request).decision;
      const theirs = oracleDecision(doc, request);
      tally.cases++;
      if (ours === theirs) tally.agree++;
      if (ours !== 'undecided') tally[ours]++;
      expect({ doc, ctx, ours }).toEqual({ doc, ctx, ours: theirs });
    }), { numRuns: 1000, seed: 20260708 });
    expect(tally.agree).toBe(1000);
    // Not vacuous: each kind of decision is well represented.
    expect(tally.allow).toBeGreaterThan(100);
    expect(tally['implicit-deny']).toBeGreaterThan(100);
    expect(tally['explicit-deny']).toBeGreaterThan(20);
    process.stdout.write(`oracle agreement: ${tally.agree}/${tally.cases} (allow ${tally.allow}, implicit deny ${tally['implicit-deny']}, explicit deny ${tally['explicit-deny']})\n`);
  });
});

// EKS Pod Identity: the service principal asks for sts:AssumeRole and sts:TagSession with the tags EKS sets.
const CLUSTER = 'arn:aws:eks:us-east-1:111122223333:cluster/prod';
const arnValue = fc.constantFrom(CLUSTER, 'arn:aws:eks:us-east-1:111122223333:cluster/*', 'arn:aws:eks:*:111122223333:cluster/prod', 'arn:aws:eks:us-east-1:444455556666:cluster/prod', 'arn:aws:eks:us-east-1:111122223333:cluster/prod-evil', 'arn:aws:eks:us-east-1:111122223333:cluster/pro?', 'not-an-arn');
const podCondition = fc.record({
  account: fc.option(fc.tuple(fc.constantFrom('StringEquals', 'StringNotEquals', 'StringLike'), fc.constantFrom('111122223333', '444455556666', '1111*')), { nil: undefined }),
  arn: fc.option(fc.tuple(fc.constantFrom('ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'ArnEqualsIfExists', 'StringEquals'), arnValue), { nil: undefined }),
  ns: fc.option(fc.tuple(fc.constantFrom('StringEquals', 'StringLike', 'StringNotEquals'), fc.constantFrom('data', 'dat*', 'other', 'Data')), { nil: undefined }),
  tagKeys: fc.option(fc.tuple(fc.constantFrom('ForAllValues:StringEquals', 'ForAnyValue:StringEquals', 'ForAllValues:StringLike'), fc.constantFrom(['kubernetes-namespace', 'eks-cluster-arn'], ['kubernetes-*', 'eks-*'], ['other'])), { nil: undefined }),
}).map(({ account, arn, ns, tagKeys }) => {
  const c: Record<string, Record<string, unknown>> = {};
  const put = (op: string, k: string, v: unknown) => { c[op] = { ...(c[op] ?? {}), [k]: v }; };
  if (account) put(account[0], 'aws:SourceAccount', account[1]);
  if (arn) put(arn[0], 'aws:SourceArn', arn[1]);
  if (ns) put(ns[0], 'aws:RequestTag/kubernetes-namespace', ns[1]);
  if (tagKeys) put(tagKeys[0], 'aws:TagKeys', tagKeys[1]);
  return c;
});
const podStatement = fc.record({
  Effect: fc.constantFrom('Allow', 'Allow', 'Allow', 'Deny'),
  Principal: fc.constantFrom<unknown>({ Service: 'pods.eks.amazonaws.com' }, { Service: 'pods.eks.amazonaws.com' }, { Service: 'ec2.amazonaws.com' }, { Service: ['ec2.amazonaws.com', 'pods.eks.amazonaws.com'] }, '*'),
  Action: fc.constantFrom<unknown>(['sts:AssumeRole', 'sts:TagSession'], ['sts:AssumeRole', 'sts:TagSession'], 'sts:AssumeRole', 'sts:TagSession', 'sts:*', 'sts:AssumeRoleWithWebIdentity'),
  Condition: podCondition,
});
const podPolicy = fc.array(podStatement, { minLength: 1, maxLength: 3 }).map(Statement => ({ Version: '2012-10-17', Statement }));
const podContext = fc.record({
  arn: fc.constantFrom(CLUSTER, 'arn:aws:eks:us-east-1:111122223333:cluster/other'),
  ns: fc.constantFrom('data', 'other'),
  account: fc.constantFrom('111122223333', '444455556666'),
}).map(({ arn, ns, account }) => ({
  'aws:SourceAccount': account, 'aws:SourceArn': arn,
  'aws:RequestTag/eks-cluster-arn': arn, 'aws:RequestTag/kubernetes-namespace': ns,
  'aws:TagKeys': ['eks-cluster-arn', 'kubernetes-namespace'],
}));

describe('IAM evaluator agrees with the oracle on EKS Pod Identity trust', () => {
  test.each(['sts:AssumeRole', 'sts:TagSession'])('GIVEN 500 generated pod identity trust policies WHEN both evaluate %s THEN every decision agrees', (action) => {
    let agree = 0;
    const seen = new Set<string>();
    fc.assert(fc.property(podPolicy, podContext, (doc, ctx) => {
      const request: TrustRequest = { principal: { type: 'Service', value: 'pods.eks.amazonaws.com' }, action, context: ctx };
      const ours = evaluateTrustPolicy(doc, request).decision;
      expect({ doc, ctx, ours }).toEqual({ doc, ctx, ours: oracleDecision(doc, request) });
      agree++;
      seen.add(ours);
    }), { numRuns: 500, seed: 20260709 });
    expect(agree).toBe(500);
    expect([...seen].sort()).toEqual(['allow', 'explicit-deny', 'implicit-deny']);
  });
});
