import { awsPod, cfn, EKS, EKS_HOST, exactTrust, findingsOf, k8s, oidcProvider, PROVIDER_ARN, role, summary, webIdentity } from '../builders';

const ISSUER = { issuers: [EKS] };

describe('aws-trust-sub-missing', () => {
  const id = 'aws-trust-sub-missing';
  test('GIVEN a trust pinning :sub WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [cfn({ R: role([webIdentity(exactTrust())]) })])).toEqual([]);
  });
  test('GIVEN a trust with only :aud WHEN checked THEN error naming the key to add', () => {
    const f = findingsOf(id, [cfn({ R: role([webIdentity({ StringEquals: { [`${EKS_HOST}:aud`]: 'sts.amazonaws.com' } })]) })]);
    expect(summary(f)).toEqual([`error R: statement 0 of the trust policy allows sts:AssumeRoleWithWebIdentity with no condition on ${EKS_HOST}:sub: every token of ${EKS_HOST} can assume the role`]);
    expect(f[0].fix).toBe(`add "StringEquals": { "${EKS_HOST}:sub": "<the exact subject>" } to statement 0`);
  });
  test('GIVEN a Cognito identity pool trust (aud and amr, no sub) WHEN checked THEN the rule does not apply', () => {
    const cognito = { Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { 'StringEquals': { 'cognito-identity.amazonaws.com:aud': 'us-east-1:pool' }, 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' } } };
    expect(findingsOf(id, [cfn({ R: role([cognito]) })])).toEqual([]);
  });
  test('GIVEN a :sub condition that only excludes (StringNotEquals) WHEN checked THEN it still counts as missing', () => {
    expect(findingsOf(id, [cfn({ R: role([webIdentity({ StringNotEquals: { [`${EKS_HOST}:sub`]: 'system:serviceaccount:kube-system:x' } })]) })])).toHaveLength(1);
  });
});

describe('aws-trust-aud-missing', () => {
  const id = 'aws-trust-aud-missing';
  test('GIVEN :sub and :aud WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [cfn({ R: role([webIdentity(exactTrust())]) })])).toEqual([]);
  });
  test('GIVEN only :sub WHEN checked THEN a warning', () => {
    const f = findingsOf(id, [cfn({ R: role([webIdentity({ StringEquals: { [`${EKS_HOST}:sub`]: 'system:serviceaccount:data:app' } })]) })]);
    expect(summary(f)).toEqual([`warning R: statement 0 of the trust policy has no condition on ${EKS_HOST}:aud: any audience the provider lists is accepted`]);
  });
  test('GIVEN a role trusting only a service (not a web identity) WHEN checked THEN the rule does not apply', () => {
    expect(findingsOf(id, [cfn({ R: role([{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }]) })])).toEqual([]);
  });
});

describe('aws-trust-audience-in-sub', () => {
  const id = 'aws-trust-audience-in-sub';
  test('GIVEN subject under :sub and audience under :aud WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [cfn({ R: role([webIdentity(exactTrust())]) })])).toEqual([]);
  });
  test('GIVEN the GCP audience under :sub WHEN checked THEN error', () => {
    const f = findingsOf(id, [cfn({ R: role([webIdentity(exactTrust('//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/x'))]) })]);
    expect(f.map(x => x.message)).toEqual([`statement 0: StringEquals ${EKS_HOST}:sub is "//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/x", an audience, not a subject: no token matches, so the role is unreachable`]);
  });
  test('GIVEN a subject under :aud (the reverse slip) WHEN checked THEN error with the keys swapped in the fix', () => {
    const f = findingsOf(id, [cfn({ R: role([webIdentity({ StringEquals: { [`${EKS_HOST}:aud`]: 'system:serviceaccount:data:app' } })]) })]);
    expect(f[0].fix).toBe(`move "system:serviceaccount:data:app" to ${EKS_HOST}:sub and set ${EKS_HOST}:aud to "sts.amazonaws.com"`);
  });
});

