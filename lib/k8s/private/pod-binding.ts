import type { PodCredentials } from './credential-plan';
import { IDENTITY_ENV } from './keys';
import { CrossfedError } from '../../model/errors';
import { TOKEN_PATHS } from '../../model/targets';

/*
 * Merges a credential plan into a pod spec, pod template or whole manifest given as plain
 * JSON-shaped objects (the serialized manifest, or cdk8s `k8s.PodSpec` structs, which have
 * the same field names). Inputs are never modified: touched parts are copied.
 */

type Json = Record<string, unknown>;

interface EnvShape extends Json { name: string; value?: string }
interface MountShape extends Json { name: string; mountPath: string }
interface VolumeShape extends Json { name: string }
interface ContainerShape extends Json { name: string; env?: EnvShape[]; volumeMounts?: MountShape[] }
export interface PodSpecShape extends Json {
  containers?: ContainerShape[];
  initContainers?: ContainerShape[];
  volumes?: VolumeShape[];
  serviceAccountName?: string;
  serviceAccount?: string;
}
interface MetadataShape extends Json { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> }
export interface PodTemplateShape extends Json { metadata?: MetadataShape; spec?: PodSpecShape }
export interface ManifestShape extends Json { apiVersion?: string; kind?: string; metadata?: MetadataShape; spec?: Json; template?: PodTemplateShape }

/** Which containers get the credentials, and where to report problems. */
export interface MergeOptions {
  /** Container (or init container) names. @default - all */
  readonly containers?: string[];
  /** Where, for messages: a construct path, or the caller's description. */
  readonly where: string;
}

const CROSSFED_VOLUMES = [TOKEN_PATHS.aws.volume, TOKEN_PATHS.azure.volume, TOKEN_PATHS.gcp.volume, TOKEN_PATHS.gcpConfig.volume];

/** Kinds with a pod template, and where it is. */
const TEMPLATE_PATHS: Record<string, string[]> = {
  Deployment: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  PodTemplate: ['template'],
};

/** Gives the credentials to a whole manifest: a Pod, a workload with a pod template, or a PodTemplate. */
export function mergeIntoManifest(manifest: ManifestShape, creds: PodCredentials, options: MergeOptions): ManifestShape {
  const kind = manifest.kind ?? '';
  const metadata = { ...(manifest.metadata ?? {}) };
  if (metadata.namespace !== undefined && metadata.namespace !== creds.namespace) {
    throw CrossfedError.of({
      where: options.where, field: 'metadata.namespace', value: metadata.namespace,
      problem: `differs from the namespace of service account "${creds.serviceAccountName}" ("${creds.namespace}"); a pod can only run as a service account of its own namespace`,
      allowed: `"${creds.namespace}", or no namespace (crossfed then sets it)`, fix: `move the ${kind || 'object'} to namespace "${creds.namespace}", or bind the identity of a service account in "${metadata.namespace}"`,
    });
  }
  metadata.namespace = creds.namespace;
  if (kind === 'Pod') {
    const merged = mergeIntoPodTemplate({ metadata, spec: manifest.spec as PodSpecShape | undefined }, creds, options);
    return { ...manifest, metadata: merged.metadata, spec: merged.spec };
  }
  const path = TEMPLATE_PATHS[kind];
  if (!path) {
    throw CrossfedError.of({
      where: options.where, field: 'kind', value: kind, problem: 'has no pod template to give credentials to',
      allowed: ['Pod', ...Object.keys(TEMPLATE_PATHS)].join(', '), fix: 'bind the identity to the workload that runs the pods',
    });
  }
  const result: ManifestShape = { ...manifest, metadata };
  const parents: Json[] = [result];
  for (const key of path.slice(0, -1)) {
    const parent = parents[parents.length - 1];
    const child = { ...((parent[key] as Json | undefined) ?? {}) };
    parent[key] = child;
    parents.push(child);
  }
  const last = parents[parents.length - 1];
  const templateKey = path[path.length - 1];
  last[templateKey] = mergeIntoPodTemplate((last[templateKey] as PodTemplateShape | undefined) ?? {}, creds, options);
  return result;
}

