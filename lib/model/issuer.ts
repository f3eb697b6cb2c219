import { createPublicKey } from 'crypto';
import { IssuerHosting } from './hosting';
import { GUID, fail, requireGuid, requireHttpsUrl, DNS1123_LABEL } from './private/checks';

/** What kind of token source an issuer is. */
export enum IssuerKind {
  /** Amazon EKS cluster OIDC issuer. */
  EKS = 'eks',
  /** Azure Kubernetes Service OIDC issuer (ends in `/`). */
  AKS = 'aks',
  /** Google Kubernetes Engine cluster issuer. */
  GKE = 'gke',
  /** A self-managed Kubernetes cluster (kOps, kubeadm, k3s, Talos …) whose discovery document is published somewhere. */
  SELF_MANAGED = 'self-managed',
  /** Azure DevOps service connections (legacy `vstoken.dev.azure.com` or the Entra-issued form). */
  AZURE_DEVOPS = 'azure-devops',
  /** GitHub Actions (`token.actions.githubusercontent.com`). */
  GITHUB_ACTIONS = 'github-actions',
  /** GitLab CI (`gitlab.com` or self-hosted). */
  GITLAB = 'gitlab',
  /** Any other OIDC issuer. */
  GENERIC = 'generic',
  /**
   * Entra ID tokens of a tenant's principals: managed identities (Azure Data Factory, Functions,
   * VMs) and service principals, requesting a token for an application ID URI.
   */
  ENTRA_ID = 'entra-id',
  /** Google ID tokens of service accounts (Dataflow workers, Cloud Run, Compute Engine …): `https://accounts.google.com`. */
  GOOGLE = 'google',
  /** AWS IAM roles of one account, presenting a signed `GetCallerIdentity` request (GCP's AWS provider type). */
  AWS = 'aws',
}

/** Issuer kinds whose workloads are cloud identities (no Kubernetes objects, no CI subject). */
export const CLOUD_IDENTITY_ISSUER_KINDS: readonly IssuerKind[] = [IssuerKind.ENTRA_ID, IssuerKind.GOOGLE, IssuerKind.AWS];

/** The issuer of Google ID tokens. @see https://cloud.google.com/docs/authentication/token-types#identity */
export const GOOGLE_ISSUER = 'https://accounts.google.com';

/** Audience that Azure DevOps puts in every service-connection token, whatever the target. */
export const AZURE_DEVOPS_AUDIENCE = 'api://AzureADTokenExchange';

/** Common props of every issuer. */
export interface IssuerBaseProps {
  /**
   * Short name of the issuer in the model: lowercase letters, digits and `-`, at most 32
   * characters. Used to derive resource names (GCP provider ids, Entra credential names),
   * so renaming it replaces those resources.
   */
  readonly name: string;
  /** Where this issuer was declared (file:line), used in error messages. @default - the model path */
  readonly sourceLocation?: string;
}

/** An Amazon EKS cluster. */
export interface EksIssuerProps extends IssuerBaseProps {
  /**
   * The cluster's OIDC issuer URL, `https://oidc.eks.<region>.amazonaws.com/id/<ID>`, no trailing slash.
   * @see https://docs.aws.amazon.com/eks/latest/userguide/enable-iam-roles-for-service-accounts.html
   */
  readonly url: string;
  /** The AWS account that owns the cluster (12 digits). Needed for EKS Pod Identity and access entries. @default - unknown; Pod Identity and access entries are refused */
  readonly accountId?: string;
  /** The EKS cluster name. Needed for EKS Pod Identity and access entries. @default - unknown */
  readonly clusterName?: string;
}

/** An Azure Kubernetes Service cluster with the OIDC issuer enabled. */
export interface AksIssuerProps extends IssuerBaseProps {
  /**
   * The cluster's OIDC issuer URL (`az aks show --query oidcIssuerProfile.issuerUrl`),
   * `https://<region>.oic.prod-aks.azure.com/<tenant>/<guid>/` — **with** its trailing slash.
   * @see https://learn.microsoft.com/azure/aks/use-oidc-issuer
   */
  readonly url: string;
}

