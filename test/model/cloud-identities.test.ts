import { BATCH_ROLE_ARN, cloudModel, ENTRA_V1, MI_OBJECT_ID, SA_UNIQUE_ID, smallModel, TENANT } from './fixtures';
import { problemOf, problemsOf } from './helpers';
import { AccessMechanism, CloudPrincipal, IdentityModel, Issuer, IssuerKind } from '../../lib/model';

describe('cloud identity issuers', () => {
  test('GIVEN an Entra ID tenant with v1.0 tokens WHEN declared THEN the issuer is sts.windows.net with its trailing slash, shared', () => {
    const i = Issuer.entraId({ name: 'acme-entra', tenantId: TENANT, tokenVersion: 1 });
    expect(i.url).toBe(`https://sts.windows.net/${TENANT}/`);
    expect([i.kind, i.entraTokenVersion, i.shared, i.isCloudIdentity, i.isKubernetes]).toEqual([IssuerKind.ENTRA_ID, 1, true, true, false]);
    expect(i.awsSubKey).toBe(`sts.windows.net/${TENANT}/:sub`);
  });

  test('GIVEN an Entra ID tenant with v2.0 tokens WHEN declared THEN the issuer is login.microsoftonline.com/<tenant>/v2.0', () => {
    expect(Issuer.entraId({ name: 'acme-entra', tenantId: TENANT, tokenVersion: 2 }).url).toBe(`https://login.microsoftonline.com/${TENANT}/v2.0`);
  });

  test('GIVEN no token version WHEN declared THEN the error says it decides the issuer and how to find it out', () => {
    const p = problemOf(() => Issuer.entraId({ name: 'acme-entra', tenantId: TENANT } as any));
    expect(p.message).toBe('issuer[acme-entra]: tokenVersion is missing: it decides the issuer the tokens carry. Allowed: 1 (iss https://sts.windows.net/<tenant>/) or 2 (iss https://login.microsoftonline.com/<tenant>/v2.0). '
      + 'Fix: decode a token the principal gets (e.g. on jwt.ms) and read its "ver" and "iss"; a managed identity gets version 1 unless the application it asks for sets accessTokenAcceptedVersion to 2');
  });

  test('GIVEN token version 3 WHEN declared THEN refused', () => {
    expect(problemOf(() => Issuer.entraId({ name: 'acme-entra', tenantId: TENANT, tokenVersion: 3 })).problem).toBe('is not an Entra access token version');
  });

  test('GIVEN a tenant id in uppercase WHEN declared THEN refused: tokens carry it in lowercase', () => {
    const p = problemOf(() => Issuer.entraId({ name: 'acme-entra', tenantId: 'AAAA1111-2222-3333-4444-555555555555', tokenVersion: 1 }));
    expect(p.field).toBe('tenantId');
    expect(p.problem).toBe('has uppercase letters, but Entra tokens carry the tenant id in lowercase and the clouds compare issuers byte for byte');
    expect(p.fix).toBe('did you mean "aaaa1111-2222-3333-4444-555555555555"?');
  });

  test('GIVEN a tenant name instead of its id WHEN declared THEN the GUID error', () => {
    expect(problemOf(() => Issuer.entraId({ name: 'acme-entra', tenantId: 'acme.onmicrosoft.com', tokenVersion: 1 })).problem).toBe('is not a GUID');
  });

  test('GIVEN Google WHEN declared THEN the one accounts.google.com issuer, shared by every Google account', () => {
    const g = Issuer.google({ name: 'google' });
    expect([g.url, g.shared, g.awsSubKey]).toEqual(['https://accounts.google.com', true, 'accounts.google.com:sub']);
  });

  test('GIVEN an AWS account WHEN declared THEN its "issuer" is the account principal ARN', () => {
    const a = Issuer.awsAccount({ name: 'aws-prod', accountId: '111122223333' });
    expect([a.url, a.awsAccountId, a.awsPartition, a.isCloudIdentity]).toEqual(['arn:aws:iam::111122223333:root', '111122223333', 'aws', true]);
    expect(problemOf(() => Issuer.awsAccount({ name: 'aws-prod', accountId: '11112222333' })).allowed).toContain('exactly 12 digits');
    expect(problemOf(() => Issuer.awsAccount({ name: 'aws-prod', accountId: '111122223333', partition: 'aws-eu' })).message)
      .toBe('issuer[aws-prod]: partition "aws-eu" is not an AWS partition. Allowed: "aws", "aws-cn" or "aws-us-gov". Fix: leave it unset for the commercial regions ("aws")');
  });
});

