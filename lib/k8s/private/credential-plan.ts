import { k8s as kube } from 'cdk8s-plus-28';
import {
  AZURE_WEBHOOK_DEFAULT_EXPIRATION, IRSA_WEBHOOK_DEFAULT_EXPIRATION, KEYS, KUBERNETES_DEFAULT_EXPIRATION,
} from './keys';
import { fitName } from './names';
import type { AwsAccess } from '../../model/aws';
import { AzureAccess, EntraIdentityKind } from '../../model/azure';
import { CrossfedError, isCrossfedError, Problem } from '../../model/errors';
import type { GcpAccess } from '../../model/gcp';
import {
  AccessMechanism, ENTRA_DEFAULT_AUDIENCE, MAX_TOKEN_EXPIRATION_SECONDS, MIN_TOKEN_EXPIRATION_SECONDS, TargetCloud, TOKEN_PATHS,
} from '../../model/targets';
import type { Workload } from '../../model/workload';
import type { CloudCredential } from '../cloud-credential';
import type { DeferredValues } from '../deferred-values';

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Inputs of a plan besides the workload. */
export interface PlanOptions {
  readonly deferredValues?: DeferredValues;
  readonly defaultTokenExpirationSeconds?: number;
  /** The Terraform directory of the Entra ID stack, for the command in messages. */
  readonly terraformDirectory?: string;
}

/** A pod annotation that lists containers a webhook must leave alone. */
export interface SkipContainersAnnotation {
  readonly key: string;
  readonly separator: string;
}

/** What pods need for one target cloud. */
export interface CloudPart {
  readonly cloud: TargetCloud;
  readonly credential: CloudCredential;
  readonly serviceAccountAnnotations: Record<string, string>;
  /** Labels the pod (template) needs. */
  readonly podLabels: Record<string, string>;
  /** Volumes, mounts and env vars crossfed writes (explicit mode); empty when something else provides the token. */
  readonly volumes: kube.Volume[];
  readonly volumeMounts: kube.VolumeMount[];
  readonly env: kube.EnvVar[];
  /** The webhook's skip annotation, which excludes containers a binding does not select. */
  readonly skipContainers?: SkipContainersAnnotation;
  /** The GCP credential configuration, when the workload reaches GCP through a pool. */
  readonly configMap?: { readonly name: string; readonly key: string; readonly content: string };
}

/** Everything pods of one service account need, derived from the model, per cloud in the order AWS, Azure, GCP. */
export interface CredentialPlan {
  readonly workload: Workload;
  readonly namespace: string;
  readonly serviceAccountName: string;
  readonly parts: CloudPart[];
}

/** The credentials of some (or all) clouds of a plan, as one pod sees them. */
export interface PodCredentials {
  readonly workloadId: string;
  readonly namespace: string;
  readonly serviceAccountName: string;
  readonly podLabels: Record<string, string>;
  readonly volumes: kube.Volume[];
  readonly volumeMounts: kube.VolumeMount[];
  readonly env: kube.EnvVar[];
  readonly skipContainers: SkipContainersAnnotation[];
}

/** The credentials of the given clouds (all by default) of a plan. */
export function podCredentials(plan: CredentialPlan, clouds?: TargetCloud[]): PodCredentials {
  const parts = clouds ? plan.parts.filter(p => clouds.includes(p.cloud)) : plan.parts;
  return {
    workloadId: plan.workload.id, namespace: plan.namespace, serviceAccountName: plan.serviceAccountName,
    podLabels: Object.assign({}, ...parts.map(p => p.podLabels)),
    volumes: parts.flatMap(p => p.volumes), volumeMounts: parts.flatMap(p => p.volumeMounts), env: parts.flatMap(p => p.env),
    skipContainers: parts.flatMap(p => p.skipContainers ? [p.skipContainers] : []),
  };
}

/** Annotations of the service account, over all clouds. */
export function serviceAccountAnnotations(plan: CredentialPlan): Record<string, string> {
  return Object.assign({}, ...plan.parts.map(p => p.serviceAccountAnnotations));
}

/** Fails unless `value` is a projected-token lifetime the API server and the clouds accept. */
export function checkTokenExpiration(where: string, field: string, value: number): void {
  if (!Number.isInteger(value) || value < MIN_TOKEN_EXPIRATION_SECONDS || value > MAX_TOKEN_EXPIRATION_SECONDS) {
    const short = value < MIN_TOKEN_EXPIRATION_SECONDS;
    throw CrossfedError.of({
      where, field, value,
      problem: short
        ? 'is under 10 minutes: the API server refuses the pod ("spec.expirationSeconds: Invalid value: may not specify a duration less than 10 minutes")'
        : 'is not a token lifetime crossfed accepts',
      allowed: `a whole number of seconds from ${MIN_TOKEN_EXPIRATION_SECONDS} to ${MAX_TOKEN_EXPIRATION_SECONDS}`,
      fix: short ? 'use at least 600 (3600 is the Kubernetes default)' : 'use at most 86400 (24 hours); the kubelet refreshes tokens at 80 % of their lifetime',
    });
  }
}

