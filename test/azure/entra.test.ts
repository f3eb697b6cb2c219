import * as os from 'os';
import * as path from 'path';
import { ApplicationFederatedIdentityCredential } from '@cdktf/provider-azuread/lib/application-federated-identity-credential';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { ServicePrincipal } from '@cdktf/provider-azuread/lib/service-principal';
import { FederatedIdentityCredential } from '@cdktf/provider-azurerm/lib/federated-identity-credential';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { App, AzurermBackend, Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import { EntraStack } from '../../lib/azure';
import { synthesizeAzureTerraform } from '../../lib/azure/synthesize';
import { CiSubject, IdentityModel, Issuer } from '../../lib/model';
import { AKS_URL, EKS_URL, GKE_URL, smallModel, SUBSCRIPTION, TENANT } from '../model/fixtures';
import { expectValidTerraform, onlyResource, resourcesOf, terraformOf, withoutVersions } from '../terraform/helpers';

Testing.setupJest();

const STORAGE = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/acmeraw`;
const FILE = 'terraform/azure-acme/cdk.tf.json';

describe('EKS → Azure: a new application', () => {
  const given = () => {
    const m = smallModel();
    const pipeline = m.model.addWorkload({ issuer: m.eks, namespace: 'data', serviceAccount: 'pipeline' });
    const access = pipeline.grantAzure(m.azure, { application: 'pipeline-reader', roleAssignments: [{ role: 'Storage Blob Data Reader', scope: STORAGE }] });
    return { ...m, access };
  };

  test('GIVEN an EKS workload granted an application WHEN synthesized THEN one credential accepts exactly its token', () => {
    const { model, access } = given();
    const doc = terraformOf(synthesizeAzureTerraform(model), FILE);
    expectValidTerraform(doc);
    const [name, credential] = onlyResource(doc, 'azuread_application_federated_identity_credential');
    expect(name).toBe('app_pipeline_reader__prod-eks-data-pipeline');
    expect(credential).toMatchObject({
      application_id: '${azuread_application.app_pipeline_reader.id}',
      display_name: access.credential.name,
      issuer: EKS_URL,
      subject: 'system:serviceaccount:data:pipeline',
      audiences: ['api://AzureADTokenExchange'],
    });
    // Byte for byte: the EKS issuer has no trailing slash, and nothing was added.
    expect(credential.issuer.endsWith('/')).toBe(false);
    expect(onlyResource(doc, 'azuread_application')[1]).toMatchObject({ display_name: 'pipeline-reader' });
    expect(onlyResource(doc, 'azuread_service_principal')[1]).toEqual(expect.objectContaining({ client_id: '${azuread_application.app_pipeline_reader.client_id}' }));
  });

  test('GIVEN a role assignment WHEN synthesized THEN it names the service principal at exactly the model\'s scope', () => {
    const { model } = given();
    const doc = terraformOf(synthesizeAzureTerraform(model), FILE);
    expect(onlyResource(doc, 'azurerm_role_assignment')[1]).toMatchObject({
      scope: STORAGE, role_definition_name: 'Storage Blob Data Reader',
      principal_id: '${azuread_service_principal.app_pipeline_reader.object_id}', principal_type: 'ServicePrincipal',
    });
  });

  test('GIVEN a new application WHEN synthesized THEN its client id is the output the Kubernetes side reads', () => {
    const { model, access } = given();
    const doc = terraformOf(synthesizeAzureTerraform(model), FILE);
    expect(Object.keys(doc.output)).toEqual([access.identity.clientIdOutputName]);
    expect(doc.output[access.identity.clientIdOutputName].value).toBe('${azuread_application.app_pipeline_reader.client_id}');
  });

  test('GIVEN the stack WHEN synthesized THEN both providers are declared for the model\'s tenant and subscription, and state stays relative', () => {
    const { model } = given();
    const doc = terraformOf(synthesizeAzureTerraform(model), FILE);
    expect(doc.provider.azuread).toEqual([{ tenant_id: TENANT }]);
    expect(doc.provider.azurerm).toEqual([{ features: [{}], subscription_id: SUBSCRIPTION, tenant_id: TENANT }]);
    expect(doc.terraform.backend).toEqual({ local: { path: 'terraform.tfstate' } });
    expect(Object.keys(doc.terraform.required_providers).sort()).toEqual(['azuread', 'azurerm']);
  });

  test('GIVEN a backend the user adds to the stack WHEN synthesized THEN it is the only backend', () => {
    const { model } = given();
    const app = new App({ outdir: os.tmpdir(), stackTraces: false });
    const stack = new EntraStack(app, 'azure', { tenant: model.findAzureTenant('acme')! });
    new AzurermBackend(stack, { resourceGroupName: 'rg-state', storageAccountName: 'acmestate', containerName: 'tfstate', key: 'identity.tfstate' });
    stack.prepareStack();
    expect(stack.toTerraform().terraform.backend).toEqual({ azurerm: { container_name: 'tfstate', key: 'identity.tfstate', resource_group_name: 'rg-state', storage_account_name: 'acmestate' } });
  });

  test('GIVEN the stack WHEN synthesized with Testing THEN the cdktf matchers find the credential, principal and assignment', () => {
    const { model, access } = given();
    const stack = new EntraStack(Testing.app(), 'azure', { tenant: model.findAzureTenant('acme')! });
    const synthesized = Testing.synth(stack);
    expect(synthesized).toHaveProviderWithProperties(AzureadProvider, { tenant_id: TENANT });
    expect(synthesized).toHaveResourceWithProperties(ApplicationFederatedIdentityCredential, { issuer: EKS_URL, subject: access.workload.subject, audiences: [access.audience] });
    expect(synthesized).toHaveResource(ServicePrincipal);
    expect(synthesized).toHaveResourceWithProperties(RoleAssignment, { scope: STORAGE });
    expect(synthesized).not.toHaveResource(FederatedIdentityCredential);
  });

  test('GIVEN the minimal stack WHEN synthesized THEN it matches the snapshot', () => {
    expect(withoutVersions(terraformOf(synthesizeAzureTerraform(given().model), FILE))).toMatchSnapshot();
  });
});

describe('AKS → Azure: native workload identity with a managed identity', () => {
  const given = (n = 1) => {
    const m = smallModel();
    const accesses = Array.from({ length: n }, (_, i) => m.model.addWorkload({ issuer: m.aks, namespace: 'analytics', serviceAccount: `dashboard-${i + 1}` })
      .grantAzure(m.azure, {
        managedIdentity: { name: 'dashboard', resourceGroupName: 'rg-identities', location: 'westeurope' },
        roleAssignments: [{ role: 'Monitoring Reader', scope: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-monitoring` }],
      }));
    return { ...m, accesses };
  };

  test('GIVEN an AKS workload WHEN synthesized THEN the credential keeps the issuer\'s trailing slash and hangs off the identity', () => {
    const { model, accesses } = given();
    expect(accesses[0].webhook).toBe(true);
    const doc = terraformOf(synthesizeAzureTerraform(model), FILE);
    expectValidTerraform(doc);
    expect(onlyResource(doc, 'azurerm_user_assigned_identity')).toEqual(['mi_rg_identities_dashboard', expect.objectContaining({
      name: 'dashboard', resource_group_name: 'rg-identities', location: 'westeurope',
    })]);
    const [, credential] = onlyResource(doc, 'azurerm_federated_identity_credential');
    expect(credential).toMatchObject({
      name: 'prod-aks-analytics-dashboard-1', resource_group_name: 'rg-identities',
      parent_id: '${azurerm_user_assigned_identity.mi_rg_identities_dashboard.id}',
      issuer: AKS_URL, subject: 'system:serviceaccount:analytics:dashboard-1', audience: ['api://AzureADTokenExchange'],
    });
    expect(credential.issuer.endsWith('/')).toBe(true);
    expect(credential.depends_on).toBeUndefined();
    expect(resourcesOf(doc, 'azuread_application_federated_identity_credential')).toEqual({});
    expect(onlyResource(doc, 'azurerm_role_assignment')[1].principal_id).toBe('${azurerm_user_assigned_identity.mi_rg_identities_dashboard.principal_id}');
    expect(doc.output[accesses[0].identity.clientIdOutputName].value).toBe('${azurerm_user_assigned_identity.mi_rg_identities_dashboard.client_id}');
  });

  test('GIVEN three workloads on one managed identity WHEN synthesized THEN their credentials are created one after another, in declaration order', () => {
    const { model } = given(3);
    const doc = terraformOf(synthesizeAzureTerraform(model), FILE);
    const credentials = resourcesOf(doc, 'azurerm_federated_identity_credential');
    const address = (i: number) => `azurerm_federated_identity_credential.mi_rg_identities_dashboard__prod-aks-analytics-dashboard-${i}`;
    expect(credentials['mi_rg_identities_dashboard__prod-aks-analytics-dashboard-1'].depends_on).toBeUndefined();
    expect(credentials['mi_rg_identities_dashboard__prod-aks-analytics-dashboard-2'].depends_on).toEqual([address(1)]);
    expect(credentials['mi_rg_identities_dashboard__prod-aks-analytics-dashboard-3'].depends_on).toEqual([address(2)]);
  });

  test('GIVEN the managed identity stack WHEN synthesized with Testing THEN the matchers find the credential and the azurerm provider', () => {
    const { model } = given();
    const synthesized = Testing.synth(new EntraStack(Testing.app(), 'azure', { tenant: model.findAzureTenant('acme')! }));
    expect(synthesized).toHaveResourceWithProperties(FederatedIdentityCredential, { issuer: AKS_URL, audience: ['api://AzureADTokenExchange'] });
    expect(synthesized).toHaveProviderWithProperties(AzurermProvider, { subscription_id: SUBSCRIPTION });
  });
});