/** Gives the credentials to a pod template: labels and webhook annotations on its metadata, the rest on its spec. */
export function mergeIntoPodTemplate(template: PodTemplateShape, creds: PodCredentials, options: MergeOptions): PodTemplateShape {
  const spec = template.spec ?? {};
  const { names, selected } = selectContainers(spec, options);
  const metadata: MetadataShape = { ...(template.metadata ?? {}) };
  const labels = { ...(metadata.labels ?? {}) };
  for (const [key, value] of Object.entries(creds.podLabels)) {
    if (labels[key] !== undefined && labels[key] !== value) {
      throw CrossfedError.of({
        where: options.where, field: `metadata.labels["${key}"]`, value: labels[key], problem: `contradicts the webhook mode of workload "${creds.workloadId}"`,
        allowed: `"${value}"`, fix: `remove the label; crossfed sets ${key}: "${value}"`,
      });
    }
    labels[key] = value;
  }
  if (Object.keys(labels).length > 0) metadata.labels = labels;
  const skipped = names.filter(n => !selected.has(n));
  if (skipped.length > 0 && creds.skipContainers.length > 0) {
    const annotations = { ...(metadata.annotations ?? {}) };
    for (const s of creds.skipContainers) {
      const existing = (annotations[s.key] ?? '').split(s.separator).map(x => x.trim()).filter(Boolean);
      annotations[s.key] = [...new Set([...existing, ...skipped])].join(s.separator);
    }
    metadata.annotations = annotations;
  }
  return { ...template, metadata, spec: mergeSpec(spec, creds, options, selected) };
}

/** Gives the credentials to a bare pod spec. Fails when the plan needs pod labels, which a spec cannot carry. */
export function mergeIntoPodSpec(spec: PodSpecShape, creds: PodCredentials, options: MergeOptions): PodSpecShape {
  const { names, selected } = selectContainers(spec, options);
  const labels = Object.entries(creds.podLabels);
  if (labels.length > 0) {
    throw CrossfedError.of({
      where: options.where, field: 'podSpec', problem: `cannot carry the pod label ${labels.map(([k, v]) => `${k}: "${v}"`).join(', ')} that the webhook mode of workload "${creds.workloadId}" needs`,
      fix: 'use applyToPodTemplate (metadata and spec), or bind the identity to the workload',
    });
  }
  if (creds.skipContainers.length > 0 && names.some(n => !selected.has(n))) {
    throw CrossfedError.of({
      where: options.where, field: 'containers', value: options.containers,
      problem: `leaves containers out, which needs a pod annotation (${creds.skipContainers.map(s => s.key).join(', ')}) that a pod spec cannot carry`,
      fix: 'use applyToPodTemplate (metadata and spec), or bind the identity to the workload',
    });
  }
  return mergeSpec(spec, creds, options, selected);
}

function selectContainers(spec: PodSpecShape, options: MergeOptions): { names: string[]; selected: Set<string> } {
  const names = [...(spec.initContainers ?? []), ...(spec.containers ?? [])].map(c => c.name);
  if ((spec.containers ?? []).length === 0) {
    throw CrossfedError.of({
      where: options.where, field: 'containers', value: [], problem: 'is empty: the pod has no container to give credentials to',
      fix: 'add the containers before synthesis (credentials are merged into the final pod spec)',
    });
  }
  if (options.containers === undefined) return { names, selected: new Set(names) };
  if (options.containers.length === 0) {
    throw CrossfedError.of({
      where: options.where, field: 'containers', value: [], problem: 'selects no container', allowed: `names among ${names.map(n => `"${n}"`).join(', ')}`,
      fix: 'leave containers unset to give the credentials to every container',
    });
  }
  for (const name of options.containers) {
    if (!names.includes(name)) {
      throw CrossfedError.of({
        where: options.where, field: 'containers', value: name, problem: 'names no container of the pod',
        allowed: `the name of a container or init container: ${names.map(n => `"${n}"`).join(', ')}`,
        fix: 'use the container\'s exact name, or leave containers unset to give the credentials to every container',
      });
    }
  }
  return { names, selected: new Set(options.containers) };
}

