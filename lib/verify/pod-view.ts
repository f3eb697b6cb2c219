/**
 * A pod's view, laid out on disk: what the cloud SDKs inside one of a workload's containers
 * would read — the projected service-account tokens (as JWTs the cluster would mint), the files
 * of the ConfigMaps it mounts, and its environment — under a local directory, so that real SDK
 * code can be run against it outside the cluster.
 *
 * Reads Kubernetes objects (crossfed's or hand-written): the workload (a Pod, or any object
 * with a pod template), its service account and the ConfigMaps of its namespace. Where a
 * mutating webhook would add the token and env vars (amazon-eks-pod-identity-webhook for IRSA
 * and EKS Pod Identity, azure-workload-identity), its mutation is applied first, as documented
 * by the webhooks. Paths in env vars and in mounted JSON files that point into the pod's mounts
 * are remapped under the directory; every remapping is listed, and nothing else is changed.
 *
 * TypeScript-only: `import { materializePodView } from 'crossfed/lib/verify/pod-view'`.
 * @see https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/#bound-service-account-token-volume
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { CrossfedError } from '../model/errors';
import { AWS_STS_AUDIENCE, EKS_POD_IDENTITY_AUDIENCE, ENTRA_DEFAULT_AUDIENCE, TOKEN_PATHS } from '../model/targets';

/** A Kubernetes object as plain JSON (a document of a manifest). */
export type KubernetesObject = { readonly apiVersion?: string; readonly kind?: string; readonly metadata?: any; readonly [key: string]: any };

/** The documents of a multi-document YAML manifest (empty documents left out). */
export function kubernetesObjects(yamlText: string): KubernetesObject[] {
  return parseAllDocuments(yamlText).map(d => d.toJSON()).filter((o): o is KubernetesObject => typeof o === 'object' && o !== null && typeof o.kind === 'string');
}

/** The key that signs the pod's tokens: RS256, as Kubernetes signs bound tokens. */
export interface PodViewSigningKey {
  readonly kid: string;
  readonly privateKey: unknown;
  /** The public key as a JWK (with `kid`, `alg`, `use`). */
  readonly publicJwk: Readonly<Record<string, unknown>>;
}

/** A fresh RS256 key pair for minting a pod's tokens. */
export async function generatePodViewKey(kid = `crossfed-${randomUUID()}`): Promise<PodViewSigningKey> {
  const jose = await import('jose');
  const { privateKey, publicKey } = await jose.generateKeyPair('RS256', { extractable: true });
  const jwk = await jose.exportJWK(publicKey);
  return { kid, privateKey, publicJwk: { ...jwk, kid, alg: 'RS256', use: 'sig' } };
}

/**
 * Which mutating webhooks to emulate. Each acts only where its own trigger is present (an
 * annotation or label), as in the cluster.
 */
export interface PodViewWebhooks {
  /**
   * amazon-eks-pod-identity-webhook, IRSA: service account annotation `eks.amazonaws.com/role-arn`.
   * @default true
   * @see https://github.com/aws/amazon-eks-pod-identity-webhook#usage
   */
  readonly irsa?: boolean;
  /**
   * The webhook's `--aws-default-region` (EKS sets the cluster's region): injected as `AWS_REGION`
   * and `AWS_DEFAULT_REGION`, for IRSA and EKS Pod Identity alike.
   * @default - the region of an EKS issuer URL (`oidc.eks.<region>.amazonaws.com`), else none
   */
  readonly awsDefaultRegion?: string;
  /**
   * EKS Pod Identity: whether the pod's service account has a Pod Identity association (it is
   * on the AWS side, not in Kubernetes). The webhook then injects the agent's endpoint and token.
   * @default false
   * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html
   */
  readonly eksPodIdentity?: boolean;
  /**
   * azure-workload-identity: pod label `azure.workload.identity/use: "true"`.
   * @default true
   * @see https://azure.github.io/azure-workload-identity/docs/topics/service-account-labels-and-annotations.html
   */
  readonly azureWorkloadIdentity?: boolean;
  /** The webhook's configured authority host. @default 'https://login.microsoftonline.com/' */
  readonly azureAuthorityHost?: string;
  /** The webhook's configured tenant (used when the service account names none). @default - none */
  readonly azureTenantId?: string;
}