/** A Google Kubernetes Engine cluster. */
export interface GkeIssuerProps extends IssuerBaseProps {
  /**
   * The cluster's issuer, `https://container.googleapis.com/v1/projects/<project>/locations/<location>/clusters/<name>`.
   * @see https://cloud.google.com/kubernetes-engine/docs/concepts/workload-identity
   */
  readonly url: string;
}

/** A self-managed Kubernetes cluster. */
export interface SelfManagedIssuerProps extends IssuerBaseProps {
  /**
   * The value of `--service-account-issuer` (the first one, if several), byte for byte. With
   * `hosting`, it may be left out; if given, it must be the URL the hosting serves.
   * @default - the URL of `hosting`
   */
  readonly url?: string;
  /**
   * Where crossfed publishes the cluster's discovery document and JWKS: an S3 bucket, a GCS
   * bucket or an Azure storage account, rendered into that cloud's stack. The issuer URL is the
   * one the hosting yields, and every cloud's trust points at it.
   * @default - the documents are published by you, at `url`
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#service-account-issuer-discovery
   */
  readonly hosting?: IssuerHosting;
  /**
   * The cluster's service-account public keys (PEM text of `--service-account-key-file`, RSA),
   * several during a key rotation: the keys the hosting publishes.
   * @default - the keys of `jwksJson`
   */
  readonly publicKeys?: string[];
  /**
   * The cluster's JWKS as JSON text (`kubectl get --raw /openid/v1/jwks`). Without `hosting`,
   * GCP gets it inline (`jwks_json`), for a discovery document the clouds cannot reach; with
   * `hosting` and no `publicKeys`, its keys are the ones published.
   * @default - the clouds fetch `<url>/.well-known/openid-configuration`
   */
  readonly jwksJson?: string;
  /**
   * SHA-1 thumbprints (40 hex characters) of the certificate authority serving the discovery
   * document, for AWS IAM OIDC providers. @default - none: AWS uses its trusted CA library
   */
  readonly thumbprints?: string[];
}

/** An Azure DevOps organization's service-connection tokens. */
export interface AzureDevOpsIssuerProps extends IssuerBaseProps {
  /** The organization's name (`dev.azure.com/<organizationName>`). */
  readonly organizationName: string;
  /**
   * The organization's GUID. With it and no `tenantId`, the issuer is the legacy
   * `https://vstoken.dev.azure.com/<organizationId>` (deprecated from 2026-07, retired 2027-07).
   * @default - required unless tenantId is given
   */
  readonly organizationId?: string;
  /**
   * The Entra tenant of the organization: the issuer becomes the newer
   * `https://login.microsoftonline.com/<tenantId>/v2.0`, with `/eid1/c/pub/t/…` subjects.
   * @default - the legacy vstoken issuer
   */
  readonly tenantId?: string;
}

/** GitHub Actions. */
export interface GitHubActionsIssuerProps extends IssuerBaseProps {
  /** The enterprise slug, for enterprises with a unique issuer URL. @default - the shared issuer `https://token.actions.githubusercontent.com` */
  readonly enterpriseSlug?: string;
}

/** GitLab CI. */
export interface GitLabIssuerProps extends IssuerBaseProps {
  /** The GitLab instance URL. @default "https://gitlab.com" */
  readonly url?: string;
}

/** Any OIDC issuer. */
export interface GenericIssuerProps extends IssuerBaseProps {
  /** The issuer URL, byte for byte as in the tokens' `iss`. */
  readonly url: string;
  /** Whether tokens of many tenants share this issuer (then every trust must pin the exact subject, and GCP requires a condition). @default true */
  readonly shared?: boolean;
}

