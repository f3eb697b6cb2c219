import { App, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { aws } from '../../lib';

const PROVIDER = 'arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const KEY = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';

function appWith(condition: Record<string, unknown>): App {
  const app = new App();
  Validations.of(app).addPlugins(new aws.CrossfedValidation());
  const stack = new Stack(app, 'team', { env: { account: '111122223333', region: 'us-east-1' } });
  new iam.CfnRole(stack, 'Reader', {
    roleName: 'reader',
    assumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity', Principal: { Federated: PROVIDER }, Condition: condition }] },
  });
  return app;
}

describe('CrossfedValidation (CDK policy-validation plugin)', () => {
  beforeAll(() => { process.env.CDK_VALIDATION = 'false'; });

  test('GIVEN a hand-written role with an exact trust WHEN the app synthesizes THEN the plugin passes', () => {
    expect(() => appWith({ StringEquals: { [`${KEY}:sub`]: 'system:serviceaccount:data:app', [`${KEY}:aud`]: 'sts.amazonaws.com' } }).synth()).not.toThrow();
  });

  test('GIVEN a hand-written role whose trust pins no subject WHEN the app synthesizes THEN synth fails naming the crossfed rule and the resource', () => {
    let message = '';
    try {
      appWith({ StringEquals: { [`${KEY}:aud`]: 'sts.amazonaws.com' } }).synth();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('ERROR A web-identity trust statement does not pin the token subject');
    expect(message).toContain('team/Reader (Reader) aws-cdk-lib.aws_iam.CfnRole');
    expect(message).toContain("Acknowledge with 'crossfed::aws-trust-sub-missing'");
  });

  test('GIVEN the plugin WHEN read THEN it declares every crossfed rule id', () => {
    const plugin = new aws.CrossfedValidation();
    expect(plugin.name).toBe('crossfed');
    expect(plugin.ruleIds).toContain('aws-trust-sub-missing');
    expect(plugin.ruleIds).toContain('x-near-miss-accepted');
  });
});