describe('cloud principals', () => {
  test('GIVEN an object id WHEN built THEN it is the subject', () => {
    expect(CloudPrincipal.entraObjectId(MI_OBJECT_ID).subject).toBe(MI_OBJECT_ID);
  });

  test('GIVEN an object id that is no GUID WHEN built THEN the error says where to copy it from', () => {
    const p = problemOf(() => CloudPrincipal.entraObjectId('adf-ingest'));
    expect(p.message).toBe('principal: objectId "adf-ingest" is not an Entra object id. Allowed: the principal\'s object id, a GUID such as 00000000-0000-0000-0000-000000000000. '
      + 'Fix: copy the "Object (principal) ID": `az identity show --query principalId` (user-assigned) or `az datafactory show --query identity.principalId` (a data factory\'s own identity)');
  });

  test('GIVEN an object id in uppercase WHEN built THEN refused with the lowercase one', () => {
    const p = problemOf(() => CloudPrincipal.entraObjectId(MI_OBJECT_ID.toUpperCase()));
    expect(p.problem).toBe('has uppercase letters, but Entra tokens carry the object id in lowercase and trusts compare subjects byte for byte');
    expect(p.fix).toBe(`did you mean "${MI_OBJECT_ID}"?`);
  });

  test('GIVEN a 21-digit unique id WHEN built THEN it is the subject; the email is kept for reviewers', () => {
    const p = CloudPrincipal.googleServiceAccount(SA_UNIQUE_ID, 'dataflow-worker@acme-data.iam.gserviceaccount.com');
    expect([p.subject, p.parts.email]).toEqual([SA_UNIQUE_ID, 'dataflow-worker@acme-data.iam.gserviceaccount.com']);
    expect(CloudPrincipal.googleServiceAccount(SA_UNIQUE_ID, '123456789012-compute@developer.gserviceaccount.com').parts.email).toBe('123456789012-compute@developer.gserviceaccount.com');
  });

  test.each(['10000000000000000001', '1000000000000000000011', '10000000000000000000a'])('GIVEN unique id %p WHEN built THEN refused: 21 digits', id => {
    const p = problemOf(() => CloudPrincipal.googleServiceAccount(id));
    expect(p.message).toBe(`principal: uniqueId "${id}" is not a Google service account unique id. Allowed: the service account's uniqueId: 21 digits, quoted in YAML. `
      + 'Fix: run `gcloud iam service-accounts describe <email> --format=\'value(uniqueId)\'`');
  });

  test('GIVEN the email instead of the unique id WHEN built THEN the error says the tokens carry the id', () => {
    const p = problemOf(() => CloudPrincipal.googleServiceAccount('dataflow-worker@acme-data.iam.gserviceaccount.com'));
    expect(p.problem).toBe('is an email, but Google ID tokens carry the service account\'s unique id in sub');
    expect(p.fix).toBe('run `gcloud iam service-accounts describe dataflow-worker@acme-data.iam.gserviceaccount.com --format=\'value(uniqueId)\'`');
  });

  test('GIVEN a malformed email WHEN built THEN refused', () => {
    expect(problemOf(() => CloudPrincipal.googleServiceAccount(SA_UNIQUE_ID, 'dataflow-worker@acme-data')).field).toBe('serviceAccountEmail');
  });

  test('GIVEN a role ARN with a path WHEN built THEN the subject is the assumed-role ARN without the path', () => {
    const p = CloudPrincipal.awsRole('arn:aws:iam::111122223333:role/batch/jobs/batch-bq-writer');
    expect(p.subject).toBe('arn:aws:sts::111122223333:assumed-role/batch-bq-writer');
    expect(p.parts).toEqual({ roleArn: 'arn:aws:iam::111122223333:role/batch/jobs/batch-bq-writer', partition: 'aws', accountId: '111122223333', roleName: 'batch-bq-writer' });
  });

  test('GIVEN a session ARN WHEN built THEN the error suggests the role ARN', () => {
    const p = problemOf(() => CloudPrincipal.awsRole('arn:aws:sts::111122223333:assumed-role/batch-bq-writer/i-0123456789abcdef0'));
    expect(p.problem).toBe('is the ARN of one session of the role, not of the role');
    expect(p.fix).toBe('did you mean "arn:aws:iam::111122223333:role/batch-bq-writer"?');
  });

  test.each(['arn:aws:iam::111122223333:user/batch', 'arn:aws:iam::11112222333:role/batch', `arn:aws:iam::111122223333:role/${'r'.repeat(65)}`])('GIVEN %p WHEN built as a role THEN refused', arn => {
    const p = problemOf(() => CloudPrincipal.awsRole(arn));
    expect(p.message).toBe(`principal: roleArn "${arn}" is not an IAM role ARN. Allowed: arn:aws:iam::<12-digit account>:role/[<path>/]<name of at most 64 characters>. Fix: copy it from \`aws iam get-role --role-name <name> --query Role.Arn\``);
  });
});