/** The tokens of an Entra ID tenant's managed identities and service principals. */
export interface EntraIdIssuerProps extends IssuerBaseProps {
  /** The tenant id (GUID, lowercase as tokens carry it in `iss` and `tid`). */
  readonly tenantId: string;
  /**
   * The version of the access tokens the principals get, which decides their issuer: `1` —
   * `https://sts.windows.net/<tenant>/` (with its trailing `/`), what a managed identity gets for
   * an application whose manifest leaves `accessTokenAcceptedVersion` (Graph:
   * `api.requestedAccessTokenVersion`) unset or at 1; `2` — `https://login.microsoftonline.com/<tenant>/v2.0`,
   * when the application sets it to 2 (and `aud` is then the application's client id). Decode one
   * token and read its `iss` and `ver` when in doubt: the clouds compare the issuer byte for byte.
   * @see https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference
   */
  readonly tokenVersion: number;
}

/** AWS IAM roles of one account as a token source (for GCP's AWS provider type). */
export interface AwsAccountIssuerProps extends IssuerBaseProps {
  /** The 12-digit account of the roles. */
  readonly accountId: string;
  /** The partition (`aws`, `aws-cn`, `aws-us-gov`). @default "aws" */
  readonly partition?: string;
}

/**
 * A token issuer: a cluster, a CI system, or any OIDC provider. Knows its exact issuer
 * string, how its subjects are formed, and whether it is shared by many tenants.
 */
export class Issuer {
  /** An Amazon EKS cluster. */
  public static eks(props: EksIssuerProps): Issuer {
    const where = issuerWhere(props);
    const url = props.url;
    requireHttpsUrl(where, 'url', url);
    const m = /^https:\/\/oidc\.eks\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\/id\/([A-Za-z0-9]{32})(\/?)$/.exec(url);
    if (!m) {
      fail(where, 'url', url, 'is not an EKS issuer URL', 'https://oidc.eks.<region>.amazonaws.com/id/<32-character ID>',
        'copy it from `aws eks describe-cluster --name <cluster> --query cluster.identity.oidc.issuer`');
    }
    if (m[4] === '/') {
      fail(where, 'url', url, 'ends with "/", but EKS issuers never do', 'the issuer without a trailing slash', `did you mean "${url.slice(0, -1)}"?`);
    }
    if (props.accountId !== undefined) requireAwsAccountId(where, 'accountId', props.accountId);
    if (props.clusterName !== undefined && !/^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/.test(props.clusterName)) {
      fail(where, 'clusterName', props.clusterName, 'is not a valid EKS cluster name', 'letters, digits, "-" and "_", starting with a letter or digit, at most 100 characters', 'use the name shown by `aws eks list-clusters`');
    }
    return new Issuer(IssuerKind.EKS, props.name, url, {
      sourceLocation: props.sourceLocation,
      awsAccountId: props.accountId,
      awsRegion: m[1],
      awsPartition: m[2] ? 'aws-cn' : m[1].startsWith('us-gov-') ? 'aws-us-gov' : 'aws',
      clusterName: props.clusterName,
    });
  }

  /** An Azure Kubernetes Service cluster. */
  public static aks(props: AksIssuerProps): Issuer {
    const where = issuerWhere(props);
    const url = props.url;
    requireHttpsUrl(where, 'url', url);
    if (!url.endsWith('/')) {
      fail(where, 'url', url, 'has no trailing slash, but AKS issuers end with "/" and Entra ID compares issuers byte for byte',
        'the issuer exactly as `az aks show --query oidcIssuerProfile.issuerUrl` prints it', `did you mean "${url}/"?`);
    }
    const m = /^https:\/\/([a-z0-9-]+)\.oic\.prod-aks\.azure\.(com|us|cn)\/([^/]+)\/([^/]+)\/$/.exec(url);
    if (!m || !GUID.test(m[3]) || !GUID.test(m[4])) {
      fail(where, 'url', url, 'is not an AKS issuer URL', 'https://<region>.oic.prod-aks.azure.com/<tenant GUID>/<GUID>/',
        'copy it from `az aks show --resource-group <rg> --name <cluster> --query oidcIssuerProfile.issuerUrl -o tsv`');
    }
    return new Issuer(IssuerKind.AKS, props.name, url, { sourceLocation: props.sourceLocation, azureTenantId: m[3], azureRegion: m[1] });
  }