/**
 * Derives what pods of a Kubernetes workload need for each cloud it was granted. Every fact
 * that another artifact must agree with (audience, role, client id, token path, credential
 * configuration) comes from the model; this only decides how to write it down.
 * Throws one CrossfedError listing every problem found.
 */
export function planCredentials(workload: Workload, options: PlanOptions = {}): CredentialPlan {
  const where = workload.sourceLocation;
  if (!workload.isKubernetes || !workload.namespace || !workload.serviceAccount) {
    throw CrossfedError.of({
      where, field: 'workload', value: workload.id, problem: 'is not a Kubernetes service account', allowed: 'a workload with namespace and serviceAccount',
      fix: 'CI identities get no Kubernetes objects; render them with the AWS, Azure and GCP stacks',
    });
  }
  const problems: Problem[] = [];
  const parts: CloudPart[] = [];
  const explicitExpiration = workload.tokenExpirationSeconds ?? options.defaultTokenExpirationSeconds ?? KUBERNETES_DEFAULT_EXPIRATION;
  const attempt = (fn: () => CloudPart) => {
    try {
      parts.push(fn());
    } catch (e) {
      if (!isCrossfedError(e)) throw e;
      problems.push(...e.problems);
    }
  };

  const aws = single(workload, 'aws', ['AWS role', 'AWS roles'], workload.awsAccess, a => a.role.arn, problems);
  if (aws) attempt(() => planAws(aws, explicitExpiration));
  const azure = single(workload, 'azure', ['Entra identity', 'Entra identities'], workload.azureAccess, a => a.identity.displayName, problems);
  if (azure) attempt(() => planAzure(azure, explicitExpiration, options));
  const gcp = single(workload, 'gcp', ['GCP identity', 'GCP identities'], workload.gcpAccess, a => a.serviceAccount?.email ?? a.member, problems);
  if (gcp) attempt(() => planGcp(gcp, explicitExpiration));

  if (problems.length > 0) throw new CrossfedError(problems);
  return { workload, namespace: workload.namespace, serviceAccountName: workload.serviceAccount, parts };
}

/** One grant per cloud: the SDKs' env vars name one identity per cloud. */
function single<T>(workload: Workload, field: string, what: [string, string], grants: T[], name: (g: T) => string, problems: Problem[]): T | undefined {
  if (grants.length > 1) {
    problems.push({
      where: workload.sourceLocation, field, value: grants.map(name),
      problem: `grants ${grants.length} ${what[1]} to one service account, but the SDKs in a pod use one ${what[0]} (their environment variables name one)`,
      allowed: `one ${field} grant per Kubernetes workload`,
      fix: 'give each identity its own service account (a workload entry per service account), or keep one grant',
    });
    return undefined;
  }
  return grants[0];
}

function projectedToken(volume: string, audience: string, expirationSeconds: number, path: string): kube.Volume {
  return { name: volume, projected: { sources: [{ serviceAccountToken: { audience, expirationSeconds, path } }] } };
}

/** A part with nothing in the pod spec yet. */
function part(credential: CloudCredential): CloudPart {
  return { cloud: credential.cloud, credential, serviceAccountAnnotations: {}, podLabels: {}, volumes: [], volumeMounts: [], env: [] };
}