describe('GKE, GitHub Actions and Azure DevOps → Azure', () => {
  test('GIVEN a GKE workload WHEN synthesized THEN the credential carries the GKE issuer and subject', () => {
    const m = smallModel();
    m.model.addWorkload({ issuer: m.gke, namespace: 'ml', serviceAccount: 'trainer' }).grantAzure(m.azure, { application: 'ml-trainer' });
    const doc = terraformOf(synthesizeAzureTerraform(m.model), FILE);
    expectValidTerraform(doc);
    expect(onlyResource(doc, 'azuread_application_federated_identity_credential')[1]).toMatchObject({
      issuer: GKE_URL, subject: 'system:serviceaccount:ml:trainer', audiences: ['api://AzureADTokenExchange'],
    });
    // No role assignment: no azurerm provider is needed, and none is declared.
    expect(doc.provider.azurerm).toBeUndefined();
    expect(Object.keys(doc.terraform.required_providers)).toEqual(['azuread']);
  });

  test('GIVEN a GitHub Actions environment WHEN synthesized THEN the credential pins the exact subject of the shared issuer', () => {
    const m = smallModel();
    m.model.addCiWorkload({ issuer: m.github, name: 'gh-release', subject: CiSubject.githubEnvironment('acme/platform', 'production') })
      .grantAzure(m.azure, { application: 'github-release' });
    const doc = terraformOf(synthesizeAzureTerraform(m.model), FILE);
    expectValidTerraform(doc);
    expect(onlyResource(doc, 'azuread_application_federated_identity_credential')[1]).toMatchObject({
      display_name: 'github-gh-release', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:acme/platform:environment:production',
    });
  });

  test('GIVEN an Entra-issued Azure DevOps service connection WHEN synthesized THEN the credential uses its issuer and subject identifier', () => {
    const m = smallModel();
    const ado = m.model.addIssuer(Issuer.azureDevOps({ name: 'acme-ado', organizationName: 'acme', tenantId: TENANT }));
    const subject = '/eid1/c/pub/t/EXAMPLEtenantAAAAAAAAAA/a/EXAMPLEappBBBBBBBBBBBBB/sc/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';
    m.model.addCiWorkload({ issuer: ado, name: 'ado-deploy', subject: CiSubject.azureDevOpsEntra(subject) }).grantAzure(m.azure, { application: 'ado-deploy' });
    const doc = terraformOf(synthesizeAzureTerraform(m.model), FILE);
    expectValidTerraform(doc);
    expect(onlyResource(doc, 'azuread_application_federated_identity_credential')[1]).toMatchObject({
      issuer: `https://login.microsoftonline.com/${TENANT}/v2.0`, subject, audiences: ['api://AzureADTokenExchange'],
    });
  });

  test('GIVEN a tenant with its own audience WHEN synthesized THEN every credential carries that one audience', () => {
    const m = smallModel();
    const tenant = m.model.addAzureTenant({ name: 'sovereign', tenantId: '22222222-3333-4444-5555-666666666666', subscriptionId: SUBSCRIPTION, audience: 'api://AzureADTokenExchangeUSGov' });
    m.model.addWorkload({ issuer: m.eks, namespace: 'data', serviceAccount: 'pipeline' }).grantAzure(tenant, { application: 'pipeline' });
    const doc = terraformOf(synthesizeAzureTerraform(m.model), 'terraform/azure-sovereign/cdk.tf.json');
    expect(onlyResource(doc, 'azuread_application_federated_identity_credential')[1].audiences).toEqual(['api://AzureADTokenExchangeUSGov']);
  });
});

