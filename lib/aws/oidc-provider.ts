import { Annotations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { AwsAccount } from '../model/aws';
import { Issuer, IssuerKind } from '../model/issuer';
import { checkStackEnv } from './private/env';
import { fail, LIMITS } from './private/limits';

/** Props of a {@link FederatedOidcProvider}. */
export interface FederatedOidcProviderProps {
  /** The account of the model that needs the provider; its roles decide the client ids. */
  readonly account: AwsAccount;
  /**
   * The issuer whose tokens the provider accepts. Its URL becomes the provider's URL byte for
   * byte (AKS issuers keep their trailing `/`).
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html
   */
  readonly issuer: Issuer;
}

/**
 * The IAM OIDC provider of one issuer in one account (`AWS::IAM::OIDCProvider`, the native
 * resource — never a Lambda-backed custom resource), shared by every role of the account that
 * trusts the issuer. Its client ids are the audiences the roles actually use; self-managed
 * issuers carry the thumbprints the model gives. When the account already has a provider for
 * the issuer (`existingOidcProviders`, e.g. an EKS cluster created with `--with-oidc`), the
 * provider is imported and nothing is created.
 *
 * The construct's child `Resource` is the provider; renaming the issuer in the model renames
 * the construct and replaces the provider.
 */
export class FederatedOidcProvider extends Construct {
  /** The provider's ARN, a plain string from the model. */
  public readonly providerArn: string;
  /** The issuer. */
  public readonly issuer: Issuer;
  /** Whether the provider exists already (imported, not created). */
  public readonly existing: boolean;
  /** Client ids (audiences), sorted. */
  public readonly clientIds: string[];
  /** Thumbprints written (empty: IAM uses its library of trusted CAs). */
  public readonly thumbprints: string[];
  /** The provider, created or imported. */
  public readonly provider: iam.IOidcProvider;

  constructor(scope: Construct, id: string, props: FederatedOidcProviderProps) {
    super(scope, id);
    const { account, issuer } = props;
    const where = this.node.path;
    const spec = account.oidcProviders.find(p => p.issuer.url === issuer.url);
    if (!spec) {
      fail(where, 'issuer', issuer.name, `is trusted through web identity by no role of account "${account.name}"`, 'an issuer that a role of the account trusts',
        'grant a workload of this issuer a role in the account first, or remove the provider');
    }
    checkStackEnv(this, account.accountId, undefined);
    this.providerArn = spec.arn;
    this.issuer = issuer;
    this.existing = spec.existing;
    this.clientIds = [...spec.clientIds];
    this.thumbprints = [...spec.thumbprints];
    if (spec.existing) {
      this.provider = iam.OidcProviderNative.fromOidcProviderArn(this, 'Resource', spec.arn);
      return;
    }
    const url = new URL(issuer.url);
    if (url.port) fail(where, 'issuer.url', issuer.url, 'has a port number, which IAM OIDC providers refuse', 'an https URL without a port', 'serve the discovery document on port 443');
    if (issuer.url.length > 255) fail(where, 'issuer.url', issuer.url, `is ${issuer.url.length} characters long`, 'at most 255 characters for an IAM OIDC provider URL', 'publish the discovery document under a shorter URL');
    if (spec.clientIds.length > LIMITS.clientIds) {
      fail(where, 'clientIds', spec.clientIds.length, `of the provider for "${issuer.name}" are more than IAM allows`, `at most ${LIMITS.clientIds} client ids (audiences) per provider`, 'use fewer distinct audiences for this issuer');
    }
    for (const c of spec.clientIds) {
      if (c.length > LIMITS.clientIdChars) fail(where, 'clientIds', c, `is ${c.length} characters long`, `client ids of at most ${LIMITS.clientIdChars} characters`, 'use a shorter audience');
    }
    this.provider = new iam.OidcProviderNative(this, 'Resource', {
      url: issuer.url,
      clientIds: this.clientIds,
      thumbprints: this.thumbprints.length > 0 ? this.thumbprints : undefined,
    });
    if (issuer.kind === IssuerKind.EKS) {
      Annotations.of(this).addInfoV2('crossfed:aws:eks-provider-created',
        `crossfed creates the IAM OIDC provider of EKS cluster "${issuer.name}". If the cluster already has one (eksctl --with-oidc, or "Associate" in the console), the deploy fails with EntityAlreadyExists: list the issuer in the account's existingOidcProviders instead.`);
    }
    if (issuer.kind === IssuerKind.SELF_MANAGED && this.thumbprints.length === 0) {
      // Hosted issuers are served by S3, CloudFront, GCS or Azure Storage, whose certificates chain
      // to CAs in IAM's trusted library (Amazon, Google Trust Services, DigiCert): IAM verifies them
      // itself, and a pinned thumbprint would only break at the host's next CA rotation.
      Annotations.of(this).addInfoV2('crossfed:aws:no-thumbprint', issuer.hosting
        ? `The provider for self-managed issuer "${issuer.name}" has no thumbprint: ${url.host} (${issuer.hosting.kind} hosting) has a certificate of a CA that IAM trusts, so IAM verifies it without one.`
        : `The provider for self-managed issuer "${issuer.name}" has no thumbprint: IAM verifies ${url.host} against its library of trusted CAs. If that host uses a private or uncommon CA, set thumbprints on the issuer.`);
    }
  }
}