/** @see https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html */
function planAws(a: AwsAccess, explicitExpiration: number): CloudPart {
  const w = a.workload;
  if (a.mechanism === AccessMechanism.POD_IDENTITY) {
    // The association lives on the AWS side; the EKS Pod Identity add-on on the node serves the credentials.
    return part({ cloud: TargetCloud.AWS, mechanism: a.mechanism, explicit: false, identity: a.role.arn });
  }
  const tokenFile = `${TOKEN_PATHS.aws.dir}/${TOKEN_PATHS.aws.file}`;
  if (a.mechanism === AccessMechanism.IRSA && a.webhook) {
    const annotations: Record<string, string> = {
      [KEYS.irsaRoleArn]: a.role.arn,
      [KEYS.irsaAudience]: a.audience,
      [KEYS.irsaRegionalSts]: 'true',
    };
    if (w.tokenExpirationSeconds !== undefined && w.tokenExpirationSeconds !== IRSA_WEBHOOK_DEFAULT_EXPIRATION) {
      annotations[KEYS.irsaTokenExpiration] = String(w.tokenExpirationSeconds);
    }
    return {
      ...part({
        cloud: TargetCloud.AWS, mechanism: a.mechanism, explicit: false, identity: a.role.arn, audience: a.audience, tokenFile,
        tokenExpirationSeconds: w.tokenExpirationSeconds ?? IRSA_WEBHOOK_DEFAULT_EXPIRATION,
      }),
      serviceAccountAnnotations: annotations,
      skipContainers: { key: KEYS.irsaSkipContainers, separator: ',' },
    };
  }
  return {
    ...part({
      cloud: TargetCloud.AWS, mechanism: a.mechanism, explicit: true, identity: a.role.arn, audience: a.audience, tokenFile, tokenExpirationSeconds: explicitExpiration,
    }),
    volumes: [projectedToken(TOKEN_PATHS.aws.volume, a.audience, explicitExpiration, TOKEN_PATHS.aws.file)],
    volumeMounts: [{ name: TOKEN_PATHS.aws.volume, mountPath: TOKEN_PATHS.aws.dir, readOnly: true }],
    env: [
      { name: 'AWS_ROLE_ARN', value: a.role.arn },
      { name: 'AWS_WEB_IDENTITY_TOKEN_FILE', value: tokenFile },
      { name: 'AWS_REGION', value: a.account.region },
      // boto3 and the AWS CLI read only AWS_DEFAULT_REGION: without it they use the global STS
      // endpoint and refuse regional clients (the IRSA webhook sets both).
      { name: 'AWS_DEFAULT_REGION', value: a.account.region },
      { name: 'AWS_STS_REGIONAL_ENDPOINTS', value: 'regional' },
    ],
  };
}

/** @see https://azure.github.io/azure-workload-identity/docs/quick-start.html */
function planAzure(a: AzureAccess, explicitExpiration: number, options: PlanOptions): CloudPart {
  const w = a.workload;
  const clientId = resolveClientId(a, options);
  const tokenFile = `${TOKEN_PATHS.azure.dir}/${TOKEN_PATHS.azure.file}`;
  if (a.webhook) {
    if (a.audience !== ENTRA_DEFAULT_AUDIENCE) {
      throw CrossfedError.of({
        where: w.sourceLocation, field: 'azure.webhook', value: true,
        problem: `cannot be used with tenant "${a.tenant.name}", whose federated credentials expect audience "${a.audience}": the azure-workload-identity webhook projects tokens for "${ENTRA_DEFAULT_AUDIENCE}"`,
        allowed: `webhook mode with the audience "${ENTRA_DEFAULT_AUDIENCE}"`, fix: 'set webhook: false on the grant, so that crossfed writes the token volume with the tenant\'s audience',
      });
    }
    const annotations: Record<string, string> = { [KEYS.azureClientId]: clientId, [KEYS.azureTenantId]: a.tenant.tenantId };
    if (w.tokenExpirationSeconds !== undefined && w.tokenExpirationSeconds !== AZURE_WEBHOOK_DEFAULT_EXPIRATION) {
      annotations[KEYS.azureTokenExpiration] = String(w.tokenExpirationSeconds);
    }
    return {
      ...part({
        cloud: TargetCloud.AZURE, mechanism: a.mechanism, explicit: false, identity: clientId, audience: a.audience,
        tokenExpirationSeconds: w.tokenExpirationSeconds ?? AZURE_WEBHOOK_DEFAULT_EXPIRATION,
      }),
      serviceAccountAnnotations: annotations,
      podLabels: { [KEYS.azureUse]: 'true' },
      skipContainers: { key: KEYS.azureSkipContainers, separator: ';' },
    };
  }
  return {
    ...part({
      cloud: TargetCloud.AZURE, mechanism: a.mechanism, explicit: true, identity: clientId, audience: a.audience, tokenFile, tokenExpirationSeconds: explicitExpiration,
    }),
    volumes: [projectedToken(TOKEN_PATHS.azure.volume, a.audience, explicitExpiration, TOKEN_PATHS.azure.file)],
    volumeMounts: [{ name: TOKEN_PATHS.azure.volume, mountPath: TOKEN_PATHS.azure.dir, readOnly: true }],
    env: [
      { name: 'AZURE_CLIENT_ID', value: clientId },
      { name: 'AZURE_TENANT_ID', value: a.tenant.tenantId },
      { name: 'AZURE_FEDERATED_TOKEN_FILE', value: tokenFile },
      { name: 'AZURE_AUTHORITY_HOST', value: a.tenant.authorityHost },
    ],
  };
}

