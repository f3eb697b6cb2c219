import { AKS_URL, EKS_URL, smallModel, SUBSCRIPTION, TENANT } from './fixtures';
import { problemOf } from './helpers';
import { AccessMechanism, attributeCondition, CiSubject, IdentityModel, Issuer } from '../../lib/model';

describe('issuers', () => {
  test('GIVEN an http issuer WHEN added THEN the error names the field, value and the https fix', () => {
    const p = problemOf(() => Issuer.selfManaged({ name: 'onprem', url: 'http://oidc.example.com' }));
    expect(p.where).toBe('issuer[onprem]');
    expect(p.field).toBe('url');
    expect(p.value).toBe('http://oidc.example.com');
    expect(p.message).toBe('issuer[onprem]: url "http://oidc.example.com" is not https. Allowed: an https:// URL (every cloud refuses plain-http issuers). Fix: use "https://oidc.example.com"');
  });

  test('GIVEN an issuer with whitespace WHEN added THEN the fix is the URL without it', () => {
    const p = problemOf(() => Issuer.generic({ name: 'idp', url: 'https://idp.example.com/ ' }));
    expect(p.problem).toBe('contains whitespace');
    expect(p.fix).toBe('remove the whitespace: "https://idp.example.com/"');
  });

  test('GIVEN an EKS issuer of another form WHEN added THEN it says what the EKS form is', () => {
    const p = problemOf(() => Issuer.eks({ name: 'eks', url: 'https://oidc.us-east-1.eks.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE' }));
    expect(p.problem).toBe('is not an EKS issuer URL');
    expect(p.allowed).toBe('https://oidc.eks.<region>.amazonaws.com/id/<32-character ID>');
    expect(p.fix).toContain('aws eks describe-cluster');
  });

  test('GIVEN an EKS issuer with a trailing slash WHEN added THEN it suggests the URL without it', () => {
    const p = problemOf(() => Issuer.eks({ name: 'eks', url: `${EKS_URL}/` }));
    expect(p.fix).toBe(`did you mean "${EKS_URL}"?`);
  });

  test('GIVEN an AKS issuer without its trailing slash WHEN added THEN the error says "did you mean …/"', () => {
    const url = AKS_URL.slice(0, -1);
    const p = problemOf(() => Issuer.aks({ name: 'aks', url }));
    expect(p.field).toBe('url');
    expect(p.problem).toContain('has no trailing slash');
    expect(p.fix).toBe(`did you mean "${url}/"?`);
  });

  test('GIVEN a GKE issuer WHEN added THEN project, location and cluster come from the URL', () => {
    const gke = Issuer.gke({ name: 'gke', url: 'https://container.googleapis.com/v1/projects/acme-data/locations/europe-west1/clusters/prod' });
    expect(gke.gcpProjectId).toBe('acme-data');
    expect(gke.gcpLocation).toBe('europe-west1');
    expect(gke.clusterName).toBe('prod');
    expect(gke.gkeWorkloadPool).toBe('acme-data.svc.id.goog');
  });

  test('GIVEN an EKS issuer WHEN read THEN condition keys are host/path without https://', () => {
    const eks = Issuer.eks({ name: 'eks', url: EKS_URL, accountId: '111122223333', clusterName: 'prod' });
    expect(eks.awsSubKey).toBe('oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub');
    expect(eks.awsAudKey).toBe('oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud');
    expect(eks.eksClusterArn).toBe('arn:aws:eks:us-east-1:111122223333:cluster/prod');
  });

  test('GIVEN an EKS issuer in the China partition WHEN read THEN the partition is aws-cn', () => {
    const eks = Issuer.eks({ name: 'eks-cn', url: 'https://oidc.eks.cn-north-1.amazonaws.com.cn/id/EXAMPLED539D4633E53DE1B71EXAMPLE' });
    expect(eks.awsPartition).toBe('aws-cn');
  });

  test('GIVEN Azure DevOps with an organization id WHEN added THEN the legacy vstoken issuer and a deprecation warning with a stable id', () => {
    const ado = Issuer.azureDevOps({ name: 'ado', organizationName: 'acme', organizationId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' });
    expect(ado.url).toBe('https://vstoken.dev.azure.com/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d');
    expect(ado.fixedAudience).toBe('api://AzureADTokenExchange');
    expect(ado.warnings[0]).toMatch(/^crossfed:model:ado-vstoken-deprecated: /);
  });

  test('GIVEN Azure DevOps with a tenant WHEN added THEN the Entra issuer', () => {
    const ado = Issuer.azureDevOps({ name: 'ado', organizationName: 'acme', tenantId: TENANT });
    expect(ado.url).toBe(`https://login.microsoftonline.com/${TENANT}/v2.0`);
    expect(ado.shared).toBe(true);
  });

  test('GIVEN GitHub Actions WHEN added THEN the shared issuer', () => {
    const gh = Issuer.githubActions({ name: 'github' });
    expect(gh.url).toBe('https://token.actions.githubusercontent.com');
    expect(gh.shared).toBe(true);
    expect(gh.isKubernetes).toBe(false);
  });

  test('GIVEN a self-managed issuer with invalid JWKS WHEN added THEN the error asks for a key set', () => {
    const p = problemOf(() => Issuer.selfManaged({ name: 'onprem', url: 'https://oidc.example.com', jwksJson: '{"keys":[]}' }));
    expect(p.field).toBe('jwksJson');
    expect(p.problem).toBe('has no "keys" array');
  });
});

describe('workloads', () => {
  test('GIVEN a namespace that is not DNS-1123 WHEN added THEN the error suggests a valid one', () => {
    const { model, eks } = smallModel();
    const p = problemOf(() => model.addWorkload({ issuer: eks, namespace: 'Data_Team', serviceAccount: 'app' }));
    expect(p.field).toBe('namespace');
    expect(p.value).toBe('Data_Team');
    expect(p.problem).toBe('is not a valid DNS-1123 label');
    expect(p.fix).toBe('rename it, e.g. "data-team"');
  });

  test('GIVEN a namespace of 64 characters WHEN added THEN it is refused (≤63)', () => {
    const { model, eks } = smallModel();
    const p = problemOf(() => model.addWorkload({ issuer: eks, namespace: 'a'.repeat(64), serviceAccount: 'app' }));
    expect(p.allowed).toContain('at most 63 characters');
  });

  test('GIVEN a service account of 254 characters WHEN added THEN it is refused (≤253)', () => {
    const { model, eks } = smallModel();
    const p = problemOf(() => model.addWorkload({ issuer: eks, namespace: 'data', serviceAccount: 'a'.repeat(254) }));
    expect(p.field).toBe('serviceAccount');
    expect(p.allowed).toContain('at most 253 characters');
  });

  test('GIVEN a service account with dots WHEN added THEN it is accepted (DNS-1123 subdomain)', () => {
    const { model, eks } = smallModel();
    expect(model.addWorkload({ issuer: eks, namespace: 'data', serviceAccount: 'app.v2' }).subject).toBe('system:serviceaccount:data:app.v2');
  });

  test.each([[599, 'under 10 minutes'], [86401, 'out of range'], [3600.5, 'out of range']])('GIVEN token expiration %p WHEN added THEN refused (%s)', (t, what) => {
    const { model, eks } = smallModel();
    const p = problemOf(() => model.addWorkload({ issuer: eks, namespace: 'data', serviceAccount: 'app', tokenExpirationSeconds: t }));
    expect(p.field).toBe('tokenExpirationSeconds');
    expect(p.problem).toContain(what);
    expect(p.allowed).toBe('a whole number of seconds from 600 to 86400');
  });

  test('GIVEN the same service account twice WHEN added THEN the duplicate is refused with where the first is', () => {
    const { model, eks } = smallModel();
    model.addWorkload({ issuer: eks, namespace: 'data', serviceAccount: 'app' });
    const p = problemOf(() => model.addWorkload({ issuer: eks, namespace: 'data', serviceAccount: 'app' }));
    expect(p.problem).toBe('duplicates the workload declared at workload[prod-eks/data/app]');
  });

  test('GIVEN the same subject under another name WHEN added THEN it is refused', () => {
    const { model, eks } = smallModel();
    model.addWorkload({ issuer: eks, namespace: 'data', serviceAccount: 'app' });
    const p = problemOf(() => model.addWorkload({ issuer: eks, namespace: 'data', serviceAccount: 'app', name: 'other' }));
    expect(p.problem).toContain('is the same token subject as workload "prod-eks/data-app"');
  });

  test('GIVEN a CI issuer WHEN used for a service account THEN the error points to addCiWorkload', () => {
    const { model, github } = smallModel();
    const p = problemOf(() => model.addWorkload({ issuer: github, namespace: 'data', serviceAccount: 'app' }));
    expect(p.fix).toContain('addCiWorkload');
  });

  test('GIVEN CI subjects WHEN built THEN they follow each CI system\'s form', () => {
    expect(CiSubject.githubBranch('acme/app', 'main').value).toBe('repo:acme/app:ref:refs/heads/main');
    expect(CiSubject.githubEnvironment('acme/app', 'prod').value).toBe('repo:acme/app:environment:prod');
    expect(CiSubject.githubPullRequest('acme/app').value).toBe('repo:acme/app:pull_request');
    expect(CiSubject.githubTag('acme/app', 'v1').value).toBe('repo:acme/app:ref:refs/tags/v1');
    expect(CiSubject.gitlabBranch('acme/platform/app', 'main').value).toBe('project_path:acme/platform/app:ref_type:branch:ref:main');
    expect(CiSubject.azureDevOpsServiceConnection('acme', 'platform', 'prod-aws').value).toBe('sc://acme/platform/prod-aws');
  });

  test('GIVEN a GitLab subject on a GitHub issuer WHEN added THEN it is refused', () => {
    const { model, github } = smallModel();
    const p = problemOf(() => model.addCiWorkload({ issuer: github, name: 'deploy', subject: CiSubject.gitlabBranch('acme/app', 'main') }));
    expect(p.problem).toBe('is a gitlab subject but the issuer "github" is github-actions');
  });

  test('GIVEN a legacy sc:// subject on the Entra-issued Azure DevOps issuer WHEN added THEN it is refused', () => {
    const model = new IdentityModel();
    const ado = model.addIssuer(Issuer.azureDevOps({ name: 'ado', organizationName: 'acme', tenantId: TENANT }));
    const p = problemOf(() => model.addCiWorkload({ issuer: ado, name: 'deploy', subject: CiSubject.azureDevOpsServiceConnection('acme', 'p', 'c') }));
    expect(p.problem).toContain('is a legacy sc:// subject');
  });

  test('GIVEN a wildcard in an exact subject WHEN built THEN it is refused', () => {
    const p = problemOf(() => CiSubject.exact('repo:acme/*'));
    expect(p.problem).toBe('is not an exact subject');
  });
});

describe('clouds', () => {
  test.each(['12345678901', '1234567890123', 'abcdefghijkl'])('GIVEN AWS account id %p WHEN added THEN refused', id => {
    const p = problemOf(() => new IdentityModel().addAwsAccount({ accountId: id }));
    expect(p.field).toBe('accountId');
    expect(p.allowed).toContain('exactly 12 digits');
  });

  test('GIVEN a GCP project number that is not numeric WHEN added THEN refused', () => {
    const p = problemOf(() => new IdentityModel().addGcpProject({ projectId: 'acme-data', projectNumber: 'acme-data' }));
    expect(p.field).toBe('projectNumber');
    expect(p.problem).toBe('is not numeric');
    expect(p.fix).toContain('gcloud projects describe acme-data');
  });

  test('GIVEN a GCP project without project number WHEN added THEN the error says why it is needed', () => {
    const p = problemOf(() => new IdentityModel().addGcpProject({ projectId: 'acme-data' } as any));
    expect(p.problem).toContain('use the project number, not the id');
  });

  test.each([['abc', 'is not a valid'], ['a'.repeat(33), 'is not a valid'], ['gcp-pool', 'reserved prefix "gcp-"'], ['Pool_1', 'is not a valid']])('GIVEN pool id %p WHEN added THEN refused (%s)', (id, what) => {
    const p = problemOf(() => new IdentityModel().addGcpProject({ projectId: 'acme-data', projectNumber: '1', poolId: id }));
    expect(p.field).toBe('poolId');
    expect(p.problem).toContain(what);
    expect(p.allowed).toBe('4–32 lowercase letters, digits and "-", not starting with "gcp-"');
  });

  test.each([['tenantId', { tenantId: 'acme.onmicrosoft.com', subscriptionId: SUBSCRIPTION }], ['subscriptionId', { tenantId: TENANT, subscriptionId: '123' }]])('GIVEN a %s that is not a GUID WHEN added THEN refused', (field, props) => {
    const p = problemOf(() => new IdentityModel().addAzureTenant(props));
    expect(p.field).toBe(field);
    expect(p.problem).toBe('is not a GUID');
  });

  test('GIVEN an existing application whose client id is not a GUID WHEN granted THEN refused', () => {
    const { model, eks, azure } = smallModel();
    const w = model.addWorkload({ issuer: eks, namespace: 'data', serviceAccount: 'app' });
    const p = problemOf(() => w.grantAzure(azure, { existingApplication: { clientId: 'my-app', objectId: TENANT } }));
    expect(p.field).toBe('existingApplication.clientId');
  });
});

describe('grants', () => {
  test('GIVEN a role name of 65 characters WHEN granted THEN refused with a shorter suggestion', () => {
    const { model, eks, aws } = smallModel();
    const w = model.addWorkload({ issuer: eks, namespace: 'data', serviceAccount: 'app' });
    const p = problemOf(() => w.grantAws(aws, { roleName: 'r'.repeat(65) }));
    expect(p.field).toBe('roleName');
    expect(p.problem).toBe('is 65 characters long');
    expect(p.allowed).toBe('at most 64 characters of letters, digits and + = , . @ _ -');
  });

  test('GIVEN a role name with a space WHEN granted THEN refused', () => {
    const { model, eks, aws } = smallModel();
    const w = model.addWorkload({ issuer: eks, namespace: 'data', serviceAccount: 'app' });
    const p = problemOf(() => w.grantAws(aws, { roleName: 'my role' }));
    expect(p.problem).toBe('has characters IAM does not allow');
    expect(p.fix).toBe('use e.g. "my-role"');
  });

  test('GIVEN an account of another model WHEN granted THEN the cloud is not declared', () => {
    const { model, eks } = smallModel();
    const other = new IdentityModel().addAwsAccount({ name: 'elsewhere', accountId: '444455556666' });
    const w = model.addWorkload({ issuer: eks, namespace: 'data', serviceAccount: 'app' });
    const p = problemOf(() => w.grantAws(other));
    expect(p.field).toBe('aws');
    expect(p.problem).toBe('names a aws cloud that this model does not declare');
  });

  test('GIVEN a subject over 127 bytes WHEN granted GCP through a pool THEN refused with GCP\'s words', () => {
    const { model, eks, gcp } = smallModel();
    const w = model.addWorkload({ issuer: eks, namespace: 'n'.repeat(50), serviceAccount: 's'.repeat(60) });
    const p = problemOf(() => w.grantGcp(gcp));
    expect(p.problem).toContain('makes a google.subject of 133 bytes');
    expect(p.problem).toContain('The size of mapped attribute google.subject exceeds the 127 bytes limit');
  });

  test('GIVEN the same namespace and service account on two clusters WHEN both federate through one pool THEN refused: one principal for two clusters', () => {
    const { model, eks, aks, gcp } = smallModel();
    model.addWorkload({ issuer: eks, namespace: 'data', serviceAccount: 'app' }).grantGcp(gcp, { serviceAccount: 'eks-app' });
    const p = problemOf(() => model.addWorkload({ issuer: aks, namespace: 'data', serviceAccount: 'app' }).grantGcp(gcp, { serviceAccount: 'aks-app' }));
    expect(p.problem).toContain('is also the subject of workload "prod-eks/data-app" of issuer "prod-eks"');
    expect(p.problem).toContain('so each would get the other\'s access');
    expect(gcp.serviceAccounts.map(s => s.accountId)).toEqual(['eks-app']);
  });

  test('GIVEN a long subject on GKE WHEN granted GCP natively THEN accepted (no pool, no google.subject)', () => {
    const { model, gke, gcp } = smallModel();
    const w = model.addWorkload({ issuer: gke, namespace: 'n'.repeat(50), serviceAccount: 's'.repeat(60) });
    expect(w.grantGcp(gcp).mechanism).toBe(AccessMechanism.GKE_NATIVE);
  });

  test('GIVEN 21 workloads on one application WHEN granted THEN the 21st is refused with the fix', () => {
    const { model, eks, azure } = smallModel();
    for (let i = 0; i < 20; i++) model.addWorkload({ issuer: eks, namespace: 'data', serviceAccount: `app-${i}` }).grantAzure(azure, { application: 'shared' });
    const w = model.addWorkload({ issuer: eks, namespace: 'data', serviceAccount: 'app-20' });
    const p = problemOf(() => w.grantAzure(azure, { application: 'shared' }));
    expect(p.problem).toBe('would get federated credential number 21, but Entra ID allows 20 per application');
    expect(p.fix).toBe('spread the workloads over several applications (e.g. "shared-2")');
  });

  test('GIVEN 21 workloads on one managed identity WHEN granted THEN the 21st is refused', () => {
    const { model, eks, azure } = smallModel();
    const mi = { name: 'shared-mi', resourceGroupName: 'rg-id', location: 'westeurope' };
    for (let i = 0; i < 20; i++) model.addWorkload({ issuer: eks, namespace: 'data', serviceAccount: `app-${i}` }).grantAzure(azure, { managedIdentity: mi });
    const p = problemOf(() => model.addWorkload({ issuer: eks, namespace: 'data', serviceAccount: 'app-20' }).grantAzure(azure, { managedIdentity: mi }));
    expect(p.problem).toContain('per managed identity');
  });

  test('GIVEN a subscription scope WHEN assigned without allowBroadScope THEN refused; with it accepted', () => {
    const { model, eks, azure } = smallModel();
    const w = model.addWorkload({ issuer: eks, namespace: 'data', serviceAccount: 'app' });
    const p = problemOf(() => w.grantAzure(azure, { roleAssignments: [{ role: 'Reader', scope: `/subscriptions/${SUBSCRIPTION}` }] }));
    expect(p.problem).toBe('gives "Reader" over a whole subscription or management group');
    const ok = w.grantAzure(azure, { application: 'broad', roleAssignments: [{ role: 'Reader', scope: `/subscriptions/${SUBSCRIPTION}`, allowBroadScope: true }] });
    expect(ok.identity.roleAssignments).toEqual([{ role: 'Reader', scope: `/subscriptions/${SUBSCRIPTION}`, allowBroadScope: true }]);
  });

  test('GIVEN roles/owner on the project WHEN granted without allowBroadRoles THEN refused', () => {
    const { model, eks, gcp } = smallModel();
    const w = model.addWorkload({ issuer: eks, namespace: 'data', serviceAccount: 'app' });
    const p = problemOf(() => w.grantGcp(gcp, { projectRoles: ['roles/owner'] }));
    expect(p.problem).toBe('is a project-wide owner, editor or admin role');
  });

  test('GIVEN Pod Identity on an AKS workload WHEN granted THEN refused', () => {
    const { model, aks, aws } = smallModel();
    const w = model.addWorkload({ issuer: aks, namespace: 'data', serviceAccount: 'app' });
    const p = problemOf(() => w.grantAws(aws, { mechanism: AccessMechanism.POD_IDENTITY }));
    expect(p.field).toBe('mechanism');
    expect(p.fix).toContain('EKS Pod Identity works only for EKS clusters');
  });

  test('GIVEN a wildcard that does not match the workload WHEN granted THEN refused', () => {
    const { model, eks, aws } = smallModel();
    const w = model.addWorkload({ issuer: eks, namespace: 'data', serviceAccount: 'app' });
    const p = problemOf(() => w.grantAws(aws, { wildcardSubject: 'system:serviceaccount:ci-*:runner' }));
    expect(p.problem).toContain('does not match the workload\'s own subject');
  });

  test('GIVEN 30 subjects on one role WHEN granted THEN the trust policy size quota stops it with the fix', () => {
    const { model, eks, aws } = smallModel();
    const grant = (i: number) => model.addWorkload({ issuer: eks, namespace: 'data', serviceAccount: `application-number-${i}` }).grantAws(aws, { roleName: 'shared' });
    let failedAt = -1;
    for (let i = 0; i < 60 && failedAt < 0; i++) {
      try { grant(i); } catch (e) { failedAt = i; expect((e as Error).message).toContain('over the account\'s quota of 2048'); expect((e as Error).message).toContain('trustPolicySizeQuota: 4096'); }
    }
    expect(failedAt).toBeGreaterThan(10);
    expect(aws.roles[0].trustPolicySize).toBeLessThanOrEqual(2048);
  });
});

describe('derived facts', () => {
  test('GIVEN a workload granted all three clouds WHEN read THEN each cloud has its own audience', () => {
    const { model, eks, aws, azure, gcp } = smallModel();
    const w = model.addWorkload({ issuer: eks, namespace: 'data', serviceAccount: 'pipeline' });
    const a = w.grantAws(aws, { roleName: 'pipeline' });
    const z = w.grantAzure(azure);
    const g = w.grantGcp(gcp, { serviceAccount: 'pipeline' });
    expect(a.audience).toBe('sts.amazonaws.com');
    expect(a.mechanism).toBe(AccessMechanism.IRSA);
    expect(z.audience).toBe('api://AzureADTokenExchange');
    expect(z.credential).toEqual({ name: 'prod-eks-data-pipeline', issuer: EKS_URL, subject: 'system:serviceaccount:data:pipeline', audience: 'api://AzureADTokenExchange', workloadId: 'prod-eks/data-pipeline' });
    expect(g.audience).toBe('//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/crossfed/providers/prod-eks');
    expect(g.member).toBe('principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/crossfed/subject/system:serviceaccount:data:pipeline');
    expect(new Set([a.audience, z.audience, g.audience]).size).toBe(3);
  });

  test('GIVEN an AKS workload granted Azure WHEN read THEN webhook mode by default, explicit elsewhere', () => {
    const { model, aks, eks, azure } = smallModel();
    expect(model.addWorkload({ issuer: aks, namespace: 'a', serviceAccount: 'b' }).grantAzure(azure).mechanism).toBe(AccessMechanism.AZURE_WEBHOOK);
    expect(model.addWorkload({ issuer: eks, namespace: 'a', serviceAccount: 'b' }).grantAzure(azure).mechanism).toBe(AccessMechanism.AZURE_EXPLICIT);
  });

  test('GIVEN two workloads sharing a role WHEN read THEN the trust lists both subjects exactly', () => {
    const { model, eks, aws } = smallModel();
    model.addWorkload({ issuer: eks, namespace: 'data', serviceAccount: 'a' }).grantAws(aws, { roleName: 'shared' });
    model.addWorkload({ issuer: eks, namespace: 'data', serviceAccount: 'b' }).grantAws(aws, { roleName: 'shared' });
    const trust = aws.roles[0].trustPolicy;
    expect(trust.Statement).toHaveLength(1);
    expect(trust.Statement[0].Condition.StringEquals[eks.awsSubKey]).toEqual(['system:serviceaccount:data:a', 'system:serviceaccount:data:b']);
    expect(trust.Statement[0].Condition.StringEquals[eks.awsAudKey]).toBe('sts.amazonaws.com');
  });

  test('GIVEN a GCP provider WHEN read THEN its condition lists the exact subjects, no startsWith', () => {
    const { model, eks, gcp } = smallModel();
    model.addWorkload({ issuer: eks, namespace: 'data', serviceAccount: 'a' }).grantGcp(gcp, { serviceAccount: 'reader-a' });
    model.addWorkload({ issuer: eks, namespace: 'data', serviceAccount: 'b' }).grantGcp(gcp, { serviceAccount: 'reader-b' });
    const p = gcp.providers[0];
    expect(p.attributeCondition).toBe("assertion.sub in ['system:serviceaccount:data:a', 'system:serviceaccount:data:b']");
    expect(p.attributeMapping['google.subject']).toBe('assertion.sub');
  });

  test('GIVEN an Azure DevOps pipeline granted AWS WHEN read THEN the audience is the one ADO tokens carry', () => {
    const model = new IdentityModel();
    const ado = model.addIssuer(Issuer.azureDevOps({ name: 'ado', organizationName: 'acme', organizationId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' }));
    const aws = model.addAwsAccount({ accountId: '111122223333' });
    const w = model.addCiWorkload({ issuer: ado, name: 'deploy', subject: CiSubject.azureDevOpsServiceConnection('acme', 'platform', 'prod') });
    expect(w.grantAws(aws).audience).toBe('api://AzureADTokenExchange');
    expect(aws.oidcProviders[0].clientIds).toEqual(['api://AzureADTokenExchange']);
  });

  test('GIVEN a GCP grant from outside GKE WHEN read THEN the credential config is what gcloud writes', () => {
    const { model, aks, gcp } = smallModel();
    const g = model.addWorkload({ issuer: aks, namespace: 'data', serviceAccount: 'app' }).grantGcp(gcp, { serviceAccount: 'app-reader' });
    expect(g.credentialConfig).toEqual({
      universe_domain: 'googleapis.com',
      type: 'external_account',
      audience: '//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/crossfed/providers/prod-aks',
      subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      token_url: 'https://sts.googleapis.com/v1/token',
      service_account_impersonation_url: 'https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/app-reader@acme-data.iam.gserviceaccount.com:generateAccessToken',
      credential_source: { file: '/var/run/secrets/gcp/serviceaccount/token', format: { type: 'text' } },
    });
  });
});

describe('GCP attribute condition limits', () => {
  test('GIVEN many subjects of one cluster WHEN the exact list passes 4,096 characters THEN the condition falls back to the exact namespaces, and its length is what was checked', () => {
    const { model, eks, gcp } = smallModel();
    for (let i = 0; i < 200; i++) model.addWorkload({ issuer: eks, namespace: `team-${i % 7}`, serviceAccount: `service-account-${i}` }).grantGcp(gcp, { serviceAccount: `sa-number-${i}` });
    const p = gcp.providers[0];
    expect(p.attributeCondition).toBe("assertion['kubernetes.io']['namespace'] in ['team-0', 'team-1', 'team-2', 'team-3', 'team-4', 'team-5', 'team-6']");
    // the bindings stay exact: one principal per subject, in the provider's own pool
    expect(p.poolId).toBe('crossfed-prod-eks');
    expect(gcp.serviceAccounts[0].workloadIdentityUsers).toEqual([gcp.principal('system:serviceaccount:team-0:service-account-0', 'crossfed-prod-eks')]);
  });

  test('GIVEN a shared issuer WHEN its exact list passes 4,096 characters THEN the grant is refused (no namespace fallback)', () => {
    const { model, github, gcp } = smallModel();
    let error: Error | undefined;
    let refused = '';
    for (let i = 0; i < 200 && !error; i++) {
      const w = model.addCiWorkload({ issuer: github, name: `deploy-${i}`, subject: CiSubject.githubEnvironment(`acme/service-number-${i}`, 'production') });
      try {
        w.grantGcp(gcp, { serviceAccount: `deployer-${i}` });
      } catch (e) { error = e as Error; refused = w.subject; }
    }
    expect(error?.message).toContain('over GCP\'s 4096');
    const granted = model.workloads.filter(w => w.gcpAccess.length > 0).map(w => w.subject).sort();
    // the incremental length check agrees with the condition actually built, on both sides of the limit
    expect(gcp.providers[0].attributeCondition.length).toBeLessThanOrEqual(4096);
    expect(attributeCondition(github, [...granted, refused].sort(), []).length).toBeGreaterThan(4096);
  });

  test.each([1, 2, 5])('GIVEN %d subjects WHEN the condition is built THEN it is the exact list', n => {
    const { model, eks, gcp } = smallModel();
    for (let i = 0; i < n; i++) model.addWorkload({ issuer: eks, namespace: 'data', serviceAccount: `app-${i}` }).grantGcp(gcp, { serviceAccount: `app-reader-${i}` });
    const built = gcp.providers[0].attributeCondition;
    expect(built).toBe(n === 1 ? "assertion.sub == 'system:serviceaccount:data:app-0'" : `assertion.sub in [${Array.from({ length: n }, (_, i) => `'system:serviceaccount:data:app-${i}'`).join(', ')}]`);
  });
});
