import { synthesizeGcpTerraform } from '../../lib/gcp/synthesize';
import { AWS_DEFAULT_ATTRIBUTE_MAPPING } from '../../lib/model';
import { evaluateCel } from '../../lib/verify/simulate/gcp-cel';
import { cloudModel, ENTRA_V1, MI_OBJECT_ID } from '../model/fixtures';
import { expectValidTerraform, findResources, resourcesOf, terraformOf, withoutVersions } from '../terraform/helpers';

const FILE = 'terraform/gcp-data/cdk.tf.json';
const POOL = 'projects/123456789012/locations/global/workloadIdentityPools/crossfed';
const provider = (doc: any, id: string) => resourcesOf(doc, 'google_iam_workload_identity_pool_provider')[`acme-data__crossfed__${id}`];
const wiu = (doc: any, email: string) => findResources(doc, 'google_service_account_iam_member', b => b.role === 'roles/iam.workloadIdentityUser' && b.service_account_id.endsWith(`/${email}`)).map(([, b]) => b.member);

describe('GCP renderer: cloud identities as token sources', () => {
  const given = () => {
    const m = cloudModel();
    const doc = terraformOf(synthesizeGcpTerraform(m.model), FILE);
    return { ...m, doc };
  };

  test('GIVEN a Data Factory managed identity WHEN synthesized THEN an OIDC provider for the v1.0 Entra issuer, the application ID URI as allowed audience, an exact condition and a per-subject binding', () => {
    const { doc } = given();
    expectValidTerraform(doc);
    const p = provider(doc, 'acme-entra');
    expect(p.oidc).toEqual({ issuer_uri: ENTRA_V1, allowed_audiences: ['api://acme-gcp-federation'] });
    expect(p.attribute_mapping).toEqual({ 'google.subject': 'assertion.sub' });
    expect(p.attribute_condition).toBe(`assertion.sub == '${MI_OBJECT_ID}'`);
    expect(wiu(doc, 'adf-ingest@acme-data.iam.gserviceaccount.com')).toEqual([`principal://iam.googleapis.com/${POOL}/subject/${MI_OBJECT_ID}`]);
    expect(findResources(doc, 'google_storage_bucket_iam_member', b => b.member === 'serviceAccount:adf-ingest@acme-data.iam.gserviceaccount.com').map(([, b]) => [b.bucket, b.role]))
      .toEqual([['acme-raw', 'roles/storage.objectViewer']]);
    expect(p).toMatchSnapshot();
  });

  test('GIVEN an AWS Batch role WHEN synthesized THEN the AWS provider type for its account, GCP\'s documented mapping, an exact condition on attribute.aws_role and a principal-set binding', () => {
    const { doc } = given();
    const p = provider(doc, 'aws-prod');
    expect([p.aws, p.oidc]).toEqual([{ account_id: '111122223333' }, undefined]);
    expect(p.attribute_mapping).toEqual(AWS_DEFAULT_ATTRIBUTE_MAPPING);
    expect(p.attribute_condition).toBe('attribute.aws_role == \'arn:aws:sts::111122223333:assumed-role/batch-bq-writer\'');
    expect(wiu(doc, 'bq-writer@acme-data.iam.gserviceaccount.com')).toEqual([`principalSet://iam.googleapis.com/${POOL}/attribute.aws_role/arn:aws:sts::111122223333:assumed-role/batch-bq-writer`]);
    expect(findResources(doc, 'google_bigquery_dataset_iam_member', b => b.member === 'serviceAccount:bq-writer@acme-data.iam.gserviceaccount.com').map(([, b]) => [b.dataset_id, b.role]))
      .toEqual([['landing', 'roles/bigquery.dataEditor']]);
    expect(p).toMatchSnapshot();
  });

  test.each([
    ['a session of the role', 'arn:aws:sts::111122223333:assumed-role/batch-bq-writer/i-0123456789abcdef0', 'arn:aws:sts::111122223333:assumed-role/batch-bq-writer', true],
    ['a session of a longer-named role', 'arn:aws:sts::111122223333:assumed-role/batch-bq-writer-evil/s', 'arn:aws:sts::111122223333:assumed-role/batch-bq-writer-evil', false],
    ['the same role name in another account', 'arn:aws:sts::444455556666:assumed-role/batch-bq-writer/s', 'arn:aws:sts::444455556666:assumed-role/batch-bq-writer', false],
    ['an IAM user', 'arn:aws:iam::111122223333:user/batch-bq-writer', 'arn:aws:iam::111122223333:user/batch-bq-writer', false],
  ])('GIVEN %s WHEN the mapping and condition are evaluated (CEL, with GCP\'s extract) THEN aws_role and the verdict are as GCP computes them', (_what, arn, role, admitted) => {
    const { doc } = given();
    const p = provider(doc, 'aws-prod');
    const mapped = evaluateCel(p.attribute_mapping['attribute.aws_role'], { assertion: { arn, account: arn.split(':')[4] } });
    expect(mapped).toEqual({ ok: true, value: role });
    expect(evaluateCel(p.attribute_condition, { assertion: { arn }, attribute: { aws_role: role } })).toEqual({ ok: true, value: admitted });
  });

  test('GIVEN the grants WHEN their credential configurations are read THEN what create-cred-config writes: AWS metadata for the role, the managed identity endpoint for the Entra identity', () => {
    const { adf, batch } = given();
    expect(batch.gcpAccess[0].credentialConfig).toEqual({
      universe_domain: 'googleapis.com', type: 'external_account',
      audience: `//iam.googleapis.com/${POOL}/providers/aws-prod`,
      subject_token_type: 'urn:ietf:params:aws:token-type:aws4_request',
      token_url: 'https://sts.googleapis.com/v1/token',
      service_account_impersonation_url: 'https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/bq-writer@acme-data.iam.gserviceaccount.com:generateAccessToken',
      credential_source: {
        environment_id: 'aws1',
        region_url: 'http://169.254.169.254/latest/meta-data/placement/availability-zone',
        url: 'http://169.254.169.254/latest/meta-data/iam/security-credentials',
        regional_cred_verification_url: 'https://sts.{region}.amazonaws.com?Action=GetCallerIdentity&Version=2011-06-15',
      },
    });
    expect(adf.gcpAccess[0].credentialConfig).toMatchObject({
      audience: `//iam.googleapis.com/${POOL}/providers/acme-entra`,
      subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      credential_source: {
        url: 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=api://acme-gcp-federation',
        headers: { Metadata: 'True' }, format: { type: 'json', subject_token_field_name: 'access_token' },
      },
    });
  });

  test('GIVEN the model WHEN synthesized twice THEN the same document, matching the snapshot', () => {
    const a = synthesizeGcpTerraform(cloudModel().model);
    expect(synthesizeGcpTerraform(cloudModel().model)).toEqual(a);
    expect(withoutVersions(terraformOf(a, FILE))).toMatchSnapshot();
  });
});
