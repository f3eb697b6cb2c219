import { k8s as kube } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { podCredentials } from './credential-plan';
import { crossfedMetadata, fitName } from './names';
import { mergeIntoPodTemplate, PodSpecShape, PodTemplateShape } from './pod-binding';
import { AccessMechanism, TargetCloud } from '../../model/targets';
import type { WorkloadIdentity } from '../workload-identity';

/** Images of the example pods' containers, one per cloud CLI. */
export interface ResolvedExampleImages {
  readonly aws: string;
  readonly azure: string;
  readonly gcp: string;
}

/** One container per target cloud, each asking its cloud who it is. */
function containerFor(cloud: TargetCloud, mechanism: AccessMechanism, images: ResolvedExampleImages): kube.Container {
  // Container names are the clouds' names, so that a binding can select them.
  switch (cloud) {
    case TargetCloud.AWS:
      return { name: 'aws', image: images.aws, command: ['aws'], args: ['sts', 'get-caller-identity'] };
    case TargetCloud.AZURE:
      return {
        name: 'azure', image: images.azure, command: ['sh', '-c'],
        args: ['az login --service-principal --username "$AZURE_CLIENT_ID" --tenant "$AZURE_TENANT_ID" '
          + '--federated-token "$(cat "$AZURE_FEDERATED_TOKEN_FILE")" --allow-no-subscriptions --output none && az account show'],
      };
    default:
      return {
        name: 'gcp', image: images.gcp, command: ['sh', '-c'],
        args: [mechanism === AccessMechanism.GKE_NATIVE
          ? 'gcloud auth list && gcloud auth print-access-token > /dev/null && echo "GCP: access token obtained"'
          : 'gcloud auth login --cred-file="$GOOGLE_APPLICATION_CREDENTIALS" --quiet && gcloud auth print-access-token > /dev/null && echo "GCP: access token obtained"'],
      };
  }
}

/**
 * A pod that runs once and prints, for each target cloud, who the workload is there: apply the
 * output and read `kubectl logs <pod> --all-containers`.
 */
export function addExamplePod(scope: Construct, id: string, identity: WorkloadIdentity, images: ResolvedExampleImages): kube.KubePod | undefined {
  const plan = identity._plan;
  if (plan.parts.length === 0) return undefined;
  const meta = crossfedMetadata(identity.workload);
  let merged: PodTemplateShape = {
    metadata: { labels: meta.labels },
    spec: {
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      containers: plan.parts.map(p => containerFor(p.cloud, p.credential.mechanism, images)) as unknown as PodSpecShape['containers'],
    },
  };
  // Each container gets the credentials of its own cloud only.
  for (const p of plan.parts) {
    merged = mergeIntoPodTemplate(merged, podCredentials(plan, [p.cloud]), { containers: [p.cloud], where: `${scope.node.path}/${id}` });
  }
  return new kube.KubePod(scope, id, {
    metadata: {
      name: fitName(`crossfed-example-${plan.serviceAccountName}`, 63), namespace: plan.namespace,
      labels: merged.metadata?.labels, annotations: { ...meta.annotations, ...merged.metadata?.annotations },
    },
    spec: merged.spec as unknown as kube.PodSpec,
  });
}