describe('aws-trust-literal-wildcard', () => {
  const id = 'aws-trust-literal-wildcard';
  test('GIVEN exact values WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [cfn({ R: role([webIdentity(exactTrust())]) })])).toEqual([]);
  });
  test('GIVEN "*" under StringEquals WHEN checked THEN error', () => {
    expect(findingsOf(id, [cfn({ R: role([webIdentity(exactTrust('system:serviceaccount:ci:*'))]) })]).map(x => x.message))
      .toEqual([`statement 0: StringEquals ${EKS_HOST}:sub "system:serviceaccount:ci:*" compares "*" literally: no token has that value, so the condition never holds`]);
  });
  test('GIVEN "*" under StringLike WHEN checked THEN this rule is silent (aws-trust-sub-wildcard speaks)', () => {
    expect(findingsOf(id, [cfn({ R: role([webIdentity({ StringLike: { [`${EKS_HOST}:sub`]: 'system:serviceaccount:ci:*' }, StringEquals: { [`${EKS_HOST}:aud`]: 'sts.amazonaws.com' } })]) })])).toEqual([]);
  });
});

describe('aws-trust-sub-wildcard', () => {
  const id = 'aws-trust-sub-wildcard';
  const like = (pattern: string) => cfn({ R: role([webIdentity({ StringLike: { [`${EKS_HOST}:sub`]: pattern } })]) });
  test('GIVEN StringLike without a wildcard WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [like('system:serviceaccount:data:app')])).toEqual([]);
  });
  test('GIVEN a pattern open in the namespace WHEN checked THEN error', () => {
    expect(summary(findingsOf(id, [like('system:serviceaccount:*:runner')])))
      .toEqual([`error R: statement 0: StringLike ${EKS_HOST}:sub "system:serviceaccount:*:runner" trusts every subject the pattern matches, in any namespace or repository`]);
  });
  test('GIVEN a pattern pinned to the namespace WHEN checked THEN only a warning, naming a name it lets in', () => {
    expect(summary(findingsOf(id, [like('system:serviceaccount:ci:runner-?')])))
      .toEqual([`warning R: statement 0: StringLike ${EKS_HOST}:sub "system:serviceaccount:ci:runner-?" trusts every subject the pattern matches (e.g. "system:serviceaccount:ci:runner-x-evil")`]);
  });
});

describe('aws-trust-forallvalues', () => {
  const id = 'aws-trust-forallvalues';
  test('GIVEN plain StringEquals WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [cfn({ R: role([webIdentity(exactTrust())]) })])).toEqual([]);
  });
  test('GIVEN ForAllValues:StringLike on :sub WHEN checked THEN error with the operator to use', () => {
    const f = findingsOf(id, [cfn({ R: role([webIdentity({ 'ForAllValues:StringLike': { [`${EKS_HOST}:sub`]: 'system:serviceaccount:data:app' } })]) })]);
    expect(f.map(x => [x.message, x.fix])).toEqual([[`statement 0: ForAllValues:StringLike on ${EKS_HOST}:sub holds when the key is absent and pins nothing on a single-valued claim`, 'use "StringLike" instead of "ForAllValues:StringLike"']]);
  });
  test('GIVEN ForAnyValue (true only when a value matches) WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [cfn({ R: role([webIdentity({ 'ForAnyValue:StringEquals': { [`${EKS_HOST}:aud`]: 'sts.amazonaws.com' } })]) })])).toEqual([]);
  });
});

describe('aws-trust-key-mismatch', () => {
  const id = 'aws-trust-key-mismatch';
  test('GIVEN keys named after the provider WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [cfn({ R: role([webIdentity(exactTrust())]) })])).toEqual([]);
  });
  test('GIVEN a key written with the provider ARN WHEN checked THEN error with the right key', () => {
    const f = findingsOf(id, [cfn({ R: role([webIdentity({ StringEquals: { [`${PROVIDER_ARN}:sub`]: 'system:serviceaccount:data:app' } })]) })]);
    expect(f.map(x => [x.message, x.fix])).toEqual([[`statement 0: condition key "${PROVIDER_ARN}:sub" starts with the provider ARN; IAM never sets this key, so StringEquals on it never holds`, `rename the key to "${EKS_HOST}:sub"`]]);
  });
  test('GIVEN a key of another cluster under StringEqualsIfExists WHEN checked THEN the key always holds', () => {
    const other = 'oidc.eks.eu-west-1.amazonaws.com/id/OTHER';
    const f = findingsOf(id, [cfn({ R: role([webIdentity({ StringEqualsIfExists: { [`${other}:sub`]: 'system:serviceaccount:data:app' } })]) })]);
    expect(f.map(x => x.message)).toEqual([`statement 0: condition key "${other}:sub" names the issuer ${other}, but the statement trusts oidc-provider/${EKS_HOST}; IAM never sets this key, so StringEqualsIfExists on it always holds`]);
  });
});