/** The client id: known for existing identities, from Terraform outputs for new ones; never a placeholder. */
function resolveClientId(a: AzureAccess, options: PlanOptions): string {
  const id = a.identity;
  if (id.clientId) return id.clientId;
  const w = a.workload;
  const output = id.clientIdOutputName;
  const kind = id.kind === EntraIdentityKind.APPLICATION ? 'application' : 'managed identity';
  const dir = options.terraformDirectory ?? '<directory of the Terraform stack that creates it>';
  const commands = `run \`terraform -chdir=${dir} apply\` if it is not deployed yet, then \`terraform -chdir=${dir} output -json > tf-outputs.json\`, `
    + 'and pass that file with `--tf-outputs tf-outputs.json` (in code: `DeferredValues.fromTerraformOutputFile(\'tf-outputs.json\')`)';
  const value = options.deferredValues?.tryGetString(output);
  if (value === undefined) {
    const given = options.deferredValues ? `is not among the outputs in ${options.deferredValues.source}` : 'was not given (no Terraform outputs)';
    throw CrossfedError.of({
      where: w.sourceLocation, field: 'azure.clientId',
      problem: `of workload "${w.id}" is unknown: Entra ID assigns the client id of ${kind} "${id.displayName}" when Terraform creates it, and the Terraform output "${output}" ${given}`,
      allowed: `the client id from \`terraform output -json\` (output "${output}")`, fix: commands,
    });
  }
  if (!GUID.test(value)) {
    throw CrossfedError.of({
      where: w.sourceLocation, field: 'azure.clientId', value,
      problem: `of workload "${w.id}" (Terraform output "${output}" in ${options.deferredValues!.source}) is not a client id`,
      allowed: 'a GUID such as 00000000-0000-0000-0000-000000000000', fix: `take the outputs of the stack that creates ${kind} "${id.displayName}": ${commands}`,
    });
  }
  return value;
}

/** @see https://cloud.google.com/iam/docs/workload-identity-federation-with-kubernetes#deploy */
function planGcp(a: GcpAccess, explicitExpiration: number): CloudPart {
  const w = a.workload;
  if (a.mechanism === AccessMechanism.GKE_NATIVE) {
    const email = a.serviceAccount!.email;
    return {
      ...part({ cloud: TargetCloud.GCP, mechanism: a.mechanism, explicit: false, identity: email }),
      serviceAccountAnnotations: { [KEYS.gkeServiceAccount]: email },
    };
  }
  const config = a.credentialConfig;
  const tokenFile = `${TOKEN_PATHS.gcp.dir}/${TOKEN_PATHS.gcp.file}`;
  if (config.credential_source?.file !== tokenFile) {
    throw new Error(`internal: the GCP credential configuration reads ${config.credential_source?.file}, but the token is mounted at ${tokenFile}`);
  }
  const audience = a.audience!;
  const configMapName = fitName(`${w.serviceAccount}-gcp-credentials`, 253);
  return {
    ...part({
      cloud: TargetCloud.GCP, mechanism: a.mechanism, explicit: true, identity: a.serviceAccount?.email ?? a.member, audience, tokenFile,
      tokenExpirationSeconds: explicitExpiration,
    }),
    configMap: { name: configMapName, key: TOKEN_PATHS.gcpConfig.file, content: `${JSON.stringify(config, null, 2)}\n` },
    volumes: [
      projectedToken(TOKEN_PATHS.gcp.volume, audience, explicitExpiration, TOKEN_PATHS.gcp.file),
      { name: TOKEN_PATHS.gcpConfig.volume, configMap: { name: configMapName } },
    ],
    volumeMounts: [
      { name: TOKEN_PATHS.gcp.volume, mountPath: TOKEN_PATHS.gcp.dir, readOnly: true },
      { name: TOKEN_PATHS.gcpConfig.volume, mountPath: TOKEN_PATHS.gcpConfig.dir, readOnly: true },
    ],
    env: [
      { name: 'GOOGLE_APPLICATION_CREDENTIALS', value: `${TOKEN_PATHS.gcpConfig.dir}/${TOKEN_PATHS.gcpConfig.file}` },
      // Without it, google-auth-library looks the project up in Resource Manager after the
      // exchange, which the federated identity is not allowed to do: getClient() then fails.
      { name: 'GOOGLE_CLOUD_PROJECT', value: a.project.projectId },
    ],
  };
}