  /** A Google Kubernetes Engine cluster. */
  public static gke(props: GkeIssuerProps): Issuer {
    const where = issuerWhere(props);
    const url = props.url;
    requireHttpsUrl(where, 'url', url);
    const m = /^https:\/\/container\.googleapis\.com\/v1\/projects\/([a-z][a-z0-9-]{4,28}[a-z0-9])\/locations\/([a-z0-9-]+)\/clusters\/([a-z]([-a-z0-9]*[a-z0-9])?)(\/?)$/.exec(url);
    if (!m) {
      fail(where, 'url', url, 'is not a GKE issuer URL', 'https://container.googleapis.com/v1/projects/<project-id>/locations/<location>/clusters/<name>',
        'build it from the cluster\'s project id, location and name (`gcloud container clusters describe`)');
    }
    if (m[5] === '/') {
      fail(where, 'url', url, 'ends with "/", but GKE issuers never do', 'the issuer without a trailing slash', `did you mean "${url.slice(0, -1)}"?`);
    }
    return new Issuer(IssuerKind.GKE, props.name, url, { sourceLocation: props.sourceLocation, gcpProjectId: m[1], gcpLocation: m[2], clusterName: m[3] });
  }

  /** A self-managed Kubernetes cluster whose discovery document is published at `url`. */
  public static selfManaged(props: SelfManagedIssuerProps): Issuer {
    const where = issuerWhere(props);
    const hosting = props.hosting;
    if (hosting !== undefined && !(hosting instanceof IssuerHosting)) {
      fail(where, 'hosting', hosting, 'is not an IssuerHosting', 'IssuerHosting.s3(…), IssuerHosting.gcs(…) or IssuerHosting.azureStorage(…)', 'build the hosting with one of those factories');
    }
    if (props.url === undefined && hosting === undefined) {
      fail(where, 'url', undefined, 'is missing', 'the value of --service-account-issuer, or a hosting that yields it', 'set url, or add hosting (s3, gcs or azureStorage) so crossfed publishes the documents');
    }
    const url = props.url ?? hosting!.url;
    requireHttpsUrl(where, 'url', url);
    if (hosting && url !== hosting.url) {
      fail(where, 'url', url, `is not the issuer URL the ${hosting.kind} hosting serves (${hosting.url}), byte for byte`, hosting.url,
        `set url to "${hosting.url}" (or leave it out), and start kube-apiserver with --service-account-issuer=${hosting.url}`);
    }
    if (props.jwksJson !== undefined) validateJwksJson(where, props.jwksJson);
    (props.publicKeys ?? []).forEach((pem, i) => {
      try {
        createPublicKey(pem);
      } catch (e: any) {
        fail(where, `publicKeys[${i}]`, typeof pem === 'string' && pem.length > 40 ? `${pem.slice(0, 37)}...` : pem, `is not a PEM public key (${e.message})`, 'the PEM text of --service-account-key-file (-----BEGIN PUBLIC KEY----- …)', 'paste the file\'s content, e.g. of /etc/kubernetes/pki/sa.pub');
      }
    });
    if (props.publicKeys !== undefined && !hosting) {
      fail(where, 'publicKeys', `${props.publicKeys.length} key(s)`, 'are given, but no hosting publishes them', 'publicKeys together with hosting', 'add hosting (s3, gcs or azureStorage), or give GCP the JWKS with jwksJson and publish the documents yourself (crossfed issuer)');
    }
    if (hosting && (props.publicKeys ?? []).length === 0 && props.jwksJson === undefined) {
      fail(where, 'publicKeys', undefined, 'is missing: the hosting has no keys to publish', 'the PEM public key(s) of --service-account-key-file, or jwksJson', 'add publicKeys with the content of /etc/kubernetes/pki/sa.pub');
    }
    for (const t of props.thumbprints ?? []) {
      if (!/^[0-9a-fA-F]{40}$/.test(t)) {
        fail(where, 'thumbprints', t, 'is not a SHA-1 thumbprint', '40 hexadecimal characters', 'compute it with `openssl x509 -fingerprint -sha1 -noout` on the top intermediate CA of the issuer host');
      }
    }
    if ((props.thumbprints ?? []).length > 5) {
      fail(where, 'thumbprints', props.thumbprints, 'has more than 5 entries', 'at most 5 thumbprints (IAM limit)', 'keep the current and the next CA thumbprint only');
    }
    return new Issuer(IssuerKind.SELF_MANAGED, props.name, url, {
      sourceLocation: props.sourceLocation, jwksJson: props.jwksJson, thumbprints: props.thumbprints, hosting, publicKeys: props.publicKeys,
    });
  }

