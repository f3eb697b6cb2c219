import { Annotations, BootstraplessSynthesizer, CfnOutput, CustomResource, DefaultStackSynthesizer, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { AwsAccount } from '../model/aws';
import { IssuerHostingConstructProps, IssuerHostingKind, PublishedDocument, S3IssuerAccess } from '../model/hosting';
import type { IdentityModel } from '../model/identity-model';
import { Issuer } from '../model/issuer';
import { publishedIssuer } from '../oidc/issuer-documents';
import { fail } from './private/limits';

/** The resource type of the documents the construct writes into the bucket. */
export const ISSUER_DOCUMENT_RESOURCE_TYPE = 'Custom::CrossfedIssuerDocument';

/** Props of an {@link S3IssuerHosting}: an issuer whose hosting is `IssuerHosting.s3`. */
export interface S3IssuerHostingProps extends IssuerHostingConstructProps {}

/**
 * Publishes a self-managed cluster's discovery document and JWKS in an S3 bucket, at the exact
 * issuer URL the model's hosting yields (`issuerUrl`, the value of `--service-account-issuer`).
 *
 * - `PUBLIC_READ`: the bucket's virtual-hosted https endpoint; the bucket policy lets anyone
 *   `s3:GetObject` the two documents and nothing else, and denies plain http. ACLs stay
 *   disabled; only the public-policy half of Block Public Access is lifted.
 * - `CLOUDFRONT`: the bucket blocks all public access; a distribution on your domain reads it
 *   through an origin access control (the bucket policy allows `cloudfront.amazonaws.com` for
 *   this distribution only) and serves https only.
 *
 * The documents are the output of the same function as `crossfed issuer`, stored with
 * `Content-Type: application/json` and `Cache-Control: public, max-age=300`. CloudFormation has
 * no resource for an S3 object, so each document is a custom resource
 * (`Custom::CrossfedIssuerDocument`) served by one small function whose code is inline in the
 * template (no asset, no bootstrap, no `BucketDeployment`), allowed to put and delete exactly
 * the two object keys. The bucket is retained when the stack is deleted: a deleted bucket's
 * name can be claimed by anyone, who could then publish keys every cloud would trust.
 */
export class S3IssuerHosting extends Construct {
  /** The issuer URL the documents are served at: `--service-account-issuer`, byte for byte. */
  public readonly issuerUrl: string;
  /** The bucket. */
  public readonly bucket: s3.Bucket;
  /** The distribution (`CLOUDFRONT` only). */
  public readonly distribution?: cloudfront.Distribution;
  /** The documents as stored: key, body, content type, cache control. */
  public readonly documents: PublishedDocument[];
  /** The kube-apiserver flags for this issuer, `--service-account-issuer` first. */
  public readonly apiServerFlags: string[];

  constructor(scope: Construct, id: string, props: S3IssuerHostingProps) {
    super(scope, id);
    const issuer = props.issuer;
    const published = publishedIssuer(this.node.path, issuer, IssuerHostingKind.S3, props.federatesToEntra);
    const hosting = issuer.hosting!;
    const region = Stack.of(this).region;
    if (Token.isUnresolved(region) || region !== hosting.region) {
      fail(this.node.path, 'region', Token.isUnresolved(region) ? '(environment-agnostic stack)' : region, `is not the bucket's region (${hosting.region}), which is part of the issuer URL`, hosting.region, `add the construct to a stack with env.region "${hosting.region}"`);
    }
    this.issuerUrl = published.url;
    this.apiServerFlags = published.apiServerFlags;
    this.documents = published.documents;
    const cloudFront = hosting.s3Access === S3IssuerAccess.CLOUDFRONT;

    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: hosting.bucketName,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      blockPublicAccess: cloudFront ? s3.BlockPublicAccess.BLOCK_ALL
        : new s3.BlockPublicAccess({ blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: false, restrictPublicBuckets: false }),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const objectArns = this.documents.map(d => this.bucket.arnForObjects(d.key));
    if (cloudFront) {
      this.distribution = new cloudfront.Distribution(this, 'Distribution', {
        comment: `crossfed: OIDC issuer ${issuer.url}`,
        domainNames: [hosting.domainName!],
        certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', hosting.certificateArn!),
        defaultBehavior: {
          origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket, { originAccessLevels: [cloudfront.AccessLevel.READ] }),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
          // Honours the objects' Cache-Control (max-age=300).
          cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        },
        minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
        priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      });
      new CfnOutput(this, 'DistributionDomainName', {
        value: this.distribution.distributionDomainName,
        description: `Point ${hosting.domainName} (CNAME or alias) at this name`,
      });
    } else {
      this.bucket.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'PublicReadOfTheIssuerDocuments',
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:GetObject'],
        resources: objectArns,
      }));
    }

    const writer = new lambda.Function(this, 'DocumentWriter', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(WRITER_CODE),
      timeout: Duration.seconds(30),
      memorySize: 128,
      description: 'crossfed: writes the OIDC issuer documents into the bucket (CloudFormation has no S3 object resource)',
    });
    writer.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:DeleteObject'], resources: objectArns }));
    // The function's GetAtt of its role already orders the two; only the role's policy needs
    // DependsOn (cfn-lint W3005 on the redundant one).
    const policy = writer.role!.node.tryFindChild('DefaultPolicy')!.node.defaultChild as iam.CfnPolicy;
    (writer.node.defaultChild as lambda.CfnFunction).addOverride('DependsOn', [policy.logicalId]);
    this.documents.forEach((d, i) => {
      new CustomResource(this, i === 0 ? 'DiscoveryDocument' : 'Jwks', {
        serviceToken: writer.functionArn,
        resourceType: ISSUER_DOCUMENT_RESOURCE_TYPE,
        properties: { Bucket: this.bucket.bucketName, Key: d.key, Body: d.content, ContentType: d.contentType, CacheControl: d.cacheControl },
      });
    });

    new CfnOutput(this, 'IssuerUrl', { value: issuer.url, description: 'The --service-account-issuer of the cluster' });
    Annotations.of(this).addInfoV2('crossfed:aws:issuer-hosting',
      `Issuer "${issuer.name}" is published at ${issuer.url}; start kube-apiserver with ${this.apiServerFlags[0]} (first).`);
  }
}

