import { App, Annotations as CoreAnnotations, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { largeModel, ACCOUNT, allProps, nativeIrsa, podIdentity, azureDevOpsToAws, EKS_EU_URL } from './scenarios';
import { createTeamApp, PaymentsStack } from '../../apps/cdk/team-app';
import { aws } from '../../lib';
import { AccessMechanism, Issuer } from '../../lib/model';
import { problemOf } from '../model/helpers';

const app = () => new App({ builtinCloudFormationValidation: false, analyticsReporting: false });
const stackIn = (a: App, account = ACCOUNT, region = 'us-east-1') => new Stack(a, 'Team', { env: { account, region } });

describe('AWS constructs in a CDK app of one\'s own', () => {
  test('GIVEN a team\'s existing stack WHEN AccountIdentities is added THEN its roles and access entry join the team\'s resources, referencing the existing provider', () => {
    const a = createTeamApp(app());
    const stack = a.node.findChild('payments') as PaymentsStack;
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::S3::Bucket', 1);
    t.resourceCountIs('AWS::IAM::OIDCProvider', 1);
    t.hasResourceProperties('AWS::IAM::OIDCProvider', { Url: 'https://token.actions.githubusercontent.com' });
    t.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'payments-reporter',
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE` } })] },
    });
    t.hasResourceProperties('AWS::EKS::AccessEntry', { PrincipalArn: `arn:aws:iam::${ACCOUNT}:role/payments-deployer`, KubernetesGroups: ['payments:deployers'] });
    expect(stack.identities.roles.map(r => r.roleArn)).toEqual([`arn:aws:iam::${ACCOUNT}:role/payments-deployer`, `arn:aws:iam::${ACCOUNT}:role/payments-reporter`]);
    expect(stack.identities.oidcProviders.map(p => [p.issuer.name, p.existing])).toEqual([['prod-eks', true], ['github', false]]);
    // The snapshot leaves out the CDK bootstrap parameter and rule (they carry the CDK's bootstrap version).
    expect(t.toJSON().Resources).toMatchSnapshot();
  });

  test('GIVEN a stack of another account WHEN identities are added THEN the error names the path, both accounts and the fix', () => {
    const model = nativeIrsa();
    const p = problemOf(() => new aws.AccountIdentities(stackIn(app(), '999999999999'), 'Ids', { account: model.awsAccounts[0] }));
    expect(p.message).toBe(`Team/Ids/OidcProvider-prod-eks: account "999999999999" is the stack's account, but the model puts this in account ${ACCOUNT}. Allowed: a stack with env.account "${ACCOUNT}". Fix: add it to a stack of account ${ACCOUNT} (env: { account: '${ACCOUNT}' })`);
  });

  test('GIVEN a cluster in another region WHEN AccountIdentities leaves eksRegion unset THEN it refuses to drop the association silently', () => {
    const model = allProps();
    const p = problemOf(() => new aws.AccountIdentities(stackIn(app()), 'Ids', { account: model.findAwsAccount('prod')! }));
    expect(p.field).toBe('eksRegion');
    expect(p.message).toContain('leaves out the EKS resources of role "eu-worker" on cluster "eu-eks", which is in eu-west-1');
    expect(p.fix).toContain("AccountIdentities with eksRegion: 'eu-west-1', iamRoles: false, oidcProviders: false");
  });

  test('GIVEN the other region\'s stack WHEN AccountIdentities renders EKS resources only THEN it holds just the association', () => {
    const model = allProps();
    const stack = stackIn(app(), ACCOUNT, 'eu-west-1');
    const ids = new aws.AccountIdentities(stack, 'Ids', { account: model.findAwsAccount('prod')!, eksRegion: 'eu-west-1', iamRoles: false, oidcProviders: false });
    const t = Template.fromStack(stack);
    expect(Object.keys(t.toJSON().Resources).length).toBe(1);
    t.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { ClusterName: 'eu', Namespace: 'jobs', ServiceAccount: 'worker' });
    expect(ids.podIdentityAssociations.map(p => p.region)).toEqual(['eu-west-1']);
  });

  test('GIVEN an association in a stack of the wrong region WHEN created THEN the error says where the cluster is', () => {
    const model = allProps();
    const access = model.findWorkload('eu-eks/jobs-worker')!.awsAccess[0];
    const p = problemOf(() => new aws.PodIdentityAssociation(stackIn(app()), 'Pia', { access }));
    expect(p.message).toBe('Team/Pia: region "us-east-1" is the stack\'s region, but cluster "eu-eks" is in eu-west-1. Allowed: a stack with env.region "eu-west-1". Fix: add it to a stack of region eu-west-1');
  });

  test('GIVEN an IRSA grant WHEN used for a Pod Identity association THEN it is refused', () => {
    const model = nativeIrsa();
    const access = model.workloads[0].awsAccess[0];
    const p = problemOf(() => new aws.PodIdentityAssociation(stackIn(app()), 'Pia', { access }));
    expect(p.message).toBe(`Team/Pia: mechanism "irsa" of workload "prod-eks/data-pipeline" is not EKS Pod Identity. Allowed: ${AccessMechanism.POD_IDENTITY}. Fix: pass a grant made with mechanism: "pod-identity"`);
  });

  test('GIVEN a cluster the role has no eksAccess for WHEN an access entry is created THEN it is refused', () => {
    const model = azureDevOpsToAws();
    const other = model.addIssuer(Issuer.eks({ name: 'other', url: EKS_EU_URL, accountId: ACCOUNT, clusterName: 'other' }));
    const role = model.awsAccounts[0].roles[0];
    const p = problemOf(() => new aws.EksAccessEntry(stackIn(app()), 'Entry', { role, cluster: other }));
    expect(p.message).toBe('Team/Entry: cluster "other" is not named in the eksAccess of any grant of role "ado-eks-deployer". Allowed: a cluster of one of the role\'s eksAccess options. Fix: add eksAccess with this cluster to the CI workload\'s grant');
  });

  test('GIVEN an issuer no role trusts WHEN a provider is created for it THEN the error says so', () => {
    const model = podIdentity();
    const p = problemOf(() => new aws.FederatedOidcProvider(stackIn(app()), 'P', { account: model.awsAccounts[0], issuer: model.issuers[0] }));
    expect(p.message).toBe('Team/P: issuer "prod-eks" is trusted through web identity by no role of account "prod". Allowed: an issuer that a role of the account trusts. Fix: grant a workload of this issuer a role in the account first, or remove the provider');
  });

  test('GIVEN a wildcard role WHEN synthesized THEN the warning has a stable id that can be acknowledged', () => {
    const model = allProps();
    const a = app();
    const stack = stackIn(a);
    const role = new aws.FederatedRole(stack, 'Runners', { role: model.findAwsAccount('prod')!.roles.find(r => r.roleName === 'ci-runners')! });
    expect(role.warningIds).toEqual(['crossfed:aws:wildcard-subject']);
    Annotations.fromStack(stack).hasWarning('/Team/Runners', Match.stringLikeRegexp('trusts every subject .* matching "system:serviceaccount:ci-\\*:runner".*\\[ack: crossfed:aws:wildcard-subject\\]'));
    const a2 = app();
    const acked = stackIn(a2);
    new aws.FederatedRole(acked, 'Runners', { role: model.findAwsAccount('prod')!.roles.find(r => r.roleName === 'ci-runners')! });
    CoreAnnotations.of(acked).acknowledgeWarning('crossfed:aws:wildcard-subject', 'CI runners of every ci-* namespace share this role on purpose');
    Annotations.fromStack(acked).hasNoWarning('*', Match.anyValue());
  });

  test('GIVEN broad permissions WHEN rendered THEN each kind has its own warning id', () => {
    const model = allProps();
    const role = new aws.FederatedRole(stackIn(app()), 'Ops', { role: model.findAwsAccount('prod')!.roles.find(r => r.roleName === 'ops-admin')! });
    expect(role.warningIds).toEqual(['crossfed:aws:action-wildcard', 'crossfed:aws:administrator-access', 'crossfed:aws:full-access-policy']);
  });

  test('GIVEN a model with a cross-region cluster WHEN one AwsIdentityStack is made without a region THEN it is refused', () => {
    const model = allProps();
    const p = problemOf(() => new aws.AwsIdentityStack(app(), 'S', { account: model.findAwsAccount('prod')! }));
    expect(p.field).toBe('eksRegion');
    expect(p.fix).toContain('AwsIdentityStack.forModel');
  });

  test('GIVEN AwsIdentityStack.forModel WHEN synthesized THEN stacks are env-specific, bootstrapless, and ordered by dependencies', () => {
    const a = app();
    const stacks = aws.AwsIdentityStack.forModel(a, allProps());
    expect(stacks.map(s => [s.stackName, s.account, s.region])).toEqual([
      ['full-aws-prod', ACCOUNT, 'us-east-1'], ['full-aws-prod-eu-west-1', ACCOUNT, 'eu-west-1'], ['full-aws-sandbox', '444455556666', 'eu-west-1'],
    ]);
    expect(stacks[1].dependencies.map(s => s.stackName)).toEqual(['full-aws-prod']);
    for (const s of stacks) {
      const json = Template.fromStack(s).toJSON();
      expect(json.Parameters).toBeUndefined();
      expect(json.Rules).toBeUndefined();
    }
    const bootstrapped = aws.AwsIdentityStack.forModel(app(), nativeIrsa(), { bootstrapped: true });
    expect(Template.fromStack(bootstrapped[0]).toJSON().Parameters).toHaveProperty('BootstrapVersion');
  });

  test('GIVEN more than 500 resources in a team\'s own stack WHEN synthesized THEN validation names the stack and the fix', () => {
    const model = largeModel(501, { clusters: 1 });
    const a = app();
    new aws.AccountIdentities(stackIn(a), 'Ids', { account: model.awsAccounts[0] });
    expect(() => a.synth()).toThrow(/\[Team\/Ids\] Team: resources 502 is over CloudFormation's limit of 500 resources per stack\. Allowed: at most 500\. Fix: .*AwsIdentityStack\.forModel/);
  });
});
