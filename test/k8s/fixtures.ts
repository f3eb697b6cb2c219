import { DeferredValues } from '../../lib/k8s';
import { AccessMechanism, CiSubject, TargetCloud } from '../../lib/model';
import { smallModel } from '../model/fixtures';

/** The client id of an existing application (known at synth time). */
export const EXISTING_CLIENT_ID = 'c0ffee00-0000-4000-8000-000000000001';

/** One cluster → cloud pair in one mode, and the workload of `pairsModel` that exercises it. */
export interface PairCase {
  readonly workload: string;
  readonly cluster: 'prod-eks' | 'prod-aks' | 'prod-gke';
  readonly cloud: TargetCloud;
  /** webhook: annotations/labels only; explicit: volumes and env; pod-identity: EKS Pod Identity; native: GKE. */
  readonly mode: 'webhook' | 'explicit' | 'pod-identity' | 'native';
}

/** The nine cluster → cloud pairs, in every mode each offers. */
export const PAIRS: PairCase[] = [
  { workload: 'eks-aws-irsa', cluster: 'prod-eks', cloud: TargetCloud.AWS, mode: 'webhook' },
  { workload: 'eks-aws-explicit', cluster: 'prod-eks', cloud: TargetCloud.AWS, mode: 'explicit' },
  { workload: 'eks-aws-pod-identity', cluster: 'prod-eks', cloud: TargetCloud.AWS, mode: 'pod-identity' },
  { workload: 'eks-azure-explicit', cluster: 'prod-eks', cloud: TargetCloud.AZURE, mode: 'explicit' },
  { workload: 'eks-azure-webhook', cluster: 'prod-eks', cloud: TargetCloud.AZURE, mode: 'webhook' },
  { workload: 'eks-gcp-impersonation', cluster: 'prod-eks', cloud: TargetCloud.GCP, mode: 'explicit' },
  { workload: 'eks-gcp-direct', cluster: 'prod-eks', cloud: TargetCloud.GCP, mode: 'explicit' },
  { workload: 'aks-aws', cluster: 'prod-aks', cloud: TargetCloud.AWS, mode: 'explicit' },
  { workload: 'aks-azure-webhook', cluster: 'prod-aks', cloud: TargetCloud.AZURE, mode: 'webhook' },
  { workload: 'aks-azure-explicit', cluster: 'prod-aks', cloud: TargetCloud.AZURE, mode: 'explicit' },
  { workload: 'aks-gcp', cluster: 'prod-aks', cloud: TargetCloud.GCP, mode: 'explicit' },
  { workload: 'gke-aws', cluster: 'prod-gke', cloud: TargetCloud.AWS, mode: 'explicit' },
  { workload: 'gke-azure', cluster: 'prod-gke', cloud: TargetCloud.AZURE, mode: 'explicit' },
  { workload: 'gke-azure-webhook', cluster: 'prod-gke', cloud: TargetCloud.AZURE, mode: 'webhook' },
  { workload: 'gke-gcp-native', cluster: 'prod-gke', cloud: TargetCloud.GCP, mode: 'native' },
  { workload: 'gke-gcp-pool', cluster: 'prod-gke', cloud: TargetCloud.GCP, mode: 'explicit' },
];

/**
 * A model with one service account per pair and mode (each in namespace `apps`, named after
 * its case), two CI deployers to the EKS cluster (namespaced and cluster-wide), and the
 * Terraform outputs of the Entra identities it creates.
 */
export function pairsModel() {
  const f = smallModel();
  const { model, eks, aks, gke, github, aws, azure, gcp } = f;
  const add = (issuer: typeof eks, name: string) => model.addWorkload({ issuer, namespace: 'apps', serviceAccount: name, name });
  const bucketRoles = [{ bucket: 'acme-raw', role: 'roles/storage.objectViewer' }];

  add(eks, 'eks-aws-irsa').grantAws(aws, { roleName: 'eks-aws-irsa' });
  add(eks, 'eks-aws-explicit').grantAws(aws, { roleName: 'eks-aws-explicit', webhook: false });
  add(eks, 'eks-aws-pod-identity').grantAws(aws, { roleName: 'eks-aws-pod-identity', mechanism: AccessMechanism.POD_IDENTITY });
  add(eks, 'eks-azure-explicit').grantAzure(azure, { application: 'eks-azure-explicit' });
  add(eks, 'eks-azure-webhook').grantAzure(azure, { application: 'eks-azure-webhook', webhook: true });
  add(eks, 'eks-gcp-impersonation').grantGcp(gcp, { serviceAccount: 'eks-gcp-reader', bucketRoles });
  add(eks, 'eks-gcp-direct').grantGcp(gcp, { direct: true, bucketRoles });

  add(aks, 'aks-aws').grantAws(aws, { roleName: 'aks-aws' });
  add(aks, 'aks-azure-webhook').grantAzure(azure, { managedIdentity: { name: 'aks-azure-webhook', resourceGroupName: 'rg-identities', location: 'westeurope' } });
  add(aks, 'aks-azure-explicit').grantAzure(azure, { existingApplication: { clientId: EXISTING_CLIENT_ID, objectId: 'c0ffee00-0000-4000-8000-0000000000aa' }, webhook: false });
  add(aks, 'aks-gcp').grantGcp(gcp, { serviceAccount: 'aks-gcp-reader', bucketRoles });

  add(gke, 'gke-aws').grantAws(aws, { roleName: 'gke-aws' });
  add(gke, 'gke-azure').grantAzure(azure, { application: 'gke-azure' });
  add(gke, 'gke-azure-webhook').grantAzure(azure, { application: 'gke-azure-webhook', webhook: true });
  add(gke, 'gke-gcp-native').grantGcp(gcp, { serviceAccount: 'gke-gcp-native', bucketRoles });
  add(gke, 'gke-gcp-pool').grantGcp(gcp, { serviceAccount: 'gke-gcp-pool', gkeNative: false, bucketRoles });

  model.addCiWorkload({ issuer: github, name: 'deploy-apps', subject: CiSubject.githubEnvironment('acme/apps', 'production') })
    .grantAws(aws, { roleName: 'deploy-apps', eksAccess: { cluster: eks, kubernetesGroups: ['crossfed:deployers'], namespaces: ['batch', 'apps'] } });
  model.addCiWorkload({ issuer: github, name: 'deploy-platform', subject: CiSubject.githubBranch('acme/platform', 'main') })
    .grantAws(aws, { roleName: 'deploy-platform', eksAccess: { cluster: eks, kubernetesGroups: ['platform:admins', 'crossfed:deployers'], clusterRole: 'cluster-admin' } });

  // What `terraform output -json` would give for the identities crossfed creates.
  const clientIds: Record<string, string> = {};
  azure.identities.filter(i => !i.existing).forEach((i, n) => {
    clientIds[i.clientIdOutputName] = `00000000-0000-4000-8000-${String(n + 1).padStart(12, '0')}`;
  });
  const deferredValues = DeferredValues.fromValues(clientIds, 'tf-outputs.json');
  return { ...f, clientIds, deferredValues };
}