describe('existing identities', () => {
  const APP = { clientId: '33333333-4444-5555-6666-777777777777', objectId: '44444444-5555-6666-7777-888888888888' };
  const MI = { name: 'legacy', resourceGroupName: 'rg-legacy', clientId: '55555555-6666-7777-8888-999999999999', principalId: '66666666-7777-8888-9999-aaaaaaaaaaaa' };

  test('GIVEN an existing application WHEN synthesized THEN credentials hang off its object id and roles go to its looked-up service principal', () => {
    const m = smallModel();
    const access = m.model.addWorkload({ issuer: m.eks, namespace: 'data', serviceAccount: 'pipeline' })
      .grantAzure(m.azure, { existingApplication: APP, roleAssignments: [{ role: 'Reader', scope: STORAGE }] });
    const doc = terraformOf(synthesizeAzureTerraform(m.model), FILE);
    expectValidTerraform(doc);
    expect(resourcesOf(doc, 'azuread_application')).toEqual({});
    expect(onlyResource(doc, 'azuread_application_federated_identity_credential')[1].application_id).toBe(`/applications/${APP.objectId}`);
    const slug = access.identity.slug;
    expect(doc.data.azuread_service_principal[slug]).toMatchObject({ client_id: APP.clientId });
    expect(onlyResource(doc, 'azurerm_role_assignment')[1].principal_id).toBe(`\${data.azuread_service_principal.${slug}.object_id}`);
    expect(doc.output[access.identity.clientIdOutputName].value).toBe(APP.clientId);
  });

  test('GIVEN an existing managed identity WHEN synthesized THEN its resource id and principal id are written literally', () => {
    const m = smallModel();
    const access = m.model.addWorkload({ issuer: m.aks, namespace: 'analytics', serviceAccount: 'dashboard' })
      .grantAzure(m.azure, { existingManagedIdentity: MI, roleAssignments: [{ role: 'Reader', scope: STORAGE }] });
    const doc = terraformOf(synthesizeAzureTerraform(m.model), FILE);
    expectValidTerraform(doc);
    expect(resourcesOf(doc, 'azurerm_user_assigned_identity')).toEqual({});
    expect(onlyResource(doc, 'azurerm_federated_identity_credential')[1].parent_id).toBe(access.identity.resourceId);
    expect(onlyResource(doc, 'azurerm_role_assignment')[1].principal_id).toBe(MI.principalId);
    expect(doc.output[access.identity.clientIdOutputName].value).toBe(MI.clientId);
  });
});

