import { AwsAuditProps, AzureAuditProps, GcpAuditProps, IdentityModel, Issuer } from '../../../lib/model';
import { cfn, EKS, exactTrust, findingsOf, role, summary, tf, webIdentity } from '../builders';

const id = 'x-audit-missing';
const ACCOUNT = '111122223333';
const ENV = { 'crossfed:environment': { AccountId: ACCOUNT, Region: 'us-east-1', Partition: 'aws' } };

/** A template of the account with a federated role and these other resources. */
function template(resources: Record<string, unknown> = {}, path = 'stack.template.json') {
  const file = cfn({ R: role([webIdentity(exactTrust())], { RoleName: 'pipeline-reader' }), ...resources }, path);
  return { ...file, content: JSON.stringify({ Metadata: ENV, ...JSON.parse(file.content) }) };
}
const trail = (props: Record<string, unknown> = {}) => ({
  Type: 'AWS::CloudTrail::Trail',
  Properties: { TrailName: 'audit', S3BucketName: 'logs', IsLogging: true, IsMultiRegionTrail: true, EventSelectors: [{ IncludeManagementEvents: true, ReadWriteType: 'All' }], ...props },
});

/** A model whose AWS account, Entra tenant and GCP project have these audit settings (and one grant each). */
function model(o: { aws?: AwsAuditProps; azure?: AzureAuditProps; gcp?: GcpAuditProps } = {}): IdentityModel {
  const m = new IdentityModel({ name: 'audit' });
  const eks = m.addIssuer(Issuer.eks({ name: 'prod-eks', url: EKS, accountId: ACCOUNT, clusterName: 'prod' }));
  const aws = m.addAwsAccount({ name: 'prod', accountId: ACCOUNT, audit: o.aws });
  const azure = m.addAzureTenant({ name: 'acme', tenantId: '11111111-2222-3333-4444-555555555555', subscriptionId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', audit: o.azure });
  const gcp = m.addGcpProject({ name: 'data', projectId: 'acme-data', projectNumber: '123456789012', audit: o.gcp });
  m.addWorkload({ issuer: eks, namespace: 'data', serviceAccount: 'app' }).grantAws(aws, { roleName: 'pipeline-reader' }).workload
    .grantAzure(azure, { application: 'app' }).workload.grantGcp(gcp, { serviceAccount: 'app-reader' });
  return m;
}

describe('x-audit-missing: AWS', () => {
  test('GIVEN a federated role and a trail recording all management events in every region WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [template({ T: trail() })])).toEqual([]);
  });

  test('GIVEN a trail with no event selectors (CloudTrail\'s default: every management event) WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [template({ T: trail({ EventSelectors: undefined }) })])).toEqual([]);
  });

  test('GIVEN a federated role and no trail WHEN checked THEN a warning naming the role, the 90 days and the fix', () => {
    const f = findingsOf(id, [template()]);
    expect(summary(f)).toEqual([`warning R: 1 role of account ${ACCOUNT} (pipeline-reader) let workloads in by web identity or EKS Pod Identity, but no CloudTrail trail of the account is in these artifacts, `
      + 'and the model does not say where its events are recorded: CloudTrail keeps AssumeRoleWithWebIdentity and AssumeRole 90 days in Event history only']);
    expect(f[0].fix).toContain('`audit: { organizationTrail: true }`');
  });

  test('GIVEN a trail recording write-only management events WHEN checked THEN a warning: AssumeRoleWithWebIdentity is a read-only event', () => {
    const f = findingsOf(id, [template({ T: trail({ EventSelectors: [{ IncludeManagementEvents: true, ReadWriteType: 'WriteOnly' }] }) })]);
    expect(f.map(x => x.message)).toEqual([expect.stringContaining('trail audit records nothing of them: its event selectors record WriteOnly management events only, and AssumeRoleWithWebIdentity is a read-only event')]);
  });

  test('GIVEN a stopped trail, or advanced selectors for S3 data events only WHEN checked THEN each is a warning naming why', () => {
    expect(findingsOf(id, [template({ T: trail({ IsLogging: false }) })]).map(x => x.message)).toEqual([expect.stringContaining('trail audit records nothing of them: IsLogging is false')]);
    const s3Only = trail({ EventSelectors: undefined, AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] }] });
    expect(findingsOf(id, [template({ T: s3Only })]).map(x => x.message)).toEqual([expect.stringContaining('its advanced event selectors select no read-only management events of sts.amazonaws.com')]);
  });

  test('GIVEN advanced selectors for all management events WHEN checked THEN no finding (edge: advanced form)', () => {
    const advanced = trail({ EventSelectors: undefined, AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }] });
    expect(findingsOf(id, [template({ T: advanced })])).toEqual([]);
  });

  test('GIVEN the model says an organization trail records the account WHEN the artifacts have no trail THEN no finding', () => {
    expect(findingsOf(id, [template()], { model: model({ aws: { organizationTrail: true } }) }).filter(f => f.resource === 'R')).toEqual([]);
  });

  test('GIVEN the model turns AWS audit off WHEN checked THEN info, not a warning', () => {
    const f = findingsOf(id, [template()], { model: model({ aws: { enabled: false } }) }).filter(x => x.resource === 'R');
    expect(summary(f)).toEqual([`info R: the model turns audit off for account ${ACCOUNT} (audit.enabled: false): nothing records the token exchanges of its 1 role (pipeline-reader) beyond CloudTrail's 90-day Event history`]);
  });

  test('GIVEN the model asks crossfed for a trail WHEN the template with it is left out THEN the warning says so', () => {
    const f = findingsOf(id, [template()], { model: model({ aws: {} }) }).filter(x => x.resource === 'R');
    expect(f.map(x => [x.severity, x.fix])).toEqual([['warning', 'check the template that holds the trail too (crossfed writes it into the account\'s first stack)']]);
    expect(f[0].message).toContain('the model asks crossfed for trail crossfed-audit, but no template of the account in these artifacts has it');
  });

  test('GIVEN a single-region trail in another region than the model\'s account WHEN checked THEN a warning (edge: region)', () => {
    const euTrail = { ...template({ T: trail({ IsMultiRegionTrail: false }) }, 'eu.template.json') };
    const content = JSON.parse(euTrail.content);
    content.Metadata['crossfed:environment'].Region = 'eu-west-1';
    const f = findingsOf(id, [{ ...euTrail, content: JSON.stringify(content) }], { model: model({}) }).filter(x => x.resource === 'R');
    expect(f.map(x => x.message)).toEqual([expect.stringContaining('trail audit is a single-region trail in eu-west-1, but the account\'s workloads call STS in us-east-1')]);
  });

  test('GIVEN a role trusting only a service WHEN checked THEN the rule does not apply', () => {
    expect(findingsOf(id, [cfn({ R: role([{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }]) })])).toEqual([]);
  });
});