export interface PodViewOptions {
  /** The directory to lay the view out under (created when missing). */
  readonly root: string;
  /** The cluster's issuer: the tokens' `iss`. @default - the service account's `crossfed.dev/issuer` annotation */
  readonly issuer?: string;
  /** Seconds since the epoch at which the tokens are minted. @default - now */
  readonly now?: number;
  /** The key signing the tokens. @default - a freshly generated RS256 key */
  readonly signingKey?: PodViewSigningKey;
  /** Mutating webhooks to emulate. @default - IRSA and azure-workload-identity, not EKS Pod Identity */
  readonly webhooks?: PodViewWebhooks;
}

/** A projected service-account token of the pod. */
export interface PodViewToken {
  readonly volume: string;
  /** Where a container reads it, inside the pod. */
  readonly podPath: string;
  /** Where it is on disk. */
  readonly file: string;
  readonly audience: readonly string[];
  readonly expirationSeconds: number;
  readonly jwt: string;
  readonly claims: Readonly<Record<string, unknown>>;
  /** The webhook that added the volume, if one did. */
  readonly injectedBy?: string;
}

/** A path rewritten to point under the root. */
export interface PodViewRemap {
  /** The env var, or `<pod path>#<JSON pointer>` for a value in a mounted JSON file. */
  readonly where: string;
  readonly from: string;
  readonly to: string;
}

/** A file of a ConfigMap mounted in the pod. */
export interface PodViewFile {
  readonly volume: string;
  readonly configMap: string;
  readonly key: string;
  readonly podPath: string;
  readonly file: string;
  /** The content as the ConfigMap holds it. */
  readonly original: string;
  /** Paths of the content rewritten to point under the root. */
  readonly remapped: readonly PodViewRemap[];
}

/** One container's view. */
export interface PodViewContainer {
  readonly name: string;
  readonly init: boolean;
  /** The environment the container gets, paths remapped under the root. */
  readonly env: Readonly<Record<string, string>>;
  /** The environment as the pod spec (after the webhooks) gives it. */
  readonly podEnv: Readonly<Record<string, string>>;
  readonly remapped: readonly PodViewRemap[];
  /** Env vars a webhook added: name → webhook. */
  readonly injected: Readonly<Record<string, string>>;
  /** Env vars whose value cannot be known outside the cluster (`secretKeyRef`, `resourceFieldRef`, …). */
  readonly unresolvedEnv: readonly string[];
  /** Mount paths inside the pod. */
  readonly mounts: readonly string[];
}

export interface PodView {
  readonly root: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly serviceAccount: string;
  readonly issuer: string;
  /** The JWKS verifying the pod's tokens. */
  readonly jwks: { readonly keys: ReadonlyArray<Readonly<Record<string, unknown>>> };
  readonly tokens: readonly PodViewToken[];
  readonly files: readonly PodViewFile[];
  readonly containers: readonly PodViewContainer[];
  /** The pod's labels and annotations (of the pod template). */
  readonly podLabels: Readonly<Record<string, string>>;
  readonly serviceAccountAnnotations: Readonly<Record<string, string>>;
}

const IRSA = 'amazon-eks-pod-identity-webhook (IRSA)';
const POD_IDENTITY = 'amazon-eks-pod-identity-webhook (EKS Pod Identity)';
const AZURE = 'azure-workload-identity webhook';
/** Where the EKS Pod Identity webhook points the SDKs: the agent's link-local address. */
export const EKS_POD_IDENTITY_AGENT_URI = 'http://169.254.170.23/v1/credentials';
export const EKS_POD_IDENTITY_TOKEN_DIR = '/var/run/secrets/pods.eks.amazonaws.com/serviceaccount';
export const EKS_POD_IDENTITY_TOKEN_FILE = 'eks-pod-identity-token';

