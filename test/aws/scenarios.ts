import { AccessMechanism, AwsAuditProps, CiSubject, IdentityModel, Issuer } from '../../lib/model';

export const ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '444455556666';
export const EKS_URL = 'https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
export const EKS_EU_URL = 'https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0EU0D4633E53DE1B71EXAMPLE';
export const AKS_URL = 'https://westeurope.oic.prod-aks.azure.com/11111111-2222-3333-4444-555555555555/99999999-8888-7777-6666-555555555555/';
export const GKE_URL = 'https://container.googleapis.com/v1/projects/acme-data/locations/europe-west1/clusters/prod';
export const ONPREM_URL = 'https://acme-onprem-oidc.s3.eu-west-1.amazonaws.com';
export const TENANT = '11111111-2222-3333-4444-555555555555';
export const ADO_ORG_ID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
export const ADO_ENTRA_SUBJECT = '/eid1/c/pub/t/EXAMPLEtenantAAAAAAAAAA/a/EXAMPLEappBBBBBBBBBBBBB/sc/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';
export const THUMBPRINT = '9e99a48a9960b14926bb7f3b02e22da2b0ab7280';

function eks(model: IdentityModel, url = EKS_URL, name = 'prod-eks', clusterName = 'prod'): Issuer {
  return model.addIssuer(Issuer.eks({ name, url, accountId: ACCOUNT, clusterName }));
}

