import { smallModel } from './fixtures';
import { problemOf, problemsOf } from './helpers';
import { IdentityModel, Issuer, IssuerHosting, S3IssuerAccess } from '../../lib/model';
import { FIXED_PEM, hostedModelText } from '../oidc/fixtures';

const CERT = 'arn:aws:acm:us-east-1:111122223333:certificate/0a1b2c3d-0000-4000-8000-00000000abcd';

describe('IssuerHosting: the issuer URL each hosting yields', () => {
  const { aws, gcp, azure } = smallModel();

  test.each([
    ['S3 public-read', () => IssuerHosting.s3({ account: aws, bucketName: 'acme-oidc', region: 'eu-west-1' }), 'https://acme-oidc.s3.eu-west-1.amazonaws.com'],
    ['S3 in the account\'s region, with a path', () => IssuerHosting.s3({ account: aws, bucketName: 'acme-oidc', path: 'clusters/a' }), 'https://acme-oidc.s3.us-east-1.amazonaws.com/clusters/a'],
    ['S3 in China', () => IssuerHosting.s3({ account: aws, bucketName: 'acme-oidc', region: 'cn-north-1' }), 'https://acme-oidc.s3.cn-north-1.amazonaws.com.cn'],
    ['S3 behind CloudFront', () => IssuerHosting.s3({ account: aws, bucketName: 'acme.oidc', access: S3IssuerAccess.CLOUDFRONT, domainName: 'oidc.acme.example', certificateArn: CERT }), 'https://oidc.acme.example'],
    ['GCS, trailing slash asked for', () => IssuerHosting.gcs({ project: gcp, bucketName: 'acme-oidc', trailingSlash: true }), 'https://storage.googleapis.com/acme-oidc/'],
    ['Azure blob container', () => IssuerHosting.azureStorage({ tenant: azure, storageAccountName: 'acmeoidc', resourceGroupName: 'rg-oidc', location: 'westeurope', containerName: 'issuer' }), 'https://acmeoidc.blob.core.windows.net/issuer'],
    ['Azure static website', () => IssuerHosting.azureStorage({ tenant: azure, storageAccountName: 'acmeoidc', resourceGroupName: 'rg-oidc', location: 'westeurope', staticWebsiteHost: 'acmeoidc.z13.web.core.windows.net' }), 'https://acmeoidc.z13.web.core.windows.net'],
  ])('GIVEN %s WHEN built THEN the issuer URL is exact, with no trailing slash unless asked', (_what, build, url) => {
    expect(build().url).toBe(url);
  });
});

describe('IssuerHosting and self-managed issuers: bad input', () => {
  const { aws, gcp, azure } = smallModel();

  test.each([
    ['a bucket with dots for public-read', () => IssuerHosting.s3({ account: aws, bucketName: 'acme.oidc' }), 'bucketName',
      'contains ".", so its https endpoint does not match the certificate *.s3.<region>.amazonaws.com and every cloud refuses the TLS connection', 'rename it, e.g. "acme-oidc", or serve it through CloudFront (access: cloudfront)'],
    ['CloudFront without a domain name', () => IssuerHosting.s3({ account: aws, bucketName: 'acme-oidc', access: S3IssuerAccess.CLOUDFRONT }), 'domainName',
      'is missing (needed for access: cloudfront)', 'add domainName; a distribution\'s *.cloudfront.net name is known only after the deploy, too late for the trust the clouds need'],
    ['a certificate outside us-east-1', () => IssuerHosting.s3({ account: aws, bucketName: 'acme-oidc', access: S3IssuerAccess.CLOUDFRONT, domainName: 'oidc.acme.example', certificateArn: CERT.replace('us-east-1', 'eu-west-1') }), 'certificateArn',
      'is not an ACM certificate ARN in us-east-1', 'request the certificate for oidc.acme.example in us-east-1'],
    ['a path with a leading slash', () => IssuerHosting.gcs({ project: gcp, bucketName: 'acme-oidc', path: '/clusters' }), 'path', 'is not a path for the documents', 'use e.g. "clusters/onprem"'],
    ['a static website host of another account', () => IssuerHosting.azureStorage({ tenant: azure, storageAccountName: 'acmeoidc', resourceGroupName: 'rg', location: 'westeurope', staticWebsiteHost: 'other.z1.web.core.windows.net' }), 'staticWebsiteHost',
      'is not the static website host of storage account "acmeoidc"', 'copy it from `az storage account show -n acmeoidc --query primaryEndpoints.web -o tsv` (drop https:// and the "/")'],
  ])('GIVEN %s WHEN built THEN refused naming the field, the problem and the fix', (_what, build, field, problem, fix) => {
    const p = problemOf(build);
    expect([p.field, p.problem, p.fix]).toEqual([field, problem, fix]);
  });

  test('GIVEN a url that is not the one the hosting serves WHEN the issuer is built THEN refused with the URL to use', () => {
    const hosting = IssuerHosting.s3({ account: aws, bucketName: 'acme-oidc', region: 'eu-west-1' });
    const p = problemOf(() => Issuer.selfManaged({ name: 'onprem', url: 'https://acme-oidc.s3.eu-west-1.amazonaws.com/', hosting, publicKeys: [FIXED_PEM] }));
    expect([p.field, p.problem, p.allowed]).toEqual(['url', 'is not the issuer URL the s3 hosting serves (https://acme-oidc.s3.eu-west-1.amazonaws.com), byte for byte', 'https://acme-oidc.s3.eu-west-1.amazonaws.com']);
    expect(p.fix).toBe('set url to "https://acme-oidc.s3.eu-west-1.amazonaws.com" (or leave it out), and start kube-apiserver with --service-account-issuer=https://acme-oidc.s3.eu-west-1.amazonaws.com');
  });

  test('GIVEN a hosting without keys, or keys without a hosting WHEN the issuer is built THEN refused', () => {
    const hosting = IssuerHosting.gcs({ project: gcp, bucketName: 'acme-oidc' });
    expect(problemOf(() => Issuer.selfManaged({ name: 'onprem', hosting })).problem).toBe('is missing: the hosting has no keys to publish');
    expect(problemOf(() => Issuer.selfManaged({ name: 'onprem', url: 'https://oidc.acme.example', publicKeys: [FIXED_PEM] })).problem).toBe('are given, but no hosting publishes them');
    expect(problemOf(() => Issuer.selfManaged({ name: 'onprem', hosting, publicKeys: ['not a key'] })).field).toBe('publicKeys[0]');
  });

  test('GIVEN a hosting in a cloud another model declares WHEN the issuer is added THEN refused', () => {
    const other = smallModel();
    const issuer = Issuer.selfManaged({ name: 'onprem', hosting: IssuerHosting.s3({ account: other.aws, bucketName: 'acme-oidc' }), publicKeys: [FIXED_PEM] });
    expect(problemOf(() => new IdentityModel({ name: 'm' }).addIssuer(issuer)).problem).toBe('names a aws cloud that this model does not declare');
  });
});

