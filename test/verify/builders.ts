import { stringify } from 'yaml';
import { ArtifactFile, checkArtifacts, CheckOptions, Finding, findRule } from '../../lib/verify';

/** Builders of small artifacts for rule tests. */

export const EKS = 'https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
export const EKS_HOST = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
export const AKS = 'https://westeurope.oic.prod-aks.azure.com/11111111-2222-3333-4444-555555555555/99999999-8888-7777-6666-555555555555/';
export const GKE = 'https://container.googleapis.com/v1/projects/acme-data/locations/europe-west1/clusters/prod';
export const GCP_AUDIENCE = '//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/crossfed/providers/prod-eks';
export const PROVIDER_ARN = `arn:aws:iam::111122223333:oidc-provider/${EKS_HOST}`;

/** A CloudFormation template (JSON) with these resources. */
export function cfn(resources: Record<string, unknown>, path = 'stack.template.json'): ArtifactFile {
  return { path, content: JSON.stringify({ Resources: resources }, null, 2) };
}

/** An IAM role resource with this trust policy (statements) and extra properties. */
export function role(statements: unknown[], props: Record<string, unknown> = {}): unknown {
  return { Type: 'AWS::IAM::Role', Properties: { RoleName: 'app', AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: statements }, ...props } };
}

/** A web-identity trust statement for the EKS issuer. */
export function webIdentity(condition: Record<string, unknown>, federated: unknown = PROVIDER_ARN): unknown {
  return { Effect: 'Allow', Principal: { Federated: federated }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: condition };
}

/** The exact trust crossfed writes for `system:serviceaccount:<ns>:<sa>`. */
export function exactTrust(subject = 'system:serviceaccount:data:app', audience = 'sts.amazonaws.com'): Record<string, unknown> {
  return { StringEquals: { [`${EKS_HOST}:sub`]: subject, [`${EKS_HOST}:aud`]: audience } };
}

/** An OIDC provider resource. */
export function oidcProvider(url = EKS, clientIds: unknown = ['sts.amazonaws.com'], extra: Record<string, unknown> = {}): unknown {
  return { Type: 'AWS::IAM::OIDCProvider', Properties: { Url: url, ClientIdList: clientIds, ...extra } };
}

/** A Terraform JSON configuration with these resources (`{ type: { name: config } }`). */
export function tf(resource: Record<string, Record<string, unknown>>, path = 'terraform/main.tf.json', extra: Record<string, unknown> = {}): ArtifactFile {
  return { path, content: JSON.stringify({ ...extra, resource }, null, 2) };
}

/** Kubernetes YAML of these objects. */
export function k8s(docs: unknown[], path = 'kubernetes/cluster.yaml'): ArtifactFile {
  return { path, content: docs.map(d => stringify(d)).join('---\n') };
}

export function serviceAccount(name: string, namespace: string, annotations: Record<string, string> = {}, labels: Record<string, string> = {}): unknown {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace, annotations, labels } };
}

export interface PodOptions {
  readonly serviceAccount?: string;
  readonly labels?: Record<string, string>;
  readonly env?: Record<string, string>;
  readonly volumes?: unknown[];
  readonly mounts?: unknown[];
  readonly kind?: string;
}

/** A Deployment (or another kind) with one container. */
export function deployment(name: string, namespace: string, o: PodOptions = {}): unknown {
  const pod = {
    metadata: { labels: { app: name, ...o.labels } },
    spec: {
      serviceAccountName: o.serviceAccount ?? name,
      containers: [{ name: 'main', image: 'example/app:1', env: Object.entries(o.env ?? {}).map(([k, v]) => ({ name: k, value: v })), volumeMounts: o.mounts ?? [] }],
      volumes: o.volumes ?? [],
    },
  };
  const kind = o.kind ?? 'Deployment';
  if (kind === 'Pod') return { apiVersion: 'v1', kind, metadata: { name, namespace, labels: pod.metadata.labels }, spec: pod.spec };
  return { apiVersion: 'apps/v1', kind, metadata: { name, namespace }, spec: { selector: { matchLabels: { app: name } }, template: pod } };
}

/** A projected token volume and its mount at `dir`. */
export function tokenVolume(name: string, audience: string | undefined, dir: string, o: { expirationSeconds?: number; path?: string; subPath?: boolean } = {}): { volume: unknown; mount: unknown } {
  const path = o.path ?? 'token';
  return {
    volume: { name, projected: { sources: [{ serviceAccountToken: { ...(audience !== undefined ? { audience } : {}), expirationSeconds: o.expirationSeconds ?? 3600, path } }] } },
    mount: o.subPath ? { name, mountPath: `${dir}/${path}`, subPath: path } : { name, mountPath: dir, readOnly: true },
  };
}

/** A pod using AWS web identity with an explicit token. */
export function awsPod(name: string, namespace: string, roleArn: string, o: { audience?: string; expirationSeconds?: number } = {}): unknown {
  const t = tokenVolume('aws-iam-token', o.audience ?? 'sts.amazonaws.com', '/var/run/secrets/eks.amazonaws.com/serviceaccount', o);
  return deployment(name, namespace, { env: { AWS_ROLE_ARN: roleArn, AWS_WEB_IDENTITY_TOKEN_FILE: '/var/run/secrets/eks.amazonaws.com/serviceaccount/token' }, volumes: [t.volume], mounts: [t.mount] });
}

/** Findings of one rule (only that rule runs). */
export function findingsOf(ruleId: string, files: ArtifactFile[], options: CheckOptions = {}): Finding[] {
  const rule = findRule(ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  const result = checkArtifacts(files, { ...options, rules: [rule] });
  if (result.errors.length > 0) throw new Error(`fixture not readable: ${JSON.stringify(result.errors)}`);
  return result.findings;
}

/** `severity rule resource: message` lines, for compact assertions. */
export function summary(findings: Finding[]): string[] {
  return findings.map(f => `${f.severity} ${f.resource}: ${f.message}`);
}