describe('x-audit-missing: Entra ID', () => {
  const app = (extra: Record<string, Record<string, unknown>> = {}) => tf({
    azuread_application: { app: { display_name: 'app' } },
    azuread_application_federated_identity_credential: { app_cred: { application_id: '${azuread_application.app.id}', display_name: 'cred', issuer: EKS, subject: 'system:serviceaccount:data:app', audiences: ['api://AzureADTokenExchange'] } },
    azurerm_user_assigned_identity: { mi: { name: 'mi', resource_group_name: 'rg', location: 'westeurope' } },
    azurerm_federated_identity_credential: { mi_cred: { name: 'mi-cred', resource_group_name: 'rg', parent_id: '${azurerm_user_assigned_identity.mi.id}', issuer: EKS, subject: 'system:serviceaccount:data:mi', audience: ['api://AzureADTokenExchange'] } },
    ...extra,
  });
  const setting = (categories: string[]) => ({ azurerm_monitor_aad_diagnostic_setting: { s: { name: 'sign-ins', log_analytics_workspace_id: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/w', enabled_log: categories.map(category => ({ category })) } } });

  test('GIVEN a diagnostic setting exporting both workload sign-in categories WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [app(setting(['ManagedIdentitySignInLogs', 'ServicePrincipalSignInLogs']))])).toEqual([]);
  });

  test('GIVEN no diagnostic setting WHEN checked THEN a warning per identity kind, naming the category', () => {
    const f = findingsOf(id, [app()]);
    expect(f.map(x => [x.resource, x.severity])).toEqual([['azuread_application_federated_identity_credential.app_cred', 'warning'], ['azurerm_federated_identity_credential.mi_cred', 'warning']]);
    expect(f[0].message).toContain('no azurerm_monitor_aad_diagnostic_setting in these artifacts exports ServicePrincipalSignInLogs');
    expect(f[1].message).toContain('exports ManagedIdentitySignInLogs');
  });

  test('GIVEN a setting exporting only the users\' SignInLogs WHEN checked THEN still a warning, naming what it exports (edge)', () => {
    const f = findingsOf(id, [app(setting(['SignInLogs', 'ManagedIdentitySignInLogs']))]);
    expect(f.map(x => x.message)).toEqual([expect.stringContaining('exports ServicePrincipalSignInLogs (exported: ManagedIdentitySignInLogs, SignInLogs)')]);
  });

  test('GIVEN the model says the tenant exports them already WHEN checked THEN no finding; turned off THEN info', () => {
    const only = (f: ReturnType<typeof findingsOf>) => f.filter(x => x.resource.includes('federated_identity_credential'));
    expect(only(findingsOf(id, [app()], { model: model({ azure: { existingExport: true } }) }))).toEqual([]);
    expect(only(findingsOf(id, [app()], { model: model({ azure: { enabled: false } }) })).map(x => x.severity)).toEqual(['info']);
  });
});

describe('x-audit-missing: GCP', () => {
  const PRINCIPAL = 'principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/crossfed/subject/system:serviceaccount:data:app';
  const pool = (extra: Record<string, Record<string, unknown>> = {}) => tf({
    google_iam_workload_identity_pool: { pool: { project: 'acme-data', workload_identity_pool_id: 'crossfed' } },
    google_iam_workload_identity_pool_provider: {
      eks: {
        project: 'acme-data', workload_identity_pool_id: '${google_iam_workload_identity_pool.pool.workload_identity_pool_id}', workload_identity_pool_provider_id: 'prod-eks',
        attribute_mapping: { 'google.subject': 'assertion.sub' }, attribute_condition: "assertion.sub == 'system:serviceaccount:data:app'", oidc: { issuer_uri: EKS },
      },
    },
    google_service_account: { app: { project: 'acme-data', account_id: 'app-reader' } },
    google_service_account_iam_member: { wiu: { service_account_id: '${google_service_account.app.name}', role: 'roles/iam.workloadIdentityUser', member: PRINCIPAL } },
    ...extra,
  });
  const audit = (service: string, logTypes: string[], exempted: string[] = []) => ({
    project: 'acme-data', service, audit_log_config: logTypes.map(log_type => ({ log_type, ...(exempted.length ? { exempted_members: exempted } : {}) })),
  });
  const all = ['ADMIN_READ', 'DATA_READ', 'DATA_WRITE'];

  test('GIVEN audit configs for STS and Service Account Credentials WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [pool({ google_project_iam_audit_config: { sts: audit('sts.googleapis.com', all), creds: audit('iamcredentials.googleapis.com', all) } })])).toEqual([]);
  });

  test('GIVEN allServices with every log type WHEN checked THEN no finding (edge: one config for every service)', () => {
    expect(findingsOf(id, [pool({ google_project_iam_audit_config: { all: audit('allServices', all) } })])).toEqual([]);
  });

  test('GIVEN no audit config WHEN checked THEN a warning for the pool\'s exchanges and one for the impersonation', () => {
    const f = findingsOf(id, [pool()]);
    expect(summary(f)).toEqual([
      'warning google_iam_workload_identity_pool_provider.eks: provider prod-eks of project acme-data exchanges tokens, but no google_project_iam_audit_config in these artifacts enables ADMIN_READ for sts.googleapis.com on acme-data: GCP writes no log of ExchangeToken without it',
      'warning google_service_account_iam_member.wiu: service account app-reader@acme-data.iam.gserviceaccount.com of project acme-data is impersonated by federated workloads, but no google_project_iam_audit_config in these artifacts enables DATA_READ for iamcredentials.googleapis.com on acme-data: GCP writes no log of GenerateAccessToken without it',
    ]);
  });

  test('GIVEN STS audit with DATA_READ and DATA_WRITE only WHEN checked THEN a warning: ExchangeToken is an ADMIN_READ method', () => {
    const f = findingsOf(id, [pool({ google_project_iam_audit_config: { sts: audit('sts.googleapis.com', ['DATA_READ', 'DATA_WRITE']), creds: audit('iamcredentials.googleapis.com', all) } })]);
    expect(f.map(x => x.message)).toEqual([expect.stringContaining('the audit config for sts.googleapis.com on acme-data enables DATA_READ, DATA_WRITE but not ADMIN_READ, the log type of ExchangeToken')]);
  });

  test('GIVEN the workload\'s principal exempted from the Service Account Credentials logs WHEN checked THEN a warning naming it', () => {
    const f = findingsOf(id, [pool({ google_project_iam_audit_config: { sts: audit('sts.googleapis.com', all), creds: audit('iamcredentials.googleapis.com', all, [PRINCIPAL]) } })]);
    expect(f.map(x => [x.message, x.fix])).toEqual([[expect.stringContaining(`exempts ${PRINCIPAL}, so its GenerateAccessToken calls are not logged`), `remove ${PRINCIPAL} from exempted_members`]]);
  });

  test('GIVEN the model says Data Access logs are on above the project WHEN checked THEN no finding; turned off THEN info', () => {
    const only = (f: ReturnType<typeof findingsOf>) => f.filter(x => x.resource.startsWith('google_'));
    expect(only(findingsOf(id, [pool()], { model: model({ gcp: { organizationAuditConfig: true } }) }))).toEqual([]);
    expect(only(findingsOf(id, [pool()], { model: model({ gcp: { enabled: false } }) })).map(x => x.severity)).toEqual(['info', 'info']);
  });
});

describe('x-audit-missing: cloud identities as token sources', () => {
  test('GIVEN a role trusting AWS\'s built-in Google provider and no trail WHEN checked THEN the role counts as federated (edge: no IAM OIDC provider)', () => {
    const condition = { StringEquals: { 'accounts.google.com:aud': '100000000000000000001', 'accounts.google.com:oaud': 'sts.amazonaws.com', 'accounts.google.com:sub': '100000000000000000001' } };
    const google = { Effect: 'Allow', Principal: { Federated: 'accounts.google.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: condition };
    const file = cfn({ R: role([google], { RoleName: 'dataflow-s3-reader' }) });
    expect(findingsOf(id, [file]).map(f => [f.severity, f.resource])).toEqual([['warning', 'R']]);
  });
});
