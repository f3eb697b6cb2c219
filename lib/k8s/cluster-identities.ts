import { Construct } from 'constructs';
import type { DeferredValues } from './deferred-values';
import { DeployerBinding } from './deployer-binding';
import { checkTokenExpiration } from './private/credential-plan';
import { addExamplePod } from './private/example-pod';
import { WorkloadIdentity } from './workload-identity';
import { CrossfedError, isCrossfedError, Problem } from '../model/errors';
import type { IdentityModel } from '../model/identity-model';
import type { Issuer } from '../model/issuer';
import type { Workload } from '../model/workload';

/** Images of the example pods' containers. */
export interface ExamplePodImages {
  /** Runs `aws sts get-caller-identity`. @default "amazon/aws-cli:2.17.0" */
  readonly aws?: string;
  /** Runs `az login --federated-token …`. @default "mcr.microsoft.com/azure-cli:2.61.0" */
  readonly azure?: string;
  /** Runs `gcloud auth login --cred-file …` (or uses GKE's metadata server). @default "gcr.io/google.com/cloudsdktool/google-cloud-cli:480.0.0-slim" */
  readonly gcp?: string;
}

/** Props of a cluster's identities. */
export interface ClusterIdentitiesProps {
  /** The identity model. */
  readonly model: IdentityModel;
  /** A Kubernetes cluster of the model (EKS, AKS, GKE or self-managed issuer). */
  readonly cluster: Issuer;
  /**
   * Values assigned at deploy time: Entra client ids of the identities crossfed creates
   * (`terraform output -json` of the Entra ID stack).
   * @default - none: a workload granted such an identity stops synthesis with the command to run
   */
  readonly deferredValues?: DeferredValues;
  /**
   * Lifetime of the projected tokens crossfed writes (explicit mode) for workloads that set no
   * `tokenExpirationSeconds`. 600–86,400.
   * @default 3600
   */
  readonly defaultTokenExpirationSeconds?: number;
  /**
   * The directory of the Terraform stack that creates the Entra identities, named in the
   * command an unresolved client id asks you to run.
   * @default - a placeholder in the message
   */
  readonly terraformDirectory?: string;
  /**
   * Add a pod per workload that runs once and asks each target cloud who it is (`aws sts
   * get-caller-identity`, `az login`, `gcloud auth`), so that the output can be applied and
   * tried as is: `kubectl logs crossfed-example-<service account> -n <namespace> --all-containers`.
   * @default false
   */
  readonly examplePods?: boolean;
  /** Images of the example pods. @default - the official CLI images named in ExamplePodImages */
  readonly examplePodImages?: ExamplePodImages;
}

/**
 * Everything crossfed renders into one cluster: a WorkloadIdentity (ServiceAccount, GCP
 * credential ConfigMap, pod credentials to bind) for each Kubernetes workload of the cluster,
 * in workload id order; for an EKS cluster, the RBAC bindings of the CI deployers whose access
 * entries name it; and, on request, an example pod per workload.
 */
export class ClusterIdentities extends Construct {
  /** The cluster. */
  public readonly cluster: Issuer;
  /** One identity per Kubernetes workload of the cluster, sorted by workload id. */
  public readonly identities: WorkloadIdentity[];
  /** RBAC bindings of CI deployers to this cluster, sorted by workload id. */
  public readonly deployerBindings: DeployerBinding[];

  constructor(scope: Construct, id: string, props: ClusterIdentitiesProps) {
    super(scope, id);
    const { model, cluster } = props;
    if (!cluster || model.findIssuer(cluster.name) !== cluster || !cluster.isKubernetes) {
      throw CrossfedError.of({
        where: this.node.path, field: 'cluster', value: cluster?.name,
        problem: !cluster || model.findIssuer(cluster.name) !== cluster ? 'is not an issuer of this model' : `is a ${cluster.kind} issuer, not a Kubernetes cluster`,
        allowed: `one of ${model.issuers.filter(i => i.isKubernetes).map(i => `"${i.name}"`).join(', ') || '(none: the model declares no cluster)'}`,
        fix: 'pass an EKS, AKS, GKE or self-managed issuer returned by model.addIssuer() (model.findIssuer(name))',
      });
    }
    if (props.defaultTokenExpirationSeconds !== undefined) checkTokenExpiration(this.node.path, 'defaultTokenExpirationSeconds', props.defaultTokenExpirationSeconds);
    this.cluster = cluster;
    const problems: Problem[] = [];
    const collect = <T>(fn: () => T): T | undefined => {
      try {
        return fn();
      } catch (e) {
        if (!isCrossfedError(e)) throw e;
        problems.push(...e.problems);
        return undefined;
      }
    };

    const workloads = model.workloads.filter(w => w.isKubernetes && w.issuer === cluster);
    const identities: WorkloadIdentity[] = [];
    for (const w of workloads) {
      const identity = collect(() => new WorkloadIdentity(this, w.name, {
        workload: w, deferredValues: props.deferredValues, defaultTokenExpirationSeconds: props.defaultTokenExpirationSeconds, terraformDirectory: props.terraformDirectory,
      }));
      if (identity) identities.push(identity);
    }
    const deployers = model.workloads.filter(w => !w.isKubernetes).flatMap(w => w.awsAccess.filter(a => a.eksAccess?.cluster === cluster));
    this.deployerBindings = deployers.flatMap(access => collect(() => new DeployerBinding(this, `Deployer.${access.workload.issuer.name}.${access.workload.name}.${access.role.roleName}`, { access })) ?? []);
    if (problems.length > 0) throw new CrossfedError(problems);
    this.identities = identities;

    if (props.examplePods) {
      const images = {
        aws: props.examplePodImages?.aws ?? 'amazon/aws-cli:2.17.0',
        azure: props.examplePodImages?.azure ?? 'mcr.microsoft.com/azure-cli:2.61.0',
        gcp: props.examplePodImages?.gcp ?? 'gcr.io/google.com/cloudsdktool/google-cloud-cli:480.0.0-slim',
      };
      for (const identity of identities) addExamplePod(this, `Example.${identity.workload.name}`, identity, images);
    }
  }

  /** The identity of a workload of this cluster. Throws a CrossfedError naming the workloads it has otherwise. */
  public identityFor(workload: Workload): WorkloadIdentity {
    const found = this.identities.find(i => i.workload === workload);
    if (!found) {
      throw CrossfedError.of({
        where: this.node.path, field: 'workload', value: workload.id, problem: `is not a Kubernetes workload of cluster "${this.cluster.name}"`,
        allowed: this.identities.map(i => `"${i.workload.id}"`).join(', ') || '(none)', fix: `use the ClusterIdentities of cluster "${workload.issuer.name}"`,
      });
    }
    return found;
  }

  /** The identity of the workload with this name, or of this `<namespace>/<service account>`. @returns undefined when there is none */
  public findIdentity(name: string): WorkloadIdentity | undefined {
    return this.identities.find(i => i.workload.name === name || `${i.namespace}/${i.serviceAccountName}` === name);
  }
}
