import type { AwsAccount } from './aws';
import type { AzureTenant } from './azure';
import type { GcpProject } from './gcp';
import type { Issuer } from './issuer';
import { fail } from './private/checks';

/** Where a self-managed cluster's issuer documents are published. */
export enum IssuerHostingKind {
  /** An Amazon S3 bucket (objects public-read, or private behind CloudFront). */
  S3 = 's3',
  /** A Google Cloud Storage bucket with public read on its objects. */
  GCS = 'gcs',
  /** An Azure storage account (static website, or a container with public blob access). */
  AZURE_STORAGE = 'azure-storage',
}

/** How the clouds reach an S3-hosted issuer. */
export enum S3IssuerAccess {
  /**
   * The bucket's virtual-hosted endpoint, `https://<bucket>.s3.<region>.amazonaws.com`; a bucket
   * policy lets anyone read the two documents (and nothing else).
   */
  PUBLIC_READ = 'public-read',
  /**
   * A CloudFront distribution on your own domain name; the bucket stays private (all public
   * access blocked) and only the distribution reads it, through an origin access control.
   */
  CLOUDFRONT = 'cloudfront',
}

/** Props common to every hosting. */
export interface IssuerHostingBaseProps {
  /**
   * A path under the host for this cluster's documents, e.g. `clusters/onprem` (the issuer
   * becomes `https://<host>/clusters/onprem`), so one bucket can serve several clusters.
   * Segments of letters, digits, `.`, `_`, `~` and `-`, no leading or trailing `/`.
   * @default - the documents sit at the root of the host
   */
  readonly path?: string;
  /**
   * End the issuer URL with `/`. Tokens carry `iss` byte for byte as `--service-account-issuer`
   * says, and every cloud compares it exactly: only set this if the cluster's flag ends in `/`.
   * @default false
   * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig
   */
  readonly trailingSlash?: boolean;
  /** Where this hosting was declared (file:line), used in error messages. @default - the issuer's location */
  readonly sourceLocation?: string;
}

/** An S3 bucket that publishes the issuer documents (rendered into a CloudFormation stack of `account`). */
export interface S3IssuerHostingProps extends IssuerHostingBaseProps {
  /** The AWS account of the model that owns the bucket. */
  readonly account: AwsAccount;
  /**
   * The bucket's name, globally unique. With `PUBLIC_READ` it may not contain `.`: the
   * virtual-hosted endpoint's certificate (`*.s3.<region>.amazonaws.com`) does not cover such
   * names, and the clouds refuse the TLS connection. Changing it replaces the bucket.
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
   */
  readonly bucketName: string;
  /** The bucket's region (part of the issuer URL). @default - the account's region */
  readonly region?: string;
  /**
   * How the clouds reach the documents.
   * @default S3IssuerAccess.PUBLIC_READ
   * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html
   */
  readonly access?: S3IssuerAccess;
  /**
   * `CLOUDFRONT`: the domain name the distribution serves (the issuer's host). A distribution's
   * own `*.cloudfront.net` name is only known after the deploy, too late for the trust the
   * other clouds need, so a name of your own is required; point it at the distribution
   * (the stack's `DistributionDomainName` output) with a CNAME or alias record.
   * @default - required with CLOUDFRONT
   */
  readonly domainName?: string;
  /**
   * `CLOUDFRONT`: an ACM certificate for `domainName`, in us-east-1 (CloudFront's rule).
   * @default - required with CLOUDFRONT
   * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html
   */
  readonly certificateArn?: string;
}

/** A GCS bucket that publishes the issuer documents (rendered into the Terraform stack of `project`). */
export interface GcsIssuerHostingProps extends IssuerHostingBaseProps {
  /** The GCP project of the model that owns the bucket. */
  readonly project: GcpProject;
  /**
   * The bucket's name, globally unique; the issuer is `https://storage.googleapis.com/<bucket>`.
   * Changing it replaces the bucket.
   * @see https://cloud.google.com/storage/docs/buckets#naming
   */
  readonly bucketName: string;
  /**
   * The bucket's location.
   * @default "US"
   * @see https://cloud.google.com/storage/docs/locations
   */
  readonly location?: string;
}

