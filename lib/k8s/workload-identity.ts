import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { CloudCredential } from './cloud-credential';
import type { DeferredValues } from './deferred-values';
import { checkTokenExpiration, CredentialPlan, PodCredentials, podCredentials, planCredentials, serviceAccountAnnotations } from './private/credential-plan';
import { crossfedMetadata } from './private/names';
import { ManifestShape, mergeIntoManifest, mergeIntoPodSpec, mergeIntoPodTemplate, PodSpecShape, PodTemplateShape } from './private/pod-binding';
import { afterSerialize } from './private/serialize-hook';
import { CrossfedError } from '../model/errors';
import { CROSSFED_LABELS } from '../model/synth-output';
import type { TargetCloud } from '../model/targets';
import type { Workload } from '../model/workload';

const kube = kplus.k8s;

/** Props of a workload identity. */
export interface WorkloadIdentityProps {
  /** A Kubernetes workload (service account) of the model. */
  readonly workload: Workload;
  /**
   * Values assigned at deploy time: the Entra client id of an application or managed identity
   * that crossfed creates.
   * @default - none: a workload granted such an identity is an error naming the Terraform output to fetch
   */
  readonly deferredValues?: DeferredValues;
  /**
   * Lifetime of the projected tokens crossfed writes (explicit mode) when the workload sets no
   * `tokenExpirationSeconds`. 600–86,400; the kubelet refreshes at 80 %.
   * @default 3600
   * @see https://kubernetes.io/docs/concepts/storage/projected-volumes/#serviceaccounttoken
   */
  readonly defaultTokenExpirationSeconds?: number;
  /**
   * The directory of the Terraform stack that creates the Entra identities, named in the
   * command an unresolved client id asks you to run.
   * @default - a placeholder in the message
   */
  readonly terraformDirectory?: string;
}

/** Which containers of a pod get the credentials. */
export interface BindOptions {
  /**
   * Names of the containers and init containers that get the credentials. In webhook mode the
   * others are listed in the webhook's skip-containers pod annotation.
   * @default - every container and init container (as the webhooks do)
   */
  readonly containers?: string[];
  /**
   * Only the credentials of these clouds: e.g. the AWS role for one container and the GCP
   * identity for another, with two bindings.
   * @default - every cloud the workload was granted
   */
  readonly clouds?: TargetCloud[];
}

/** Who was bound to an object, per cloud. */
const BOUND = new WeakMap<ApiObject, { workloadId: string; clouds: Set<TargetCloud> }>();

/**
 * The Kubernetes side of one workload of the model: its ServiceAccount (annotated for the
 * webhooks and GKE, with crossfed's labels and the cluster's issuer), the GCP credential
 * configuration when it reaches GCP through a workload identity pool, and what its pods need —
 * one projected token per target cloud with that cloud's audience, mounts and env vars — which
 * `bind` merges into your own pods without owning them.
 */
export class WorkloadIdentity extends Construct {
  /** The model's workload. */
  public readonly workload: Workload;
  /** The namespace of the service account. */
  public readonly namespace: string;
  /** The service account's name. */
  public readonly serviceAccountName: string;
  /** The service account, for cdk8s-plus workload props (`serviceAccount`). */
  public readonly serviceAccount: kplus.IServiceAccount;
  /** The ServiceAccount object. */
  public readonly serviceAccountObject: ApiObject;
  /** The name of the ConfigMap holding the GCP credential configuration. @default - none: no GCP pool access */
  public readonly gcpCredentialConfigMapName?: string;
  /** How pods get credentials for each target cloud, in the order AWS, Azure, GCP. */
  public readonly credentials: CloudCredential[];
  private readonly plan: CredentialPlan;

  constructor(scope: Construct, id: string, props: WorkloadIdentityProps) {
    super(scope, id);
    if (props.defaultTokenExpirationSeconds !== undefined) checkTokenExpiration(this.node.path, 'defaultTokenExpirationSeconds', props.defaultTokenExpirationSeconds);
    this.plan = planCredentials(props.workload, {
      deferredValues: props.deferredValues, defaultTokenExpirationSeconds: props.defaultTokenExpirationSeconds, terraformDirectory: props.terraformDirectory,
    });
    const plan = this.plan;
    const w = props.workload;
    this.workload = w;
    this.namespace = plan.namespace;
    this.serviceAccountName = plan.serviceAccountName;
    this.credentials = plan.parts.map(p => ({ ...p.credential }));
    const meta = crossfedMetadata(w);

    this.serviceAccountObject = new kube.KubeServiceAccount(this, 'Resource', {
      metadata: {
        name: plan.serviceAccountName, namespace: plan.namespace, labels: meta.labels,
        annotations: { ...meta.annotations, [CROSSFED_LABELS.issuer]: w.issuer.url, ...serviceAccountAnnotations(plan) },
      },
    });
    this.serviceAccount = kplus.ServiceAccount.fromServiceAccountName(this, 'ServiceAccountRef', plan.serviceAccountName, { namespaceName: plan.namespace });
    const configMap = plan.parts.find(p => p.configMap)?.configMap;
    if (configMap) {
      this.gcpCredentialConfigMapName = configMap.name;
      new kube.KubeConfigMap(this, 'GcpCredentialConfig', {
        metadata: { name: configMap.name, namespace: plan.namespace, labels: meta.labels, annotations: meta.annotations },
        data: { [configMap.key]: configMap.content },
      });
    }
  }

