import { LogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/log-analytics-workspace';
import { MonitorAadDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-aad-diagnostic-setting';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { ENTRA_AUDIT_CATEGORIES, ENTRA_USER_SIGN_IN_CATEGORY } from '../model/audit';
import { AzureTenant } from '../model/azure';
import { fail, nameElement, terraformName } from './private/terraform';

/** Props of an {@link EntraSignInLogExport}. */
export interface EntraSignInLogExportProps {
  /**
   * The tenant of the model whose `audit` setting names the workspace (existing or new).
   * @see https://learn.microsoft.com/entra/identity/monitoring-health/howto-configure-diagnostic-settings
   */
  readonly tenant: AzureTenant;
}

/**
 * The tenant's federated sign-ins, exported to Log Analytics: an
 * `azurerm_monitor_aad_diagnostic_setting` with `ServicePrincipalSignInLogs` (applications
 * signing in with federated credentials) and `ManagedIdentitySignInLogs` (managed identities)
 * enabled, and nothing else — the users' interactive `SignInLogs` stay off (a comment in the
 * resource says so) — sent to the workspace the model names, or to an
 * `azurerm_log_analytics_workspace` this construct creates, whose workspace id is a Terraform
 * output (`terraform output -json`) for the queries in REPORT.md.
 *
 * A diagnostic setting is tenant-wide (at most 5 per tenant); creating it needs the Security
 * Administrator role, and exporting sign-in logs an Entra ID P1 or P2 licence.
 */
export class EntraSignInLogExport extends Construct {
  /** The diagnostic setting. */
  public readonly diagnosticSetting: MonitorAadDiagnosticSetting;
  /** The workspace, when this construct creates it. */
  public readonly workspace?: LogAnalyticsWorkspace;
  /** The workspace's resource id: the model's literal, or a Terraform reference for a new one. */
  public readonly workspaceResourceId: string;

  constructor(scope: Construct, id: string, props: EntraSignInLogExportProps) {
    super(scope, id);
    const tenant = props.tenant;
    const audit = tenant?.audit;
    if (!audit?.createsDiagnosticSetting) {
      fail(this.node.path, 'tenant', tenant?.name, audit ? `has audit settings under which crossfed creates no diagnostic setting (${audit.destination})` : 'has no audit setting',
        'a tenant whose audit setting names a workspace (workspaceResourceId or newWorkspace)', 'render EntraSignInLogExport only for tenants with audit.createsDiagnosticSetting');
    }
    const w = audit.newWorkspace;
    if (w) {
      this.workspace = new LogAnalyticsWorkspace(this, 'Workspace', {
        name: w.name,
        resourceGroupName: w.resourceGroupName,
        location: w.location,
        sku: 'PerGB2018',
        retentionInDays: w.retentionDays,
        tags: { 'managed-by': 'crossfed' },
      });
      nameElement(this.workspace, terraformName(tenant.slug, w.name));
      this.workspaceResourceId = this.workspace.id;
      const output = new TerraformOutput(this, 'WorkspaceId', {
        value: this.workspace.workspaceId,
        description: `Workspace id (GUID) of Log Analytics workspace "${w.name}", which holds the federated sign-ins of tenant ${tenant.name} (crossfed)`,
      });
      nameElement(output, tenant.auditWorkspaceIdOutputName);
    } else {
      this.workspaceResourceId = audit.workspaceResourceId!;
    }
    this.diagnosticSetting = new MonitorAadDiagnosticSetting(this, 'Resource', {
      name: audit.diagnosticSettingName,
      logAnalyticsWorkspaceId: this.workspaceResourceId,
      enabledLog: ENTRA_AUDIT_CATEGORIES.map(category => ({ category })),
    });
    nameElement(this.diagnosticSetting, terraformName(tenant.slug, 'federated_sign_ins'));
    this.diagnosticSetting.addOverride('//.crossfed', `${ENTRA_USER_SIGN_IN_CATEGORY} (interactive user sign-ins) is off on purpose: only workload sign-ins are exported`);
  }
}