describe('cloud workloads', () => {
  test('GIVEN the cloud model WHEN built THEN each identity has its subject and the cloud-identity mechanism to AWS', () => {
    const { adf, dataflow, batch } = cloudModel();
    expect([adf.subject, dataflow.subject, batch.subject]).toEqual([MI_OBJECT_ID, SA_UNIQUE_ID, 'arn:aws:sts::111122223333:assumed-role/batch-bq-writer']);
    expect([adf.awsAccess[0].mechanism, adf.awsAccess[0].audience]).toEqual([AccessMechanism.CLOUD_IDENTITY, 'api://acme-aws-federation']);
    expect([adf.gcpAccess[0].audience, batch.gcpAccess[0].audience]).toEqual(['api://acme-gcp-federation', '//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/crossfed/providers/aws-prod']);
  });

  test('GIVEN a principal of another kind WHEN added THEN refused with the factory to use', () => {
    const { model } = smallModel();
    const entra = model.addIssuer(Issuer.entraId({ name: 'acme-entra', tenantId: TENANT, tokenVersion: 1 }));
    const p = problemOf(() => model.addCloudWorkload({ issuer: entra, name: 'adf', principal: CloudPrincipal.googleServiceAccount(SA_UNIQUE_ID) }));
    expect(p.problem).toBe('is a google principal but the issuer "acme-entra" is entra-id');
    expect(p.fix).toBe('build it with CloudPrincipal.entraObjectId(…) (model file: `objectId:`)');
  });

  test('GIVEN a role of another account WHEN added to an AWS issuer THEN refused', () => {
    const { model } = smallModel();
    const awsProd = model.addIssuer(Issuer.awsAccount({ name: 'aws-prod', accountId: '111122223333' }));
    const p = problemOf(() => model.addCloudWorkload({ issuer: awsProd, name: 'batch', principal: CloudPrincipal.awsRole('arn:aws:iam::444455556666:role/batch') }));
    expect(p.message).toBe('workload[aws-prod/batch]: roleArn "arn:aws:iam::444455556666:role/batch" is a role of account 444455556666 (aws), but issuer "aws-prod" is account 111122223333 (aws). Allowed: a role of account 111122223333. Fix: declare an aws issuer for account 444455556666, or fix the ARN');
  });

  test('GIVEN a cloud issuer WHEN used for a service account or a CI pipeline THEN the error points to addCloudWorkload', () => {
    const { model } = smallModel();
    const google = model.addIssuer(Issuer.google({ name: 'google' }));
    expect(problemOf(() => model.addWorkload({ issuer: google, namespace: 'data', serviceAccount: 'app' })).fix).toBe('declare its principals with addCloudWorkload and CloudPrincipal.googleServiceAccount(…) (model file: `uniqueId:`)');
    expect(problemOf(() => model.addCiWorkload({ issuer: google, name: 'x', subject: undefined as any })).problem).toBe('is a cloud identity source (google)');
  });

  test('GIVEN a cluster WHEN used for a cloud identity THEN refused', () => {
    const { model, eks } = smallModel();
    expect(problemOf(() => model.addCloudWorkload({ issuer: eks, name: 'x', principal: CloudPrincipal.entraObjectId(MI_OBJECT_ID) })).problem).toBe('is a eks issuer, not a cloud identity source');
  });
});

