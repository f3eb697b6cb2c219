import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { resourcesOf, synth } from './helpers';
import { ACCOUNT, auditedAccounts, largeModel, nativeIrsa, OTHER_ACCOUNT } from './scenarios';
import { aws } from '../../lib';
import { problemOf } from '../model/helpers';

const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/federation-audit`;
const BUCKET = `crossfed-audit-${ACCOUNT}-us-east-1`;

describe('the audit trail crossfed creates', () => {
  const prod = () => synth(auditedAccounts()).templates['audited-aws-prod'];

  test('GIVEN an account whose audit setting asks for a trail WHEN synthesized THEN the trail records read and write management events in every region, with log file validation', () => {
    const t = prod();
    t.resourceCountIs('AWS::CloudTrail::Trail', 1);
    t.hasResourceProperties('AWS::CloudTrail::Trail', {
      TrailName: 'federation-audit', S3BucketName: BUCKET, IsLogging: true, IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true, EnableLogFileValidation: true,
      // AssumeRoleWithWebIdentity is a read-only management event: WriteOnly would miss every exchange.
      EventSelectors: [{ IncludeManagementEvents: true, ReadWriteType: 'All' }],
      KMSKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuditTrailKey'), 'Arn'] },
    });
  });

  test('GIVEN the trail\'s bucket WHEN synthesized THEN it is SSE-KMS encrypted with the trail\'s key, blocks public access, has ACLs off, versioning on, the retention, and is retained', () => {
    const t = prod();
    t.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain',
      Properties: {
        BucketName: BUCKET,
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuditTrailKey'), 'Arn'] } } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        VersioningConfiguration: { Status: 'Enabled' },
        LifecycleConfiguration: { Rules: [Match.objectLike({ Status: 'Enabled', ExpirationInDays: 2557, NoncurrentVersionExpiration: { NoncurrentDays: 2557 } })] },
      },
    });
    t.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ EnableKeyRotation: true }) });
  });

  test('GIVEN the bucket policy WHEN synthesized THEN TLS is required and only this trail may check the ACL and write, under AWSLogs/<account>/', () => {
    const json = synth(auditedAccounts()).json['audited-aws-prod'];
    const [policy] = Object.values<any>(resourcesOf(json, 'AWS::S3::BucketPolicy'));
    expect(policy.Properties.Bucket).toBe(BUCKET);
    const bySid = Object.fromEntries(policy.Properties.PolicyDocument.Statement.map((s: any) => [s.Sid, s]));
    expect(bySid.DenyInsecureTransport).toEqual({
      Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    expect(bySid.TrailChecksAcl).toMatchObject({ Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN } } });
    expect(bySid.TrailWritesLogFiles).toMatchObject({
      Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/AWSLogs/${ACCOUNT}/*`,
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': TRAIL_ARN } },
    });
    // The trail is created only once CloudTrail may write.
    const trail = Object.values<any>(resourcesOf(json, 'AWS::CloudTrail::Trail'))[0];
    expect(trail.DependsOn).toEqual(Object.keys(resourcesOf(json, 'AWS::S3::BucketPolicy')));
  });

  test('GIVEN the key policy WHEN synthesized THEN the account administers it and CloudTrail may encrypt only for this trail', () => {
    const json = synth(auditedAccounts()).json['audited-aws-prod'];
    const [key] = Object.values<any>(resourcesOf(json, 'AWS::KMS::Key'));
    const bySid = Object.fromEntries(key.Properties.KeyPolicy.Statement.map((s: any) => [s.Sid, s]));
    expect(Object.keys(bySid).sort()).toEqual(['AccountAdministersKey', 'TrailDescribesKey', 'TrailEncryptsLogFiles']);
    expect(bySid.AccountAdministersKey.Principal).toEqual({ AWS: `arn:aws:iam::${ACCOUNT}:root` });
    expect(bySid.TrailEncryptsLogFiles).toMatchObject({
      Action: 'kms:GenerateDataKey*',
      Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN }, StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${ACCOUNT}:trail/*` } },
    });
  });

  test('GIVEN the audit resources WHEN synthesized THEN no Lambda-backed custom resource is among them, and two synths are byte-identical', () => {
    const first = synth(auditedAccounts());
    const types = Object.values<any>(first.json['audited-aws-prod'].Resources).map(r => r.Type);
    expect(types.filter(x => /^Custom::|^AWS::Lambda::|^AWS::CloudFormation::CustomResource$/.test(x))).toEqual([]);
    expect(types.filter(x => /CloudTrail|S3|KMS/.test(x)).sort()).toEqual(['AWS::CloudTrail::Trail', 'AWS::KMS::Key', 'AWS::S3::Bucket', 'AWS::S3::BucketPolicy']);
    expect(synth(auditedAccounts()).json).toEqual(first.json);
    const audit = Object.fromEntries(Object.entries<any>(first.json['audited-aws-prod'].Resources).filter(([, r]) => /CloudTrail|S3|KMS/.test(r.Type)));
    expect(audit).toMatchSnapshot();
  });
});

describe('trails crossfed does not create', () => {
  test('GIVEN an existing log-archive bucket WHEN synthesized THEN only the trail is created, writing into it without a key of crossfed', () => {
    const t = synth(auditedAccounts()).templates['audited-aws-sandbox'];
    t.resourceCountIs('AWS::S3::Bucket', 0);
    t.resourceCountIs('AWS::S3::BucketPolicy', 0);
    t.resourceCountIs('AWS::KMS::Key', 0);
    t.hasResourceProperties('AWS::CloudTrail::Trail', { TrailName: 'crossfed-audit', S3BucketName: 'acme-log-archive', KMSKeyId: Match.absent(), IsMultiRegionTrail: true });
    expect(auditedAccounts().findAwsAccount('sandbox')!.audit!.trailArn).toBe(`arn:aws:cloudtrail:eu-west-1:${OTHER_ACCOUNT}:trail/crossfed-audit`);
  });

  test('GIVEN an organization trail WHEN synthesized THEN the account\'s stack has no trail, bucket or key (nothing duplicated)', () => {
    const json = synth(auditedAccounts()).json['audited-aws-org'];
    const types = Object.values<any>(json.Resources).map(r => r.Type);
    expect(types).toEqual(['AWS::IAM::OIDCProvider', 'AWS::IAM::Role']);
  });

  test('GIVEN no audit setting WHEN synthesized THEN nothing of CloudTrail is created', () => {
    const types = Object.values<any>(synth(nativeIrsa()).json['irsa-aws-prod'].Resources).map(r => r.Type);
    expect(types.some(x => /CloudTrail|KMS|S3/.test(x))).toBe(false);
  });
});

describe('where the trail goes', () => {
  test('GIVEN an account split over several stacks WHEN synthesized THEN the trail lives once, in the first stack with the providers', () => {
    const s = synth(largeModel(600, { audit: {} }));
    const trails = Object.entries(s.json).filter(([, t]) => Object.values<any>(t.Resources).some(r => r.Type === 'AWS::CloudTrail::Trail')).map(([name]) => name);
    expect(trails).toEqual(['large-aws-prod']);
    expect(s.paths).toEqual(synth(largeModel(600)).paths);
    expect(Object.values<any>(s.json['large-aws-prod'].Resources).filter(r => r.Type === 'AWS::IAM::OIDCProvider')).toHaveLength(4);
  });

  test('GIVEN AccountIdentities in a team\'s stack WHEN the model asks for a trail THEN it is rendered there, and not with auditTrail: false', () => {
    const model = auditedAccounts();
    const app = new App({ builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'Team', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const ids = new aws.AccountIdentities(stack, 'Ids', { account: model.findAwsAccount('prod')! });
    expect(ids.auditTrail?.trailArn).toBe(TRAIL_ARN);
    Template.fromStack(stack).resourceCountIs('AWS::CloudTrail::Trail', 1);
    const other = new Stack(new App({ builtinCloudFormationValidation: false }), 'Other', { env: { account: ACCOUNT, region: 'us-east-1' } });
    expect(new aws.AccountIdentities(other, 'Ids', { account: model.findAwsAccount('prod')!, auditTrail: false }).auditTrail).toBeUndefined();
    Template.fromStack(other).resourceCountIs('AWS::CloudTrail::Trail', 0);
  });

  test('GIVEN an account whose audit is an organization trail WHEN FederationAuditTrail is added by hand THEN the error names the path and why', () => {
    const model = auditedAccounts();
    const stack = new Stack(new App(), 'Team', { env: { account: '777788889999', region: 'us-east-1' } });
    const p = problemOf(() => new aws.FederationAuditTrail(stack, 'Trail', { account: model.findAwsAccount('org')! }));
    expect(p.message).toBe('Team/Trail: account "org" has audit settings under which crossfed creates no trail (the organization trail (not managed by crossfed)). '
      + 'Allowed: an account whose audit setting lets crossfed create the trail. Fix: render FederationAuditTrail only for accounts with audit.createsTrail');
  });

  test('GIVEN a stack of another region WHEN FederationAuditTrail is added THEN the error says where the trail belongs', () => {
    const stack = new Stack(new App(), 'Team', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    const p = problemOf(() => new aws.FederationAuditTrail(stack, 'Trail', { account: auditedAccounts().findAwsAccount('prod')! }));
    expect(p.field).toBe('region');
    expect(p.message).toContain('the audit trail of account "prod" belongs is in us-east-1');
  });
});