  /** Azure DevOps service connections of one organization. */
  public static azureDevOps(props: AzureDevOpsIssuerProps): Issuer {
    const where = issuerWhere(props);
    if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,48}[A-Za-z0-9]?$/.test(props.organizationName ?? '')) {
      fail(where, 'organizationName', props.organizationName, 'is not an Azure DevOps organization name', 'letters, digits and "-", 1–50 characters', 'use the name in https://dev.azure.com/<organization>');
    }
    if (props.tenantId !== undefined) {
      requireGuid(where, 'tenantId', props.tenantId, 'Entra tenant id');
      return new Issuer(IssuerKind.AZURE_DEVOPS, props.name, `https://login.microsoftonline.com/${props.tenantId}/v2.0`, {
        sourceLocation: props.sourceLocation, azureTenantId: props.tenantId, organizationName: props.organizationName, fixedAudience: AZURE_DEVOPS_AUDIENCE,
      });
    }
    if (props.organizationId === undefined) {
      fail(where, 'organizationId', undefined, 'is missing', 'the organization GUID (legacy issuer) or a tenantId (Entra-issued tokens)',
        'set tenantId for service connections created since 2025 (issuer https://login.microsoftonline.com/<tenant>/v2.0), or organizationId for older ones');
    }
    requireGuid(where, 'organizationId', props.organizationId, 'Azure DevOps organization id');
    return new Issuer(IssuerKind.AZURE_DEVOPS, props.name, `https://vstoken.dev.azure.com/${props.organizationId}`, {
      sourceLocation: props.sourceLocation, organizationName: props.organizationName, fixedAudience: AZURE_DEVOPS_AUDIENCE,
      warnings: [`crossfed:model:ado-vstoken-deprecated: issuer "${props.name}" uses the legacy https://vstoken.dev.azure.com issuer, deprecated from 2026-07 and retired 2027-07; convert the service connections and set tenantId`],
    });
  }

  /** GitHub Actions (shared issuer: every trust pins the exact subject). */
  public static githubActions(props: GitHubActionsIssuerProps): Issuer {
    const where = issuerWhere(props);
    if (props.enterpriseSlug !== undefined && !/^[a-z0-9][a-z0-9-]*$/.test(props.enterpriseSlug)) {
      fail(where, 'enterpriseSlug', props.enterpriseSlug, 'is not an enterprise slug', 'lowercase letters, digits and "-"', 'use the slug in https://github.com/enterprises/<slug>');
    }
    const url = props.enterpriseSlug ? `https://token.actions.githubusercontent.com/${props.enterpriseSlug}` : 'https://token.actions.githubusercontent.com';
    return new Issuer(IssuerKind.GITHUB_ACTIONS, props.name, url, { sourceLocation: props.sourceLocation, shared: true });
  }

  /** GitLab CI (gitlab.com is shared: every trust pins the exact subject). */
  public static gitlab(props: GitLabIssuerProps): Issuer {
    const where = issuerWhere(props);
    const url = props.url ?? 'https://gitlab.com';
    requireHttpsUrl(where, 'url', url);
    if (url.endsWith('/')) {
      fail(where, 'url', url, 'ends with "/", but GitLab tokens carry the instance URL without one', 'the instance URL without a trailing slash', `did you mean "${url.slice(0, -1)}"?`);
    }
    return new Issuer(IssuerKind.GITLAB, props.name, url, { sourceLocation: props.sourceLocation, shared: true });
  }

  /** Any other OIDC issuer. */
  public static generic(props: GenericIssuerProps): Issuer {
    const where = issuerWhere(props);
    requireHttpsUrl(where, 'url', props.url);
    return new Issuer(IssuerKind.GENERIC, props.name, props.url, { sourceLocation: props.sourceLocation, shared: props.shared ?? true });
  }

  /**
   * Entra ID: the managed identities and service principals of a tenant (Azure Data Factory,
   * Functions, VMs …). Their tokens carry the principal's object id in `sub` and the application
   * ID URI they were requested for in `aud`; the tenant's tokens share one issuer, so every trust
   * pins the exact object id.
   * @see https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference
   */
  public static entraId(props: EntraIdIssuerProps): Issuer {
    const where = issuerWhere(props);
    requireGuid(where, 'tenantId', props.tenantId, 'Entra tenant id');
    if (props.tenantId !== props.tenantId.toLowerCase()) {
      fail(where, 'tenantId', props.tenantId, 'has uppercase letters, but Entra tokens carry the tenant id in lowercase and the clouds compare issuers byte for byte',
        'the tenant id in lowercase', `did you mean "${props.tenantId.toLowerCase()}"?`);
    }
    const v = props.tokenVersion;
    if (v !== 1 && v !== 2) {
      fail(where, 'tokenVersion', v, v === undefined ? 'is missing: it decides the issuer the tokens carry' : 'is not an Entra access token version',
        '1 (iss https://sts.windows.net/<tenant>/) or 2 (iss https://login.microsoftonline.com/<tenant>/v2.0)',
        'decode a token the principal gets (e.g. on jwt.ms) and read its "ver" and "iss"; a managed identity gets version 1 unless the application it asks for sets accessTokenAcceptedVersion to 2');
    }
    const url = v === 1 ? `https://sts.windows.net/${props.tenantId}/` : `https://login.microsoftonline.com/${props.tenantId}/v2.0`;
    return new Issuer(IssuerKind.ENTRA_ID, props.name, url, { sourceLocation: props.sourceLocation, azureTenantId: props.tenantId, entraTokenVersion: v, shared: true });
  }

  /**
   * Google ID tokens of service accounts: issuer `https://accounts.google.com`, `sub` (and `azp`)
   * the service account's unique numeric id, `aud` the audience the workload asks for. Shared by
   * every Google account in the world: every trust pins the exact unique id.
   * @see https://cloud.google.com/compute/docs/instances/verifying-instance-identity#token_format
   */
  public static google(props: IssuerBaseProps): Issuer {
    return new Issuer(IssuerKind.GOOGLE, props.name, GOOGLE_ISSUER, { sourceLocation: props.sourceLocation, shared: true });
  }

  /**
   * AWS IAM roles of one account, for GCP's AWS provider type: no OIDC token, but a signed
   * `GetCallerIdentity` request that GCP's STS has AWS verify. The "issuer" is the account
   * (its `url` is the account's principal ARN, `arn:aws:iam::<account>:root`).
   * @see https://cloud.google.com/iam/docs/workload-identity-federation-with-other-clouds
   */
  public static awsAccount(props: AwsAccountIssuerProps): Issuer {
    const where = issuerWhere(props);
    requireAwsAccountId(where, 'accountId', props.accountId);
    const partition = props.partition ?? 'aws';
    if (!['aws', 'aws-cn', 'aws-us-gov'].includes(partition)) {
      fail(where, 'partition', partition, 'is not an AWS partition', '"aws", "aws-cn" or "aws-us-gov"', 'leave it unset for the commercial regions ("aws")');
    }
    return new Issuer(IssuerKind.AWS, props.name, `arn:${partition}:iam::${props.accountId}:root`, {
      sourceLocation: props.sourceLocation, awsAccountId: props.accountId, awsPartition: partition, shared: false,
    });
  }

  /** The issuer's kind. */
  public readonly kind: IssuerKind;
  /** The issuer's name in the model. */
  public readonly name: string;
  /**
   * The issuer URL, byte for byte as tokens carry it in `iss`. (AWS accounts: the account's
   * principal ARN, `arn:aws:iam::<account>:root`; their credentials carry no issuer.)
   */
  public readonly url: string;
  /** Whether tokens of many tenants share this issuer. */
  public readonly shared: boolean;
  /** Whether this is a Kubernetes cluster (its workloads are service accounts). */
  public readonly isKubernetes: boolean;
  /** Whether its workloads are cloud identities (Entra ID principals, Google service accounts, AWS roles). */
  public readonly isCloudIdentity: boolean;
  /** Entra ID: the access token version the principals get (1 or 2). @default - not an Entra ID issuer */
  public readonly entraTokenVersion?: number;
  /** The audience every token of this issuer carries, whatever the target (Azure DevOps). @default - per target cloud */
  public readonly fixedAudience?: string;
  /** EKS: the cluster's AWS account; AWS: the account of the roles. */
  public readonly awsAccountId?: string;
  /** EKS: the cluster's region. */
  public readonly awsRegion?: string;
  /** EKS, AWS: the partition (`aws`, `aws-cn`, `aws-us-gov`). */
  public readonly awsPartition?: string;
  /** EKS / GKE: the cluster name. */
  public readonly clusterName?: string;
  /** AKS / Azure DevOps (Entra form) / Entra ID: the tenant. */
  public readonly azureTenantId?: string;
  /** GKE: the cluster's project id. */
  public readonly gcpProjectId?: string;
  /** GKE: the cluster's location. */
  public readonly gcpLocation?: string;
  /** Self-managed: the JWKS as JSON text. */
  public readonly jwksJson?: string;
  /** Self-managed: CA thumbprints for AWS. */
  public readonly thumbprints?: string[];
  /** Self-managed: where crossfed publishes the discovery document and JWKS. */
  public readonly hosting?: IssuerHosting;
  /** Self-managed: the PEM public keys the hosting publishes. */
  public readonly publicKeys?: string[];
  /** Azure DevOps: the organization name. */
  public readonly organizationName?: string;
  /** Where this issuer was declared. */
  public readonly sourceLocation: string;
  /** Warnings about this issuer (stable ids first). */
  public readonly warnings: string[];

  private constructor(kind: IssuerKind, name: string, url: string, extra: IssuerExtra) {
    validateIssuerName(extra.sourceLocation ?? `issuer[${name}]`, name);
    this.kind = kind;
    this.name = name;
    this.url = url;
    this.isKubernetes = [IssuerKind.EKS, IssuerKind.AKS, IssuerKind.GKE, IssuerKind.SELF_MANAGED].includes(kind);
    this.isCloudIdentity = CLOUD_IDENTITY_ISSUER_KINDS.includes(kind);
    this.entraTokenVersion = extra.entraTokenVersion;
    this.shared = extra.shared ?? (kind === IssuerKind.AZURE_DEVOPS);
    this.fixedAudience = extra.fixedAudience;
    this.awsAccountId = extra.awsAccountId;
    this.awsRegion = extra.awsRegion;
    this.awsPartition = extra.awsPartition;
    this.clusterName = extra.clusterName;
    this.azureTenantId = extra.azureTenantId;
    this.gcpProjectId = extra.gcpProjectId;
    this.gcpLocation = extra.gcpLocation;
    this.jwksJson = extra.jwksJson;
    this.thumbprints = extra.thumbprints;
    this.hosting = extra.hosting;
    this.publicKeys = extra.publicKeys ? [...extra.publicKeys] : undefined;
    this.organizationName = extra.organizationName;
    this.sourceLocation = extra.sourceLocation ?? `issuer[${name}]`;
    this.warnings = extra.warnings ?? [];
  }

  /**
   * The issuer without `https://`: the OIDC provider's resource name in AWS and the prefix
   * of the `:sub` / `:aud` condition keys.
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
   */
  public get hostPath(): string {
    return this.url.replace(/^https:\/\//, '');
  }

  /** The AWS condition key for the subject: `<host/path>:sub`. */
  public get awsSubKey(): string {
    return `${this.hostPath}:sub`;
  }

  /** The AWS condition key for the audience: `<host/path>:aud`. */
  public get awsAudKey(): string {
    return `${this.hostPath}:aud`;
  }

  /** EKS: the cluster ARN, when account and cluster name are known. */
  public get eksClusterArn(): string | undefined {
    if (this.kind !== IssuerKind.EKS || !this.awsAccountId || !this.clusterName) return undefined;
    return `arn:${this.awsPartition}:eks:${this.awsRegion}:${this.awsAccountId}:cluster/${this.clusterName}`;
  }

  /** GKE: the workload pool `<project>.svc.id.goog`. */
  public get gkeWorkloadPool(): string | undefined {
    return this.gcpProjectId ? `${this.gcpProjectId}.svc.id.goog` : undefined;
  }
}

