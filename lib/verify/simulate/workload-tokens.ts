/**
 * The tokens a Kubernetes workload's pods would carry, derived from the artifacts: projected
 * service-account tokens and the env vars and credential configurations that point at them,
 * and what the webhooks inject (amazon-eks-pod-identity-webhook, azure-workload-identity, GKE
 * and EKS Pod Identity). Each comes with the identity the container's SDK would present it to.
 */
import { AWS_STS_AUDIENCE, EKS_POD_IDENTITY_AUDIENCE, ENTRA_DEFAULT_AUDIENCE, MIN_TOKEN_EXPIRATION_SECONDS } from '../../model/targets';
import { K8sContainer, K8sProjectedToken, K8sServiceAccount, K8sWorkload, TrustGraph, Val } from '../graph';
import { EksCluster } from './aws-pod-identity';
import { SimulateOptions } from './aws-web-identity';
import { evaluateExchange, ExchangeTarget } from './exchange';
import { gkeWorkloadPool } from './gcp-gke-native';
import { Cloud, ExchangeResult, Trace } from './result';
import { nowSeconds, Token, TokenClaims } from './token';

/** Where kube-api-access mounts the default token (audience: the API server's, lifetime ~1 h). */
export const DEFAULT_TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** The API server's refusal of a projection shorter than 10 minutes (REFERENCE.md). */
export function projectedTokenRefusal(expirationSeconds: number | undefined): string | undefined {
  if (expirationSeconds === undefined || expirationSeconds >= MIN_TOKEN_EXPIRATION_SECONDS) return undefined;
  return `spec.expirationSeconds: Invalid value: ${expirationSeconds}: may not specify a duration less than 10 minutes`;
}

/** A token a container would present, and to whom. */
export interface WorkloadCredential {
  readonly cloud: Cloud;
  readonly container: string;
  /** How the token gets there: a projected volume, a webhook, the default token. */
  readonly source: string;
  readonly tokenPath?: string;
  /** The token's audience (undefined: the API server's default audiences, i.e. the issuer). */
  readonly audience?: string;
  readonly expirationSeconds: number;
  /** The identity the SDK would present it to (undefined when the pointer cannot be followed). */
  readonly target?: ExchangeTarget;
  /** Why no exchange happens: the API server refuses the projection, or a pointer is unresolved or broken. */
  readonly problem?: { readonly check: string; readonly detail: string; readonly reason: string };
}

interface Found { readonly projected?: K8sProjectedToken; readonly source: string; readonly audience?: string; readonly expirationSeconds: number }

/** Follows a token file path through the container's mounts to a projected token. */
function tokenAt(w: K8sWorkload, c: K8sContainer, path: string, issuer: string | undefined): Found | undefined {
  if (path === DEFAULT_TOKEN_PATH) return { source: 'the default service account token (kube-api-access)', audience: issuer, expirationSeconds: 3607 };
  for (const m of c.mounts) {
    for (const p of w.projectedTokens.filter(x => x.volumeName === m.volumeName)) {
      const file = m.subPath !== undefined ? (m.subPath === p.path ? m.mountPath : undefined) : `${m.mountPath.replace(/\/+$/, '')}/${p.path}`;
      if (file === path) {
        const aud = p.audience;
        return { projected: p, source: `projected volume ${p.volumeName}${m.subPath !== undefined ? ' (subPath: never refreshed)' : ''}`, audience: typeof aud === 'string' ? aud : aud === undefined ? issuer : undefined, expirationSeconds: p.expirationSeconds ?? 3600 };
      }
    }
  }
  return undefined;
}