/** EKS → AWS with IRSA: a new provider for the cluster, S3 read plus a managed policy. */
export function nativeIrsa(): IdentityModel {
  const model = new IdentityModel({ name: 'irsa' });
  const cluster = eks(model);
  const aws = model.addAwsAccount({ name: 'prod', accountId: ACCOUNT });
  model.addWorkload({ issuer: cluster, namespace: 'data', serviceAccount: 'pipeline' })
    .grantAws(aws, { roleName: 'pipeline-reader', s3ReadBuckets: ['acme-raw'], managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'] });
  return model;
}

/** EKS → AWS with EKS Pod Identity (the cluster's provider exists already and is not needed). */
export function podIdentity(): IdentityModel {
  const model = new IdentityModel({ name: 'pod-identity' });
  const cluster = eks(model);
  const aws = model.addAwsAccount({ name: 'prod', accountId: ACCOUNT, existingOidcProviders: [cluster] });
  model.addWorkload({ issuer: cluster, namespace: 'batch', serviceAccount: 'reconciler' })
    .grantAws(aws, { roleName: 'reconciler', mechanism: AccessMechanism.POD_IDENTITY, secretsRead: [`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:ledger-db-AbCdEf`] });
  return model;
}

/** AKS → AWS: a provider for the AKS issuer (trailing slash kept), web identity. */
export function aksToAws(): IdentityModel {
  const model = new IdentityModel({ name: 'aks' });
  const aks = model.addIssuer(Issuer.aks({ name: 'prod-aks', url: AKS_URL }));
  const aws = model.addAwsAccount({ name: 'prod', accountId: ACCOUNT });
  model.addWorkload({ issuer: aks, namespace: 'analytics', serviceAccount: 'dashboard' }).grantAws(aws, { roleName: 'dashboard-reader', s3ReadBuckets: ['acme-metrics'] });
  return model;
}

/** GKE → AWS. */
export function gkeToAws(): IdentityModel {
  const model = new IdentityModel({ name: 'gke' });
  const gke = model.addIssuer(Issuer.gke({ name: 'prod-gke', url: GKE_URL }));
  const aws = model.addAwsAccount({ name: 'prod', accountId: ACCOUNT });
  model.addWorkload({ issuer: gke, namespace: 'ml', serviceAccount: 'trainer' }).grantAws(aws, { roleName: 'ml-trainer', s3ReadBuckets: ['acme-features'] });
  return model;
}

/** Self-managed cluster → AWS, with a pinned CA thumbprint. */
export function selfManagedToAws(): IdentityModel {
  const model = new IdentityModel({ name: 'onprem' });
  const onprem = model.addIssuer(Issuer.selfManaged({ name: 'onprem', url: ONPREM_URL, thumbprints: [THUMBPRINT] }));
  const aws = model.addAwsAccount({ name: 'prod', accountId: ACCOUNT });
  model.addWorkload({ issuer: onprem, namespace: 'etl', serviceAccount: 'loader' }).grantAws(aws, { roleName: 'onprem-loader', s3WriteBuckets: ['acme-landing'] });
  return model;
}

/** Azure DevOps → AWS, both issuer forms, each deployer with an EKS access entry. */
export function azureDevOpsToAws(): IdentityModel {
  const model = new IdentityModel({ name: 'ado' });
  const cluster = eks(model);
  const entra = model.addIssuer(Issuer.azureDevOps({ name: 'acme-ado', organizationName: 'acme', tenantId: TENANT }));
  const legacy = model.addIssuer(Issuer.azureDevOps({ name: 'acme-ado-legacy', organizationName: 'acme', organizationId: ADO_ORG_ID }));
  const aws = model.addAwsAccount({ name: 'prod', accountId: ACCOUNT, existingOidcProviders: [cluster] });
  model.addCiWorkload({ issuer: entra, name: 'ado-deploy', subject: CiSubject.azureDevOpsEntra(ADO_ENTRA_SUBJECT) }).grantAws(aws, {
    roleName: 'ado-eks-deployer',
    eksAccess: { cluster, kubernetesGroups: ['crossfed:deployers'], namespaces: ['data', 'batch'], accessPolicyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy' },
  });
  model.addCiWorkload({ issuer: legacy, name: 'ado-legacy', subject: CiSubject.azureDevOpsServiceConnection('acme', 'platform', 'prod-aws') }).grantAws(aws, {
    roleName: 'ado-legacy-deployer', eksAccess: { cluster, kubernetesGroups: ['crossfed:viewers'] },
  });
  return model;
}

/** GitHub Actions → AWS: exact environment subject, ECR push. */
export function githubToAws(): IdentityModel {
  const model = new IdentityModel({ name: 'github' });
  const github = model.addIssuer(Issuer.githubActions({ name: 'github' }));
  const aws = model.addAwsAccount({ name: 'prod', accountId: ACCOUNT });
  model.addCiWorkload({ issuer: github, name: 'gh-release', subject: CiSubject.githubEnvironment('acme/platform', 'production') })
    .grantAws(aws, { roleName: 'github-release', ecrPush: [`arn:aws:ecr:us-east-1:${ACCOUNT}:repository/platform`] });
  return model;
}

/**
 * Every option at once: a role shared by two service accounts of two clusters, an opted-in
 * wildcard, broad permissions, an existing role, an existing provider, a cluster in another
 * region (its Pod Identity association goes to a stack of that region), a second account.
 */
export function allProps(): IdentityModel {
  const model = new IdentityModel({ name: 'full' });
  const cluster = eks(model);
  const euCluster = eks(model, EKS_EU_URL, 'eu-eks', 'eu');
  const aks = model.addIssuer(Issuer.aks({ name: 'prod-aks', url: AKS_URL }));
  const gitlab = model.addIssuer(Issuer.gitlab({ name: 'gitlab' }));
  const aws = model.addAwsAccount({ name: 'prod', accountId: ACCOUNT, region: 'us-east-1', existingOidcProviders: [cluster], trustPolicySizeQuota: 4096, oidcProviderQuota: 150 });
  const sandbox = model.addAwsAccount({ name: 'sandbox', accountId: OTHER_ACCOUNT, region: 'eu-west-1' });
  const shared = { roleName: 'metrics-reader', s3ReadBuckets: ['acme-metrics'], description: 'Reads the metrics bucket', maxSessionDurationSeconds: 7200 };
  model.addWorkload({ issuer: cluster, namespace: 'analytics', serviceAccount: 'dashboard' }).grantAws(aws, shared);
  model.addWorkload({ issuer: aks, namespace: 'analytics', serviceAccount: 'dashboard' }).grantAws(aws, { roleName: 'metrics-reader' });
  model.addWorkload({ issuer: cluster, namespace: 'ci-main', serviceAccount: 'runner', name: 'ci-runner' })
    .grantAws(aws, { roleName: 'ci-runners', wildcardSubject: 'system:serviceaccount:ci-*:runner', ecrPull: [`arn:aws:ecr:us-east-1:${ACCOUNT}:repository/base`] });
  model.addWorkload({ issuer: cluster, namespace: 'ops', serviceAccount: 'admin' }).grantAws(aws, {
    roleName: 'ops-admin', managedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess', 'arn:aws:iam::aws:policy/AmazonS3FullAccess'],
    statements: [{ actions: ['*'], resources: ['*'] }, { effect: 'Deny', actions: ['iam:DeleteRole'], resources: ['*'] }],
  });
  model.addWorkload({ issuer: cluster, namespace: 'legacy', serviceAccount: 'app' }).grantAws(aws, {
    existingRoleArn: `arn:aws:iam::${ACCOUNT}:role/legacy-app`, statements: [{ actions: ['sqs:SendMessage'], resources: [`arn:aws:sqs:us-east-1:${ACCOUNT}:jobs`] }],
  });
  model.addWorkload({ issuer: euCluster, namespace: 'jobs', serviceAccount: 'worker' })
    .grantAws(aws, { roleName: 'eu-worker', mechanism: AccessMechanism.POD_IDENTITY, s3WriteBuckets: ['acme-eu-results'] });
  model.addCiWorkload({ issuer: gitlab, name: 'gl-deploy', subject: CiSubject.gitlabBranch('acme/platform/app', 'main') })
    .grantAws(sandbox, { roleName: 'gitlab-deployer', managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] });
  return model;
}

/**
 * Audit trails of three kinds: prod gets a trail crossfed creates with its bucket and key (its own
 * name and a 7-year retention), sandbox a trail writing into an existing log-archive bucket, and
 * org is recorded by an organization trail (nothing created).
 */
export function auditedAccounts(): IdentityModel {
  const model = new IdentityModel({ name: 'audited' });
  const cluster = eks(model);
  const github = model.addIssuer(Issuer.githubActions({ name: 'github' }));
  const prod = model.addAwsAccount({ name: 'prod', accountId: ACCOUNT, existingOidcProviders: [cluster], audit: { trailName: 'federation-audit', retentionDays: 2557 } });
  const sandbox = model.addAwsAccount({ name: 'sandbox', accountId: OTHER_ACCOUNT, region: 'eu-west-1', audit: { existingBucketName: 'acme-log-archive' } });
  const org = model.addAwsAccount({ name: 'org', accountId: '777788889999', audit: { organizationTrail: true } });
  model.addWorkload({ issuer: cluster, namespace: 'data', serviceAccount: 'pipeline' }).grantAws(prod, { roleName: 'pipeline-reader', s3ReadBuckets: ['acme-raw'] });
  model.addWorkload({ issuer: cluster, namespace: 'batch', serviceAccount: 'reconciler' }).grantAws(prod, { roleName: 'reconciler', mechanism: AccessMechanism.POD_IDENTITY });
  model.addCiWorkload({ issuer: github, name: 'gh-sandbox', subject: CiSubject.githubBranch('acme/sandbox', 'main') }).grantAws(sandbox, { roleName: 'sandbox-deployer' });
  model.addCiWorkload({ issuer: github, name: 'gh-org', subject: CiSubject.githubBranch('acme/org', 'main') }).grantAws(org, { roleName: 'org-auditor' });
  return model;
}

/** The scenarios every peer (cfn-lint, built-in validation, moto) checks. */
export const SCENARIOS: { readonly [name: string]: () => IdentityModel } = {
  'native-irsa': nativeIrsa,
  'pod-identity': podIdentity,
  'aks-to-aws': aksToAws,
  'gke-to-aws': gkeToAws,
  'self-managed-to-aws': selfManagedToAws,
  'azure-devops-to-aws': azureDevOpsToAws,
  'github-to-aws': githubToAws,
  'all-props': allProps,
  'audited-accounts': auditedAccounts,
};

/** A model with `roles` roles, each trusted by one service account of one of `clusters` EKS clusters. */
export function largeModel(roles: number, options: { clusters?: number; extraRoleNames?: string[]; audit?: AwsAuditProps } = {}): IdentityModel {
  const model = new IdentityModel({ name: 'large' });
  const clusters = Array.from({ length: options.clusters ?? 4 }, (_, i) => eks(model, `https://oidc.eks.us-east-1.amazonaws.com/id/${String(i).padStart(7, '0')}D539D4633E53DE1B71EXAMPLE`, `eks-${i}`, `c${i}`));
  const aws = model.addAwsAccount({ name: 'prod', accountId: ACCOUNT, audit: options.audit });
  const names = [...Array.from({ length: roles }, (_, i) => `svc-${String(i).padStart(5, '0')}`), ...(options.extraRoleNames ?? [])];
  names.forEach((name, i) => {
    model.addWorkload({ issuer: clusters[i % clusters.length], namespace: 'apps', serviceAccount: name })
      .grantAws(aws, { roleName: name, s3ReadBuckets: [`acme-${name}`] });
  });
  return model;
}
