import { RemovalPolicy } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { AwsAccount } from '../model/aws';
import { checkStackEnv } from './private/env';
import { fail } from './private/limits';

/** Props of a {@link FederationAuditTrail}. */
export interface FederationAuditTrailProps {
  /**
   * The account of the model whose `audit` setting asks crossfed for a trail (`AwsAudit.createsTrail`).
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html
   */
  readonly account: AwsAccount;
}

const CLOUDTRAIL = 'cloudtrail.amazonaws.com';

/**
 * A CloudTrail trail that records the account's token exchanges — `AssumeRoleWithWebIdentity`
 * (a read-only management event of `sts.amazonaws.com`), and for EKS Pod Identity `AssumeRole`
 * and `AssumeRoleForPodIdentity` — in every region, with log file validation.
 *
 * Unless the model names an existing bucket, it also creates the destination, protected:
 * an S3 bucket with every public access blocked, ACLs disabled, TLS required, versioning on, a
 * lifecycle rule keeping log files `retentionDays` (current and earlier versions), and
 * SSE-KMS encryption with a customer-managed key (rotation on) that only this trail may
 * encrypt with — so that reading the logs needs `kms:Decrypt` besides `s3:GetObject` (CIS AWS
 * Foundations 3.5, Security Hub CloudTrail.2). Bucket and key are retained when the stack is
 * deleted. The bucket policy lets only this trail write (`aws:SourceArn`), under
 * `AWSLogs/<account>/`.
 *
 * Everything is a plain CloudFormation resource (no Lambda-backed custom resource), and every
 * name is a literal from the model. The child `Resource` is the trail; changing the trail or
 * bucket name replaces them.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
 */
export class FederationAuditTrail extends Construct {
  /** The trail's name. */
  public readonly trailName: string;
  /** The trail's ARN, a plain string from the model. */
  public readonly trailArn: string;
  /** The bucket the trail writes into (created or existing). */
  public readonly bucketName: string;
  /** The trail resource. */
  public readonly trail: cloudtrail.CfnTrail;
  /** The bucket, when crossfed creates it. */
  public readonly bucket?: s3.CfnBucket;
  /** The KMS key, when crossfed creates the bucket. */
  public readonly key?: kms.CfnKey;

  constructor(scope: Construct, id: string, props: FederationAuditTrailProps) {
    super(scope, id);
    const account = props.account;
    const audit = account?.audit;
    if (!audit?.createsTrail) {
      fail(this.node.path, 'account', account?.name, audit ? `has audit settings under which crossfed creates no trail (${audit.destination})` : 'has no audit setting',
        'an account whose audit setting lets crossfed create the trail', 'render FederationAuditTrail only for accounts with audit.createsTrail');
    }
    checkStackEnv(this, account.accountId, account.region, `the audit trail of account "${account.name}" belongs`);
    const partition = account.partition;
    this.trailName = audit.trailName;
    this.trailArn = audit.trailArn!;
    this.bucketName = audit.bucketName!;
    const bucketArn = `arn:${partition}:s3:::${this.bucketName}`;
    const fromThisTrail = { 'aws:SourceArn': this.trailArn };

    let policy: s3.CfnBucketPolicy | undefined;
    if (audit.createsBucket) {
      this.key = new kms.CfnKey(this, 'Key', {
        description: `crossfed: encrypts the log files of CloudTrail trail ${this.trailName} (token exchanges of account ${account.accountId})`,
        enableKeyRotation: true,
        keyPolicy: {
          Version: '2012-10-17',
          Statement: [
            // The account administers the key; IAM policies grant kms:Decrypt to the log readers.
            { Sid: 'AccountAdministersKey', Effect: 'Allow', Principal: { AWS: `arn:${partition}:iam::${account.accountId}:root` }, Action: 'kms:*', Resource: '*' },
            {
              Sid: 'TrailEncryptsLogFiles', Effect: 'Allow', Principal: { Service: CLOUDTRAIL }, Action: 'kms:GenerateDataKey*', Resource: '*',
              Condition: { StringEquals: fromThisTrail, StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${partition}:cloudtrail:*:${account.accountId}:trail/*` } },
            },
            { Sid: 'TrailDescribesKey', Effect: 'Allow', Principal: { Service: CLOUDTRAIL }, Action: 'kms:DescribeKey', Resource: '*', Condition: { StringEquals: fromThisTrail } },
          ],
        },
      });
      this.key.applyRemovalPolicy(RemovalPolicy.RETAIN);
      this.bucket = new s3.CfnBucket(this, 'Bucket', {
        bucketName: this.bucketName,
        bucketEncryption: { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: this.key.attrArn }, bucketKeyEnabled: true }] },
        publicAccessBlockConfiguration: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        ownershipControls: { rules: [{ objectOwnership: 'BucketOwnerEnforced' }] },
        versioningConfiguration: { status: 'Enabled' },
        lifecycleConfiguration: {
          rules: [{
            id: 'crossfed-retention', status: 'Enabled', expirationInDays: audit.retentionDays,
            noncurrentVersionExpiration: { noncurrentDays: audit.retentionDays }, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
          }],
        },
      });
      this.bucket.applyRemovalPolicy(RemovalPolicy.RETAIN);
      policy = new s3.CfnBucketPolicy(this, 'BucketPolicy', {
        bucket: this.bucketName,
        policyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: [bucketArn, `${bucketArn}/*`],
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
            { Sid: 'TrailChecksAcl', Effect: 'Allow', Principal: { Service: CLOUDTRAIL }, Action: 's3:GetBucketAcl', Resource: bucketArn, Condition: { StringEquals: fromThisTrail } },
            {
              Sid: 'TrailWritesLogFiles', Effect: 'Allow', Principal: { Service: CLOUDTRAIL }, Action: 's3:PutObject', Resource: `${bucketArn}/AWSLogs/${account.accountId}/*`,
              Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', ...fromThisTrail } },
            },
          ],
        },
      });
      policy.node.addDependency(this.bucket);
    }

    this.trail = new cloudtrail.CfnTrail(this, 'Resource', {
      trailName: this.trailName,
      s3BucketName: this.bucketName,
      isLogging: true,
      // STS answers in the region the workload calls (regional endpoints): record every region.
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      kmsKeyId: this.key?.attrArn,
      // AssumeRoleWithWebIdentity is a read-only management event: ReadWriteType must include reads.
      eventSelectors: [{ includeManagementEvents: true, readWriteType: 'All' }],
    });
    if (policy) this.trail.node.addDependency(policy);
  }
}