  /** Annotations of the service account that the webhooks and GKE read. */
  public get serviceAccountAnnotations(): { [key: string]: string } {
    return serviceAccountAnnotations(this.plan);
  }

  /** Labels the pods need (the Azure webhook's `azure.workload.identity/use`). */
  public get podLabels(): { [key: string]: string } {
    return { ...podCredentials(this.plan).podLabels };
  }

  /** Volumes crossfed writes into the pods: one projected token per cloud in explicit mode, and the GCP configuration. */
  public get volumes(): kplus.k8s.Volume[] {
    return JSON.parse(JSON.stringify(podCredentials(this.plan).volumes));
  }

  /** Mounts of those volumes, read-only, never with `subPath` (a subPath mount never sees a refreshed token). */
  public get volumeMounts(): kplus.k8s.VolumeMount[] {
    return podCredentials(this.plan).volumeMounts.map(m => ({ ...m }));
  }

  /** Environment variables the cloud SDKs read. */
  public get env(): kplus.k8s.EnvVar[] {
    return podCredentials(this.plan).env.map(e => ({ ...e }));
  }

  /**
   * Gives this identity's credentials to a cdk8s-plus workload (Pod, Deployment, StatefulSet,
   * DaemonSet, Job, CronJob): service account name, pod labels, volumes, mounts and env vars
   * are merged into its final manifest when the chart is synthesized, so containers and
   * volumes you add later are taken into account. Synthesis fails, naming the field, on a
   * mount path or volume name that collides with yours, a container name not found, or a
   * different service account.
   */
  public bind(pod: kplus.AbstractPod, options: BindOptions = {}): void {
    this.bindApiObject(ApiObject.of(pod), options);
  }

  /** Gives this identity's credentials to any API object with a pod template (e.g. `k8s.KubeDeployment`, an included manifest). */
  public bindApiObject(obj: ApiObject, options: BindOptions = {}): void {
    const where = obj.node.path;
    const creds = this.credentialsFor(where, options);
    const clouds = options.clouds ?? this.plan.parts.map(p => p.cloud);
    const bound = BOUND.get(obj);
    if (bound && bound.workloadId !== this.workload.id) {
      throw CrossfedError.of({
        where, field: 'serviceAccountName', value: bound.workloadId,
        problem: `already gets the credentials of workload "${bound.workloadId}"; a pod runs as one service account`, fix: 'bind one identity per pod',
      });
    }
    const twice = clouds.filter(c => bound?.clouds.has(c));
    if (twice.length > 0) {
      throw CrossfedError.of({
        where, field: 'clouds', value: twice, problem: `are bound twice to this object for workload "${this.workload.id}"`,
        fix: 'bind each cloud once; to give several containers the credentials, list them all in one binding\'s containers',
      });
    }
    BOUND.set(obj, { workloadId: this.workload.id, clouds: new Set([...(bound?.clouds ?? []), ...clouds]) });
    const containers = options.containers ? [...options.containers] : undefined;
    afterSerialize(obj, json => mergeIntoManifest(json as ManifestShape, creds, { containers, where }) as Record<string, unknown>);
  }

  /** A copy of a pod template (metadata and spec) with this identity's credentials. */
  public applyToPodTemplate(template: kplus.k8s.PodTemplateSpec, options: BindOptions = {}): kplus.k8s.PodTemplateSpec {
    const where = `${this.node.path}.applyToPodTemplate`;
    const merged = mergeIntoPodTemplate(template as unknown as PodTemplateShape, this.credentialsFor(where, options), { containers: options.containers, where });
    return merged as unknown as kplus.k8s.PodTemplateSpec;
  }

  /**
   * A copy of a pod spec with this identity's credentials. Fails when the identity needs pod
   * labels (Azure webhook mode), which a spec cannot carry: use `applyToPodTemplate` then.
   */
  public applyToPodSpec(spec: kplus.k8s.PodSpec, options: BindOptions = {}): kplus.k8s.PodSpec {
    const where = `${this.node.path}.applyToPodSpec`;
    const merged = mergeIntoPodSpec(spec as unknown as PodSpecShape, this.credentialsFor(where, options), { containers: options.containers, where });
    return merged as unknown as kplus.k8s.PodSpec;
  }

  /** The credentials of the clouds a binding selects; fails on a cloud the workload was not granted. */
  private credentialsFor(where: string, options: BindOptions): PodCredentials {
    const granted = this.plan.parts.map(p => p.cloud);
    if (options.clouds?.length === 0) {
      throw CrossfedError.of({
        where, field: 'clouds', value: [], problem: 'selects no cloud', allowed: granted.map(c => `"${c}"`).join(', ') || '(none: the workload has no grants)',
        fix: 'leave clouds unset to give every granted cloud\'s credentials',
      });
    }
    for (const cloud of options.clouds ?? []) {
      if (!granted.includes(cloud)) {
        throw CrossfedError.of({
          where, field: 'clouds', value: cloud, problem: `is not a cloud workload "${this.workload.id}" was granted`,
          allowed: granted.map(c => `"${c}"`).join(', ') || '(none: the workload has no grants)', fix: 'grant it in the model first, or leave it out',
        });
      }
    }
    return podCredentials(this.plan, options.clouds);
  }

  /** @internal The plan behind this identity. */
  public get _plan(): CredentialPlan {
    return this.plan;
  }
}
