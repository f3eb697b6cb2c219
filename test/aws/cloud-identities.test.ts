import { Match } from 'aws-cdk-lib/assertions';
import { resourcesOf, roleNamed, synth } from './helpers';
import { CloudPrincipal } from '../../lib/model';
import { cloudModel, ENTRA_V1, MI_OBJECT_ID, SA_UNIQUE_ID, TENANT } from '../model/fixtures';

const STACK = 'test-aws-prod';
const ENTRA_HOST = `sts.windows.net/${TENANT}/`;

describe('AWS renderer: cloud identities as token sources', () => {
  test('GIVEN a Data Factory managed identity granted a role WHEN synthesized THEN an OIDC provider for the v1.0 Entra issuer with the application ID URI as client id, and exact :aud and :sub', () => {
    const { templates, json } = synth(cloudModel().model);
    const t = templates[STACK];
    t.hasResourceProperties('AWS::IAM::OIDCProvider', { Url: ENTRA_V1, ClientIdList: ['api://acme-aws-federation'], ThumbprintList: Match.absent() });
    const role = roleNamed(json[STACK], 'adf-ingest-reader');
    expect(role.Properties.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity', Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/${ENTRA_HOST}` },
        Condition: { StringEquals: { [`${ENTRA_HOST}:aud`]: 'api://acme-aws-federation', [`${ENTRA_HOST}:sub`]: MI_OBJECT_ID } },
      }],
    });
    // The issuer keeps its trailing slash: the provider URL, its ARN and the condition keys carry it byte for byte.
    const [providerId] = Object.entries(resourcesOf(json[STACK], 'AWS::IAM::OIDCProvider')).find(([, p]: [string, any]) => p.Properties.Url === ENTRA_V1)!;
    expect(role.DependsOn).toEqual([providerId]);
    expect(role).toMatchSnapshot();
  });

  test('GIVEN a Google service account granted a role WHEN synthesized THEN AWS\'s built-in accounts.google.com provider: no OIDC provider, the unique id in :aud (azp) and :sub, the audience in :oaud', () => {
    const { json } = synth(cloudModel().model);
    const providers = Object.values(resourcesOf(json[STACK], 'AWS::IAM::OIDCProvider')).map((p: any) => p.Properties.Url);
    expect(providers).not.toContain('https://accounts.google.com');
    const role = roleNamed(json[STACK], 'dataflow-s3-reader');
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([{
      Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity', Principal: { Federated: 'accounts.google.com' },
      Condition: { StringEquals: { 'accounts.google.com:aud': SA_UNIQUE_ID, 'accounts.google.com:oaud': 'sts.amazonaws.com', 'accounts.google.com:sub': SA_UNIQUE_ID } },
    }]);
    expect(role.DependsOn).toBeUndefined();
    expect(role.Properties.Policies[0].PolicyDocument.Statement[0].Resource).toEqual(['arn:aws:s3:::acme-landing', 'arn:aws:s3:::acme-landing/*']);
    expect(role).toMatchSnapshot();
  });

  test('GIVEN two Google service accounts on one role WHEN synthesized THEN one statement each, so azp and sub stay paired', () => {
    const m = cloudModel();
    m.model.addCloudWorkload({ issuer: m.google, name: 'dataflow-2', principal: CloudPrincipal.googleServiceAccount('100000000000000000002') })
      .grantAws(m.aws, { roleName: 'dataflow-s3-reader', audience: 'sts.amazonaws.com' });
    const statements = roleNamed(synth(m.model).json[STACK], 'dataflow-s3-reader').Properties.AssumeRolePolicyDocument.Statement;
    expect(statements.map((s: any) => [s.Condition.StringEquals['accounts.google.com:aud'], s.Condition.StringEquals['accounts.google.com:sub']]))
      .toEqual([[SA_UNIQUE_ID, SA_UNIQUE_ID], ['100000000000000000002', '100000000000000000002']]);
  });

  test('GIVEN Entra ID and Google roles WHEN the account\'s providers are listed THEN only the Entra issuer needs one (none counts against the quota for Google)', () => {
    const m = cloudModel();
    expect(m.aws.oidcProviders.map(p => p.issuer.name)).toEqual(['acme-entra']);
  });
});