/** An Azure storage account that publishes the issuer documents (rendered into the Terraform stack of `tenant`). */
export interface AzureIssuerHostingProps extends IssuerHostingBaseProps {
  /** The Entra tenant of the model whose subscription holds the storage account. */
  readonly tenant: AzureTenant;
  /**
   * The storage account's name (3–24 lowercase letters and digits, globally unique). Changing it
   * replaces the account.
   * @see https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftstorage
   */
  readonly storageAccountName: string;
  /** The resource group of the storage account (created by the stack). */
  readonly resourceGroupName: string;
  /** The Azure region, e.g. `westeurope`. */
  readonly location: string;
  /**
   * Publish through the account's static website, whose host is
   * `<account>.z<N>.web.core.windows.net` — Azure picks the zone `N` when it creates the
   * account, so crossfed cannot know it: create the account first, copy its
   * `primary_web_host` (`az storage account show -n <account> --query primaryEndpoints.web`)
   * here, and the stack checks that the account's host is this one before any document is
   * written.
   * @default - the blob endpoint, `https://<account>.blob.core.windows.net/<containerName>`, with public read access to the container's blobs
   * @see https://learn.microsoft.com/azure/storage/blobs/storage-blob-static-website
   */
  readonly staticWebsiteHost?: string;
  /**
   * Without `staticWebsiteHost`: the container the documents live in (part of the issuer URL).
   * @default "oidc"
   * @see https://learn.microsoft.com/azure/storage/blobs/anonymous-read-access-configure
   */
  readonly containerName?: string;
}

/** Props of the constructs that render a hosting: `aws.S3IssuerHosting`, `gcp.GcsIssuerHosting`, `azure.AzureIssuerHosting`. */
export interface IssuerHostingConstructProps {
  /**
   * A self-managed issuer of the model with a hosting of the construct's kind: the bucket or
   * storage account, the access, the path and the keys all come from the model.
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#service-account-issuer-discovery
   */
  readonly issuer: Issuer;
  /**
   * Whether a workload of the cluster federates to Entra ID, which accepts only RS256: EC keys
   * are then refused.
   * @default true
   * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations
   */
  readonly federatesToEntra?: boolean;
}

/** One issuer document as a hosting stores it. */
export interface PublishedDocument {
  /** Object key in the bucket or container, e.g. `clusters/onprem/.well-known/openid-configuration`. */
  readonly key: string;
  /** The document's JSON text. */
  readonly content: string;
  /** `Content-Type` it is served with (`application/json`). */
  readonly contentType: string;
  /** `Cache-Control` it is served with. */
  readonly cacheControl: string;
}

const PATH = /^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/;

/**
 * Where a self-managed cluster's discovery document and JWKS are published, and so the exact
 * issuer URL the cluster's `--service-account-issuer` must say. crossfed renders the hosting
 * (bucket or storage account, access, the two documents) into the stack of the cloud that
 * owns it, and every cloud's trust points at the URL it yields.
 */
