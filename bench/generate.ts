/**
 * Synthetic models for the benchmark: N workloads over 10 clusters of mixed kinds and 50
 * namespaces, each granted AWS, Azure and GCP, plus CI identities (one GitHub environment per
 * 100 workloads and one Azure DevOps service connection).
 */
import { createHash } from 'crypto';
import { IdentityModel } from '../lib/model';

const TENANT = '11111111-2222-3333-4444-555555555555';
const SUBSCRIPTION = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

const CLUSTERS = [
  ...[0, 1, 2, 3].map(i => ({ name: `eks-${i}`, kind: 'eks', url: `https://oidc.eks.us-east-1.amazonaws.com/id/${hex(`eks-${i}`, 32).toUpperCase()}`, accountId: '111122223333', clusterName: `eks-${i}` })),
  ...[0, 1, 2].map(i => ({ name: `aks-${i}`, kind: 'aks', url: `https://westeurope.oic.prod-aks.azure.com/${TENANT}/${guid(`aks-${i}`)}/` })),
  // One GKE cluster per project: GKE workload identity makes <ns>/<ksa> one member for every
  // cluster of a project ("identity sameness"), which the model refuses.
  ...[0, 1].map(i => ({ name: `gke-${i}`, kind: 'gke', url: `https://container.googleapis.com/v1/projects/${i === 0 ? 'acme-data' : 'acme-data-2'}/locations/europe-west1/clusters/gke-${i}` })),
  { name: 'onprem-0', kind: 'self-managed', url: 'https://acme-onprem-oidc.s3.eu-west-1.amazonaws.com' },
];

/** Workloads sharing one Entra application (Entra allows 20 federated credentials per application). */
const PER_APP = 20;

export interface GeneratedModel {
  /** The model file (JSON). */
  readonly model: unknown;
  /** Example `terraform output -json` with a client id for every Entra identity. */
  readonly tfOutputs: unknown;
}

export function generateModel(n: number): GeneratedModel {
  const workloads: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const c = CLUSTERS[i % CLUSTERS.length];
    workloads.push({
      issuer: c.name,
      namespace: `ns-${String(Math.floor(i / CLUSTERS.length) % 50).padStart(2, '0')}`,
      serviceAccount: `svc-${i}`,
      name: `w-${i}`,
      aws: [{ account: 'prod', roleName: `wl-${i}`, s3ReadBuckets: [`acme-data-${i % 100}`] }],
      azure: [{ tenant: 'acme', application: `app-${Math.floor(i / PER_APP)}`, roleAssignments: [{ role: 'Storage Blob Data Reader', scope: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/acme${i % 100}` }] }],
      gcp: [{ project: 'data', serviceAccount: `wl-${String(i).padStart(5, '0')}`, bucketRoles: [{ bucket: `acme-data-${i % 100}`, role: 'roles/storage.objectViewer' }] }],
    });
  }
  const ci = Math.max(1, Math.floor(n / 100));
  for (let i = 0; i < ci; i++) {
    workloads.push({
      issuer: 'github', name: `gh-${i}`, subject: { githubEnvironment: { repository: `acme/service-${i}`, environment: 'production' } },
      aws: [{ account: 'prod', roleName: `gh-${i}`, ecrPush: [`arn:aws:ecr:us-east-1:111122223333:repository/service-${i}`] }],
      azure: [{ tenant: 'acme', application: `gh-app-${Math.floor(i / PER_APP)}` }],
      gcp: [{ project: 'data', serviceAccount: `gh-${String(i).padStart(5, '0')}`, projectRoles: ['roles/artifactregistry.writer'] }],
    });
  }
  workloads.push({
    issuer: 'ado', name: 'ado-deploy', subject: { azureDevOps: { organization: 'acme', project: 'platform', serviceConnection: 'prod-eks' } },
    aws: [{ account: 'prod', roleName: 'ado-deployer', eksAccess: { cluster: 'eks-0', kubernetesGroups: ['crossfed:deployers'] } }],
  });
  const model = {
    name: `bench-${n}`,
    clouds: {
      aws: [{ name: 'prod', accountId: '111122223333', region: 'us-east-1' }],
      azure: [{ name: 'acme', tenantId: TENANT, subscriptionId: SUBSCRIPTION }],
      gcp: [{ name: 'data', projectId: 'acme-data', projectNumber: '123456789012' }],
    },
    issuers: [
      ...CLUSTERS,
      { name: 'github', kind: 'github-actions' },
      { name: 'ado', kind: 'azure-devops', organizationName: 'acme', organizationId: guid('ado') },
    ],
    workloads,
  };
  const built = IdentityModel.fromText(JSON.stringify(model), `bench-${n}.json`);
  const tfOutputs: Record<string, unknown> = {};
  for (const t of built.azureTenants) {
    for (const id of t.identities) tfOutputs[id.clientIdOutputName] = { sensitive: false, type: 'string', value: guid(id.key) };
  }
  return { model, tfOutputs };
}

function hex(seed: string, length: number): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}

function guid(seed: string): string {
  const h = hex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
