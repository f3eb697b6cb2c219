import { App, TerraformStack } from 'cdktf';
import { gcp } from '../../lib';
import { synthesizeGcpTerraform } from '../../lib/gcp/synthesize';
import { GCP_TOKEN_EXCHANGE_LOG_FILTER, GcpAuditProps, IdentityModel, Issuer } from '../../lib/model';
import { EKS_URL, GKE_URL } from '../model/fixtures';
import { problemOf } from '../model/helpers';
import { expectValidTerraform, onlyResource, resourcesOf, terraformOf } from '../terraform/helpers';

const FILE = 'terraform/gcp-data/cdk.tf.json';
const LOG_TYPES = [{ log_type: 'ADMIN_READ' }, { log_type: 'DATA_READ' }, { log_type: 'DATA_WRITE' }];

/** A project with this audit setting; EKS through the pool (impersonation), GKE native, and an existing service account of another project. */
function given(audit: GcpAuditProps | undefined) {
  const model = new IdentityModel({ name: 'test' });
  const eks = model.addIssuer(Issuer.eks({ name: 'prod-eks', url: EKS_URL }));
  const gke = model.addIssuer(Issuer.gke({ name: 'prod-gke', url: GKE_URL }));
  const project = model.addGcpProject({ name: 'data', projectId: 'acme-data', projectNumber: '123456789012', audit });
  model.addWorkload({ issuer: eks, namespace: 'data', serviceAccount: 'pipeline' }).grantGcp(project, { serviceAccount: 'pipeline-reader' });
  model.addWorkload({ issuer: gke, namespace: 'ml', serviceAccount: 'trainer' }).grantGcp(project, { serviceAccount: 'ml-trainer' });
  model.addWorkload({ issuer: eks, namespace: 'legacy', serviceAccount: 'app' }).grantGcp(project, { existingServiceAccountEmail: 'legacy-reader@acme-legacy.iam.gserviceaccount.com' });
  return { model, project };
}

describe('the Data Access audit logs of token exchanges', () => {
  test('GIVEN an audit setting WHEN synthesized THEN STS and Service Account Credentials are audited, ADMIN_READ included, on the projects the model computes', () => {
    const { model, project } = given({});
    const doc = terraformOf(synthesizeGcpTerraform(model), FILE);
    expectValidTerraform(doc);
    const configs = Object.values<any>(resourcesOf(doc, 'google_project_iam_audit_config'));
    expect(configs.map(c => `${c.project} ${c.service}`)).toEqual(project.auditConfigs.map(c => `${c.project} ${c.service}`));
    expect(configs.map(c => `${c.project} ${c.service}`)).toEqual(['acme-data iamcredentials.googleapis.com', 'acme-data sts.googleapis.com', 'acme-legacy iamcredentials.googleapis.com']);
    for (const c of configs) expect(c.audit_log_config).toEqual(LOG_TYPES);
    expect(resourcesOf(doc, 'google_logging_project_sink')).toEqual({});
    expect(resourcesOf(doc, 'google_logging_project_bucket_config')).toEqual({});
  });

  test('GIVEN a log bucket retention WHEN synthesized THEN the bucket is created and a sink routes the exchanges into it, after it', () => {
    const doc = terraformOf(synthesizeGcpTerraform(given({ logBucketRetentionDays: 400 }).model), FILE);
    expectValidTerraform(doc);
    const [bucketName, bucket] = onlyResource(doc, 'google_logging_project_bucket_config');
    expect(bucket).toMatchObject({ project: 'acme-data', location: 'global', bucket_id: 'crossfed-token-exchanges', retention_days: 400 });
    const [, sink] = onlyResource(doc, 'google_logging_project_sink');
    expect(sink).toMatchObject({
      project: 'acme-data', destination: 'logging.googleapis.com/projects/acme-data/locations/global/buckets/crossfed-token-exchanges', filter: GCP_TOKEN_EXCHANGE_LOG_FILTER, unique_writer_identity: true,
      depends_on: [`google_logging_project_bucket_config.${bucketName}`],
    });
    expect(doc.output?.gcp_audit_sink_writer_acme_data).toBeUndefined();
  });

  test('GIVEN an existing sink destination WHEN synthesized THEN a sink to it, and its writer identity is an output to grant', () => {
    const doc = terraformOf(synthesizeGcpTerraform(given({ sinkDestination: 'storage.googleapis.com/acme-audit' }).model), FILE);
    expectValidTerraform(doc);
    const [name, sink] = onlyResource(doc, 'google_logging_project_sink');
    expect(sink.destination).toBe('storage.googleapis.com/acme-audit');
    expect(doc.output.gcp_audit_sink_writer_acme_data.value).toBe(`\${google_logging_project_sink.${name}.writer_identity}`);
  });

  test('GIVEN audit configs set above the project WHEN synthesized THEN crossfed writes none, but still the sink it is asked for', () => {
    const doc = terraformOf(synthesizeGcpTerraform(given({ organizationAuditConfig: true, sinkDestination: 'storage.googleapis.com/acme-audit' }).model), FILE);
    expect(resourcesOf(doc, 'google_project_iam_audit_config')).toEqual({});
    expect(Object.keys(resourcesOf(doc, 'google_logging_project_sink'))).toHaveLength(1);
  });

  test.each<[string, GcpAuditProps | undefined]>([['audit off', { enabled: false }], ['no audit setting', undefined], ['only an organization audit config', { organizationAuditConfig: true }]])(
    'GIVEN %s WHEN synthesized THEN no audit resource', (_what, audit) => {
      const doc = terraformOf(synthesizeGcpTerraform(given(audit).model), FILE);
      for (const type of ['google_project_iam_audit_config', 'google_logging_project_sink', 'google_logging_project_bucket_config']) expect(resourcesOf(doc, type)).toEqual({});
    });

  test('GIVEN a project with nothing to audit WHEN TokenExchangeAudit is added by hand THEN the error names the path and why', () => {
    const { project } = given({ enabled: false });
    const p = problemOf(() => new gcp.TokenExchangeAudit(new TerraformStack(new App({ stackTraces: false }), 'gcp'), 'Audit', { project }));
    expect(p.message).toBe('gcp/Audit: project "data" has audit settings under which crossfed creates nothing (not recorded (audit.enabled is false): GCP writes no Data Access logs for token exchanges). '
      + 'Allowed: a project whose audit setting lets crossfed write audit configs or a sink. Fix: render TokenExchangeAudit only for projects with audit.createsAuditConfigs or audit.createsSink');
  });
});
