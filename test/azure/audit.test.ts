import { App, TerraformStack } from 'cdktf';
import { azure } from '../../lib';
import { synthesizeAzureTerraform } from '../../lib/azure/synthesize';
import { AzureAuditProps, ENTRA_AUDIT_CATEGORIES, IdentityModel, Issuer } from '../../lib/model';
import { EKS_URL, SUBSCRIPTION, TENANT } from '../model/fixtures';
import { problemOf } from '../model/helpers';
import { expectValidTerraform, onlyResource, resourcesOf, terraformOf } from '../terraform/helpers';

const FILE = 'terraform/azure-acme/cdk.tf.json';
const WORKSPACE = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/acme-logs`;

/** A tenant with this audit setting and one application granted to an EKS workload. */
function given(audit: AzureAuditProps | undefined, grant = true) {
  const model = new IdentityModel({ name: 'test' });
  const eks = model.addIssuer(Issuer.eks({ name: 'prod-eks', url: EKS_URL }));
  const tenant = model.addAzureTenant({ name: 'acme', tenantId: TENANT, subscriptionId: SUBSCRIPTION, audit });
  if (grant) model.addWorkload({ issuer: eks, namespace: 'data', serviceAccount: 'pipeline' }).grantAzure(tenant, { application: 'pipeline-reader' });
  return { model, tenant };
}

describe('the export of the tenant\'s federated sign-ins', () => {
  test('GIVEN an existing workspace WHEN synthesized THEN one diagnostic setting exports exactly the workload sign-in categories to it, SignInLogs off', () => {
    const doc = terraformOf(synthesizeAzureTerraform(given({ workspaceResourceId: WORKSPACE }).model), FILE);
    expectValidTerraform(doc);
    const [name, setting] = onlyResource(doc, 'azurerm_monitor_aad_diagnostic_setting');
    expect(name).toBe('acme__federated_sign_ins');
    expect(setting.name).toBe('crossfed-federated-sign-ins');
    expect(setting.log_analytics_workspace_id).toBe(WORKSPACE);
    expect(setting.enabled_log).toEqual([{ category: 'ManagedIdentitySignInLogs' }, { category: 'ServicePrincipalSignInLogs' }]);
    expect(setting.enabled_log.map((l: any) => l.category)).toEqual(ENTRA_AUDIT_CATEGORIES);
    expect(setting.enabled_log.map((l: any) => l.category)).not.toContain('SignInLogs');
    expect(setting['//'].crossfed).toBe('SignInLogs (interactive user sign-ins) is off on purpose: only workload sign-ins are exported');
    expect(resourcesOf(doc, 'azurerm_log_analytics_workspace')).toEqual({});
  });

  test('GIVEN a new workspace WHEN synthesized THEN it is created with the retention, the setting references it, and its workspace id is an output', () => {
    const { model, tenant } = given({ newWorkspace: { name: 'crossfed-sign-ins', resourceGroupName: 'rg-monitoring', location: 'westeurope', retentionDays: 180 } });
    const doc = terraformOf(synthesizeAzureTerraform(model), FILE);
    expectValidTerraform(doc);
    const [name, workspace] = onlyResource(doc, 'azurerm_log_analytics_workspace');
    expect(workspace).toMatchObject({ name: 'crossfed-sign-ins', resource_group_name: 'rg-monitoring', location: 'westeurope', sku: 'PerGB2018', retention_in_days: 180 });
    expect(onlyResource(doc, 'azurerm_monitor_aad_diagnostic_setting')[1].log_analytics_workspace_id).toBe(`\${azurerm_log_analytics_workspace.${name}.id}`);
    expect(doc.output[tenant.auditWorkspaceIdOutputName].value).toBe(`\${azurerm_log_analytics_workspace.${name}.workspace_id}`);
  });

  test('GIVEN only applications (no role assignment) WHEN audited THEN the azurerm provider is declared for the diagnostic setting', () => {
    const doc = terraformOf(synthesizeAzureTerraform(given({ workspaceResourceId: WORKSPACE }).model), FILE);
    expect(doc.provider.azurerm).toEqual([{ features: [{}], subscription_id: SUBSCRIPTION, tenant_id: TENANT }]);
    expect(terraformOf(synthesizeAzureTerraform(given(undefined).model), FILE).provider.azurerm).toBeUndefined();
  });

  test.each<[string, AzureAuditProps | undefined]>([
    ['an existing export', { existingExport: true }],
    ['audit off', { enabled: false }],
    ['no audit setting', undefined],
  ])('GIVEN %s WHEN synthesized THEN no diagnostic setting and no workspace', (_what, audit) => {
    const doc = terraformOf(synthesizeAzureTerraform(given(audit).model), FILE);
    expect(resourcesOf(doc, 'azurerm_monitor_aad_diagnostic_setting')).toEqual({});
    expect(resourcesOf(doc, 'azurerm_log_analytics_workspace')).toEqual({});
  });

  test('GIVEN a tenant without identities WHEN synthesized THEN nothing is written for it (no export of nothing)', () => {
    expect(synthesizeAzureTerraform(given({ workspaceResourceId: WORKSPACE }, false).model)).toEqual([]);
  });

  test('GIVEN a tenant whose export exists already WHEN EntraSignInLogExport is added by hand THEN the error names the path and why', () => {
    const { tenant } = given({ existingExport: true });
    const stack = new TerraformStack(new App({ stackTraces: false }), 'azure');
    const p = problemOf(() => new azure.EntraSignInLogExport(stack, 'Export', { tenant }));
    expect(p.message).toBe('azure/Export: tenant "acme" has audit settings under which crossfed creates no diagnostic setting (exported by a diagnostic setting not managed by crossfed). '
      + 'Allowed: a tenant whose audit setting names a workspace (workspaceResourceId or newWorkspace). Fix: render EntraSignInLogExport only for tenants with audit.createsDiagnosticSetting');
  });
});