function mergeSpec(spec: PodSpecShape, creds: PodCredentials, options: MergeOptions, selected: Set<string>): PodSpecShape {
  const result: PodSpecShape = { ...spec };
  const current = spec.serviceAccountName ?? spec.serviceAccount;
  if (current !== undefined && current !== creds.serviceAccountName) {
    throw CrossfedError.of({
      where: options.where, field: 'serviceAccountName', value: current,
      problem: `is already set, but the credentials are those of service account "${creds.serviceAccountName}"`,
      allowed: `"${creds.serviceAccountName}", or unset (crossfed sets it)`,
      fix: `remove the service account from the pod, or bind the identity of "${current}" instead`,
    });
  }
  result.serviceAccountName = creds.serviceAccountName;
  if (spec.serviceAccount !== undefined) result.serviceAccount = creds.serviceAccountName;

  if (creds.volumes.length > 0) {
    const volumes = [...(spec.volumes ?? [])];
    for (const ours of creds.volumes) {
      const theirs = volumes.find(v => v.name === ours.name);
      if (!theirs) {
        volumes.push(clone(ours) as VolumeShape);
      } else if (!sameJson(theirs, ours)) {
        throw CrossfedError.of({
          where: options.where, field: 'volumes', value: ours.name, problem: 'is already the name of another volume of the pod',
          allowed: `volume names other than crossfed's (${CROSSFED_VOLUMES.join(', ')})`, fix: `rename your volume "${ours.name}"`,
        });
      }
    }
    result.volumes = volumes;
  }

  const mergeContainer = (c: ContainerShape): ContainerShape => selected.has(c.name) ? mergeContainerCredentials(c, creds, options) : c;
  if (spec.initContainers) result.initContainers = spec.initContainers.map(mergeContainer);
  if (spec.containers) result.containers = spec.containers.map(mergeContainer);
  return result;
}

function mergeContainerCredentials(container: ContainerShape, creds: PodCredentials, options: MergeOptions): ContainerShape {
  const result: ContainerShape = { ...container };
  if (creds.volumeMounts.length > 0) {
    const mounts = [...(container.volumeMounts ?? [])];
    for (const ours of creds.volumeMounts) {
      const atPath = mounts.find(m => m.mountPath === ours.mountPath);
      if (atPath && atPath.name === ours.name) continue;
      if (atPath) {
        throw CrossfedError.of({
          where: options.where, field: `containers["${container.name}"].volumeMounts`, value: ours.mountPath,
          problem: `is already the mount path of your volume "${atPath.name}"; crossfed mounts volume "${ours.name}" there (Kubernetes refuses two mounts at one path)`,
          allowed: `your mounts anywhere but ${creds.volumeMounts.map(m => m.mountPath).join(', ')}`,
          fix: `mount "${atPath.name}" at another path, or leave container "${container.name}" out of the binding (containers option)`,
        });
      }
      if (mounts.some(m => m.name === ours.name)) continue; // the same volume mounted elsewhere already: keep it
      mounts.push({ ...ours } as MountShape);
    }
    result.volumeMounts = mounts;
  }
  if (creds.env.length > 0) {
    const env = [...(container.env ?? [])];
    for (const ours of creds.env) {
      const theirs = env.find(e => e.name === ours.name);
      if (!theirs) {
        env.push({ ...ours } as EnvShape);
        continue;
      }
      if (sameJson(theirs, ours) || !IDENTITY_ENV.has(ours.name)) continue; // e.g. your own AWS_REGION wins
      throw CrossfedError.of({
        where: options.where, field: `containers["${container.name}"].env["${ours.name}"]`, value: theirs.value ?? theirs.valueFrom,
        problem: `is already set, and differs from the ${ours.name} of workload "${creds.workloadId}" (${JSON.stringify(ours.value)})`,
        allowed: 'unset (crossfed sets it) or the same value', fix: `remove ${ours.name} from container "${container.name}", or leave the container out of the binding`,
      });
    }
    result.env = env;
  }
  return result;
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** Deep equality of JSON-shaped values, ignoring key order and undefined members. */
function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => x && typeof x === 'object' && !Array.isArray(x)
    ? Object.fromEntries(Object.entries(x as Json).filter(([, y]) => y !== undefined).sort(([p], [q]) => p < q ? -1 : p > q ? 1 : 0))
    : x);
}
