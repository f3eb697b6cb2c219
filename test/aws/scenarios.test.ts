import { Match } from 'aws-cdk-lib/assertions';
import { resourcesOf, roleNamed, synth, warningIds } from './helpers';
import {
  ACCOUNT, ADO_ENTRA_SUBJECT, ADO_ORG_ID, AKS_URL, allProps, aksToAws, azureDevOpsToAws, EKS_URL, GKE_URL, githubToAws, gkeToAws, nativeIrsa,
  ONPREM_URL, OTHER_ACCOUNT, podIdentity, SCENARIOS, selfManagedToAws, TENANT, THUMBPRINT,
} from './scenarios';
import { Issuer } from '../../lib/model';

const EKS_HOST = EKS_URL.replace('https://', '');
const AKS_HOST = AKS_URL.replace('https://', '');
const GKE_HOST = GKE_URL.replace('https://', '');
const provider = (hostPath: string, account = ACCOUNT) => `arn:aws:iam::${account}:oidc-provider/${hostPath}`;

describe('AWS renderer: one scenario per federation path', () => {
  test('GIVEN EKS → AWS with IRSA WHEN synthesized THEN a provider for the issuer and a role with exact StringEquals on :sub and :aud', () => {
    const { templates, json } = synth(nativeIrsa());
    const t = templates['irsa-aws-prod'];
    t.resourceCountIs('AWS::IAM::OIDCProvider', 1);
    t.hasResourceProperties('AWS::IAM::OIDCProvider', { Url: EKS_URL, ClientIdList: ['sts.amazonaws.com'], ThumbprintList: Match.absent() });
    t.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'pipeline-reader',
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity', Principal: { Federated: provider(EKS_HOST) },
          Condition: { StringEquals: { [`${EKS_HOST}:aud`]: 'sts.amazonaws.com', [`${EKS_HOST}:sub`]: 'system:serviceaccount:data:pipeline' } },
        }],
      },
      ManagedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
      Policies: [{ PolicyName: 'crossfed', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::acme-raw', 'arn:aws:s3:::acme-raw/*'] }] } }],
    });
    // The role is created after the provider it trusts.
    const [providerId] = Object.keys(resourcesOf(json['irsa-aws-prod'], 'AWS::IAM::OIDCProvider'));
    expect(roleNamed(json['irsa-aws-prod'], 'pipeline-reader').DependsOn).toEqual([providerId]);
    expect(JSON.stringify(json)).not.toContain('StringLike');
    expect(json['irsa-aws-prod']).toMatchSnapshot();
  });

  test('GIVEN EKS → AWS with Pod Identity WHEN synthesized THEN the role trusts pods.eks.amazonaws.com pinned to the cluster, and an association names the service account', () => {
    const { templates, json } = synth(podIdentity());
    const t = templates['pod-identity-aws-prod'];
    t.resourceCountIs('AWS::IAM::OIDCProvider', 0);
    t.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'reconciler',
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Principal: { Service: 'pods.eks.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnEquals: { 'aws:SourceArn': `arn:aws:eks:us-east-1:${ACCOUNT}:cluster/prod` } },
        }],
      },
    });
    t.resourceCountIs('AWS::EKS::PodIdentityAssociation', 1);
    t.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { ClusterName: 'prod', Namespace: 'batch', ServiceAccount: 'reconciler', RoleArn: `arn:aws:iam::${ACCOUNT}:role/reconciler` });
    const [roleId] = Object.keys(resourcesOf(json['pod-identity-aws-prod'], 'AWS::IAM::Role'));
    expect(Object.values(resourcesOf(json['pod-identity-aws-prod'], 'AWS::EKS::PodIdentityAssociation'))[0].DependsOn).toEqual([roleId]);
    expect(json['pod-identity-aws-prod']).toMatchSnapshot();
  });

  test('GIVEN AKS → AWS WHEN synthesized THEN the provider URL and the condition keys keep the issuer\'s trailing slash', () => {
    const { templates, json } = synth(aksToAws());
    const t = templates['aks-aws-prod'];
    t.hasResourceProperties('AWS::IAM::OIDCProvider', { Url: AKS_URL, ClientIdList: ['sts.amazonaws.com'] });
    expect(AKS_HOST.endsWith('/')).toBe(true);
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectEquals({
          Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity', Principal: { Federated: provider(AKS_HOST) },
          Condition: { StringEquals: { [`${AKS_HOST}:aud`]: 'sts.amazonaws.com', [`${AKS_HOST}:sub`]: 'system:serviceaccount:analytics:dashboard' } },
        })],
      },
    });
    expect(json['aks-aws-prod']).toMatchSnapshot();
  });

  test('GIVEN GKE → AWS WHEN synthesized THEN the provider is the cluster issuer and the keys carry its full path', () => {
    const { templates, json } = synth(gkeToAws());
    const t = templates['gke-aws-prod'];
    t.hasResourceProperties('AWS::IAM::OIDCProvider', { Url: GKE_URL, ClientIdList: ['sts.amazonaws.com'] });
    t.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'ml-trainer',
      AssumeRolePolicyDocument: {
        Statement: [Match.objectEquals({
          Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity', Principal: { Federated: provider(GKE_HOST) },
          Condition: { StringEquals: { [`${GKE_HOST}:aud`]: 'sts.amazonaws.com', [`${GKE_HOST}:sub`]: 'system:serviceaccount:ml:trainer' } },
        })],
      },
    });
    expect(json['gke-aws-prod']).toMatchSnapshot();
  });

  test('GIVEN a self-managed cluster with a thumbprint WHEN synthesized THEN the provider pins it', () => {
    const { templates, json, warnings } = synth(selfManagedToAws());
    const t = templates['onprem-aws-prod'];
    t.hasResourceProperties('AWS::IAM::OIDCProvider', { Url: ONPREM_URL, ClientIdList: ['sts.amazonaws.com'], ThumbprintList: [THUMBPRINT] });
    t.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'onprem-loader',
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Condition: { StringEquals: { 'acme-onprem-oidc.s3.eu-west-1.amazonaws.com:sub': 'system:serviceaccount:etl:loader' } } })] },
      Policies: [{ PolicyName: 'crossfed', PolicyDocument: { Statement: [Match.objectLike({ Action: ['s3:DeleteObject', 's3:GetObject', 's3:ListBucket', 's3:PutObject'] })] } }],
    });
    expect(warnings).toEqual([]);
    expect(json['onprem-aws-prod']).toMatchSnapshot();
  });

  test('GIVEN Azure DevOps deployers WHEN synthesized THEN roles trust each issuer form with its exact subject and the fixed audience, and access entries map them to groups', () => {
    const { templates, json } = synth(azureDevOpsToAws());
    const t = templates['ado-aws-prod'];
    const entra = `login.microsoftonline.com/${TENANT}/v2.0`;
    const vstoken = `vstoken.dev.azure.com/${ADO_ORG_ID}`;
    // The EKS cluster's provider exists already: only the two Azure DevOps providers are created.
    t.resourceCountIs('AWS::IAM::OIDCProvider', 2);
    t.hasResourceProperties('AWS::IAM::OIDCProvider', { Url: `https://${entra}`, ClientIdList: ['api://AzureADTokenExchange'] });
    t.hasResourceProperties('AWS::IAM::OIDCProvider', { Url: `https://${vstoken}`, ClientIdList: ['api://AzureADTokenExchange'] });
    expect(roleNamed(json['ado-aws-prod'], 'ado-eks-deployer').Properties.AssumeRolePolicyDocument.Statement).toEqual([{
      Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity', Principal: { Federated: provider(entra) },
      Condition: { StringEquals: { [`${entra}:aud`]: 'api://AzureADTokenExchange', [`${entra}:sub`]: ADO_ENTRA_SUBJECT } },
    }]);
    expect(roleNamed(json['ado-aws-prod'], 'ado-legacy-deployer').Properties.AssumeRolePolicyDocument.Statement[0].Condition.StringEquals)
      .toEqual({ [`${vstoken}:aud`]: 'api://AzureADTokenExchange', [`${vstoken}:sub`]: 'sc://acme/platform/prod-aws' });
    t.resourceCountIs('AWS::EKS::AccessEntry', 2);
    t.hasResourceProperties('AWS::EKS::AccessEntry', {
      ClusterName: 'prod', PrincipalArn: `arn:aws:iam::${ACCOUNT}:role/ado-eks-deployer`, Type: 'STANDARD', KubernetesGroups: ['crossfed:deployers'],
      AccessPolicies: [{ PolicyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy', AccessScope: { Type: 'namespace', Namespaces: ['batch', 'data'] } }],
    });
    t.hasResourceProperties('AWS::EKS::AccessEntry', {
      ClusterName: 'prod', PrincipalArn: `arn:aws:iam::${ACCOUNT}:role/ado-legacy-deployer`, KubernetesGroups: ['crossfed:viewers'], AccessPolicies: Match.absent(),
    });
    expect(json['ado-aws-prod']).toMatchSnapshot();
  });

  test('GIVEN GitHub Actions → AWS WHEN synthesized THEN the role pins the exact environment subject of the shared issuer', () => {
    const { templates, json } = synth(githubToAws());
    const t = templates['github-aws-prod'];
    t.hasResourceProperties('AWS::IAM::OIDCProvider', { Url: 'https://token.actions.githubusercontent.com', ClientIdList: ['sts.amazonaws.com'] });
    t.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'github-release',
      AssumeRolePolicyDocument: {
        Statement: [Match.objectEquals({
          Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity', Principal: { Federated: provider('token.actions.githubusercontent.com') },
          Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': 'repo:acme/platform:environment:production' } },
        })],
      },
      Policies: [{ PolicyName: 'crossfed', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' }, Match.objectLike({ Action: Match.arrayWith(['ecr:PutImage']) })] } }],
    });
    expect(JSON.stringify(json)).not.toMatch(/StringLike|repo:acme\/\*/);
    expect(json['github-aws-prod']).toMatchSnapshot();
  });

  test('GIVEN every option WHEN synthesized THEN shared roles list each subject, wildcards are StringLike with a warning, and EKS resources go to their cluster\'s region', () => {
    const { json, paths, warnings } = synth(allProps());
    expect(paths).toEqual(['cloudformation/full-aws-prod.template.json', 'cloudformation/full-aws-prod-eu-west-1.template.json', 'cloudformation/full-aws-sandbox.template.json']);
    const prod = json['full-aws-prod'];
    // One statement per issuer, each with its own exact subject.
    const shared = roleNamed(prod, 'metrics-reader').Properties;
    expect(shared.AssumeRolePolicyDocument.Statement.map((s: any) => [s.Principal.Federated, s.Condition.StringEquals])).toEqual([
      [provider(EKS_HOST), { [`${EKS_HOST}:aud`]: 'sts.amazonaws.com', [`${EKS_HOST}:sub`]: 'system:serviceaccount:analytics:dashboard' }],
      [provider(AKS_HOST), { [`${AKS_HOST}:aud`]: 'sts.amazonaws.com', [`${AKS_HOST}:sub`]: 'system:serviceaccount:analytics:dashboard' }],
    ]);
    expect(shared.MaxSessionDuration).toBe(7200);
    expect(shared.Description).toBe('Reads the metrics bucket');
    // The opted-in wildcard: StringLike on :sub, StringEquals on :aud.
    expect(roleNamed(prod, 'ci-runners').Properties.AssumeRolePolicyDocument.Statement[0].Condition).toEqual({
      StringEquals: { [`${EKS_HOST}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${EKS_HOST}:sub`]: 'system:serviceaccount:ci-*:runner' },
    });
    // The existing role: only its inline policy is created.
    expect(Object.values(resourcesOf(prod, 'AWS::IAM::Role')).map((r: any) => r.Properties.RoleName)).not.toContain('legacy-app');
    expect(Object.values(resourcesOf(prod, 'AWS::IAM::Policy')).map((r: any) => r.Properties)).toEqual([{
      PolicyName: 'crossfed', Roles: ['legacy-app'],
      PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:jobs` }] },
    }]);
    // The EKS cluster's provider exists; AKS's is created. The role of the eu cluster is in the IAM stack, its association in eu-west-1.
    expect(Object.values(resourcesOf(prod, 'AWS::IAM::OIDCProvider')).map((r: any) => r.Properties.Url)).toEqual([AKS_URL]);
    expect(resourcesOf(prod, 'AWS::EKS::PodIdentityAssociation')).toEqual({});
    expect(Object.values(resourcesOf(json['full-aws-prod-eu-west-1'], 'AWS::EKS::PodIdentityAssociation')).map((r: any) => r.Properties)).toEqual([{
      ClusterName: 'eu', Namespace: 'jobs', ServiceAccount: 'worker', RoleArn: `arn:aws:iam::${ACCOUNT}:role/eu-worker`,
    }]);
    expect(roleNamed(json['full-aws-sandbox'], 'gitlab-deployer').Properties.AssumeRolePolicyDocument.Statement[0].Principal.Federated).toBe(provider('gitlab.com', OTHER_ACCOUNT));
    expect(warningIds(warnings)).toEqual([
      'crossfed:aws:action-wildcard', 'crossfed:aws:administrator-access', 'crossfed:aws:existing-role-trust', 'crossfed:aws:full-access-policy', 'crossfed:aws:wildcard-subject',
    ]);
    expect(warnings.find(w => w.startsWith('crossfed:aws:wildcard-subject'))).toBe(
      `crossfed:aws:wildcard-subject: Role "ci-runners" trusts every subject of ${EKS_URL} matching "system:serviceaccount:ci-*:runner" (StringLike): any service account or pipeline whose subject matches can assume it, including ones created later. Prefer exact subjects; remove wildcardSubject unless this is intended. [full-aws-prod/Role-ci-runners]`);
    expect(json).toMatchSnapshot();
  });

  test.each(Object.entries(SCENARIOS))('GIVEN scenario %s WHEN synthesized THEN every role carries the model\'s trust policy byte for byte', (_name, build) => {
    const model = build();
    const { json } = synth(model);
    const written = new Map<string, any>();
    for (const t of Object.values(json)) for (const r of Object.values(resourcesOf(t, 'AWS::IAM::Role'))) written.set((r as any).Properties.RoleName, (r as any).Properties.AssumeRolePolicyDocument);
    const expected = model.awsAccounts.flatMap(a => a.roles).filter(r => !r.existing);
    expect([...written.keys()].sort()).toEqual(expected.map(r => r.roleName).sort());
    for (const role of expected) expect(JSON.stringify(written.get(role.roleName))).toBe(JSON.stringify(role.trustPolicy));
  });

  test('GIVEN providers crossfed creates WHEN synthesized THEN notes flag an EKS provider that may exist already and a self-managed issuer without thumbprint', () => {
    expect(warningIds(synth(nativeIrsa()).infos)).toEqual(['crossfed:aws:eks-provider-created']);
    expect(synth(podIdentity()).infos).toEqual([]);
    expect(synth(selfManagedToAws()).infos).toEqual([]);
    const model = selfManagedToAws();
    const bare = model.addIssuer(Issuer.selfManaged({ name: 'bare', url: 'https://oidc.bare.example.com' }));
    model.addWorkload({ issuer: bare, namespace: 'etl', serviceAccount: 'loader' }).grantAws(model.awsAccounts[0], { roleName: 'bare-loader' });
    expect(synth(model).infos).toEqual(['crossfed:aws:no-thumbprint: The provider for self-managed issuer "bare" has no thumbprint: IAM verifies oidc.bare.example.com against its library of trusted CAs. '
      + 'If that host uses a private or uncommon CA, set thumbprints on the issuer. [onprem-aws-prod/OidcProvider-bare]']);
  });

  test('GIVEN the same model twice WHEN synthesized THEN the files are byte-identical', () => {
    const a = synth(allProps());
    const b = synth(allProps());
    expect(JSON.stringify(a.json)).toBe(JSON.stringify(b.json));
  });
});
