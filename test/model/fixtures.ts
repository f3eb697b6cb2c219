import { IdentityModel, Issuer } from '../../lib/model';

export const EKS_URL = 'https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
export const AKS_URL = 'https://westeurope.oic.prod-aks.azure.com/11111111-2222-3333-4444-555555555555/99999999-8888-7777-6666-555555555555/';
export const GKE_URL = 'https://container.googleapis.com/v1/projects/acme-data/locations/europe-west1/clusters/prod';
export const TENANT = '11111111-2222-3333-4444-555555555555';
export const SUBSCRIPTION = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

/** A small model with one cluster of each kind and one of each cloud. */
export function smallModel() {
  const model = new IdentityModel({ name: 'test' });
  const eks = model.addIssuer(Issuer.eks({ name: 'prod-eks', url: EKS_URL, accountId: '111122223333', clusterName: 'prod' }));
  const aks = model.addIssuer(Issuer.aks({ name: 'prod-aks', url: AKS_URL }));
  const gke = model.addIssuer(Issuer.gke({ name: 'prod-gke', url: GKE_URL }));
  const github = model.addIssuer(Issuer.githubActions({ name: 'github' }));
  const aws = model.addAwsAccount({ name: 'prod', accountId: '111122223333' });
  const azure = model.addAzureTenant({ name: 'acme', tenantId: TENANT, subscriptionId: SUBSCRIPTION });
  const gcp = model.addGcpProject({ name: 'data', projectId: 'acme-data', projectNumber: '123456789012' });
  return { model, eks, aks, gke, github, aws, azure, gcp };
}
