/**
 * The edges of the trust graph on the Kubernetes side: which cloud credential each container
 * of each workload is given — through env vars it sets itself, the webhooks' annotations and
 * labels, or a GCP credential configuration — and which token file that credential reads.
 *
 * Derived from the graph, never stored in it, so that the graph stays what the artifacts say.
 */
import { K8sConfigMap, K8sServiceAccount, K8sVolumeMount, K8sWorkload, TrustGraph, Val } from './graph';
import { ENTRA_DEFAULT_AUDIENCE, AWS_STS_AUDIENCE } from '../model/targets';
import { known } from './private/val';

/** A target cloud. */
export type Cloud = 'aws' | 'azure' | 'gcp';

/** Where the webhooks mount the tokens they inject (REFERENCE.md). */
export const WEBHOOK_TOKEN_FILES = {
  aws: '/var/run/secrets/eks.amazonaws.com/serviceaccount/token',
  azure: '/var/run/secrets/azure/tokens/azure-identity-token',
} as const;

/** The service-account token every pod gets unless it opts out (no audience a cloud accepts). */
export const LEGACY_TOKEN_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** Webhook annotations and labels (amazon-eks-pod-identity-webhook, azure-workload-identity, GKE). */
export const WEBHOOK_KEYS = {
  awsRoleArn: 'eks.amazonaws.com/role-arn',
  awsAudience: 'eks.amazonaws.com/audience',
  awsStsRegionalEndpoints: 'eks.amazonaws.com/sts-regional-endpoints',
  awsTokenExpiration: 'eks.amazonaws.com/token-expiration',
  azureClientId: 'azure.workload.identity/client-id',
  azureTenantId: 'azure.workload.identity/tenant-id',
  azureTokenExpiration: 'azure.workload.identity/service-account-token-expiration',
  azureUse: 'azure.workload.identity/use',
  awsSkipContainers: 'eks.amazonaws.com/skip-containers',
  azureSkipContainers: 'azure.workload.identity/skip-containers',
  gkeServiceAccount: 'iam.gke.io/gcp-service-account',
} as const;

/** A token a container reads. */
export interface PodToken {
  /** A projected volume of the pod spec, one a webhook injects, or the legacy automounted token. */
  readonly source: 'projected' | 'webhook' | 'legacy';
  /** The cluster's issuer (absent: unknown). */
  readonly issuer?: string;
  /** `system:serviceaccount:<namespace>:<name>`. */
  readonly subject: string;
  /** The `aud` claim (absent: the API server's default audiences, or none for legacy tokens). */
  readonly audience?: Val;
  /** Lifetime asked for (absent: the default). */
  readonly expirationSeconds?: number;
  /** The file in the container. */
  readonly file: string;
  /** The projected volume, when from the pod spec. */
  readonly volumeName?: string;
  /** The `subPath` it is mounted with, if any (such a mount is never refreshed). */
  readonly subPath?: string;
}

/** What the credential is for. */
export type CredentialTarget =
  | { readonly cloud: 'aws'; readonly roleArn: Val }
  | { readonly cloud: 'azure'; readonly clientId?: Val; readonly tenantId?: Val }
  | { readonly cloud: 'gcp'; readonly audience?: Val; readonly serviceAccountEmail?: Val; readonly gkeNative?: boolean };

