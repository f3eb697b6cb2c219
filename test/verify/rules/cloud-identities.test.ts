import { checkArtifacts, parseArtifacts } from '../../../lib/verify';
import { staticExchange } from '../../../lib/verify/private/static-exchange';
import { ruleContext } from '../../../lib/verify/rules/context';
import { cfn, findingsOf, role, summary, tf, webIdentity } from '../builders';

const SA_ID = '100000000000000000001';
const ENTRA_V1 = 'https://sts.windows.net/11111111-2222-3333-4444-555555555555/';
const POOL_NAME = 'projects/123456789012/locations/global/workloadIdentityPools/crossfed';

/** The trust crossfed writes for a Google service account. */
const googleTrust = (condition: Record<string, unknown>) => role([webIdentity(condition, 'accounts.google.com')]);

/** A pool with an AWS provider for account 111122223333 and a principal-set binding on the Batch role. */
function awsPool(provider: Record<string, unknown> = {}) {
  return tf({
    google_iam_workload_identity_pool: { pool: { project: '123456789012', workload_identity_pool_id: 'crossfed' } },
    google_iam_workload_identity_pool_provider: {
      aws: {
        project: '123456789012', workload_identity_pool_id: 'crossfed', workload_identity_pool_provider_id: 'aws-prod', aws: { account_id: '111122223333' },
        attribute_condition: 'attribute.aws_role == \'arn:aws:sts::111122223333:assumed-role/batch-bq-writer\'', ...provider,
      },
    },
    google_service_account_iam_member: {
      wif: { service_account_id: 'projects/acme-data/serviceAccounts/bq-writer@acme-data.iam.gserviceaccount.com', role: 'roles/iam.workloadIdentityUser', member: `principalSet://iam.googleapis.com/${POOL_NAME}/attribute.aws_role/arn:aws:sts::111122223333:assumed-role/batch-bq-writer` },
    },
  }, 'terraform/gcp/cdk.tf.json');
}

describe('aws-google-trust', () => {
  const id = 'aws-google-trust';
  test('GIVEN the trust crossfed writes (unique id in :aud and :sub, audience in :oaud) WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [cfn({ R: googleTrust({ StringEquals: { 'accounts.google.com:aud': SA_ID, 'accounts.google.com:oaud': 'sts.amazonaws.com', 'accounts.google.com:sub': SA_ID } }) })])).toEqual([]);
  });

  test('GIVEN a trust pinning only the audience WHEN checked THEN error: every Google account that asks for it gets in', () => {
    const f = findingsOf(id, [cfn({ R: googleTrust({ StringEquals: { 'accounts.google.com:oaud': 'sts.amazonaws.com' } }) })]);
    expect(summary(f)).toEqual(['error R: statement 0 trusts accounts.google.com with no exact condition on accounts.google.com:sub or accounts.google.com:aud: the ID token of every Google account that asks for the audience can assume the role']);
    expect(f[0].fix).toBe('add "StringEquals": { "accounts.google.com:aud": "<unique id>", "accounts.google.com:sub": "<unique id>" } to statement 0');
  });

  test('GIVEN the audience written in accounts.google.com:aud WHEN checked THEN error: that key holds the azp, so the role is unreachable', () => {
    const f = findingsOf(id, [cfn({ R: googleTrust({ StringEquals: { 'accounts.google.com:aud': 'sts.amazonaws.com', 'accounts.google.com:sub': SA_ID } }) })]);
    expect(summary(f)).toEqual(['error R: statement 0: accounts.google.com:aud is "sts.amazonaws.com", but for a service account\'s ID token that key holds its azp, the numeric unique id; the token\'s aud is accounts.google.com:oaud: no service account\'s token matches, so the role is unreachable']);
    expect(f[0].fix).toBe('move "sts.amazonaws.com" to accounts.google.com:oaud, and set accounts.google.com:aud and accounts.google.com:sub to the service account\'s unique id');
  });

  test('GIVEN the service account pinned but no :oaud WHEN checked THEN a warning: tokens for any audience get in', () => {
    const f = findingsOf(id, [cfn({ R: googleTrust({ StringEquals: { 'accounts.google.com:aud': SA_ID, 'accounts.google.com:sub': SA_ID } }) })]);
    expect(summary(f)).toEqual(['warning R: statement 0 trusts accounts.google.com with no exact condition on accounts.google.com:oaud: an ID token the service account asked for any other audience also assumes the role']);
  });

  test('GIVEN :sub pinned with StringLike (a pattern) WHEN checked THEN it does not count as pinned', () => {
    expect(findingsOf(id, [cfn({ R: googleTrust({ StringLike: { 'accounts.google.com:sub': '1000*' }, StringEquals: { 'accounts.google.com:oaud': 'x' } }) })]).map(f => f.severity)).toEqual(['error']);
  });

  test('GIVEN an EKS web-identity trust WHEN checked THEN the rule does not apply', () => {
    expect(findingsOf(id, [cfn({ R: role([webIdentity({ StringEquals: { 'x:sub': 'y' } })]) })])).toEqual([]);
  });
});