describe('aws-provider-audience', () => {
  const id = 'aws-provider-audience';
  const withProvider = (clientIds: unknown, audience = 'sts.amazonaws.com') => cfn({ P: oidcProvider(EKS, clientIds), R: role([webIdentity(exactTrust('system:serviceaccount:data:app', audience), { Ref: 'P' })]) });
  test('GIVEN the audience among the client ids WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [withProvider(['sts.amazonaws.com'])])).toEqual([]);
  });
  test('GIVEN an audience the provider does not list WHEN checked THEN error on the role', () => {
    expect(summary(findingsOf(id, [withProvider(['sts.amazonaws.com'], 'api://AzureADTokenExchange')])))
      .toEqual([`error R: statement 0: ${EKS_HOST}:aud expects "api://AzureADTokenExchange", but provider P lists only "sts.amazonaws.com": STS refuses such tokens ("Incorrect token audience")`]);
  });
  test('GIVEN a provider with no client id WHEN checked THEN error on the provider', () => {
    expect(summary(findingsOf(id, [withProvider([])]))).toEqual([`error P: the OIDC provider for ${EKS_HOST} lists no client id: STS refuses every token ("Incorrect token audience")`]);
  });
});

describe('aws-trust-size', () => {
  const id = 'aws-trust-size';
  const subjects = (n: number) => Array.from({ length: n }, (_, i) => `system:serviceaccount:team-${i}:app`);
  test('GIVEN a trust of a few subjects WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [cfn({ R: role([webIdentity({ StringEquals: { [`${EKS_HOST}:sub`]: subjects(3) } })]) })])).toEqual([]);
  });
  test('GIVEN a trust over 4,096 characters WHEN checked THEN error', () => {
    const f = findingsOf(id, [cfn({ R: role([webIdentity({ StringEquals: { [`${EKS_HOST}:sub`]: subjects(150) } })]) })]);
    expect(f[0].severity).toBe('error');
    expect(f[0].message).toMatch(/^the trust policy has \d{4} non-whitespace characters, over the most IAM allows \(4096\)$/);
  });
  test('GIVEN a trust between 2,048 and 4,096 characters WHEN checked THEN a warning (deploys with the raised quota)', () => {
    const f = findingsOf(id, [cfn({ R: role([webIdentity({ StringEquals: { [`${EKS_HOST}:sub`]: subjects(60) } })]) })]);
    expect(f.map(x => x.severity)).toEqual(['warning']);
  });
});

describe('aws-broad-permissions', () => {
  const id = 'aws-broad-permissions';
  const federated = (props: Record<string, unknown>) => cfn({ R: role([webIdentity(exactTrust())], props) });
  test('GIVEN scoped actions WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [federated({ Policies: [{ PolicyName: 'p', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] } }] })])).toEqual([]);
  });
  test('GIVEN AdministratorAccess and "*" WHEN checked THEN errors', () => {
    const f = findingsOf(id, [federated({ ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'], Policies: [{ PolicyName: 'p', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }] })]);
    expect(summary(f)).toEqual(['error R: an inline policy allows "*"', 'error R: managed policy AdministratorAccess gives the role administrator-level access']);
  });
  test('GIVEN s3:* on every resource through an attached AWS::IAM::Policy WHEN checked THEN a warning; a role nobody federates is left alone', () => {
    const f = findingsOf(id, [cfn({
      R: role([webIdentity(exactTrust())]),
      P: { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'p', Roles: [{ Ref: 'R' }], PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } } },
      L: role([{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }], { ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] }),
    })]);
    expect(summary(f)).toEqual(['warning R: an inline policy allows "s3:*" on every resource']);
  });
});

