import { evaluateConditionEntry, evaluateConditions, globMatch, parseOperator } from '../../../lib/verify/simulate/iam-conditions';
import { describeStatement, evaluateTrustPolicy } from '../../../lib/verify/simulate/iam-policy';

const K = 'oidc.eks.us-east-1.amazonaws.com/id/ABC';
const SUB = `${K}:sub`;
const AUD = `${K}:aud`;

describe('IAM condition operators', () => {
  test.each([
    ['StringEquals', 'system:serviceaccount:data:app', 'system:serviceaccount:data:app', true],
    ['StringEquals', 'system:serviceaccount:data:*', 'system:serviceaccount:data:app', false],
    ['StringEquals', '*', '*', true],
    ['StringEquals', 'system:serviceaccount:data:app', 'system:serviceaccount:Data:App', false],
    ['StringEqualsIgnoreCase', 'system:serviceaccount:data:app', 'system:serviceaccount:Data:App', true],
    ['StringLike', 'system:serviceaccount:data:app*', 'system:serviceaccount:data:app-evil', true],
    ['StringLike', 'system:serviceaccount:data:ap?', 'system:serviceaccount:data:app', true],
    ['StringLike', 'system:serviceaccount:data:ap?', 'system:serviceaccount:data:apps', false],
    ['StringNotEquals', 'system:serviceaccount:data:app', 'system:serviceaccount:data:app-evil', true],
    ['StringNotLike', 'system:serviceaccount:data:*', 'system:serviceaccount:data:app', false],
  ])('GIVEN %s %j WHEN the request carries %j THEN it is %s', (op, policyValue, requestValue, expected) => {
    expect(evaluateConditionEntry(op, SUB, policyValue, { [SUB]: requestValue }).result).toBe(expected);
  });

  test('GIVEN an upper-case condition key WHEN evaluated THEN keys are case-insensitive and values are not', () => {
    expect(evaluateConditionEntry('StringEquals', SUB.toUpperCase(), 'system:serviceaccount:data:app', { [SUB]: 'system:serviceaccount:data:app' }).result).toBe(true);
  });

  test('GIVEN several values for one key WHEN evaluated THEN they are alternatives, and negated operators need none to match', () => {
    expect(evaluateConditionEntry('StringEquals', SUB, ['a', 'b'], { [SUB]: 'b' }).result).toBe(true);
    expect(evaluateConditionEntry('StringNotEquals', SUB, ['a', 'b'], { [SUB]: 'b' }).result).toBe(false);
    expect(evaluateConditionEntry('StringNotEquals', SUB, ['a', 'b'], { [SUB]: 'c' }).result).toBe(true);
  });

  test('GIVEN an absent key WHEN evaluated THEN positive operators fail, negated and …IfExists pass, ForAllValues passes, ForAnyValue fails', () => {
    const ctx = {};
    expect(evaluateConditionEntry('StringEquals', AUD, 'sts.amazonaws.com', ctx)).toMatchObject({ result: false, why: 'the key is absent from the request' });
    expect(evaluateConditionEntry('StringNotEquals', AUD, 'sts.amazonaws.com', ctx).result).toBe(true);
    expect(evaluateConditionEntry('StringEqualsIfExists', AUD, 'sts.amazonaws.com', ctx).result).toBe(true);
    expect(evaluateConditionEntry('ForAllValues:StringEquals', AUD, 'sts.amazonaws.com', ctx)).toMatchObject({ result: true, why: 'the key is absent, and ForAllValues is true for an absent key' });
    expect(evaluateConditionEntry('ForAnyValue:StringEquals', AUD, 'sts.amazonaws.com', ctx).result).toBe(false);
  });

  test('GIVEN a multi-valued aud WHEN evaluated THEN single-valued operators match nothing and set operators decide', () => {
    const ctx = { [AUD]: ['sts.amazonaws.com', 'api://AzureADTokenExchange'] };
    expect(evaluateConditionEntry('StringEquals', AUD, 'sts.amazonaws.com', ctx).result).toBe(false);
    expect(evaluateConditionEntry('ForAnyValue:StringEquals', AUD, 'sts.amazonaws.com', ctx).result).toBe(true);
    expect(evaluateConditionEntry('ForAllValues:StringEquals', AUD, 'sts.amazonaws.com', ctx).result).toBe(false);
    expect(evaluateConditionEntry('ForAllValues:StringLike', AUD, ['sts.*', 'api://*'], ctx).result).toBe(true);
  });

  test('GIVEN Null WHEN evaluated THEN "true" means absent and "false" present', () => {
    expect(evaluateConditionEntry('Null', AUD, 'true', {}).result).toBe(true);
    expect(evaluateConditionEntry('Null', AUD, 'false', {}).result).toBe(false);
    expect(evaluateConditionEntry('Null', AUD, 'false', { [AUD]: 'x' }).result).toBe(true);
  });

  test('GIVEN policy variables WHEN evaluated THEN ${key} takes the request value, ${*} is a literal star, and a missing variable matches nothing', () => {
    const ctx = { [SUB]: 'system:serviceaccount:data:app', 'aws:PrincipalTag/ns': 'data' };
    expect(evaluateConditionEntry('StringLike', SUB, 'system:serviceaccount:${aws:PrincipalTag/ns}:*', ctx).result).toBe(true);
    expect(evaluateConditionEntry('StringEquals', SUB, 'system:serviceaccount:${aws:missing}:app', ctx).result).toBe(false);
    expect(evaluateConditionEntry('StringEquals', SUB, "system:serviceaccount:${aws:missing, 'data'}:app", ctx).result).toBe(true);
    expect(evaluateConditionEntry('StringLike', SUB, 'a${*}', { [SUB]: 'a*' }).result).toBe(true);
    expect(evaluateConditionEntry('StringLike', SUB, 'a${*}', { [SUB]: 'ab' }).result).toBe(false);
  });

  test('GIVEN ARN operators WHEN evaluated THEN each of the six parts is compared with wildcards', () => {
    const ctx = { 'aws:SourceArn': 'arn:aws:eks:us-east-1:111122223333:cluster/prod' };
    expect(evaluateConditionEntry('ArnEquals', 'aws:SourceArn', 'arn:aws:eks:us-east-1:111122223333:cluster/prod', ctx).result).toBe(true);
    expect(evaluateConditionEntry('ArnLike', 'aws:SourceArn', 'arn:aws:eks:*:111122223333:cluster/*', ctx).result).toBe(true);
    expect(evaluateConditionEntry('ArnLike', 'aws:SourceArn', 'arn:aws:eks:*:444455556666:cluster/*', ctx).result).toBe(false);
  });

  test('GIVEN an unresolved policy value WHEN it alone could decide THEN the result is unknown, never guessed', () => {
    expect(evaluateConditionEntry('StringEquals', SUB, { unresolved: '{"Ref":"Subject"}' }, { [SUB]: 'x' }).result).toBe('unknown');
    expect(evaluateConditionEntry('StringEquals', SUB, [{ unresolved: 'x' }, 'x'], { [SUB]: 'x' }).result).toBe(true);
  });

  test('GIVEN operator names WHEN parsed THEN set prefix and IfExists suffix are separated', () => {
    expect(parseOperator('ForAnyValue:StringLikeIfExists')).toEqual({ set: 'ForAnyValue', base: 'StringLike', ifExists: true });
    expect(parseOperator('StringEquals')).toEqual({ set: undefined, base: 'StringEquals', ifExists: false });
  });

  test('GIVEN a block with several operators and keys WHEN evaluated THEN all must hold', () => {
    const c = { StringEquals: { [SUB]: 'system:serviceaccount:data:app', [AUD]: 'sts.amazonaws.com' } };
    expect(evaluateConditions(c, { [SUB]: 'system:serviceaccount:data:app', [AUD]: 'sts.amazonaws.com' }).result).toBe(true);
    expect(evaluateConditions(c, { [SUB]: 'system:serviceaccount:data:app', [AUD]: 'api://AzureADTokenExchange' }).result).toBe(false);
  });

  test('GIVEN globMatch WHEN patterns backtrack THEN it matches like StringLike', () => {
    expect(globMatch('a*b*c', 'axxbyyc')).toBe(true);
    expect(globMatch('a*b*c', 'axxbyy')).toBe(false);
    expect(globMatch('*', '')).toBe(true);
    expect(globMatch('sts:assume*', 'STS:AssumeRole', true)).toBe(true);
  });
});