describe('azure rules: federated credentials for Google', () => {
  const fic = (issuer: string, subject: string) => tf({
    azuread_application: { app: { display_name: 'dataflow-reader' } },
    azuread_application_federated_identity_credential: { c: { application_id: '${azuread_application.app.id}', display_name: 'google-dataflow', issuer, subject, audiences: ['api://AzureADTokenExchange'] } },
  });

  test('GIVEN the unique id WHEN checked THEN no finding', () => {
    expect(findingsOf('azure-fic-subject-mismatch', [fic('https://accounts.google.com', SA_ID)])).toEqual([]);
  });

  test('GIVEN the service account\'s email as subject WHEN checked THEN error: tokens carry the unique id', () => {
    const f = findingsOf('azure-fic-subject-mismatch', [fic('https://accounts.google.com', 'dataflow-worker@acme-data.iam.gserviceaccount.com')]);
    expect(summary(f)).toEqual(['error azuread_application_federated_identity_credential.c: subject "dataflow-worker@acme-data.iam.gserviceaccount.com" is not a Google service account\'s unique id, but Google ID tokens carry the unique id (a number) in sub, never the email: no token matches (AADSTS700213)']);
    expect(f[0].fix).toBe('set subject to the service account\'s unique id (gcloud iam service-accounts describe dataflow-worker@acme-data.iam.gserviceaccount.com --format=\'value(uniqueId)\')');
  });

  test('GIVEN the Google issuer with a trailing slash WHEN checked THEN error with the issuer tokens carry', () => {
    const f = findingsOf('azure-fic-issuer-mismatch', [fic('https://accounts.google.com/', SA_ID)]);
    expect(f.map(x => [x.message, x.fix])).toEqual([['issuer "https://accounts.google.com/" ends with "/", but Google ID tokens carry https://accounts.google.com without one: Entra ID compares it byte for byte with the token\'s iss (AADSTS700211)', 'set issuer to "https://accounts.google.com"']]);
  });
});

describe('GCP: AWS providers in the checker', () => {
  test('GIVEN an AWS provider in Terraform JSON WHEN parsed THEN its account, no issuer', () => {
    const g = parseArtifacts([awsPool()]);
    expect(g.parseErrors).toEqual([]);
    expect(g.gcp.providers[0]).toMatchObject({ providerId: 'aws-prod', awsAccountId: '111122223333', projectNumber: '123456789012' });
    expect(g.gcp.providers[0].issuerUri).toBeUndefined();
  });

  test('GIVEN an AWS provider whose account is a variable WHEN checked THEN x-unresolved names aws.account_id', () => {
    const f = findingsOf('x-unresolved', [awsPool({ aws: { account_id: '${var.aws_account}' } })]);
    expect(f.map(x => x.message)).toEqual(['aws.account_id is ${var.aws_account}: checks that need it were skipped']);
  });

  test('GIVEN an AWS provider without attribute condition WHEN checked THEN a warning naming the account', () => {
    const f = findingsOf('gcp-condition-missing', [awsPool({ attribute_condition: undefined })]);
    expect(summary(f)).toEqual(['warning google_iam_workload_identity_pool_provider.aws: has no attribute_condition: every role and user of AWS account 111122223333 can exchange for a principal of the pool']);
  });

  test('GIVEN an AWS provider with no mapping and a principal set on attribute.aws_role WHEN checked THEN no finding: GCP\'s default mapping maps it', () => {
    expect(findingsOf('gcp-principalset-unmapped', [awsPool()])).toEqual([]);
  });

  test('GIVEN an AWS provider whose mapping leaves out attribute.aws_role WHEN checked THEN the principal set matches nobody', () => {
    const f = findingsOf('gcp-principalset-unmapped', [awsPool({ attribute_mapping: { 'google.subject': 'assertion.arn' } })]);
    expect(f.map(x => x.severity)).toEqual(['error']);
    expect(f[0].message).toContain('names attribute.aws_role, which no provider of pool "crossfed" maps (mapped: google.subject)');
  });

  test('GIVEN an AWS provider condition with startsWith WHEN checked THEN gcp-condition-prefix flags it', () => {
    const f = findingsOf('gcp-condition-prefix', [awsPool({ attribute_condition: 'attribute.aws_role.startsWith(\'arn:aws:sts::111122223333:assumed-role/batch\')' })]);
    expect(f.map(x => x.message)).toEqual(['attribute_condition tests attribute.aws_role with startsWith(): every value that starts with it passes (e.g. a service account "app-evil" for "app")']);
  });

  test('GIVEN a Kubernetes token whose credential configuration names the AWS provider WHEN the checker evaluates it THEN refused: it takes signed AWS requests', () => {
    const { graph } = checkArtifacts([awsPool()], { rules: [] });
    const v = staticExchange.exchange(graph, { iss: 'https://oidc.example.com', sub: 'system:serviceaccount:data:app', aud: [`//iam.googleapis.com/${POOL_NAME}/providers/aws-prod`] },
      { cloud: 'gcp', audience: `//iam.googleapis.com/${POOL_NAME}/providers/aws-prod`, serviceAccountEmail: 'bq-writer@acme-data.iam.gserviceaccount.com' });
    expect(v).toEqual({ accepted: false, step: 'provider', reason: 'invalid_request: provider google_iam_workload_identity_pool_provider.aws is an AWS provider (aws.account_id "111122223333"): it exchanges signed AWS GetCallerIdentity requests, not ID tokens' });
  });

  test('GIVEN an Entra v1.0 issuer WHEN its form is read THEN shared (every principal of the tenant)', () => {
    const ctx = ruleContext(parseArtifacts([]));
    expect([ctx.isShared(ENTRA_V1), ctx.isShared('https://accounts.google.com')]).toEqual([true, true]);
  });
});
