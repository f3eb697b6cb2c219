import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { resourcesOf, synth } from './helpers';
import { cfnLint, requirePeer } from './peers';
import { S3IssuerHosting, S3IssuerHostingStack } from '../../lib/aws';
import { AwsIdentityStack } from '../../lib/aws/identity-stack';
import { synthesizeCloudFormation } from '../../lib/aws/synthesize';
import { issuerDocuments } from '../../lib/oidc/issuer-documents';
import { problemOf } from '../model/helpers';
import { FIXED_PEM, hostedModel } from '../oidc/fixtures';

const PUBLIC = '{ s3: { account: prod, bucketName: acme-onprem-oidc, region: eu-west-1 } }';
const CLOUDFRONT = '{ s3: { account: prod, bucketName: acme.onprem.oidc, region: eu-west-1, access: cloudfront, domainName: oidc.acme.example, certificateArn: "arn:aws:acm:us-east-1:111122223333:certificate/0a1b2c3d-0000-4000-8000-00000000abcd", path: clusters/onprem } }';
const STACK = 'hosted-aws-prod-issuer-onprem';
const documentsFor = (url: string) => issuerDocuments({ issuer: url, keys: [{ pem: FIXED_PEM, source: 'sa.pub' }] }).files.map(f => f.content);
const objectArn = (key: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^IssuerBucket'), 'Arn'] }, `/${key}`]] });

describe('S3IssuerHosting', () => {
  test('GIVEN a public-read S3 hosting (minimal) WHEN synthesized THEN its own stack in the bucket\'s region, anonymous read of the two documents only, and the documents crossfed issuer writes', () => {
    const model = hostedModel(PUBLIC, FIXED_PEM);
    const url = 'https://acme-onprem-oidc.s3.eu-west-1.amazonaws.com';
    expect(model.findIssuer('onprem')!.url).toBe(url);
    const s = synth(model);
    expect(s.paths).toEqual(['cloudformation/hosted-aws-prod.template.json', `cloudformation/${STACK}.template.json`]);
    const t = s.templates[STACK];
    expect(s.json[STACK].Metadata['crossfed:environment']).toEqual({ AccountId: '111122223333', Region: 'eu-west-1', Partition: 'aws' });
    t.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'acme-onprem-oidc',
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    t.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          { Sid: 'PublicReadOfTheIssuerDocuments', Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject', Resource: [objectArn('.well-known/openid-configuration'), objectArn('openid/v1/jwks')] },
        ],
      },
    });
    const docs = Object.values<any>(resourcesOf(s.json[STACK], 'Custom::CrossfedIssuerDocument')).map(r => r.Properties);
    expect(docs.map(d => [d.Key, d.ContentType, d.CacheControl])).toEqual([
      ['.well-known/openid-configuration', 'application/json', 'public, max-age=300'],
      ['openid/v1/jwks', 'application/json', 'public, max-age=300'],
    ]);
    expect(docs.map(d => d.Body)).toEqual(documentsFor(url));
    // The writer is inline (no asset, no bootstrap) and may touch the two keys only.
    t.hasResourceProperties('AWS::Lambda::Function', { Code: { ZipFile: Match.stringLikeRegexp('PutObjectCommand') }, Runtime: 'nodejs22.x' });
    t.hasResourceProperties('AWS::IAM::Policy', { PolicyDocument: { Statement: [{ Effect: 'Allow', Action: ['s3:PutObject', 's3:DeleteObject'], Resource: [objectArn('.well-known/openid-configuration'), objectArn('openid/v1/jwks')] }] } });
    expect(Object.keys(resourcesOf(s.json[STACK], 'Custom::CDKBucketDeployment'))).toEqual([]);
    expect(s.json[STACK].Parameters).toBeUndefined();
    t.hasOutput('*', { Value: url });
    expect(s.infos).toContain('crossfed:aws:no-thumbprint: The provider for self-managed issuer "onprem" has no thumbprint: acme-onprem-oidc.s3.eu-west-1.amazonaws.com (s3 hosting) has a certificate of a CA that IAM trusts, so IAM verifies it without one. [hosted-aws-prod/OidcProvider-onprem]');
    expect(s.json[STACK].Resources).toMatchSnapshot();
  });

  test('GIVEN a CloudFront hosting with a path (all props) WHEN synthesized THEN a private bucket read only by the distribution through an origin access control, on the issuer\'s own domain', () => {
    const model = hostedModel(CLOUDFRONT, FIXED_PEM);
    const url = 'https://oidc.acme.example/clusters/onprem';
    expect(model.findIssuer('onprem')!.url).toBe(url);
    const s = synth(model);
    const t = s.templates[STACK];
    t.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'acme.onprem.oidc',
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
    t.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    t.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['oidc.acme.example'],
        ViewerCertificate: { AcmCertificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/0a1b2c3d-0000-4000-8000-00000000abcd', MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'https-only', AllowedMethods: ['GET', 'HEAD'] }),
      }),
    });
    const statements = Object.values<any>(resourcesOf(s.json[STACK], 'AWS::S3::BucketPolicy'))[0].Properties.PolicyDocument.Statement;
    expect(statements.filter((x: any) => x.Effect === 'Allow').map((x: any) => [x.Principal, x.Action, Object.keys(x.Condition?.StringEquals ?? {})])).toEqual([
      [{ Service: 'cloudfront.amazonaws.com' }, 's3:GetObject', ['AWS:SourceArn']],
    ]);
    const docs = Object.values<any>(resourcesOf(s.json[STACK], 'Custom::CrossfedIssuerDocument')).map(r => r.Properties);
    expect(docs.map(d => d.Key)).toEqual(['clusters/onprem/.well-known/openid-configuration', 'clusters/onprem/openid/v1/jwks']);
    expect(docs.map(d => d.Body)).toEqual(documentsFor(url));
    expect(JSON.parse(docs[0].Body).jwks_uri).toBe('https://oidc.acme.example/clusters/onprem/openid/v1/jwks');
    t.hasOutput('*', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^IssuerDistribution'), 'DomainName'] } });
    expect(s.json[STACK].Resources).toMatchSnapshot();
  });

  test('GIVEN the hosting in a stack of another region, or an issuer without S3 hosting WHEN constructed THEN refused with the construct path, the value and the fix', () => {
    const model = hostedModel(PUBLIC, FIXED_PEM);
    const app = new App();
    const stack = new AwsIdentityStack(app, 'ids', { account: model.findAwsAccount('prod')! });
    const p = problemOf(() => new S3IssuerHosting(stack, 'Hosting', { issuer: model.findIssuer('onprem')! }));
    expect([p.where, p.field, p.value, p.problem]).toEqual(['ids/Hosting', 'region', 'us-east-1', 'is not the bucket\'s region (eu-west-1), which is part of the issuer URL']);
    expect(p.fix).toBe('add the construct to a stack with env.region "eu-west-1"');
    const gcs = hostedModel('{ gcs: { project: data, bucketName: acme-onprem-oidc } }', FIXED_PEM);
    expect(problemOf(() => new S3IssuerHostingStack(new App(), 'h', { issuer: gcs.findIssuer('onprem')! })).problem).toBe('has no S3 hosting');
  });
});

describe('S3 hosting templates against real peers', () => {
  test('GIVEN the public-read and the CloudFront hosting WHEN synthesized with aws-cdk-lib\'s built-in validation and linted by cfn-lint THEN neither reports anything', () => {
    requirePeer('cfn-lint', 'pip install cfn-lint');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crossfed-s3-hosting-'));
    try {
      const files = [PUBLIC, CLOUDFRONT].map((h, i) => {
        // synthesizeCloudFormation fails on any finding of the built-in validator.
        const f = synthesizeCloudFormation(hostedModel(h, FIXED_PEM), { validation: true }).find(x => x.path.endsWith('-issuer-onprem.template.json'))!;
        const file = path.join(dir, `${i}-${path.basename(f.path)}`);
        fs.writeFileSync(file, f.content);
        return file;
      });
      expect(cfnLint(files).map(f => `${path.basename(f.Filename)}: ${f.Level} ${f.Rule.Id} ${f.Message}`)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
