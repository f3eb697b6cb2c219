import * as path from 'path';
import { SUBSCRIPTION, TENANT } from './fixtures';
import { problemOf, problemsOf } from './helpers';
import { AwsAuditProps, AzureAuditProps, GCP_AUDIT_LOG_TYPES, GcpAuditProps, IdentityModel, Issuer } from '../../lib/model';

const ACCOUNT = '111122223333';
const aws = (audit: AwsAuditProps, region = 'us-east-1') => new IdentityModel().addAwsAccount({ name: 'prod', accountId: ACCOUNT, region, audit });
const azure = (audit: AzureAuditProps) => new IdentityModel().addAzureTenant({ name: 'acme', tenantId: TENANT, subscriptionId: SUBSCRIPTION, audit });
const gcp = (audit: GcpAuditProps) => new IdentityModel().addGcpProject({ name: 'data', projectId: 'acme-data', projectNumber: '123456789012', audit });

describe('AWS audit setting', () => {
  test('GIVEN an empty audit setting WHEN added THEN crossfed creates the trail, its bucket and key, named from the account', () => {
    const a = aws({}).audit!;
    expect({ createsTrail: a.createsTrail, createsBucket: a.createsBucket, trailName: a.trailName, bucketName: a.bucketName, retentionDays: a.retentionDays, trailArn: a.trailArn }).toEqual({
      createsTrail: true, createsBucket: true, trailName: 'crossfed-audit', bucketName: `crossfed-audit-${ACCOUNT}-us-east-1`, retentionDays: 365,
      trailArn: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/crossfed-audit`,
    });
  });

  test('GIVEN no audit setting WHEN added THEN the account has none (nothing is created)', () => {
    expect(new IdentityModel().addAwsAccount({ accountId: ACCOUNT }).audit).toBeUndefined();
  });

  test('GIVEN an organization trail WHEN added THEN crossfed creates nothing and says where the events go', () => {
    const a = aws({ organizationTrail: true }).audit!;
    expect([a.createsTrail, a.bucketName, a.trailArn, a.destination]).toEqual([false, undefined, undefined, 'the organization trail (not managed by crossfed)']);
  });

  test('GIVEN an existing trail WHEN added THEN crossfed creates nothing and names it', () => {
    const arn = `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/security`;
    const a = aws({ existingTrailArn: arn }).audit!;
    expect([a.createsTrail, a.trailArn, a.trailName]).toEqual([false, arn, 'security']);
  });

  test('GIVEN an existing bucket WHEN added THEN crossfed creates the trail only, writing into it', () => {
    const a = aws({ existingBucketName: 'acme-log-archive' }).audit!;
    expect([a.createsTrail, a.createsBucket, a.bucketName]).toEqual([true, false, 'acme-log-archive']);
  });

  test('GIVEN the China partition WHEN added THEN the trail ARN is in aws-cn', () => {
    expect(aws({}, 'cn-north-1').audit!.trailArn).toBe(`arn:aws-cn:cloudtrail:cn-north-1:${ACCOUNT}:trail/crossfed-audit`);
  });

  test.each<[string, AwsAuditProps, string, string]>([
    ['a bucket ARN as trail ARN', { existingTrailArn: 'arn:aws:s3:::acme-logs' },
      'aws[prod]: audit.existingTrailArn "arn:aws:s3:::acme-logs" is a bucket ARN, not a trail ARN. Allowed: arn:aws:cloudtrail:<region>:<account>:trail/<name>.',
      'to write a new trail into that bucket, use existingBucketName: "acme-logs"'],
    ['a trail of another account', { existingTrailArn: 'arn:aws:cloudtrail:us-east-1:999999999999:trail/org' },
      'aws[prod]: audit.existingTrailArn "arn:aws:cloudtrail:us-east-1:999999999999:trail/org" is a trail of account 999999999999, not of 111122223333.',
      'if it is an organization trail of the management account, use organizationTrail: true'],
    ['a bucket URL', { existingBucketName: 's3://acme-log-archive/AWSLogs' },
      'aws[prod]: audit.existingBucketName "s3://acme-log-archive/AWSLogs" is an ARN or URL, not a bucket name.', 'use "acme-log-archive"'],
    ['an upper-case bucket', { existingBucketName: 'Acme_Logs' }, 'aws[prod]: audit.existingBucketName "Acme_Logs" is not an S3 bucket name.', 'use the bucket\'s name as `aws s3 ls` shows it'],
    ['two destinations', { organizationTrail: true, existingBucketName: 'acme-logs' },
      'aws[prod]: audit.existingBucketName "acme-logs" is set together with organizationTrail.', 'keep only one of organizationTrail, existingBucketName'],
    ['a trail name with two dashes', { trailName: 'crossfed--audit' }, 'aws[prod]: audit.trailName "crossfed--audit" is not a valid trail name.', 'use e.g. "crossfed-audit"'],
    ['a retention of 0 days', { retentionDays: 0 }, 'aws[prod]: audit.retentionDays 0 is out of range. Allowed: a whole number from 1 to 3653.', 'keep the logs as long as your audit policy says, e.g. 365 or 2557 (7 years)'],
    ['a retention for an existing bucket', { existingBucketName: 'acme-logs', retentionDays: 30 }, 'aws[prod]: audit.retentionDays 30 is set with existingBucketName.',
      'set the retention on the existing bucket (its owner\'s lifecycle rules), and remove retentionDays'],
    ['a trail name with an organization trail', { organizationTrail: true, trailName: 'mine' },
      'aws[prod]: audit.trailName "mine" does not apply: an organization trail records the account, crossfed creates none.', 'remove audit.trailName'],
    ['a destination while disabled', { enabled: false, existingBucketName: 'acme-logs' }, 'aws[prod]: audit.existingBucketName "acme-logs" is set while audit.enabled is false.',
      'remove audit.existingBucketName, or remove enabled: false'],
  ])('GIVEN %s WHEN added THEN the error names the field, the value and the fix', (_what, audit, message, fix) => {
    const p = problemOf(() => aws(audit));
    expect(p.message.startsWith(message)).toBe(true);
    expect(p.fix).toBe(fix);
  });
});

describe('Entra audit setting', () => {
  const WORKSPACE = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/acme-logs`;

  test('GIVEN an existing workspace WHEN added THEN crossfed creates the diagnostic setting to it', () => {
    const a = azure({ workspaceResourceId: WORKSPACE }).audit!;
    expect([a.createsDiagnosticSetting, a.workspaceResourceId, a.diagnosticSettingName, a.newWorkspace]).toEqual([true, WORKSPACE, 'crossfed-federated-sign-ins', undefined]);
  });

  test('GIVEN a new workspace WHEN added THEN its resource id is computed in the tenant\'s subscription, 90 days by default', () => {
    const a = azure({ newWorkspace: { name: 'crossfed-sign-ins', resourceGroupName: 'rg-monitoring', location: 'westeurope' } }).audit!;
    expect(a.workspaceResourceId).toBe(`/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/crossfed-sign-ins`);
    expect(a.newWorkspace!.retentionDays).toBe(90);
  });

  test('GIVEN an existing export WHEN added THEN crossfed creates nothing', () => {
    expect(azure({ existingExport: true, existingWorkspaceId: '0b9e0c5e-5a51-4a52-9a36-2b3c4d5e6f70' }).audit!.createsDiagnosticSetting).toBe(false);
  });

  test.each<[string, AzureAuditProps, string, string]>([
    ['no destination', {}, 'azure[acme]: audit {} names no destination for the sign-in logs.', 'add workspaceResourceId: /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.OperationalInsights/workspaces/<name>'],
    ['the workspace GUID as resource id', { workspaceResourceId: '0b9e0c5e-5a51-4a52-9a36-2b3c4d5e6f70' },
      'azure[acme]: audit.workspaceResourceId "0b9e0c5e-5a51-4a52-9a36-2b3c4d5e6f70" is the workspace id (a GUID), not its resource id.',
      'copy it from `az monitor log-analytics workspace show -g <group> -n <name> --query id`'],
    ['a storage account id', { workspaceResourceId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/logs` },
      `azure[acme]: audit.workspaceResourceId "/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/logs" is not a Log Analytics workspace resource id.`,
      'copy it from `az monitor log-analytics workspace show -g <group> -n <name> --query id`'],
    ['two destinations', { workspaceResourceId: WORKSPACE, existingExport: true }, 'azure[acme]: audit.existingExport true is set together with workspaceResourceId.', 'keep only one of workspaceResourceId, existingExport'],
    ['a workspace name with a dot', { newWorkspace: { name: 'crossfed.logs', resourceGroupName: 'rg', location: 'westeurope' } },
      'azure[acme]: audit.newWorkspace.name "crossfed.logs" is not a valid Log Analytics workspace name.', 'use e.g. "crossfed-sign-ins"'],
    ['a retention of 10 days', { newWorkspace: { name: 'crossfed-logs', resourceGroupName: 'rg', location: 'westeurope', retentionDays: 10 } },
      'azure[acme]: audit.newWorkspace.retentionDays 10 is out of range. Allowed: a whole number from 30 to 730.', 'use a retention Log Analytics allows, e.g. 90'],
    ['a display-name location', { newWorkspace: { name: 'crossfed-logs', resourceGroupName: 'rg', location: 'West Europe' } },
      'azure[acme]: audit.newWorkspace.location "West Europe" is not an Azure region name.', 'use `az account list-locations -o table`'],
    ['a workspace id without an existing export', { workspaceResourceId: WORKSPACE, existingWorkspaceId: '0b9e0c5e-5a51-4a52-9a36-2b3c4d5e6f70' },
      'azure[acme]: audit.existingWorkspaceId "0b9e0c5e-5a51-4a52-9a36-2b3c4d5e6f70" is set without existingExport.', 'remove it, or add existingExport: true'],
  ])('GIVEN %s WHEN added THEN the error names the field, the value and the fix', (_what, audit, message, fix) => {
    const p = problemOf(() => azure(audit));
    expect(p.message.startsWith(message)).toBe(true);
    expect(p.fix).toBe(fix);
  });

  test('GIVEN audit off WHEN added THEN no destination is needed, and the destination says so', () => {
    expect(azure({ enabled: false }).audit!.destination).toContain('not exported (audit.enabled is false)');
  });
});

describe('GCP audit setting', () => {
  test.each<[string, GcpAuditProps, string, string]>([
    ['a gs:// URL', { sinkDestination: 'gs://acme-audit' }, 'gcp[data]: audit.sinkDestination "gs://acme-audit" is a gs:// URL, not a sink destination.', 'use "storage.googleapis.com/acme-audit"'],
    ['a bare bucket', { sinkDestination: 'acme-audit' }, 'gcp[data]: audit.sinkDestination "acme-audit" is not a Cloud Logging sink destination.', 'write the destination as `gcloud logging sinks describe` shows it'],
    ['both a destination and a log bucket', { sinkDestination: 'storage.googleapis.com/acme-audit', logBucketRetentionDays: 30 },
      'gcp[data]: audit.logBucketRetentionDays 30 is set together with sinkDestination.', 'keep only one of sinkDestination, logBucketRetentionDays'],
    ['a retention of 5000 days', { logBucketRetentionDays: 5000 }, 'gcp[data]: audit.logBucketRetentionDays 5000 is out of range. Allowed: a whole number from 1 to 3650.', 'keep the logs as long as your audit policy says, e.g. 365'],
  ])('GIVEN %s WHEN added THEN the error names the field, the value and the fix', (_what, audit, message, fix) => {
    const p = problemOf(() => gcp(audit));
    expect(p.message.startsWith(message)).toBe(true);
    expect(p.fix).toBe(fix);
  });

  test('GIVEN a log bucket retention WHEN added THEN the sink goes to the log bucket crossfed creates in the project', () => {
    const a = gcp({ logBucketRetentionDays: 400 }).audit!;
    expect([a.createsAuditConfigs, a.createsLogBucket, a.createsSink, a.sinkDestination]).toEqual([true, true, true, 'logging.googleapis.com/projects/acme-data/locations/global/buckets/crossfed-token-exchanges']);
  });

  test('GIVEN an organization audit config WHEN added THEN crossfed writes no audit config', () => {
    expect(gcp({ organizationAuditConfig: true }).audit!.createsAuditConfigs).toBe(false);
  });

  test('GIVEN pool, GKE-native and existing-service-account grants WHEN audit configs are listed THEN STS on the pool and cluster projects, Service Account Credentials on each service account\'s project', () => {
    const model = new IdentityModel();
    const eks = model.addIssuer(Issuer.eks({ name: 'eks', url: 'https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE' }));
    const gke = model.addIssuer(Issuer.gke({ name: 'gke', url: 'https://container.googleapis.com/v1/projects/acme-clusters/locations/europe-west1/clusters/prod' }));
    const project = model.addGcpProject({ projectId: 'acme-data', projectNumber: '123456789012', audit: {} });
    model.addWorkload({ issuer: eks, namespace: 'data', serviceAccount: 'app' }).grantGcp(project, { existingServiceAccountEmail: 'legacy-reader@acme-legacy.iam.gserviceaccount.com' });
    model.addWorkload({ issuer: gke, namespace: 'ml', serviceAccount: 'trainer' }).grantGcp(project, { serviceAccount: 'ml-trainer' });
    expect(project.auditConfigs.map(c => `${c.project} ${c.service}`)).toEqual([
      'acme-clusters sts.googleapis.com', 'acme-data iamcredentials.googleapis.com', 'acme-data sts.googleapis.com', 'acme-legacy iamcredentials.googleapis.com',
    ]);
    // ExchangeToken is an ADMIN_READ method: DATA_READ and DATA_WRITE alone would log no exchange.
    expect(new Set(project.auditConfigs.map(c => c.logTypes.join(',')))).toEqual(new Set([GCP_AUDIT_LOG_TYPES.join(',')]));
    expect(GCP_AUDIT_LOG_TYPES).toContain('ADMIN_READ');
  });
});

describe('audit settings in a model file', () => {
  test('GIVEN the default model WHEN loaded THEN every cloud records its token exchanges', () => {
    const model = IdentityModel.fromFile(path.join(__dirname, '../../apps/default-model.yaml'));
    expect(model.awsAccounts.map(a => a.audit?.createsTrail)).toEqual([true]);
    expect(model.azureTenants.map(t => t.audit?.createsDiagnosticSetting)).toEqual([true]);
    expect(model.gcpProjects.map(p => p.audit?.createsAuditConfigs)).toEqual([true]);
  });

  test('GIVEN a bad trail ARN in a file WHEN loaded THEN the error names file:line:column and the field path', () => {
    const text = `clouds:
  aws:
    - name: prod
      accountId: "111122223333"
      audit:
        existingTrailArn: arn:aws:s3:::acme-logs
`;
    const [p] = problemsOf(() => IdentityModel.fromText(text, 'team.yaml'));
    expect([p.where, p.field, p.value]).toEqual(['team.yaml:6:27', 'clouds.aws[0].audit.existingTrailArn', 'arn:aws:s3:::acme-logs']);
  });

  test('GIVEN a misspelt audit field WHEN loaded THEN the error suggests the known one', () => {
    const text = `clouds:
  gcp:
    - name: data
      projectId: acme-data
      projectNumber: "123456789012"
      audit:
        sinkDestinaton: storage.googleapis.com/acme-audit
`;
    const [p] = problemsOf(() => IdentityModel.fromText(text, 'team.yaml'));
    expect([p.field, p.problem, p.fix]).toEqual(['clouds.gcp[0].audit.sinkDestinaton', 'is not a known field', 'did you mean "sinkDestination"?']);
  });
});