/** Options of {@link S3IssuerHostingStack.forModel}. */
export interface IssuerHostingStacksOptions {
  /** Prefix of the stack names. Changing it creates new stacks. @default "<model name>-aws" */
  readonly stackNamePrefix?: string;
  /** Use the default (bootstrapped) synthesizer. @default false */
  readonly bootstrapped?: boolean;
  /** The accounts whose hostings to render. @default - every account of the model */
  readonly accounts?: AwsAccount[];
}

/** Props of an {@link S3IssuerHostingStack}. */
export interface S3IssuerHostingStackProps extends S3IssuerHostingProps {
  /** The stack name. Changing it creates a new stack (and a second bucket of the same name fails). @default - the construct id */
  readonly stackName?: string;
  /**
   * Use the default (bootstrapped) synthesizer.
   * @default false (bootstrapless: no bootstrap parameter, rule or lookup)
   * @see https://docs.aws.amazon.com/cdk/v2/guide/bootstrapping.html
   */
  readonly bootstrapped?: boolean;
}

/**
 * A stack with one {@link S3IssuerHosting}, in the hosting's account and the bucket's region
 * (which may differ from the region of the account's identity stacks).
 */
export class S3IssuerHostingStack extends Stack {
  /** The stack name crossfed uses: `<prefix>-<account name>-issuer-<issuer name>`. */
  public static stackNameFor(prefix: string, issuer: Issuer): string {
    const account = issuer.hosting?.awsAccount;
    const accountPart = (account?.name ?? '').replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || account?.accountId || 'aws';
    return `${prefix}-${accountPart}-issuer-${issuer.name}`;
  }