export class IssuerHosting {
  /** An S3 bucket, objects public-read or private behind CloudFront. */
  public static s3(props: S3IssuerHostingProps): IssuerHosting {
    const where = props.sourceLocation ?? 'hosting.s3';
    const account = props.account;
    if (!account || typeof account.accountId !== 'string') fail(where, 'account', account, 'is not an AWS account of the model', 'an account returned by model.addAwsAccount()', 'declare the account first and pass it');
    const region = props.region ?? account.region;
    if (!/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/.test(region)) fail(where, 'region', region, 'is not an AWS region', 'a region such as eu-west-1', 'use the region the bucket is in');
    const access = props.access ?? S3IssuerAccess.PUBLIC_READ;
    const name = props.bucketName;
    if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) || name.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(name) || name.startsWith('xn--') || /-s3alias$|--ol-s3$/.test(name)) {
      fail(where, 'bucketName', name, 'is not a valid S3 bucket name', '3–63 lowercase letters, digits, "." and "-", starting and ending with a letter or digit', 'choose e.g. "acme-onprem-oidc"');
    }
    const partitionSuffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
    let host: string;
    if (access === S3IssuerAccess.PUBLIC_READ) {
      if (props.domainName !== undefined || props.certificateArn !== undefined) {
        fail(where, props.domainName !== undefined ? 'domainName' : 'certificateArn', props.domainName ?? props.certificateArn, 'is set, but access is public-read (the bucket endpoint serves the documents)', 'domainName and certificateArn only with access: cloudfront', 'set access: cloudfront, or remove them');
      }
      if (name.includes('.')) {
        fail(where, 'bucketName', name, 'contains ".", so its https endpoint does not match the certificate *.s3.<region>.amazonaws.com and every cloud refuses the TLS connection',
          'a bucket name without "." for public-read', `rename it, e.g. "${name.replace(/\./g, '-')}", or serve it through CloudFront (access: cloudfront)`);
      }
      host = `${name}.s3.${region}.${partitionSuffix}`;
    } else if (access === S3IssuerAccess.CLOUDFRONT) {
      const domain = props.domainName;
      if (domain === undefined) fail(where, 'domainName', undefined, 'is missing (needed for access: cloudfront)', 'the domain name the distribution serves, e.g. oidc.example.com', 'add domainName; a distribution\'s *.cloudfront.net name is known only after the deploy, too late for the trust the clouds need');
      if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(domain) || domain.endsWith('.cloudfront.net')) {
        fail(where, 'domainName', domain, 'is not a domain name of your own', 'a lowercase DNS name such as oidc.example.com (not *.cloudfront.net, assigned only at deploy time)', 'use a name in a zone you control');
      }
      const cert = props.certificateArn;
      if (cert === undefined) fail(where, 'certificateArn', undefined, 'is missing (needed for access: cloudfront)', `an ACM certificate for ${domain} in us-east-1`, `request one: aws acm request-certificate --region us-east-1 --domain-name ${domain} --validation-method DNS`);
      if (!/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/.test(cert)) {
        fail(where, 'certificateArn', cert, 'is not an ACM certificate ARN in us-east-1', 'arn:aws:acm:us-east-1:<account>:certificate/<id> (CloudFront uses certificates of us-east-1 only)', `request the certificate for ${domain} in us-east-1`);
      }
      host = domain;
    } else {
      return fail(where, 'access', access, 'is not an S3 access mode', 'public-read, cloudfront', 'use public-read, or cloudfront with a domain name');
    }
    return new IssuerHosting(IssuerHostingKind.S3, host, where, props, {
      awsAccount: account, bucketName: name, region, s3Access: access, domainName: props.domainName, certificateArn: props.certificateArn,
    });
  }

  /** A GCS bucket with public read on its objects. */
  public static gcs(props: GcsIssuerHostingProps): IssuerHosting {
    const where = props.sourceLocation ?? 'hosting.gcs';
    const project = props.project;
    if (!project || typeof project.projectId !== 'string') fail(where, 'project', project, 'is not a GCP project of the model', 'a project returned by model.addGcpProject()', 'declare the project first and pass it');
    const name = props.bucketName;
    if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$/.test(name) || name.startsWith('goog') || name.includes('google')) {
      fail(where, 'bucketName', name, 'is not a valid GCS bucket name here', '3–63 lowercase letters, digits, "-" and "_", starting and ending with a letter or digit, not starting with "goog" nor containing "google"', 'choose e.g. "acme-onprem-oidc"');
    }
    const location = props.location ?? 'US';
    if (!/^[A-Za-z0-9-]{2,40}$/.test(location)) fail(where, 'location', location, 'is not a GCS location', 'a location such as US, EU or europe-west1', 'use a location from the GCS documentation');
    return new IssuerHosting(IssuerHostingKind.GCS, `storage.googleapis.com/${name}`, where, props, { gcpProject: project, bucketName: name, location });
  }

  /** An Azure storage account: its static website, or a container with public blob access. */
  public static azureStorage(props: AzureIssuerHostingProps): IssuerHosting {
    const where = props.sourceLocation ?? 'hosting.azureStorage';
    const tenant = props.tenant;
    if (!tenant || typeof tenant.subscriptionId !== 'string') fail(where, 'tenant', tenant, 'is not an Azure tenant of the model', 'a tenant returned by model.addAzureTenant()', 'declare the tenant first and pass it');
    const account = props.storageAccountName;
    if (typeof account !== 'string' || !/^[a-z0-9]{3,24}$/.test(account)) {
      fail(where, 'storageAccountName', account, 'is not a valid storage account name', '3–24 lowercase letters and digits', `choose e.g. "${(typeof account === 'string' ? account : 'acmeoidc').toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 24) || 'acmeoidc'}"`);
    }
    if (typeof props.resourceGroupName !== 'string' || !/^[-\w.()]{1,89}[-\w()]$/.test(props.resourceGroupName)) {
      fail(where, 'resourceGroupName', props.resourceGroupName, 'is not a resource group name', '1–90 letters, digits, "_", "-", ".", "(" and ")", not ending in "."', 'use e.g. "rg-oidc"');
    }
    if (typeof props.location !== 'string' || !/^[a-z0-9]{3,40}$/.test(props.location)) fail(where, 'location', props.location, 'is not an Azure region name', 'a region such as westeurope', 'use `az account list-locations --query [].name`');
    let host: string;
    let container: string;
    if (props.staticWebsiteHost !== undefined) {
      if (props.containerName !== undefined) fail(where, 'containerName', props.containerName, 'is set with staticWebsiteHost (a static website serves the $web container)', 'containerName only without staticWebsiteHost', 'remove containerName');
      const m = /^([a-z0-9]{3,24})(-secondary)?\.z\d{1,2}\.web\.core\.windows\.net$/.exec(props.staticWebsiteHost);
      if (!m || m[2] || m[1] !== account) {
        fail(where, 'staticWebsiteHost', props.staticWebsiteHost, `is not the static website host of storage account "${account}"`, `${account}.z<N>.web.core.windows.net, without https:// and without a trailing "/"`,
          `copy it from \`az storage account show -n ${account} --query primaryEndpoints.web -o tsv\` (drop https:// and the "/")`);
      }
      host = props.staticWebsiteHost;
      container = '$web';
    } else {
      container = props.containerName ?? 'oidc';
      if (!/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/.test(container)) {
        fail(where, 'containerName', container, 'is not a valid container name', '3–63 lowercase letters, digits and single "-", starting and ending with a letter or digit', 'use e.g. "oidc"');
      }
      host = `${account}.blob.core.windows.net/${container}`;
    }
    return new IssuerHosting(IssuerHostingKind.AZURE_STORAGE, host, where, props, {
      azureTenant: tenant, storageAccountName: account, resourceGroupName: props.resourceGroupName, location: props.location,
      staticWebsiteHost: props.staticWebsiteHost, containerName: container,
    });
  }

  /** Where the documents are published. */
  public readonly kind: IssuerHostingKind;
  /** The exact issuer URL this hosting serves: the value of `--service-account-issuer`. */
  public readonly url: string;
  /** The object key prefix of both documents (the URL's path under the bucket or container; empty at its root). */
  public readonly keyPrefix: string;
  /** Where this hosting was declared. */
  public readonly sourceLocation: string;
  /** S3: the account. */
  public readonly awsAccount?: AwsAccount;
  /** S3, GCS: the bucket. */
  public readonly bucketName?: string;
  /** S3: the bucket's region. */
  public readonly region?: string;
  /** S3: how the clouds reach the bucket. */
  public readonly s3Access?: S3IssuerAccess;
  /** S3 with CloudFront: the domain name. */
  public readonly domainName?: string;
  /** S3 with CloudFront: the ACM certificate. */
  public readonly certificateArn?: string;
  /** GCS: the project. */
  public readonly gcpProject?: GcpProject;
  /** GCS, Azure: the location. */
  public readonly location?: string;
  /** Azure: the tenant (its subscription holds the account). */
  public readonly azureTenant?: AzureTenant;
  /** Azure: the storage account. */
  public readonly storageAccountName?: string;
  /** Azure: the resource group. */
  public readonly resourceGroupName?: string;
  /** Azure: the static website host, when the documents are served by the static website. */
  public readonly staticWebsiteHost?: string;
  /** Azure: the container holding the documents (`$web` for the static website). */
  public readonly containerName?: string;

  private constructor(kind: IssuerHostingKind, host: string, where: string, props: IssuerHostingBaseProps, extra: HostingExtra) {
    if (props.path !== undefined && (typeof props.path !== 'string' || !PATH.test(props.path) || props.path.split('/').some(s => s === '.' || s === '..'))) {
      fail(where, 'path', props.path, 'is not a path for the documents', 'segments of letters, digits, ".", "_", "~" and "-" separated by "/", without a leading or trailing "/"', 'use e.g. "clusters/onprem"');
    }
    this.kind = kind;
    this.sourceLocation = where;
    const path = props.path ?? '';
    this.url = `https://${host}${path ? `/${path}` : ''}${props.trailingSlash ? '/' : ''}`;
    // The URL's path below the bucket (S3 host, GCS bucket) or container (Azure).
    this.keyPrefix = path;
    Object.assign(this, extra);
  }
}

interface HostingExtra {
  readonly awsAccount?: AwsAccount;
  readonly bucketName?: string;
  readonly region?: string;
  readonly s3Access?: S3IssuerAccess;
  readonly domainName?: string;
  readonly certificateArn?: string;
  readonly gcpProject?: GcpProject;
  readonly location?: string;
  readonly azureTenant?: AzureTenant;
  readonly storageAccountName?: string;
  readonly resourceGroupName?: string;
  readonly staticWebsiteHost?: string;
  readonly containerName?: string;
}