function podTemplateOf(o: KubernetesObject): { metadata: any; spec: any } | undefined {
  if (o.kind === 'Pod') return { metadata: o.metadata ?? {}, spec: o.spec ?? {} };
  if (o.kind === 'CronJob') return o.spec?.jobTemplate?.spec?.template;
  return o.spec?.template;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v ?? null)) ?? undefined;

interface Mutation { readonly by: string; readonly env: Record<string, string>; readonly volume: any; readonly mountPath: string; readonly skip: readonly string[] }

/** The mutations the webhooks would make to this pod. */
function webhookMutations(metadata: any, sa: KubernetesObject | undefined, issuer: string, o: PodViewWebhooks): Mutation[] {
  const ann: Record<string, string> = sa?.metadata?.annotations ?? {};
  const podAnn: Record<string, string> = metadata?.annotations ?? {};
  const labels: Record<string, string> = metadata?.labels ?? {};
  const out: Mutation[] = [];
  const awsSkip = (podAnn['eks.amazonaws.com/skip-containers'] ?? '').split(',').map(s => s.trim()).filter(Boolean);
  const region = o.awsDefaultRegion ?? /^https:\/\/oidc\.eks\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\//.exec(issuer)?.[1];
  if (o.irsa !== false && ann['eks.amazonaws.com/role-arn']) {
    // https://github.com/aws/amazon-eks-pod-identity-webhook/blob/master/pkg/handler/handler.go
    const env: Record<string, string> = {};
    if (ann['eks.amazonaws.com/sts-regional-endpoints'] === 'true') env.AWS_STS_REGIONAL_ENDPOINTS = 'regional';
    if (region) { env.AWS_DEFAULT_REGION = region; env.AWS_REGION = region; }
    env.AWS_ROLE_ARN = ann['eks.amazonaws.com/role-arn'];
    env.AWS_WEB_IDENTITY_TOKEN_FILE = `${TOKEN_PATHS.aws.dir}/${TOKEN_PATHS.aws.file}`;
    out.push({
      by: IRSA, env, mountPath: TOKEN_PATHS.aws.dir, skip: awsSkip,
      volume: { name: TOKEN_PATHS.aws.volume, projected: { sources: [{ serviceAccountToken: { audience: ann['eks.amazonaws.com/audience'] ?? AWS_STS_AUDIENCE, expirationSeconds: Number(ann['eks.amazonaws.com/token-expiration'] ?? 86400), path: TOKEN_PATHS.aws.file } }] } },
    });
  } else if (o.eksPodIdentity) {
    out.push({
      by: POD_IDENTITY, skip: awsSkip, mountPath: EKS_POD_IDENTITY_TOKEN_DIR,
      env: {
        ...(region ? { AWS_DEFAULT_REGION: region, AWS_REGION: region } : {}),
        AWS_CONTAINER_CREDENTIALS_FULL_URI: EKS_POD_IDENTITY_AGENT_URI, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: `${EKS_POD_IDENTITY_TOKEN_DIR}/${EKS_POD_IDENTITY_TOKEN_FILE}`,
      },
      volume: { name: 'eks-pod-identity-token', projected: { sources: [{ serviceAccountToken: { audience: EKS_POD_IDENTITY_AUDIENCE, expirationSeconds: 86400, path: EKS_POD_IDENTITY_TOKEN_FILE } }] } },
    });
  }
  if (o.azureWorkloadIdentity !== false && labels['azure.workload.identity/use'] === 'true') {
    // https://github.com/Azure/azure-workload-identity/blob/main/pkg/webhook/webhook.go
    const env: Record<string, string> = {};
    const clientId = ann['azure.workload.identity/client-id'];
    const tenantId = ann['azure.workload.identity/tenant-id'] ?? o.azureTenantId;
    if (clientId) env.AZURE_CLIENT_ID = clientId;
    if (tenantId) env.AZURE_TENANT_ID = tenantId;
    env.AZURE_FEDERATED_TOKEN_FILE = `${TOKEN_PATHS.azure.dir}/${TOKEN_PATHS.azure.file}`;
    env.AZURE_AUTHORITY_HOST = o.azureAuthorityHost ?? 'https://login.microsoftonline.com/';
    out.push({
      by: AZURE, env, mountPath: TOKEN_PATHS.azure.dir,
      skip: (podAnn['azure.workload.identity/skip-containers'] ?? '').split(';').map(s => s.trim()).filter(Boolean),
      volume: { name: TOKEN_PATHS.azure.volume, projected: { sources: [{ serviceAccountToken: { audience: ENTRA_DEFAULT_AUDIENCE, expirationSeconds: Number(ann['azure.workload.identity/service-account-token-expiration'] ?? 3600), path: TOKEN_PATHS.azure.file } }] } },
    });
  }
  return out;
}