  /**
   * Adds a stack for every issuer of the model hosted in an S3 bucket of one of `accounts`
   * (default: every account), named by {@link S3IssuerHostingStack.stackNameFor}.
   */
  public static forModel(scope: Construct, model: IdentityModel, options: IssuerHostingStacksOptions = {}): S3IssuerHostingStack[] {
    const prefix = options.stackNamePrefix ?? `${model.name}-aws`;
    return model.hostedIssuers
      .filter(i => i.hosting!.kind === IssuerHostingKind.S3 && (options.accounts ?? model.awsAccounts).includes(i.hosting!.awsAccount!))
      .map(issuer => {
        const name = S3IssuerHostingStack.stackNameFor(prefix, issuer);
        return new S3IssuerHostingStack(scope, name, { issuer, stackName: name, bootstrapped: options.bootstrapped, federatesToEntra: model.federatesToEntra(issuer) });
      });
  }

  /** The hosting. */
  public readonly hosting: S3IssuerHosting;

  constructor(scope: Construct, id: string, props: S3IssuerHostingStackProps) {
    const hosting = props.issuer?.hosting;
    if (!hosting?.awsAccount) {
      fail(`${scope.node.path}/${id}`, 'issuer', props.issuer?.name, 'has no S3 hosting', 'a self-managed issuer with hosting IssuerHosting.s3(…)', 'add an S3 hosting to the issuer in the model');
    }
    const account = hosting.awsAccount;
    super(scope, id, {
      env: { account: account.accountId, region: hosting.region },
      stackName: props.stackName,
      description: `crossfed: publishes the OIDC issuer documents of self-managed cluster ${props.issuer.name} at ${props.issuer.url}. Generated from the identity model: change the model, not this stack.`,
      synthesizer: props.bootstrapped ? new DefaultStackSynthesizer() : new BootstraplessSynthesizer(),
      analyticsReporting: false,
    });
    this.templateOptions.metadata = { 'crossfed:environment': { AccountId: account.accountId, Region: hosting.region!, Partition: account.partition } };
    this.hosting = new S3IssuerHosting(this, 'Issuer', { issuer: props.issuer, federatesToEntra: props.federatesToEntra });
  }
}

/**
 * The document writer (inline, so the template needs no asset): puts an object on Create and
 * Update, deletes it on Delete, and answers CloudFormation at the pre-signed ResponseURL.
 * Uses the AWS SDK the Node.js runtime ships.
 */
const WRITER_CODE = `const { S3Client, PutObjectCommand, DeleteObjectCommand } = require('@aws-sdk/client-s3');
const https = require('https');
const s3 = new S3Client({});
function respond(e, status, reason, id) {
  const body = JSON.stringify({ Status: status, Reason: reason, PhysicalResourceId: id, StackId: e.StackId, RequestId: e.RequestId, LogicalResourceId: e.LogicalResourceId });
  const u = new URL(e.ResponseURL);
  return new Promise((resolve, reject) => {
    const r = https.request({ hostname: u.hostname, path: u.pathname + u.search, method: 'PUT', headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) } }, res => { res.resume(); res.on('end', resolve); });
    r.on('error', reject);
    r.end(body);
  });
}
exports.handler = async e => {
  const p = e.ResourceProperties;
  const id = 's3://' + p.Bucket + '/' + p.Key;
  try {
    if (e.RequestType === 'Delete') {
      const m = /^s3:\\/\\/([^/]+)\\/(.+)$/.exec(e.PhysicalResourceId || '');
      if (m) await s3.send(new DeleteObjectCommand({ Bucket: m[1], Key: m[2] }));
    } else {
      await s3.send(new PutObjectCommand({ Bucket: p.Bucket, Key: p.Key, Body: p.Body, ContentType: p.ContentType, CacheControl: p.CacheControl }));
    }
    await respond(e, 'SUCCESS', 'ok', e.RequestType === 'Delete' ? e.PhysicalResourceId : id);
  } catch (err) {
    await respond(e, 'FAILED', String((err && err.message) || err).slice(0, 400), e.PhysicalResourceId || id);
  }
};
`;