describe('cloud grants', () => {
  test('GIVEN an Entra ID grant to AWS without audience WHEN granted THEN the error asks for the application ID URI', () => {
    const { model, aws } = smallModel();
    const entra = model.addIssuer(Issuer.entraId({ name: 'acme-entra', tenantId: TENANT, tokenVersion: 1 }));
    const adf = model.addCloudWorkload({ issuer: entra, name: 'adf', principal: CloudPrincipal.entraObjectId(MI_OBJECT_ID) });
    const p = problemOf(() => adf.grantAws(aws, { roleName: 'adf' }));
    expect(p.message).toBe('workload[acme-entra/adf].aws[prod]: audience is missing: an Entra ID token carries the application it was requested for, and AWS must pin it. '
      + 'Allowed: the application ID URI the identity requests its token for, e.g. "api://acme-aws-federation". Fix: register an application for the federation (az ad app create … --identifier-uris api://<name>) and set audience to its application ID URI');
  });

  test('GIVEN a Google grant to AWS without audience WHEN granted THEN the error asks for one', () => {
    const { model, aws } = smallModel();
    const google = model.addIssuer(Issuer.google({ name: 'google' }));
    const sa = model.addCloudWorkload({ issuer: google, name: 'df', principal: CloudPrincipal.googleServiceAccount(SA_UNIQUE_ID) });
    const p = problemOf(() => sa.grantAws(aws, { roleName: 'df' }));
    expect(p.problem).toBe('is missing: a Google ID token carries the audience the service account asks for, and AWS must pin it');
    expect(p.allowed).toBe('the audience the service account asks for, e.g. "sts.amazonaws.com"');
  });

  test.each([['api://acme aws', 'is not a valid audience'], ['api://*', 'is not a valid audience'], ['acme-aws-federation', 'is neither an application ID URI nor a client id']])('GIVEN Entra audience %p WHEN granted THEN refused (%s)', (audience, what) => {
    const { model, aws } = smallModel();
    const entra = model.addIssuer(Issuer.entraId({ name: 'acme-entra', tenantId: TENANT, tokenVersion: 1 }));
    const adf = model.addCloudWorkload({ issuer: entra, name: 'adf', principal: CloudPrincipal.entraObjectId(MI_OBJECT_ID) });
    expect(problemOf(() => adf.grantAws(aws, { roleName: 'adf', audience })).problem).toBe(what);
  });

  test('GIVEN v2.0 tokens and an application ID URI as audience WHEN granted THEN refused: v2.0 tokens carry the client id', () => {
    const { model, aws } = smallModel();
    const entra = model.addIssuer(Issuer.entraId({ name: 'acme-entra', tenantId: TENANT, tokenVersion: 2 }));
    const adf = model.addCloudWorkload({ issuer: entra, name: 'adf', principal: CloudPrincipal.entraObjectId(MI_OBJECT_ID) });
    const p = problemOf(() => adf.grantAws(aws, { roleName: 'adf', audience: 'api://acme-aws-federation' }));
    expect(p.problem).toBe('is not a client id, but the v2.0 tokens of issuer "acme-entra" always carry the application\'s client id in aud, never its application ID URI');
    expect(adf.grantAws(aws, { roleName: 'adf', audience: '0b0b0b0b-1111-4000-8000-000000000001' }).audience).toBe('0b0b0b0b-1111-4000-8000-000000000001');
  });

  test('GIVEN an audience on a Kubernetes grant WHEN granted THEN refused: the model gives each cloud its audience', () => {
    const { model, eks, aws } = smallModel();
    const w = model.addWorkload({ issuer: eks, namespace: 'data', serviceAccount: 'app' });
    const p = problemOf(() => w.grantAws(aws, { audience: 'api://x' }));
    expect(p.problem).toBe('applies to cloud identities only (entra-id and google issuers), not to a Kubernetes service account');
  });

  test('GIVEN an audience on an AWS role\'s GCP grant WHEN granted THEN refused: the signed request names the provider', () => {
    const { model, gcp } = smallModel();
    const awsProd = model.addIssuer(Issuer.awsAccount({ name: 'aws-prod', accountId: '111122223333' }));
    const batch = model.addCloudWorkload({ issuer: awsProd, name: 'batch', principal: CloudPrincipal.awsRole(BATCH_ROLE_ARN) });
    expect(problemOf(() => batch.grantGcp(gcp, { serviceAccount: 'bq-writer', audience: 'api://x' })).problem)
      .toBe('does not apply to an AWS role: its signed request names the GCP pool provider itself (x-goog-cloud-target-resource)');
  });

  test('GIVEN two Entra identities of one tenant with different audiences into one project WHEN granted THEN refused: one provider, one audience', () => {
    const { model, gcp } = smallModel();
    const entra = model.addIssuer(Issuer.entraId({ name: 'acme-entra', tenantId: TENANT, tokenVersion: 1 }));
    model.addCloudWorkload({ issuer: entra, name: 'adf', principal: CloudPrincipal.entraObjectId(MI_OBJECT_ID) }).grantGcp(gcp, { serviceAccount: 'adf-ingest', audience: 'api://acme-gcp-federation' });
    const fn = model.addCloudWorkload({ issuer: entra, name: 'func', principal: CloudPrincipal.entraObjectId('bbbbbbbb-0000-4000-8000-000000000001') });
    const p = problemOf(() => fn.grantGcp(gcp, { serviceAccount: 'func-reader', audience: 'api://other' }));
    expect(p.message).toBe('workload[acme-entra/func].gcp[data]: audience "api://other" differs from "api://acme-gcp-federation", the audience of the other grants of issuer "acme-entra" in project acme-data: they share one pool provider, and its allowed audience. '
      + 'Allowed: "api://acme-gcp-federation". Fix: request tokens for the same application ID URI for every grant of this tenant into the project, or federate through another project\'s pool');
  });

  test('GIVEN grants into the identity\'s own cloud WHEN granted THEN each is refused with what to do instead', () => {
    const { adf, dataflow, batch, azure, gcp, aws } = cloudModel();
    expect(problemOf(() => adf.grantAzure(azure, { application: 'x' })).fix).toBe('assign the roles to the managed identity or service principal directly (az role assignment create --assignee-object-id …), and remove this grant');
    expect(problemOf(() => dataflow.grantGcp(gcp, { serviceAccount: 'dataflow-x' })).problem).toBe('is granted to the Google service account dataflow-worker@acme-data.iam.gserviceaccount.com, which is already a GCP identity: no federation is involved');
    expect(problemOf(() => batch.grantAws(aws, { roleName: 'x' })).problem).toBe('grants AWS role "x" to the AWS role arn:aws:iam::111122223333:role/batch-bq-writer: AWS roles reach other roles with sts:AssumeRole (role chaining), not through federation');
    expect(problemOf(() => batch.grantAzure(azure, { application: 'x' })).problem).toBe('is granted to the AWS role arn:aws:iam::111122223333:role/batch-bq-writer, but Entra ID federated credentials take OIDC tokens and an AWS role has none');
  });

  test('GIVEN a wildcard subject on a cloud identity WHEN granted THEN refused', () => {
    const { model, aws } = cloudModel();
    const other = model.addCloudWorkload({ issuer: model.findIssuer('acme-entra')!, name: 'func', principal: CloudPrincipal.entraObjectId('bbbbbbbb-0000-4000-8000-000000000001') });
    expect(problemOf(() => other.grantAws(aws, { roleName: 'func', audience: 'api://acme-aws-federation', wildcardSubject: 'bbbbbbbb-*' })).problem).toBe('does not apply to a cloud identity');
  });

  test('GIVEN a Google service account granted Azure WHEN granted THEN a federated credential for accounts.google.com with the unique id', () => {
    const { dataflow, azure } = cloudModel();
    const a = dataflow.grantAzure(azure, { application: 'dataflow-reader' });
    expect(a.credential).toEqual({ name: 'google-dataflow-worker', issuer: 'https://accounts.google.com', subject: SA_UNIQUE_ID, audience: 'api://AzureADTokenExchange', workloadId: 'google/dataflow-worker' });
    expect(a.mechanism).toBe(AccessMechanism.CLOUD_IDENTITY);
  });
});

