/**
 * What a synthesized output directory costs to deploy and how close it comes to each cloud's
 * quotas: resources per grant, custom resources and Lambda functions, the largest stack, trust
 * policy, attribute condition and federated-credential count.
 */
import * as fs from 'fs';
import * as path from 'path';

/** Grants in a model file (the plain JSON of `generateModel`). */
export interface GrantCounts {
  readonly workloads: number;
  readonly aws: number;
  readonly azure: number;
  readonly gcp: number;
}

export function grantsOf(model: any): GrantCounts {
  const ws: any[] = model.workloads ?? [];
  const n = (k: string) => ws.reduce((s, w) => s + (Array.isArray(w[k]) ? w[k].length : 0), 0);
  return { workloads: ws.length, aws: n('aws'), azure: n('azure'), gcp: n('gcp') };
}

export interface DeployCost {
  /** CloudFormation. */
  readonly stacks: number;
  readonly cfnResources: number;
  readonly roles: number;
  readonly oidcProviders: number;
  readonly customResources: number;
  readonly lambdaFunctions: number;
  readonly maxStackResources: number;
  readonly maxStackBytes: number;
  /** Largest trust policy, in non-whitespace characters (IAM's measure). */
  readonly maxTrustPolicyChars: number;
  /** Terraform. */
  readonly entraResources: number;
  readonly federatedCredentials: number;
  readonly maxCredentialsPerParent: number;
  readonly gcpResources: number;
  readonly gcpPools: number;
  readonly gcpProviders: number;
  readonly maxConditionChars: number;
  readonly maxCustomAttributes: number;
  /** Kubernetes objects. */
  readonly k8sObjects: number;
  /** Per grant. */
  readonly cfnPerAwsGrant: number;
  readonly entraPerGrant: number;
  readonly gcpPerGrant: number;
}

const CUSTOM = (type: string) => type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';

function files(dir: string, test: (f: string) => boolean): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(test).sort().map(f => path.join(dir, f));
}

export function deployCost(outDir: string, grants: GrantCounts): DeployCost {
  let cfnResources = 0; let roles = 0; let oidcProviders = 0; let customResources = 0; let lambdaFunctions = 0;
  let maxStackResources = 0; let maxStackBytes = 0; let maxTrustPolicyChars = 0;
  const templates = files(path.join(outDir, 'cloudformation'), f => f.endsWith('.template.json'));
  for (const t of templates) {
    const text = fs.readFileSync(t, 'utf8');
    const resources = Object.values<any>(JSON.parse(text).Resources ?? {});
    cfnResources += resources.length;
    maxStackResources = Math.max(maxStackResources, resources.length);
    maxStackBytes = Math.max(maxStackBytes, Buffer.byteLength(text));
    for (const r of resources) {
      if (r.Type === 'AWS::IAM::Role') {
        roles++;
        maxTrustPolicyChars = Math.max(maxTrustPolicyChars, JSON.stringify(r.Properties.AssumeRolePolicyDocument).replace(/\s/g, '').length);
      }
      if (r.Type === 'AWS::IAM::OIDCProvider') oidcProviders++;
      if (CUSTOM(r.Type)) customResources++;
      if (r.Type === 'AWS::Lambda::Function') lambdaFunctions++;
    }
  }
  let entraResources = 0; let federatedCredentials = 0; let gcpResources = 0; let gcpPools = 0; let gcpProviders = 0;
  let maxConditionChars = 0; let maxCustomAttributes = 0;
  const perParent = new Map<string, number>();
  for (const f of files(path.join(outDir, 'terraform'), x => x.endsWith('.tf.json'))) {
    const resource: Record<string, Record<string, any>> = JSON.parse(fs.readFileSync(f, 'utf8')).resource ?? {};
    for (const [type, byName] of Object.entries(resource)) {
      const all = Object.values(byName);
      if (type.startsWith('azuread_') || type.startsWith('azurerm_')) entraResources += all.length;
      if (type.startsWith('google_')) gcpResources += all.length;
      if (type === 'azuread_application_federated_identity_credential' || type === 'azurerm_federated_identity_credential') {
        federatedCredentials += all.length;
        for (const c of all) {
          const parent = String(c.application_id ?? c.parent_id ?? c.user_assigned_identity_id);
          perParent.set(parent, (perParent.get(parent) ?? 0) + 1);
        }
      }
      if (type === 'google_iam_workload_identity_pool') gcpPools += all.length;
      if (type === 'google_iam_workload_identity_pool_provider') {
        gcpProviders += all.length;
        for (const p of all) {
          maxConditionChars = Math.max(maxConditionChars, String(p.attribute_condition ?? '').length);
          maxCustomAttributes = Math.max(maxCustomAttributes, Object.keys(p.attribute_mapping ?? {}).filter(k => k.startsWith('attribute.')).length);
        }
      }
    }
  }
  let k8sObjects = 0;
  for (const f of files(path.join(outDir, 'kubernetes'), x => x.endsWith('.yaml'))) {
    k8sObjects += (fs.readFileSync(f, 'utf8').match(/^kind: /gm) ?? []).length;
  }
  const per = (a: number, b: number) => (b === 0 ? 0 : Math.round((a / b) * 100) / 100);
  return {
    stacks: templates.length, cfnResources, roles, oidcProviders, customResources, lambdaFunctions, maxStackResources, maxStackBytes, maxTrustPolicyChars,
    entraResources, federatedCredentials, maxCredentialsPerParent: Math.max(0, ...perParent.values()),
    gcpResources, gcpPools, gcpProviders, maxConditionChars, maxCustomAttributes, k8sObjects,
    cfnPerAwsGrant: per(cfnResources, grants.aws), entraPerGrant: per(entraResources, grants.azure), gcpPerGrant: per(gcpResources, grants.gcp),
  };
}

/** Each quota, its limit, and the largest value in the output. */
export function quotas(c: DeployCost): { name: string; limit: number; value: number }[] {
  return [
    { name: 'CloudFormation resources per stack', limit: 500, value: c.maxStackResources },
    { name: 'CloudFormation template bytes (S3)', limit: 1_000_000, value: c.maxStackBytes },
    { name: 'IAM trust policy characters', limit: 2048, value: c.maxTrustPolicyChars },
    { name: 'IAM OIDC providers per account', limit: 100, value: c.oidcProviders },
    { name: 'Entra federated credentials per parent', limit: 20, value: c.maxCredentialsPerParent },
    { name: 'GCP attribute_condition characters', limit: 4096, value: c.maxConditionChars },
    { name: 'GCP custom mapped attributes', limit: 50, value: c.maxCustomAttributes },
  ];
}