const str = (v: Val | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/** Reads a mounted file's content from a ConfigMap volume. */
function configFileAt(graph: TrustGraph, w: K8sWorkload, c: K8sContainer, path: string): string | undefined {
  for (const m of c.mounts) {
    const vol = w.configMapVolumes.find(v => v.volumeName === m.volumeName);
    if (!vol) continue;
    const cm = graph.k8s.configMaps.find(x => x.namespace === w.namespace && x.name === vol.configMapName);
    if (!cm) continue;
    for (const [key, value] of Object.entries(cm.data)) {
      const rel = vol.items?.[key] ?? (vol.items ? undefined : key);
      if (rel === undefined) continue;
      const file = m.subPath !== undefined ? (m.subPath === rel ? m.mountPath : undefined) : `${m.mountPath.replace(/\/+$/, '')}/${rel}`;
      if (file === path) return value;
    }
  }
  return undefined;
}

function credential(container: string, found: Found, path: string | undefined, target: ExchangeTarget): WorkloadCredential {
  const refusal = projectedTokenRefusal(found.projected?.expirationSeconds);
  const k8s = refusal ? { check: 'projected service account token', detail: `volume ${found.projected!.volumeName} asks for expirationSeconds ${found.projected!.expirationSeconds}`, reason: refusal } : undefined;
  return { cloud: target.cloud, container, source: found.source, tokenPath: path, audience: found.audience, expirationSeconds: found.expirationSeconds, target, ...(k8s ? { problem: k8s } : {}) };
}

function missing(cloud: Cloud, container: string, source: string, what: string, reason: string): WorkloadCredential {
  return { cloud, container, source, expirationSeconds: 0, problem: { check: 'token file', detail: what, reason } };
}

/** Whether a pod annotation tells a webhook to leave this container alone. */
function skipped(w: K8sWorkload, annotation: string, container: string): boolean {
  return (w.podAnnotations?.[annotation] ?? '').split(/[,;]/).map(x => x.trim()).includes(container);
}

/** The credentials of one container. */
function containerCredentials(graph: TrustGraph, w: K8sWorkload, sa: K8sServiceAccount | undefined, c: K8sContainer, issuer: string | undefined, eksClusters: readonly EksCluster[]): WorkloadCredential[] {
  const out: WorkloadCredential[] = [];
  const env = c.env;
  const ann = sa?.annotations ?? {};
  const unresolved = (name: string) => `crossfed: ${name} is unresolved (${JSON.stringify(env[name])}); cannot follow it`;

  // AWS web identity: explicit env, else the IRSA webhook.
  if (env.AWS_WEB_IDENTITY_TOKEN_FILE !== undefined || env.AWS_ROLE_ARN !== undefined) {
    const file = str(env.AWS_WEB_IDENTITY_TOKEN_FILE); const role = str(env.AWS_ROLE_ARN);
    const found = file ? tokenAt(w, c, file, issuer) : undefined;
    if (!file || !role) out.push(missing('aws', c.name, 'env AWS_ROLE_ARN / AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE must both be literal values', unresolved(!file ? 'AWS_WEB_IDENTITY_TOKEN_FILE' : 'AWS_ROLE_ARN')));
    else if (!found) out.push(missing('aws', c.name, 'env AWS_WEB_IDENTITY_TOKEN_FILE', `no mounted token at ${file}`, `crossfed: the AWS SDK would fail to read ${file}: no projected token is mounted there`));
    else out.push(credential(c.name, found, file, { cloud: 'aws', kind: 'web-identity', roleArn: role }));
  } else if (typeof ann['eks.amazonaws.com/role-arn'] === 'string' && !skipped(w, 'eks.amazonaws.com/skip-containers', c.name)) {
    const exp = Number(ann['eks.amazonaws.com/token-expiration'] ?? 86400);
    out.push(credential(c.name, { source: 'amazon-eks-pod-identity-webhook (eks.amazonaws.com/role-arn)', audience: ann['eks.amazonaws.com/audience'] ?? AWS_STS_AUDIENCE, expirationSeconds: exp },
      '/var/run/secrets/eks.amazonaws.com/serviceaccount/token', { cloud: 'aws', kind: 'web-identity', roleArn: ann['eks.amazonaws.com/role-arn'] }));
  }

  // Entra: explicit env, else the azure-workload-identity webhook (needs the pod label).
  if (env.AZURE_FEDERATED_TOKEN_FILE !== undefined) {
    const file = str(env.AZURE_FEDERATED_TOKEN_FILE); const clientId = str(env.AZURE_CLIENT_ID) ?? ann['azure.workload.identity/client-id'];
    const found = file ? tokenAt(w, c, file, issuer) : undefined;
    if (!file || !clientId) out.push(missing('azure', c.name, 'env AZURE_CLIENT_ID / AZURE_FEDERATED_TOKEN_FILE', 'AZURE_CLIENT_ID and AZURE_FEDERATED_TOKEN_FILE must be literal values', unresolved(!file ? 'AZURE_FEDERATED_TOKEN_FILE' : 'AZURE_CLIENT_ID')));
    else if (!found) out.push(missing('azure', c.name, 'env AZURE_FEDERATED_TOKEN_FILE', `no mounted token at ${file}`, `crossfed: the Azure SDK would fail to read ${file}: no projected token is mounted there`));
    else out.push(credential(c.name, found, file, { cloud: 'azure', kind: 'federated-credential', identity: { clientId } }));
  } else if (typeof ann['azure.workload.identity/client-id'] === 'string' && w.podLabels['azure.workload.identity/use'] === 'true' && !skipped(w, 'azure.workload.identity/skip-containers', c.name)) {
    const exp = Number(ann['azure.workload.identity/service-account-token-expiration'] ?? 3600);
    out.push(credential(c.name, { source: 'azure-workload-identity webhook (azure.workload.identity/client-id)', audience: ENTRA_DEFAULT_AUDIENCE, expirationSeconds: exp },
      '/var/run/secrets/azure/tokens/azure-identity-token', { cloud: 'azure', kind: 'federated-credential', identity: { clientId: ann['azure.workload.identity/client-id'] } }));
  }

  // GCP: a credential configuration, else GKE workload identity.
  if (env.GOOGLE_APPLICATION_CREDENTIALS !== undefined) {
    const path = str(env.GOOGLE_APPLICATION_CREDENTIALS);
    const text = path ? configFileAt(graph, w, c, path) : undefined;
    let config: any;
    try { config = text ? JSON.parse(text) : undefined; } catch { config = undefined; }
    const file = typeof config?.credential_source?.file === 'string' ? config.credential_source.file : undefined;
    const found = file ? tokenAt(w, c, file, issuer) : undefined;
    const email = /serviceAccounts\/([^/:]+):generateAccessToken$/.exec(config?.service_account_impersonation_url ?? '')?.[1];
    const provider = typeof config?.audience === 'string' ? config.audience : undefined;
    if (!path) out.push(missing('gcp', c.name, 'env GOOGLE_APPLICATION_CREDENTIALS', 'GOOGLE_APPLICATION_CREDENTIALS must be a literal path', unresolved('GOOGLE_APPLICATION_CREDENTIALS')));
    else if (!config || config.type !== 'external_account' || !file) out.push(missing('gcp', c.name, `credential configuration ${path}`, `no external_account configuration with credential_source.file is mounted at ${path}`, `crossfed: the Google SDK finds no usable external_account configuration at ${path}`));
    else if (!found) out.push(missing('gcp', c.name, `credential configuration ${path}`, `no mounted token at ${file}`, `crossfed: the Google SDK would fail to read ${file}: no projected token is mounted there`));
    else out.push(credential(c.name, found, file, email ? { cloud: 'gcp', kind: 'impersonation', serviceAccountEmail: email, provider } : { cloud: 'gcp', kind: 'direct', provider }));
  } else if (typeof ann['iam.gke.io/gcp-service-account'] === 'string') {
    const pool = gkeWorkloadPool(issuer);
    out.push(credential(c.name, { source: 'GKE metadata server (iam.gke.io/gcp-service-account)', audience: pool, expirationSeconds: 3600 }, undefined,
      { cloud: 'gcp', kind: 'gke-native', serviceAccountEmail: ann['iam.gke.io/gcp-service-account'] }));
  }

  // EKS Pod Identity: an association for this cluster, namespace and service account.
  const cluster = eksClusters.find(x => x.issuer === issuer);
  if (cluster) {
    for (const a of graph.aws.podIdentityAssociations) {
      if (a.clusterName === cluster.name && a.namespace === w.namespace && a.serviceAccount === w.serviceAccountName && typeof a.roleArn === 'string') {
        out.push(credential(c.name, { source: 'EKS Pod Identity association', audience: EKS_POD_IDENTITY_AUDIENCE, expirationSeconds: 86400 }, '/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token',
          { cloud: 'aws', kind: 'pod-identity', roleArn: a.roleArn, cluster }));
      }
    }
  }
  return out;
}

/** Every credential of a workload's containers. */
export function workloadCredentials(graph: TrustGraph, w: K8sWorkload, options: { issuer?: string; eksClusters?: readonly EksCluster[] } = {}): WorkloadCredential[] {
  const sa = graph.k8s.serviceAccounts.find(s => s.namespace === w.namespace && s.name === w.serviceAccountName);
  const issuer = options.issuer ?? sa?.issuer;
  return w.containers.flatMap(c => containerCredentials(graph, w, sa, c, issuer, options.eksClusters ?? []));
}

/** The token a credential would carry, minted at `now`. */
export function credentialToken(w: K8sWorkload, cred: WorkloadCredential, issuer: string, now: number): Token {
  const claims: TokenClaims = {
    'iss': issuer, 'sub': `system:serviceaccount:${w.namespace}:${w.serviceAccountName}`, ...(cred.audience !== undefined ? { aud: cred.audience } : {}),
    'exp': now + cred.expirationSeconds, 'iat': now, 'nbf': now,
    'kubernetes.io': { namespace: w.namespace, serviceaccount: { name: w.serviceAccountName }, pod: { name: `${w.name}-pod` } },
  };
  return { claims };
}

/** One explained credential of a workload. */
export interface WorkloadExplanation {
  readonly credential: WorkloadCredential;
  readonly token?: Token;
  readonly result: ExchangeResult;
}

/**
 * `explain --workload`: each token the workload's containers would present, to the identity
 * they would present it to.
 */
export function explainWorkload(graph: TrustGraph, w: K8sWorkload, options: SimulateOptions & { issuer?: string; eksClusters?: readonly EksCluster[] } = {}): WorkloadExplanation[] {
  const now = options.now ?? nowSeconds();
  const sa = graph.k8s.serviceAccounts.find(s => s.namespace === w.namespace && s.name === w.serviceAccountName);
  const issuer = options.issuer ?? sa?.issuer;
  return workloadCredentials(graph, w, { issuer, eksClusters: options.eksClusters }).map(cred => {
    const cloud = cred.cloud;
    const label = cred.target ? targetLabel(cred.target) : `${w.kind}/${w.namespace}/${w.name} ${cred.container}`;
    if (cred.problem) return { credential: cred, result: new Trace(cloud, label, cred.source).refuse(cred.problem.check, cred.problem.detail, cred.problem.reason) };
    if (!issuer) {
      return { credential: cred, result: new Trace(cloud, label, cred.source).markUndecided().refuse('issuer', `the issuer of ${w.namespace}/${w.serviceAccountName}'s cluster is unknown`, 'crossfed: give the cluster\'s issuer with --issuer or in the model') };
    }
    const token = credentialToken(w, cred, issuer, now);
    return { credential: cred, token, result: evaluateExchange(graph, token, cred.target!, { now }) };
  });
}

function targetLabel(t: ExchangeTarget): string {
  switch (t.kind) {
    case 'web-identity': case 'pod-identity': return t.roleArn;
    case 'federated-credential': return t.identity.clientId ?? t.identity.displayName ?? t.identity.id ?? '';
    case 'impersonation': case 'gke-native': return t.serviceAccountEmail;
    case 'direct': return 'direct access';
  }
}