describe('cloud identities in a model file', () => {
  const HEADER = `
clouds:
  aws: [{ name: prod, accountId: "111122223333" }]
  gcp: [{ name: data, projectId: acme-data, projectNumber: "123456789012" }]
issuers:
  - { name: acme-entra, kind: entra-id, tenantId: ${TENANT}, tokenVersion: 1 }
  - { name: google, kind: google }
  - { name: aws-prod, kind: aws, accountId: "111122223333" }
workloads:
`;

  test('GIVEN each kind WHEN loaded THEN the principals and grants are there', () => {
    const model = IdentityModel.fromText(`${HEADER}  - { issuer: acme-entra, name: adf, objectId: ${MI_OBJECT_ID}, aws: [{ account: prod, roleName: adf, audience: "api://acme-aws-federation" }] }
  - { issuer: google, name: df, uniqueId: "${SA_UNIQUE_ID}", serviceAccountEmail: df-worker@acme-data.iam.gserviceaccount.com, aws: [{ account: prod, roleName: df, audience: sts.amazonaws.com }] }
  - { issuer: aws-prod, name: batch, roleArn: "${BATCH_ROLE_ARN}", gcp: [{ project: data, serviceAccount: bq-writer }] }
`, 'm.yaml');
    expect(model.workloads.map(w => `${w.id} ${w.subject}`)).toEqual([`acme-entra/adf ${MI_OBJECT_ID}`, 'aws-prod/batch arn:aws:sts::111122223333:assumed-role/batch-bq-writer', `google/df ${SA_UNIQUE_ID}`]);
    expect(model.findIssuer('acme-entra')!.url).toBe(ENTRA_V1);
  });

  test('GIVEN an unquoted unique id WHEN loaded THEN the error says YAML reads it as a number that loses digits', () => {
    const [p] = problemsOf(() => IdentityModel.fromText(`${HEADER}  - issuer: google
    name: df
    uniqueId: ${SA_UNIQUE_ID}
`, 'm.yaml'));
    expect(p.where).toBe('m.yaml:12:15');
    expect(p.field).toBe('workloads[0].uniqueId');
    expect(p.problem).toBe('is a YAML number: a 21-digit id does not survive as one (it loses its last digits)');
    expect(p.fix).toBe('quote it, e.g. uniqueId: "100000000000000000001"');
  });

  test('GIVEN a bad object id WHEN loaded THEN the error names the field\'s position', () => {
    const [p] = problemsOf(() => IdentityModel.fromText(`${HEADER}  - issuer: acme-entra
    name: adf
    objectId: not-a-guid
`, 'm.yaml'));
    expect([p.where, p.field, p.problem]).toEqual(['m.yaml:12:15', 'workloads[0].objectId', 'is not an Entra object id']);
  });

  test('GIVEN the wrong principal field for the issuer WHEN loaded THEN refused naming the field the issuer takes', () => {
    const [p] = problemsOf(() => IdentityModel.fromText(`${HEADER}  - issuer: aws-prod
    name: batch
    objectId: ${MI_OBJECT_ID}
`, 'm.yaml'));
    expect(p.field).toBe('workloads[0].objectId');
    expect(p.problem).toBe('does not apply to aws issuer "aws-prod"');
    expect(p.allowed).toBe('roleArn: arn:aws:iam::<account>:role/<name>');
  });

  test('GIVEN a missing principal WHEN loaded THEN the field it needs is named', () => {
    const [p] = problemsOf(() => IdentityModel.fromText(`${HEADER}  - issuer: google
    name: df
`, 'm.yaml'));
    expect([p.field, p.problem, p.fix]).toEqual(['workloads[0].uniqueId', 'is missing', 'add uniqueId:']);
  });

  test('GIVEN a namespace on a cloud identity WHEN loaded THEN refused', () => {
    const [p] = problemsOf(() => IdentityModel.fromText(`${HEADER}  - issuer: acme-entra
    name: adf
    namespace: data
    objectId: ${MI_OBJECT_ID}
`, 'm.yaml'));
    expect([p.field, p.problem]).toEqual(['workloads[0].namespace', 'is set on a cloud identity (issuer "acme-entra" is entra-id)']);
  });

  test('GIVEN a principal field on a service account WHEN loaded THEN refused', () => {
    const text = `${HEADER.replace('issuers:\n', 'issuers:\n  - { name: prod-eks, kind: eks, url: "https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE" }\n')}  - issuer: prod-eks
    namespace: data
    serviceAccount: app
    roleArn: ${BATCH_ROLE_ARN}
`;
    const [p] = problemsOf(() => IdentityModel.fromText(text, 'm.yaml'));
    expect([p.field, p.problem]).toEqual(['workloads[0].roleArn', 'is set, but issuer "prod-eks" is eks, not a cloud identity source']);
  });

  test('GIVEN a url on an entra-id issuer WHEN loaded THEN refused: it is derived', () => {
    const [p] = problemsOf(() => IdentityModel.fromText(`issuers:\n  - { name: acme-entra, kind: entra-id, tenantId: ${TENANT}, tokenVersion: 1, url: "${ENTRA_V1}" }\n`, 'm.yaml'));
    expect([p.field, p.problem, p.allowed]).toEqual(['issuers[0].url', 'is derived for entra-id issuers, not given', 'tenantId and tokenVersion']);
  });

  test('GIVEN an entra-id issuer without tokenVersion WHEN loaded THEN the error is at the issuer', () => {
    const [p] = problemsOf(() => IdentityModel.fromText(`issuers:\n  - { name: acme-entra, kind: entra-id, tenantId: ${TENANT} }\n`, 'm.yaml'));
    expect([p.where, p.field, p.problem]).toEqual(['m.yaml:2:5', 'issuers[0].tokenVersion', 'is missing: it decides the issuer the tokens carry']);
  });
});

