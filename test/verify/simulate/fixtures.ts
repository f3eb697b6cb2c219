/**
 * Trust graphs built by hand, the way the parsers would fill them from artifacts.
 */
import { AwsOidcProvider, AwsRole, AzureFederatedCredential, AzureIdentity, emptyGraph, GcpBinding, GcpProvider, SourceRef, TrustGraph } from '../../../lib/verify/graph';
import { Token, TokenClaims } from '../../../lib/verify/simulate/token';

export const NOW = 1_800_000_000;
export const ACCOUNT = '111122223333';
export const EKS = 'https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
export const EKS_HOST = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
export const AKS = 'https://westeurope.oic.prod-aks.azure.com/11111111-2222-3333-4444-555555555555/99999999-8888-7777-6666-555555555555/';
export const GKE = 'https://container.googleapis.com/v1/projects/acme-data/locations/europe-west1/clusters/prod';
export const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/${EKS_HOST}`;
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/pipeline-reader`;
export const GCP_NUMBER = '123456789012';
export const POOL = `projects/${GCP_NUMBER}/locations/global/workloadIdentityPools/crossfed`;
export const GCP_AUDIENCE = `//iam.googleapis.com/${POOL}/providers/prod-eks`;
export const GSA = 'pipeline-reader@acme-data.iam.gserviceaccount.com';
export const ENTRA_AUDIENCE = 'api://AzureADTokenExchange';

export function ref(resource: string, file = 'fixture.template.json'): SourceRef {
  return { file, resource };
}

/** A bound service-account token of `ns/sa`, issued at NOW for an hour. */
export function k8sToken(o: { iss?: string; ns?: string; sa?: string; aud?: string | string[]; lifetime?: number; iat?: number; extra?: Record<string, unknown> } = {}): Token {
  const ns = o.ns ?? 'data';
  const sa = o.sa ?? 'pipeline';
  const iat = o.iat ?? NOW;
  const claims: TokenClaims = {
    'iss': o.iss ?? EKS, 'sub': `system:serviceaccount:${ns}:${sa}`, ...(o.aud === undefined ? {} : { aud: o.aud }),
    'exp': iat + (o.lifetime ?? 3600), iat, 'nbf': iat,
    'kubernetes.io': { namespace: ns, serviceaccount: { name: sa, uid: '00000000-0000-0000-0000-000000000001' } },
    ...o.extra,
  };
  return { claims };
}

export function provider(o: Partial<AwsOidcProvider> = {}): AwsOidcProvider {
  return { ref: ref('ProdEksProvider'), url: EKS, arn: PROVIDER_ARN, clientIds: ['sts.amazonaws.com'], thumbprints: [], ...o };
}

/** crossfed's exact web-identity trust. */
export function webIdentityTrust(subjects: string | string[] = 'system:serviceaccount:data:pipeline', op = 'StringEquals'): unknown {
  const cond: Record<string, Record<string, unknown>> = { StringEquals: { [`${EKS_HOST}:aud`]: 'sts.amazonaws.com' } };
  cond[op] = { ...(cond[op] ?? {}), [`${EKS_HOST}:sub`]: subjects };
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: PROVIDER_ARN }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: cond }] };
}

export function role(o: Partial<AwsRole> = {}): AwsRole {
  return { ref: ref('PipelineReaderRole'), roleName: 'pipeline-reader', arn: ROLE_ARN, trustPolicy: webIdentityTrust(), managedPolicyArns: [], policies: [], accountId: ACCOUNT, ...o };
}

export function entraApp(o: Partial<AzureIdentity> = {}): AzureIdentity {
  return { ref: ref('azuread_application.pipeline_reader', 'terraform/azure/cdk.tf.json'), id: 'azuread_application.pipeline_reader', kind: 'application', displayName: 'pipeline-reader', clientId: '0a0a0a0a-1111-2222-3333-444444444444', ...o };
}

export function fic(o: Partial<AzureFederatedCredential> = {}): AzureFederatedCredential {
  return {
    ref: ref('azuread_application_federated_identity_credential.prod_eks_pipeline', 'terraform/azure/cdk.tf.json'),
    parent: 'azuread_application.pipeline_reader', name: 'prod-eks-pipeline', issuer: EKS, subject: 'system:serviceaccount:data:pipeline', audiences: [ENTRA_AUDIENCE], ...o,
  };
}

export function gcpProvider(o: Partial<GcpProvider> = {}): GcpProvider {
  return {
    ref: ref('google_iam_workload_identity_pool_provider.prod_eks', 'terraform/gcp/cdk.tf.json'), id: 'google_iam_workload_identity_pool_provider.prod_eks',
    pool: 'google_iam_workload_identity_pool.crossfed', poolId: 'crossfed', providerId: 'prod-eks', projectNumber: GCP_NUMBER, issuerUri: EKS, allowedAudiences: [],
    attributeMapping: { 'google.subject': 'assertion.sub', 'attribute.namespace': "assertion['kubernetes.io']['namespace']", 'attribute.service_account': "assertion['kubernetes.io']['serviceaccount']['name']" },
    attributeCondition: "assertion.sub == 'system:serviceaccount:data:pipeline'", ...o,
  };
}

export function wiuBinding(member: string, email = GSA): GcpBinding {
  return { ref: ref('google_service_account_iam_member.pipeline_reader_wiu', 'terraform/gcp/cdk.tf.json'), resourceType: 'service-account', resource: email, role: 'roles/iam.workloadIdentityUser', member };
}

export const PRINCIPAL = `principal://iam.googleapis.com/${POOL}/subject/system:serviceaccount:data:pipeline`;

/** A graph with one EKS → AWS, Azure and GCP federation for data/pipeline. */
export function pipelineGraph(): TrustGraph {
  const g = emptyGraph();
  g.aws.providers.push(provider());
  g.aws.roles.push(role());
  g.azure.identities.push(entraApp());
  g.azure.credentials.push(fic());
  g.gcp.pools.push({ ref: ref('google_iam_workload_identity_pool.crossfed', 'terraform/gcp/cdk.tf.json'), id: 'google_iam_workload_identity_pool.crossfed', poolId: 'crossfed', project: 'acme-data' });
  g.gcp.providers.push(gcpProvider());
  g.gcp.serviceAccounts.push({ ref: ref('google_service_account.pipeline_reader', 'terraform/gcp/cdk.tf.json'), id: 'google_service_account.pipeline_reader', email: GSA, project: 'acme-data' });
  g.gcp.bindings.push(wiuBinding(PRINCIPAL));
  return g;
}