describe('the default model', () => {
  test('GIVEN the default model WHEN synthesized twice THEN one deterministic, valid file per tenant, matching the snapshot', () => {
    const { model } = defaultModel();
    const first = synthesizeAzureTerraform(model);
    expect(first.map(f => f.path)).toEqual([FILE]);
    expect(synthesizeAzureTerraform(defaultModel().model)).toEqual(first);
    const doc = terraformOf(first, FILE);
    expectValidTerraform(doc);
    expect(withoutVersions(doc)).toMatchSnapshot();
  });

  test('GIVEN the default model WHEN synthesized THEN every Azure grant has exactly its credential, and every new identity its output', () => {
    const { model } = defaultModel();
    const doc = terraformOf(synthesizeAzureTerraform(model), FILE);
    const credentials = [
      ...Object.values<any>(resourcesOf(doc, 'azuread_application_federated_identity_credential')).map(c => ({ name: c.display_name, issuer: c.issuer, subject: c.subject, audiences: c.audiences })),
      ...Object.values<any>(resourcesOf(doc, 'azurerm_federated_identity_credential')).map(c => ({ name: c.name, issuer: c.issuer, subject: c.subject, audiences: c.audience })),
    ];
    const grants = model.workloads.flatMap(w => w.azureAccess).map(a => ({ name: a.credential.name, issuer: a.workload.issuer.url, subject: a.workload.subject, audiences: [a.audience] }));
    expect(credentials.sort(byName)).toEqual(grants.sort(byName));
    const outputs = Object.keys(doc.output).sort();
    expect(outputs).toEqual([
      ...model.azureTenants.flatMap(t => t.identities).map(i => i.clientIdOutputName),
      ...model.azureTenants.filter(t => t.audit?.newWorkspace).map(t => t.auditWorkspaceIdOutputName),
    ].sort());
  });
});

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function defaultModel() {
  return { model: IdentityModel.fromFile(path.join(__dirname, '..', '..', 'apps', 'default-model.yaml')) };
}