interface IssuerExtra {
  readonly sourceLocation?: string;
  readonly shared?: boolean;
  readonly fixedAudience?: string;
  readonly awsAccountId?: string;
  readonly awsRegion?: string;
  readonly awsPartition?: string;
  readonly clusterName?: string;
  readonly azureTenantId?: string;
  readonly azureRegion?: string;
  readonly entraTokenVersion?: number;
  readonly gcpProjectId?: string;
  readonly gcpLocation?: string;
  readonly jwksJson?: string;
  readonly thumbprints?: string[];
  readonly hosting?: IssuerHosting;
  readonly publicKeys?: string[];
  readonly organizationName?: string;
  readonly warnings?: string[];
}

function issuerWhere(props: IssuerBaseProps): string {
  return props.sourceLocation ?? `issuer[${props.name}]`;
}

function validateIssuerName(where: string, name: string): void {
  if (typeof name !== 'string' || name.length > 32 || !DNS1123_LABEL.test(name)) {
    fail(where, 'name', name, 'is not a valid issuer name', 'lowercase letters, digits and "-", starting and ending with a letter or digit, at most 32 characters',
      'choose a short name such as "prod-eks"; it is used in derived resource names');
  }
}

export function requireAwsAccountId(where: string, field: string, value: string): void {
  if (typeof value !== 'string' || !/^\d{12}$/.test(value)) {
    fail(where, field, value, 'is not an AWS account id', 'exactly 12 digits (quote it in YAML so leading zeros survive)', 'copy it from `aws sts get-caller-identity --query Account`');
  }
}

function validateJwksJson(where: string, text: string): void {
  let jwks: any;
  try {
    jwks = JSON.parse(text);
  } catch {
    fail(where, 'jwksJson', text, 'is not JSON', 'a JSON Web Key Set: {"keys":[…]}', 'paste the output of `kubectl get --raw /openid/v1/jwks`');
  }
  if (!jwks || !Array.isArray(jwks.keys) || jwks.keys.length === 0) {
    fail(where, 'jwksJson', text, 'has no "keys" array', 'a JSON Web Key Set: {"keys":[…]}', 'paste the output of `kubectl get --raw /openid/v1/jwks`');
  }
}
