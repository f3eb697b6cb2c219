import { parseArtifacts } from '../../../lib/verify';

const yaml = (text: string) => parseArtifacts([{ path: 'stack.template.yaml', content: text }]);
const json = (template: unknown, parameters?: Record<string, string>) => parseArtifacts([{ path: 'stack.template.json', content: JSON.stringify(template) }], { parameters });

describe('CloudFormation parser', () => {
  test('GIVEN short forms WHEN parsed THEN !Ref, !GetAtt, !Sub and !Join resolve within the template', () => {
    const g = yaml([
      'Resources:',
      '  Provider:',
      '    Type: AWS::IAM::OIDCProvider',
      '    Properties:',
      '      Url: !Join ["", ["https://", "oidc.example.com"]]',
      '      ClientIdList: [sts.amazonaws.com]',
      '  Role:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      RoleName: !Sub "${Prefix}-app"',
      '      AssumeRolePolicyDocument:',
      '        Statement:',
      '          - Effect: Allow',
      '            Principal: { Federated: !Ref Provider }',
      '            Action: sts:AssumeRoleWithWebIdentity',
      '            Condition:',
      '              StringEquals:',
      '                oidc.example.com:sub: !Sub',
      '                  - system:serviceaccount:${Ns}:app',
      '                  - { Ns: data }',
      '  Assoc:',
      '    Type: AWS::EKS::PodIdentityAssociation',
      '    Properties: { ClusterName: prod, Namespace: data, ServiceAccount: app, RoleArn: !GetAtt Role.Arn }',
      'Parameters:',
      '  Prefix: { Type: String, Default: acme }',
    ].join('\n'));
    expect(g.parseErrors).toEqual([]);
    expect(g.aws.providers[0].url).toBe('https://oidc.example.com');
    expect(g.aws.providers[0].arn).toEqual({ unresolved: '{"Fn::GetAtt":["Provider","Arn"]}', parts: ['arn:', null, ':iam::', null, ':oidc-provider/oidc.example.com'] });
    const role = g.aws.roles[0];
    expect(role.ref).toEqual({ file: 'stack.template.yaml', resource: 'Role', line: 7 });
    expect(role.roleName).toEqual({ unresolved: '${Prefix}-app', parts: [null, '-app'] });
    expect((role.trustPolicy as any).Statement[0].Condition.StringEquals['oidc.example.com:sub']).toBe('system:serviceaccount:data:app');
    expect((role.trustPolicy as any).Statement[0].Principal.Federated).toEqual(g.aws.providers[0].arn);
    expect(g.aws.podIdentityAssociations[0].roleArn).toEqual({ unresolved: '{"Fn::GetAtt":["Role","Arn"]}', parts: ['arn:', null, ':iam::', null, ':role/', null, '-app'] });
  });

  test('GIVEN pseudo parameters WHEN given with parameters THEN they resolve; otherwise they stay unresolved', () => {
    const t = { Resources: { R: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'r', AssumeRolePolicyDocument: {} } } } };
    expect(json(t).aws.roles[0].arn).toEqual({ unresolved: '{"Fn::GetAtt":["R","Arn"]}', parts: ['arn:', null, ':iam::', null, ':role/r'] });
    expect(json(t, { 'AWS::AccountId': '111122223333', 'AWS::Partition': 'aws' }).aws.roles[0].arn).toBe('arn:aws:iam::111122223333:role/r');
  });

  test('GIVEN Fn::If on a static condition, Fn::Select, Fn::Split, Fn::FindInMap and AWS::NoValue WHEN parsed THEN resolved', () => {
    const t = {
      Conditions: { Prod: { 'Fn::Equals': ['prod', 'prod'] } },
      Mappings: { Aud: { aws: { value: 'sts.amazonaws.com' } } },
      Resources: {
        P: {
          Type: 'AWS::IAM::OIDCProvider',
          Properties: {
            Url: { 'Fn::If': ['Prod', 'https://prod.example.com', 'https://dev.example.com'] },
            ClientIdList: [{ 'Fn::FindInMap': ['Aud', 'aws', 'value'] }, { 'Fn::Select': [1, { 'Fn::Split': [',', 'a,b,c'] }] }],
            ThumbprintList: { Ref: 'AWS::NoValue' },
          },
        },
      },
    };
    const p = json(t).aws.providers[0];
    expect([p.url, p.clientIds, p.thumbprints]).toEqual(['https://prod.example.com', ['sts.amazonaws.com', 'b'], []]);
  });

  test('GIVEN intrinsics that depend on deploy time WHEN parsed THEN unresolved, never guessed', () => {
    const t = { Parameters: { Url: { Type: 'String', Default: 'https://example.com' } }, Resources: { P: { Type: 'AWS::IAM::OIDCProvider', Properties: { Url: { Ref: 'Url' }, ClientIdList: [{ 'Fn::ImportValue': 'aud' }] } } } };
    const p = json(t).aws.providers[0];
    expect([p.url, p.clientIds]).toEqual([{ unresolved: '{"Ref":"Url"}' }, [{ unresolved: '{"Fn::ImportValue":"aud"}' }]]);
  });

  test('GIVEN a Ref cycle WHEN parsed THEN unresolved rather than a stack overflow', () => {
    const t = { Resources: { A: { Type: 'AWS::IAM::Role', Properties: { RoleName: { Ref: 'B' } } }, B: { Type: 'AWS::IAM::Role', Properties: { RoleName: { Ref: 'A' } } } } };
    expect(json(t).aws.roles.map(r => typeof r.roleName)).toEqual(['object', 'object']);
  });

  test('GIVEN the CDK custom OIDC provider and an AccessEntry WHEN parsed THEN both are in the graph', () => {
    const t = {
      Resources: {
        P: { Type: 'Custom::AWSCDKOpenIdConnectProvider', Properties: { Url: 'https://token.actions.githubusercontent.com', ClientIDList: ['sts.amazonaws.com'], ThumbprintList: [] } },
        E: { Type: 'AWS::EKS::AccessEntry', Properties: { ClusterName: 'prod', PrincipalArn: 'arn:aws:iam::1:role/ci', KubernetesGroups: ['deployers'], AccessPolicies: [{ PolicyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy', AccessScope: { Type: 'namespace', Namespaces: ['data'] } }] } },
      },
    };
    const g = json(t);
    expect(g.aws.providers[0].clientIds).toEqual(['sts.amazonaws.com']);
    expect(g.aws.accessEntries[0]).toMatchObject({ clusterName: 'prod', kubernetesGroups: ['deployers'], accessPolicies: [{ namespaces: ['data'] }] });
    expect(g.aws.templates).toEqual([{ ref: { file: 'stack.template.json', resource: '(template)', line: 1 }, resourceCount: 2, bytes: JSON.stringify(t).length }]);
  });

  test('GIVEN malformed JSON WHEN parsed THEN a parse error with line and column, no throw', () => {
    const g = parseArtifacts([{ path: 'bad.template.json', content: '{\n  "Resources": {\n    "A": { "Type": "x", }\n  }\n}' }]);
    expect(g.parseErrors).toEqual([{ file: 'bad.template.json', line: 3, column: 25, message: 'is not valid JSON: unexpected "}", expected a property name in double quotes' }]);
  });

  test('GIVEN malformed YAML WHEN parsed THEN a parse error with its position', () => {
    const g = yaml('Resources:\n  A:\n    Type: [unclosed\n');
    expect(g.parseErrors.map(e => [e.file, e.line])).toEqual([['stack.template.yaml', 4]]);
    expect(g.parseErrors[0].message).toMatch(/^is not valid YAML: /);
  });

  test('GIVEN a template without Resources WHEN parsed THEN a parse error saying what was expected', () => {
    expect(json({ AWSTemplateFormatVersion: '2010-09-09' }).parseErrors).toEqual([{ file: 'stack.template.json', line: 1, column: 1, message: 'is not a CloudFormation template: expected an object with a "Resources" map' }]);
  });
});
