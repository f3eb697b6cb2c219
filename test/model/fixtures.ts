import { CloudPrincipal, GcpResourceType, IdentityModel, Issuer } from '../../lib/model';

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

export const MI_OBJECT_ID = 'aaaaaaaa-0000-4000-8000-00000000adf1';
export const SA_UNIQUE_ID = '100000000000000000001';
export const BATCH_ROLE_ARN = 'arn:aws:iam::111122223333:role/batch-bq-writer';
export const ENTRA_V1 = `https://sts.windows.net/${TENANT}/`;

/**
 * The small model with one cloud identity of each kind: a Data Factory managed identity (Entra
 * ID v1.0 tokens) reading S3 and GCS, a Dataflow worker service account reading S3, an AWS Batch
 * role writing to BigQuery.
 */
export function cloudModel() {
  const m = smallModel();
  const { model, aws, gcp } = m;
  const entra = model.addIssuer(Issuer.entraId({ name: 'acme-entra', tenantId: TENANT, tokenVersion: 1 }));
  const google = model.addIssuer(Issuer.google({ name: 'google' }));
  const awsProd = model.addIssuer(Issuer.awsAccount({ name: 'aws-prod', accountId: '111122223333' }));
  const adf = model.addCloudWorkload({ issuer: entra, name: 'adf-ingest', principal: CloudPrincipal.entraObjectId(MI_OBJECT_ID) });
  adf.grantAws(aws, { roleName: 'adf-ingest-reader', audience: 'api://acme-aws-federation', s3ReadBuckets: ['acme-raw'] });
  adf.grantGcp(gcp, { serviceAccount: 'adf-ingest', audience: 'api://acme-gcp-federation', bucketRoles: [{ bucket: 'acme-raw', role: 'roles/storage.objectViewer' }] });
  const dataflow = model.addCloudWorkload({ issuer: google, name: 'dataflow-worker', principal: CloudPrincipal.googleServiceAccount(SA_UNIQUE_ID, 'dataflow-worker@acme-data.iam.gserviceaccount.com') });
  dataflow.grantAws(aws, { roleName: 'dataflow-s3-reader', audience: 'sts.amazonaws.com', s3ReadBuckets: ['acme-landing'] });
  const batch = model.addCloudWorkload({ issuer: awsProd, name: 'batch-bq-writer', principal: CloudPrincipal.awsRole(BATCH_ROLE_ARN) });
  batch.grantGcp(gcp, { serviceAccount: 'bq-writer', resourceRoles: [{ resourceType: GcpResourceType.BIGQUERY_DATASET, resource: 'landing', role: 'roles/bigquery.dataEditor' }] });
  return { ...m, entra, google, awsProd, adf, dataflow, batch };
}

export const EKS_A_URL = 'https://oidc.eks.us-east-1.amazonaws.com/id/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
export const EKS_B_URL = 'https://oidc.eks.us-east-1.amazonaws.com/id/BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';

/**
 * Two EKS clusters with `perCluster` workloads each in the same five namespaces, with service
 * account names long enough that each cluster's exact subject list passes GCP's 4,096
 * characters (from about 70 per cluster), and one AKS workload whose provider stays exact.
 */
export function overflowModel(perCluster = 110) {
  const model = new IdentityModel({ name: 'overflow' });
  const eksA = model.addIssuer(Issuer.eks({ name: 'eks-a', url: EKS_A_URL, accountId: '111122223333', clusterName: 'eks-a' }));
  const eksB = model.addIssuer(Issuer.eks({ name: 'eks-b', url: EKS_B_URL, accountId: '111122223333', clusterName: 'eks-b' }));
  const aks = model.addIssuer(Issuer.aks({ name: 'prod-aks', url: AKS_URL }));
  const gcp = model.addGcpProject({ name: 'data', projectId: 'acme-data', projectNumber: '123456789012' });
  const grant = (issuer: Issuer, c: string, i: number) => model.addWorkload({ issuer, namespace: `ns-${i % 5}`, serviceAccount: `${c}-service-account-with-a-long-name-${i}` })
    .grantGcp(gcp, { serviceAccount: `wl-${c}-${i}`, bucketRoles: [{ bucket: `acme-${c}-${i % 3}`, role: 'roles/storage.objectViewer' }] });
  for (let i = 0; i < perCluster; i++) {
    grant(eksA, 'a', i);
    grant(eksB, 'b', i);
  }
  const app = model.addWorkload({ issuer: aks, namespace: 'ns-0', serviceAccount: 'app' }).grantGcp(gcp, { serviceAccount: 'aks-app-reader' });
  return { model, eksA, eksB, aks, gcp, app };
}