describe('aws-stack-limits', () => {
  const id = 'aws-stack-limits';
  test('GIVEN a small template WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [cfn({ P: oidcProvider(), R: role([webIdentity(exactTrust())]) })])).toEqual([]);
  });
  test('GIVEN 501 resources WHEN checked THEN error on the template, and a warning for its size', () => {
    const resources: Record<string, unknown> = {};
    for (let i = 0; i < 501; i++) resources[`Topic${i}`] = { Type: 'AWS::SNS::Topic', Properties: { TopicName: `t${i}` } };
    expect(summary(findingsOf(id, [cfn(resources)]))).toEqual([
      'error (template): the template has 501 resources, over CloudFormation\'s 500 per stack',
      expect.stringMatching(/^warning \(template\): the template is \d+ bytes, over the 51200 bytes CloudFormation accepts inline$/),
    ]);
  });
  test('GIVEN two providers for one issuer, six thumbprints and a 65-character role name WHEN checked THEN one error each', () => {
    const thumbs = Array.from({ length: 6 }, (_, i) => `${i}`.repeat(40));
    const f = findingsOf(id, [cfn({ A: oidcProvider(EKS, ['sts.amazonaws.com'], { ThumbprintList: thumbs }), B: oidcProvider(), R: role([], { RoleName: 'r'.repeat(65) }) })]);
    expect(summary(f)).toEqual([
      'error A: the provider lists 6 thumbprints, over IAM\'s 5',
      `error B: a second IAM OIDC provider for ${EKS} (also A): IAM allows one per issuer URL per account, so the second create fails with EntityAlreadyExists`,
      `error R: role name "${'r'.repeat(65)}" is 65 characters, over IAM's 64`,
    ]);
  });
});

describe('aws-pod-identity-trust', () => {
  const id = 'aws-pod-identity-trust';
  const assoc = { Type: 'AWS::EKS::PodIdentityAssociation', Properties: { ClusterName: 'prod', Namespace: 'batch', ServiceAccount: 'job', RoleArn: { 'Fn::GetAtt': ['R', 'Arn'] } } };
  const pods = (actions: string[], condition?: unknown) => ({ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: actions, ...(condition ? { Condition: condition } : {}) });
  const pinned = { StringEquals: { 'aws:SourceAccount': '111122223333' } };
  test('GIVEN AssumeRole and TagSession, pinned WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [cfn({ R: role([pods(['sts:AssumeRole', 'sts:TagSession'], pinned)]), A: assoc })])).toEqual([]);
  });
  test('GIVEN an association whose role lacks TagSession WHEN checked THEN error', () => {
    expect(summary(findingsOf(id, [cfn({ R: role([pods(['sts:AssumeRole'], pinned)]), A: assoc })])))
      .toEqual(['error R: association A uses this role, but its trust policy does not allow sts:TagSession for pods.eks.amazonaws.com: the pod gets no credentials']);
  });
  test('GIVEN sts:* without pins, and no association WHEN checked THEN only the pin warning', () => {
    expect(summary(findingsOf(id, [cfn({ R: role([pods(['sts:*'])]) })])))
      .toEqual(['warning R: the trust policy lets pods.eks.amazonaws.com assume the role without an aws:SourceAccount or aws:SourceArn condition: a Pod Identity association in any account can name it']);
  });
});

describe('AWS rules on a pod', () => {
  test('GIVEN a pod of the trusted subject WHEN checked by x-unreachable THEN no finding', () => {
    const files = [cfn({ R: role([webIdentity(exactTrust('system:serviceaccount:data:app'))]) }), k8s([awsPod('app', 'data', 'arn:aws:iam::111122223333:role/app')])];
    expect(findingsOf('x-unreachable', files, ISSUER)).toEqual([]);
  });
});
