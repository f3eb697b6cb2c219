/**
 * Kubernetes YAML (multi-document, `kind: List` too) → the Kubernetes part of the trust graph:
 * service accounts, workloads with their projected tokens, env and mounts, ConfigMaps,
 * Secrets and RBAC bindings. Unknown kinds are ignored.
 * @see https://kubernetes.io/docs/concepts/storage/projected-volumes/#serviceaccounttoken
 */
import { CROSSFED_LABELS } from '../../model/synth-output';
import { K8sContainer, K8sProjectedToken, K8sWorkload, SourceRef, TrustGraph, Val } from '../graph';
import { unknownVal } from '../private/val';

/** A parsed YAML document. */
export interface K8sDocument {
  readonly value: unknown;
  readonly line: number;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function obj(v: unknown): Record<string, unknown> {
  return isObject(v) ? v : {};
}

function list(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter(isObject) : [];
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** A map of strings (labels, annotations, ConfigMap data): other values as text. */
function strings(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(obj(v))) {
    const s = str(x);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

/** Whether a parsed document looks like a Kubernetes object. */
export function looksLikeKubernetes(v: unknown): boolean {
  return isObject(v) && typeof v.kind === 'string' && typeof v.apiVersion === 'string';
}

/** Where each kind keeps its pod template. */
function podTemplate(kind: string, o: Record<string, unknown>): Record<string, unknown> | undefined {
  const spec = obj(o.spec);
  switch (kind) {
    case 'Pod':
      return { metadata: o.metadata, spec: o.spec };
    case 'Deployment': case 'StatefulSet': case 'DaemonSet': case 'ReplicaSet': case 'Job': case 'ReplicationController':
      return obj(spec.template);
    case 'CronJob':
      return obj(obj(obj(spec.jobTemplate).spec).template);
    default:
      return undefined;
  }
}

const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

/** Adds the objects of one Kubernetes YAML file to the graph. */
export function addKubernetes(graph: TrustGraph, file: string, docs: readonly K8sDocument[]): void {
  const queue: Array<{ value: unknown; line: number }> = [...docs];
  while (queue.length > 0) {
    const { value, line } = queue.shift()!;
    if (!isObject(value)) continue;
    const kind = str(value.kind);
    if (kind === 'List' || (kind?.endsWith('List') && Array.isArray(value.items))) {
      for (const item of Array.isArray(value.items) ? value.items : []) queue.push({ value: item, line });
      continue;
    }
    if (!kind) continue;
    const meta = obj(value.metadata);
    const name = str(meta.name) ?? str(meta.generateName) ?? '';
    const clusterScoped = kind === 'ClusterRoleBinding' || kind === 'ClusterRole' || kind === 'Namespace';
    const namespace = str(meta.namespace) ?? 'default';
    const ref: SourceRef = { file, resource: clusterScoped ? `${kind}/${name}` : `${kind}/${namespace}/${name}`, line };
    const annotations = strings(meta.annotations);
    const labels = strings(meta.labels);
    switch (kind) {
      case 'ServiceAccount':
        graph.k8s.serviceAccounts.push({ ref, namespace, name, annotations, labels, issuer: annotations[CROSSFED_LABELS.issuer] });
        break;
      case 'ConfigMap':
        graph.k8s.configMaps.push({ ref, namespace, name, data: { ...strings(value.data), ...base64Map(value.binaryData) } });
        break;
      case 'Secret':
        graph.k8s.secrets.push({ ref, namespace, name, data: { ...base64Map(value.data), ...strings(value.stringData) }, type: str(value.type) });
        break;
      case 'RoleBinding':
      case 'ClusterRoleBinding': {
        const roleRef = obj(value.roleRef);
        graph.k8s.bindings.push({
          ref, kind, namespace: kind === 'RoleBinding' ? namespace : undefined, name,
          roleRef: { kind: str(roleRef.kind) ?? '', name: str(roleRef.name) ?? '' },
          subjects: list(value.subjects).map(s => ({ kind: str(s.kind) ?? '', name: str(s.name) ?? '', namespace: str(s.namespace) })),
        });
        break;
      }
      default: {
        const template = podTemplate(kind, value);
        if (template) graph.k8s.workloads.push(workload(ref, kind, namespace, name, template));
      }
    }
  }
}

function base64Map(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(strings(v))) out[k] = BASE64.test(x) ? Buffer.from(x, 'base64').toString('utf8') : x;
  return out;
}

function workload(ref: SourceRef, kind: string, namespace: string, name: string, template: Record<string, unknown>): K8sWorkload {
  const spec = obj(template.spec);
  const projectedTokens: K8sProjectedToken[] = [];
  const configMapVolumes: Array<{ volumeName: string; configMapName: string; items?: Record<string, string> }> = [];
  const secretVolumes: Array<{ volumeName: string; secretName: string }> = [];
  const items = (v: unknown) => {
    const l = list(v);
    return l.length === 0 ? undefined : Object.fromEntries(l.map(i => [str(i.key) ?? '', str(i.path) ?? '']));
  };
  for (const vol of list(spec.volumes)) {
    const volumeName = str(vol.name) ?? '';
    if (isObject(vol.configMap)) configMapVolumes.push({ volumeName, configMapName: str(vol.configMap.name) ?? '', items: items(vol.configMap.items) });
    if (isObject(vol.secret)) secretVolumes.push({ volumeName, secretName: str(vol.secret.secretName) ?? '' });
    for (const source of list(obj(vol.projected).sources)) {
      if (isObject(source.serviceAccountToken)) {
        const t = source.serviceAccountToken;
        const exp = typeof t.expirationSeconds === 'number' ? t.expirationSeconds : typeof t.expirationSeconds === 'string' && /^\d+$/.test(t.expirationSeconds) ? Number(t.expirationSeconds) : undefined;
        projectedTokens.push({ volumeName, audience: t.audience === undefined || t.audience === null ? undefined : str(t.audience) ?? unknownVal(JSON.stringify(t.audience) ?? ''), expirationSeconds: exp, path: str(t.path) ?? '' });
      }
      if (isObject(source.configMap)) configMapVolumes.push({ volumeName, configMapName: str(source.configMap.name) ?? '', items: items(source.configMap.items) });
      if (isObject(source.secret)) secretVolumes.push({ volumeName, secretName: str(source.secret.name) ?? '' });
    }
  }
  const containers: K8sContainer[] = [...list(spec.initContainers), ...list(spec.containers)].map(c => {
    const env: Record<string, Val> = {};
    for (const e of list(c.env)) {
      const key = str(e.name);
      if (key === undefined) continue;
      if (e.value !== undefined) {
        env[key] = str(e.value) ?? '';
      } else if (isObject(e.valueFrom)) {
        const [source, from] = Object.entries(e.valueFrom)[0] ?? ['valueFrom', {}];
        const r = obj(from);
        env[key] = unknownVal(`${source} ${str(r.name) ?? ''}${r.key !== undefined ? `/${str(r.key)}` : ''}${r.fieldPath !== undefined ? str(r.fieldPath) : ''}`.trim());
      } else {
        env[key] = '';
      }
    }
    return {
      name: str(c.name) ?? '',
      env,
      envFrom: list(c.envFrom).flatMap((e): Array<{ kind: 'ConfigMap' | 'Secret'; name: string }> => isObject(e.configMapRef) ? [{ kind: 'ConfigMap' as const, name: str(e.configMapRef.name) ?? '' }]
        : isObject(e.secretRef) ? [{ kind: 'Secret' as const, name: str(e.secretRef.name) ?? '' }] : []),
      mounts: list(c.volumeMounts).map(m => ({ volumeName: str(m.name) ?? '', mountPath: str(m.mountPath) ?? '', subPath: str(m.subPath) })),
    };
  });
  return {
    ref, kind, namespace, name,
    serviceAccountName: str(spec.serviceAccountName) ?? str(spec.serviceAccount) ?? 'default',
    podLabels: strings(obj(template.metadata).labels),
    podAnnotations: strings(obj(template.metadata).annotations),
    containers, projectedTokens, configMapVolumes, secretVolumes,
  };
}