describe('hosting in a model file', () => {
  test('GIVEN a hosting whose bucket name is invalid WHEN loaded THEN the error is at the field\'s line and names its file path', () => {
    const text = hostedModelText('\n      s3:\n        account: prod\n        bucketName: Acme_OIDC', FIXED_PEM);
    const p = problemOf(() => IdentityModel.fromText(text, 'team.yaml'));
    expect([p.where, p.field, p.value, p.problem]).toEqual(['team.yaml:12:21', 'issuers[0].hosting.s3.bucketName', 'Acme_OIDC', 'is not a valid S3 bucket name']);
  });

  test('GIVEN a hosting naming an undeclared account WHEN loaded THEN the error suggests the declared one', () => {
    const p = problemOf(() => IdentityModel.fromText(hostedModelText('{ s3: { account: prd, bucketName: acme-oidc } }', FIXED_PEM), 'team.yaml'));
    expect([p.field, p.problem, p.fix]).toEqual(['issuers[0].hosting.s3.account', 'names a aws cloud that this model does not declare', 'did you mean "prod"?']);
  });

  test('GIVEN two hostings, or a hosting on an EKS issuer WHEN loaded THEN refused', () => {
    const two = problemOf(() => IdentityModel.fromText(hostedModelText('{ s3: { account: prod, bucketName: acme-oidc }, gcs: { project: data, bucketName: acme-oidc } }', FIXED_PEM), 'team.yaml'));
    expect([two.field, two.problem]).toEqual(['issuers[0].hosting', 'has several hostings']);
    const text = hostedModelText('{ gcs: { project: data, bucketName: acme-oidc } }', FIXED_PEM).replace('kind: self-managed', 'kind: eks\n    url: https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE');
    const problems = problemsOf(() => IdentityModel.fromText(text, 'team.yaml'));
    expect(problems.map(p => [p.field, p.problem])).toContainEqual(['issuers[0].hosting', 'is set on a eks issuer']);
  });

  test('GIVEN a hosted issuer listed as an existing OIDC provider WHEN loaded THEN refused: crossfed creates its provider', () => {
    const text = hostedModelText('{ s3: { account: prod, bucketName: acme-oidc } }', FIXED_PEM).replace('region: us-east-1 }', 'region: us-east-1, existingOidcProviders: [onprem] }');
    const p = problemsOf(() => IdentityModel.fromText(text, 'team.yaml'))[0];
    expect([p.field, p.fix]).toEqual(['clouds.aws[0].existingOidcProviders[0]', 'remove it: crossfed creates the provider']);
  });
});