describe('one issuer URL, two kinds of workloads', () => {
  test('GIVEN an Entra-issued Azure DevOps issuer and the same tenant\'s v2.0 principals WHEN declared THEN refused with the way out', () => {
    const model = new IdentityModel();
    model.addIssuer(Issuer.azureDevOps({ name: 'acme-ado', organizationName: 'acme', tenantId: TENANT }));
    const p = problemOf(() => model.addIssuer(Issuer.entraId({ name: 'acme-entra', tenantId: TENANT, tokenVersion: 2 })));
    expect(p.field).toBe('tokenVersion');
    expect(p.problem).toBe(`gives the issuer https://login.microsoftonline.com/${TENANT}/v2.0, which the azure-devops issuer "acme-ado" (declared at issuer[acme-ado]) has too: the tenant's v2.0 tokens and Entra-issued Azure DevOps tokens share it, and crossfed models one kind of workload per issuer`);
    expect(p.fix).toBe('if the principals\' tokens are v1.0 (a managed identity\'s default), declare the entra-id issuer with tokenVersion: 1; otherwise federate them through another tenant\'s or the legacy vstoken issuer');
    // v1.0 tokens have their own issuer: both fit.
    expect(model.addIssuer(Issuer.entraId({ name: 'acme-entra', tenantId: TENANT, tokenVersion: 1 })).url).toBe(ENTRA_V1);
  });
});