describe('trust policy evaluation', () => {
  const provider = `arn:aws:iam::111122223333:oidc-provider/${K}`;
  const request = { principal: { type: 'Federated' as const, value: provider }, action: 'sts:AssumeRoleWithWebIdentity', context: { [SUB]: 'system:serviceaccount:data:app', [AUD]: 'sts.amazonaws.com' } };
  const allow = { Effect: 'Allow', Principal: { Federated: provider }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [SUB]: 'system:serviceaccount:data:app' } } };

  test('GIVEN an allowing statement and a matching explicit Deny WHEN evaluated THEN the Deny wins', () => {
    const deny = { Sid: 'NoData', Effect: 'Deny', Principal: '*', Action: 'sts:*', Condition: { StringLike: { [SUB]: 'system:serviceaccount:data:*' } } };
    const r = evaluateTrustPolicy({ Statement: [allow, deny] }, request);
    expect(r.decision).toBe('explicit-deny');
    expect(describeStatement(r.decisive!)).toBe(`Statement[1] (Sid "NoData") Deny applies — StringLike ${SUB} "system:serviceaccount:data:*" is true: "system:serviceaccount:data:app" matches "system:serviceaccount:data:*"`);
  });

  test('GIVEN a statement for another provider WHEN evaluated THEN the principal does not match', () => {
    const r = evaluateTrustPolicy({ Statement: { ...allow, Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/other' } } }, request);
    expect(r.decision).toBe('implicit-deny');
    expect(r.statements[0].why).toBe(`principal is not Federated "${provider}"`);
  });

  test('GIVEN a trust policy as JSON text (Terraform assume_role_policy) WHEN evaluated THEN it is parsed', () => {
    expect(evaluateTrustPolicy(JSON.stringify({ Statement: [allow] }), request).decision).toBe('allow');
  });

  test('GIVEN an unresolved trust policy WHEN evaluated THEN the decision is undecided', () => {
    expect(evaluateTrustPolicy({ unresolved: '{"Fn::ImportValue":"Trust"}' }, request)).toMatchObject({ decision: 'undecided', problem: 'the trust policy is unresolved (<unresolved: {"Fn::ImportValue":"Trust"}>)' });
  });

  test('GIVEN NotAction and NotPrincipal WHEN evaluated THEN they invert the match', () => {
    expect(evaluateTrustPolicy({ Statement: [{ Effect: 'Allow', NotPrincipal: { Federated: 'arn:other' }, NotAction: 'sts:AssumeRole', Condition: {} }] }, request).decision).toBe('allow');
  });
});