function fail(where: string, field: string, value: unknown, problem: string, fix: string): never {
  throw CrossfedError.of({ where, field, value, problem, fix });
}

/** Whether `p` is `dir` or inside it. */
const under = (p: string, dir: string) => p === dir || p.startsWith(`${dir.replace(/\/+$/, '')}/`);

/**
 * Lays out the view of one workload's pod under `options.root`: every projected service-account
 * token minted as the cluster would (RS256, the issuer, `system:serviceaccount:<ns>:<sa>`, the
 * volume's audience and lifetime), every mounted ConfigMap file, and each container's env.
 */
export async function materializePodView(objects: readonly KubernetesObject[], workload: { readonly namespace: string; readonly name: string; readonly kind?: string }, options: PodViewOptions): Promise<PodView> {
  const where = `${workload.kind ?? '*'}/${workload.namespace}/${workload.name}`;
  const found = objects.filter(o => o.metadata?.name === workload.name && (o.metadata?.namespace ?? 'default') === workload.namespace
    && (workload.kind === undefined || o.kind === workload.kind) && podTemplateOf(o) !== undefined);
  if (found.length !== 1) {
    const names = objects.filter(o => podTemplateOf(o)).map(o => `${o.kind}/${o.metadata?.namespace ?? 'default'}/${o.metadata?.name}`);
    fail(where, 'workload', workload, found.length ? 'names several workloads' : 'names no Pod or object with a pod template', `name one of: ${names.join(', ') || '(none in the objects)'}${found.length ? ', with its kind' : ''}`);
  }
  const obj = found[0];
  const template = clone(podTemplateOf(obj)!);
  const metadata = template.metadata ?? {};
  const spec = template.spec ?? {};
  const namespace = workload.namespace;
  const serviceAccount: string = spec.serviceAccountName ?? spec.serviceAccount ?? 'default';
  const sa = objects.find(o => o.kind === 'ServiceAccount' && o.metadata?.name === serviceAccount && (o.metadata?.namespace ?? 'default') === namespace);
  const issuer = options.issuer ?? sa?.metadata?.annotations?.['crossfed.dev/issuer'];
  if (!issuer) fail(where, 'issuer', undefined, `is unknown: service account ${namespace}/${serviceAccount} has no crossfed.dev/issuer annotation`, 'give the cluster\'s issuer in options.issuer');
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const key = options.signingKey ?? await generatePodViewKey();
  const jose = await import('jose');
  const root = path.resolve(options.root);
  fs.mkdirSync(root, { recursive: true });

  // The webhooks' mutation.
  const containers: any[] = [...(spec.initContainers ?? []).map((c: any) => ({ ...c, init: true })), ...(spec.containers ?? []).map((c: any) => ({ ...c, init: false }))];
  const volumes: any[] = [...(spec.volumes ?? [])];
  const injectedBy = new Map<string, string>();
  const injectedEnv = new Map<any, Record<string, string>>();
  for (const m of webhookMutations(metadata, sa, issuer, options.webhooks ?? {})) {
    let used = false;
    for (const c of containers.filter(x => !m.skip.includes(x.name))) {
      c.env = [...(c.env ?? [])];
      for (const [k, v] of Object.entries(m.env)) {
        if (c.env.some((e: any) => e.name === k)) continue;
        c.env.push({ name: k, value: v });
        injectedEnv.set(c, { ...injectedEnv.get(c), [k]: m.by });
      }
      c.volumeMounts = [...(c.volumeMounts ?? [])];
      if (!c.volumeMounts.some((x: any) => x.mountPath === m.mountPath)) c.volumeMounts.push({ name: m.volume.name, mountPath: m.mountPath, readOnly: true });
      used = true;
    }
    if (used && !volumes.some(v => v.name === m.volume.name)) {
      volumes.push(m.volume);
      injectedBy.set(m.volume.name, m.by);
    }
  }

  // Volume contents: tokens (one JWT per source, as the kubelet mints per pod) and ConfigMap files.
  const podName = obj.kind === 'Pod' ? obj.metadata.name : `${obj.metadata.name}-0`;
  const podUid = randomUUID(); const saUid = sa?.metadata?.uid ?? randomUUID();
  const contents = new Map<string, Array<{ rel: string; token?: Omit<PodViewToken, 'podPath' | 'file'>; cm?: { configMap: string; key: string; text: string } }>>();
  for (const v of volumes) {
    const entries: Array<{ rel: string; token?: Omit<PodViewToken, 'podPath' | 'file'>; cm?: { configMap: string; key: string; text: string } }> = [];
    const sources: any[] = v.projected ? v.projected.sources ?? [] : v.configMap ? [{ configMap: v.configMap }] : [];
    for (const s of sources) {
      if (s.serviceAccountToken) {
        const t = s.serviceAccountToken;
        const audience: string[] = t.audience ? [t.audience] : [issuer];
        const expirationSeconds: number = t.expirationSeconds ?? 3600;
        const claims = {
          'iss': issuer, 'sub': `system:serviceaccount:${namespace}:${serviceAccount}`, 'aud': audience,
          'exp': now + expirationSeconds, 'iat': now, 'nbf': now, 'jti': randomUUID(),
          'kubernetes.io': { namespace, pod: { name: podName, uid: podUid }, serviceaccount: { name: serviceAccount, uid: saUid } },
        };
        const jwt = await new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: key.kid }).sign(key.privateKey as any);
        entries.push({ rel: t.path, token: { volume: v.name, audience, expirationSeconds, jwt, claims, ...(injectedBy.has(v.name) ? { injectedBy: injectedBy.get(v.name) } : {}) } });
      } else if (s.configMap) {
        const cm = objects.find(o => o.kind === 'ConfigMap' && o.metadata?.name === s.configMap.name && (o.metadata?.namespace ?? 'default') === namespace);
        if (!cm) {
          if (s.configMap.optional) continue;
          fail(where, `volumes[${v.name}].configMap`, s.configMap.name, `names no ConfigMap in namespace ${namespace}`, 'include the ConfigMap in the objects, or the pod never starts');
        }
        const data: Record<string, string> = cm.data ?? {};
        const items: Array<{ key: string; path: string }> = s.configMap.items ?? Object.keys(data).map(k => ({ key: k, path: k }));
        for (const i of items) if (data[i.key] !== undefined) entries.push({ rel: i.path, cm: { configMap: cm.metadata.name, key: i.key, text: data[i.key] } });
      }
    }
    contents.set(v.name, entries);
  }

  const host = (podPath: string) => path.join(root, podPath);
  const tokens: PodViewToken[] = [];
  const files: PodViewFile[] = [];
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  };
  // The mount paths of the containers that mount each volume: a JSON file's paths are remapped when they point into one.
  const mountsOf = (volume: string) => containers.flatMap(c => (c.volumeMounts ?? []).filter((m: any) => m.name === volume).map((m: any) => m));
  const allMounts = (c: any): string[] => (c.volumeMounts ?? []).map((m: any) => m.subPath ? m.mountPath : m.mountPath);
  const remapJson = (text: string, podPath: string, mounts: string[]): { text: string; remapped: PodViewRemap[] } => {
    let doc: unknown;
    try { doc = JSON.parse(text); } catch { return { text, remapped: [] }; }
    const remapped: PodViewRemap[] = [];
    const walk = (v: unknown, pointer: string): unknown => {
      if (typeof v === 'string') {
        if (v.startsWith('/') && mounts.some(m => under(v, m))) {
          remapped.push({ where: `${podPath}#${pointer}`, from: v, to: host(v) });
          return host(v);
        }
        return v;
      }
      if (Array.isArray(v)) return v.map((x, i) => walk(x, `${pointer}/${i}`));
      if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`)]));
      return v;
    };
    const out = walk(doc, '');
    return remapped.length ? { text: JSON.stringify(out, null, 2), remapped } : { text, remapped };
  };
  const podMounts = containers.flatMap(allMounts);
  for (const [volume, entries] of contents) {
    for (const m of mountsOf(volume)) {
      for (const e of entries) {
        if (m.subPath !== undefined && m.subPath !== e.rel) continue;
        const podPath = m.subPath !== undefined ? m.mountPath : `${m.mountPath.replace(/\/+$/, '')}/${e.rel}`;
        if (tokens.some(t => t.podPath === podPath) || files.some(f => f.podPath === podPath)) continue;
        if (e.token) {
          write(host(podPath), e.token.jwt);
          tokens.push({ ...e.token, podPath, file: host(podPath) });
        } else if (e.cm) {
          const { text, remapped } = remapJson(e.cm.text, podPath, podMounts);
          write(host(podPath), text);
          files.push({ volume, configMap: e.cm.configMap, key: e.cm.key, podPath, file: host(podPath), original: e.cm.text, remapped });
        }
      }
    }
  }

  // Each container's env: literal values, ConfigMap refs and the pod's own fields; paths into its mounts remapped.
  const fieldRefs: Record<string, string> = { 'metadata.name': podName, 'metadata.namespace': namespace, 'spec.serviceAccountName': serviceAccount, 'metadata.uid': podUid };
  const views: PodViewContainer[] = containers.map(c => {
    const podEnv: Record<string, string> = {}; const unresolvedEnv: string[] = [];
    for (const src of c.envFrom ?? []) {
      const cm = src.configMapRef ? objects.find(o => o.kind === 'ConfigMap' && o.metadata?.name === src.configMapRef.name && (o.metadata?.namespace ?? 'default') === namespace) : undefined;
      if (cm) for (const [k, v] of Object.entries(cm.data ?? {})) podEnv[`${src.prefix ?? ''}${k}`] = String(v);
    }
    for (const e of c.env ?? []) {
      if (typeof e.value === 'string') { podEnv[e.name] = e.value; continue; }
      if (e.value === undefined && e.valueFrom === undefined) { podEnv[e.name] = ''; continue; }
      const cmRef = e.valueFrom?.configMapKeyRef;
      const cm = cmRef ? objects.find(o => o.kind === 'ConfigMap' && o.metadata?.name === cmRef.name && (o.metadata?.namespace ?? 'default') === namespace) : undefined;
      const value = cmRef ? cm?.data?.[cmRef.key] : e.valueFrom?.fieldRef ? fieldRefs[e.valueFrom.fieldRef.fieldPath] : undefined;
      if (typeof value === 'string') podEnv[e.name] = value; else unresolvedEnv.push(e.name);
    }
    const mounts = allMounts(c);
    const env: Record<string, string> = {}; const remapped: PodViewRemap[] = [];
    for (const [k, v] of Object.entries(podEnv)) {
      if (v.startsWith('/') && mounts.some(m => under(v, m))) {
        env[k] = host(v);
        remapped.push({ where: k, from: v, to: env[k] });
      } else {
        env[k] = v;
      }
    }
    return { name: c.name, init: c.init, env, podEnv, remapped, injected: injectedEnv.get(c) ?? {}, unresolvedEnv, mounts };
  });

  return {
    root, kind: obj.kind!, namespace, name: obj.metadata.name, serviceAccount, issuer, jwks: { keys: [key.publicJwk] }, tokens, files, containers: views,
    podLabels: metadata.labels ?? {}, serviceAccountAnnotations: sa?.metadata?.annotations ?? {},
  };
}