/** One cloud credential of one container. */
export interface PodCredential {
  readonly workload: K8sWorkload;
  /** The container (absent for GKE workload identity, which is per pod). */
  readonly container?: string;
  readonly target: CredentialTarget;
  /** How the container is told: env vars in the spec, a webhook, a credential configuration, or GKE's metadata server. */
  readonly via: 'env' | 'webhook' | 'credential-config' | 'gke-native';
  /** The token file the credential reads (absent when it names none). */
  readonly tokenFile?: string;
  /** The token at that file (absent when nothing there is a service-account token). */
  readonly token?: PodToken;
  /** The workload's service account, when in the artifacts. */
  readonly serviceAccount?: K8sServiceAccount;
  /** The GCP credential configuration (`external_account`) the container reads, when found. */
  readonly credentialConfig?: { readonly configMap: K8sConfigMap | undefined; readonly key: string; readonly json: Record<string, unknown> };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function seconds(v: string | undefined): number | undefined {
  return v !== undefined && /^\d+$/.test(v.trim()) ? Number(v.trim()) : undefined;
}

/** The path inside the mounted volume of a file of the container, if the mount covers it. */
export function pathInVolume(m: K8sVolumeMount, file: string): string | undefined {
  if (m.subPath !== undefined) return file === m.mountPath ? m.subPath : undefined;
  const dir = m.mountPath.replace(/\/+$/, '');
  return file.startsWith(`${dir}/`) ? file.slice(dir.length + 1) : undefined;
}

/** The service account a workload runs as: in the same file, else the same cluster. */
export function serviceAccountOf(graph: TrustGraph, w: K8sWorkload): K8sServiceAccount | undefined {
  const same = (s: K8sServiceAccount) => s.namespace === w.namespace && s.name === w.serviceAccountName;
  return graph.k8s.serviceAccounts.find(s => same(s) && s.ref.file === w.ref.file)
    ?? (w.issuer ? graph.k8s.serviceAccounts.find(s => same(s) && s.issuer === w.issuer) : undefined);
}

/** Every cloud credential of every container, in graph order. */
export function podCredentials(graph: TrustGraph): PodCredential[] {
  const out: PodCredential[] = [];
  for (const w of graph.k8s.workloads) out.push(...workloadCredentials(graph, w));
  return out;
}

function workloadCredentials(graph: TrustGraph, w: K8sWorkload): PodCredential[] {
  const out: PodCredential[] = [];
  const sa = serviceAccountOf(graph, w);
  const ann = sa?.annotations ?? {};
  const subject = `system:serviceaccount:${w.namespace}:${w.serviceAccountName}`;
  const configMap = (name: string) => graph.k8s.configMaps.find(c => c.namespace === w.namespace && c.name === name && c.ref.file === w.ref.file)
    ?? graph.k8s.configMaps.find(c => c.namespace === w.namespace && c.name === name && w.issuer !== undefined && graph.k8s.workloads.some(x => x.ref.file === c.ref.file && x.issuer === w.issuer));
  const awsWebhook = ann[WEBHOOK_KEYS.awsRoleArn] !== undefined;
  const azureWebhook = w.podLabels[WEBHOOK_KEYS.azureUse] === 'true' && ann[WEBHOOK_KEYS.azureClientId] !== undefined;
  const webhookToken = (cloud: 'aws' | 'azure'): PodToken => cloud === 'aws'
    ? { source: 'webhook', issuer: w.issuer, subject, audience: ann[WEBHOOK_KEYS.awsAudience] ?? AWS_STS_AUDIENCE, expirationSeconds: seconds(ann[WEBHOOK_KEYS.awsTokenExpiration]) ?? 86400, file: WEBHOOK_TOKEN_FILES.aws }
    : { source: 'webhook', issuer: w.issuer, subject, audience: ENTRA_DEFAULT_AUDIENCE, expirationSeconds: seconds(ann[WEBHOOK_KEYS.azureTokenExpiration]) ?? 3600, file: WEBHOOK_TOKEN_FILES.azure };

  // Pod annotations tell the webhooks which containers to leave alone (comma- or semicolon-separated names).
  const skipped = (key: string) => new Set((w.podAnnotations?.[key] ?? '').split(/[,;]/).map(x => x.trim()).filter(Boolean));
  const awsSkip = skipped(WEBHOOK_KEYS.awsSkipContainers);
  const azureSkip = skipped(WEBHOOK_KEYS.azureSkipContainers);
  for (const c of w.containers) {
    // envFrom ConfigMaps count as env (later entries and `env` win, as in Kubernetes).
    const env: Record<string, Val> = {};
    for (const e of c.envFrom) if (e.kind === 'ConfigMap') Object.assign(env, configMap(e.name)?.data ?? {});
    Object.assign(env, c.env);

    /** The token at a path of this container. */
    const tokenAt = (file: string, webhook?: 'aws' | 'azure'): PodToken | undefined => {
      for (const m of c.mounts) {
        const inVolume = pathInVolume(m, file);
        if (inVolume === undefined) continue;
        const t = w.projectedTokens.find(p => p.volumeName === m.volumeName && p.path === inVolume);
        if (t) return { source: 'projected', issuer: w.issuer, subject, audience: t.audience, expirationSeconds: t.expirationSeconds, file, volumeName: t.volumeName, subPath: m.subPath };
        return undefined;
      }
      if (webhook && file === WEBHOOK_TOKEN_FILES[webhook]) return webhookToken(webhook);
      if (file === LEGACY_TOKEN_FILE) return { source: 'legacy', issuer: w.issuer, subject, file };
      return undefined;
    };

    // AWS: AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE, or the IRSA webhook.
    if (env.AWS_ROLE_ARN !== undefined || env.AWS_WEB_IDENTITY_TOKEN_FILE !== undefined) {
      const tokenFile = known(env.AWS_WEB_IDENTITY_TOKEN_FILE) ?? (awsWebhook ? WEBHOOK_TOKEN_FILES.aws : undefined);
      out.push({
        workload: w, container: c.name, via: 'env', serviceAccount: sa, tokenFile,
        target: { cloud: 'aws', roleArn: env.AWS_ROLE_ARN ?? ann[WEBHOOK_KEYS.awsRoleArn] ?? { unresolved: 'AWS_ROLE_ARN (not set)' } },
        token: tokenFile === undefined ? undefined : tokenAt(tokenFile, awsWebhook ? 'aws' : undefined),
      });
    } else if (awsWebhook && !awsSkip.has(c.name)) {
      out.push({ workload: w, container: c.name, via: 'webhook', serviceAccount: sa, tokenFile: WEBHOOK_TOKEN_FILES.aws, target: { cloud: 'aws', roleArn: ann[WEBHOOK_KEYS.awsRoleArn] }, token: webhookToken('aws') });
    }

    // Entra ID: AZURE_CLIENT_ID + AZURE_FEDERATED_TOKEN_FILE, or the azure-workload-identity webhook.
    // (AZURE_CLIENT_ID alone names a managed identity for IMDS or a client secret's app: not federation.)
    if (env.AZURE_FEDERATED_TOKEN_FILE !== undefined) {
      const tokenFile = known(env.AZURE_FEDERATED_TOKEN_FILE) ?? (azureWebhook ? WEBHOOK_TOKEN_FILES.azure : undefined);
      out.push({
        workload: w, container: c.name, via: 'env', serviceAccount: sa, tokenFile,
        target: { cloud: 'azure', clientId: env.AZURE_CLIENT_ID ?? ann[WEBHOOK_KEYS.azureClientId], tenantId: env.AZURE_TENANT_ID ?? ann[WEBHOOK_KEYS.azureTenantId] },
        token: tokenFile === undefined ? undefined : tokenAt(tokenFile, azureWebhook ? 'azure' : undefined),
      });
    } else if (azureWebhook && !azureSkip.has(c.name)) {
      out.push({
        workload: w, container: c.name, via: 'webhook', serviceAccount: sa, tokenFile: WEBHOOK_TOKEN_FILES.azure,
        target: { cloud: 'azure', clientId: env.AZURE_CLIENT_ID ?? ann[WEBHOOK_KEYS.azureClientId], tenantId: env.AZURE_TENANT_ID ?? ann[WEBHOOK_KEYS.azureTenantId] },
        token: webhookToken('azure'),
      });
    }

    // GCP: GOOGLE_APPLICATION_CREDENTIALS → an external_account credential configuration.
    const configFile = known(env.GOOGLE_APPLICATION_CREDENTIALS);
    if (configFile !== undefined) {
      const config = credentialConfig(graph, w, c.mounts, configFile, configMap);
      if (config && config.json.type === 'external_account') {
        const source = isObject(config.json.credential_source) ? config.json.credential_source : {};
        const tokenFile = typeof source.file === 'string' ? source.file : undefined;
        const url = typeof config.json.service_account_impersonation_url === 'string' ? config.json.service_account_impersonation_url : undefined;
        const email = url ? /\/serviceAccounts\/([^/:]+):generateAccessToken$/.exec(url)?.[1] ?? url : undefined;
        out.push({
          workload: w, container: c.name, via: 'credential-config', serviceAccount: sa, tokenFile, credentialConfig: config,
          target: { cloud: 'gcp', audience: typeof config.json.audience === 'string' ? config.json.audience : undefined, serviceAccountEmail: email },
          token: tokenFile === undefined ? undefined : tokenAt(tokenFile),
        });
      }
    }
  }
  // GKE workload identity: per pod, through the metadata server.
  const gsa = ann[WEBHOOK_KEYS.gkeServiceAccount];
  if (gsa !== undefined && !out.some(x => x.target.cloud === 'gcp')) {
    out.push({ workload: w, via: 'gke-native', serviceAccount: sa, target: { cloud: 'gcp', serviceAccountEmail: gsa, gkeNative: true } });
  }
  return out;
}

/** The JSON of a credential configuration file mounted from a ConfigMap (or Secret) of the artifacts. */
function credentialConfig(graph: TrustGraph, w: K8sWorkload, mounts: readonly K8sVolumeMount[], file: string, configMap: (name: string) => K8sConfigMap | undefined): PodCredential['credentialConfig'] {
  for (const m of mounts) {
    const inVolume = pathInVolume(m, file);
    if (inVolume === undefined) continue;
    for (const v of w.configMapVolumes.filter(x => x.volumeName === m.volumeName)) {
      const key = v.items ? Object.entries(v.items).find(([, p]) => p === inVolume)?.[0] : inVolume;
      const cm = configMap(v.configMapName);
      const text = key !== undefined ? cm?.data[key] : undefined;
      if (text !== undefined && key !== undefined) return parseConfig(cm, key, text);
    }
    for (const v of w.secretVolumes.filter(x => x.volumeName === m.volumeName)) {
      const secret = graph.k8s.secrets.find(s => s.namespace === w.namespace && s.name === v.secretName);
      const text = secret?.data[inVolume];
      if (text !== undefined) return parseConfig(undefined, inVolume, text);
    }
  }
  return undefined;
}

function parseConfig(configMap: K8sConfigMap | undefined, key: string, text: string): PodCredential['credentialConfig'] {
  try {
    const json: unknown = JSON.parse(text);
    return isObject(json) ? { configMap, key, json } : undefined;
  } catch {
    return undefined;
  }
}
