/**
 * The benchmark's baseline: the resources crossfed writes for a model, emitted the way a team
 * writing them by hand would — plain L1 constructs (`CfnOIDCProvider`, `CfnRole`,
 * `CfnAccessEntry`, cdk8s `ApiObject`, cdktf provider resources) in a loop over the model's
 * JSON. No identity model, no validation, no verification: it reads the model file as plain
 * data and trusts it.
 *
 * Script: `ts-node bench/baseline.ts <model.json> <outDir> [tf-outputs.json]` prints one JSON
 * line `{"files":…,"resources":{…}}`.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { Application } from '@cdktf/provider-azuread/lib/application';
import { ApplicationFederatedIdentityCredential } from '@cdktf/provider-azuread/lib/application-federated-identity-credential';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { ServicePrincipal } from '@cdktf/provider-azuread/lib/service-principal';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { IamWorkloadIdentityPool } from '@cdktf/provider-google/lib/iam-workload-identity-pool';
import { IamWorkloadIdentityPoolProvider } from '@cdktf/provider-google/lib/iam-workload-identity-pool-provider';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import * as cdk from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cdk8s from 'cdk8s';
import * as cdktf from 'cdktf';

// ---- The model file, as plain data (only the fields this program reads). ----

export interface BaselineModel {
  readonly name: string;
  readonly clouds: {
    readonly aws?: ReadonlyArray<{ readonly name: string; readonly accountId: string; readonly region: string }>;
    readonly azure?: ReadonlyArray<{ readonly name: string; readonly tenantId: string; readonly subscriptionId: string }>;
    readonly gcp?: ReadonlyArray<{ readonly name: string; readonly projectId: string; readonly projectNumber: string }>;
  };
  readonly issuers: ReadonlyArray<{
    readonly name: string;
    readonly kind: string;
    readonly url?: string;
    readonly clusterName?: string;
    readonly organizationId?: string;
  }>;
  readonly workloads: ReadonlyArray<BaselineWorkload>;
}

export interface BaselineWorkload {
  readonly issuer: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly serviceAccount?: string;
  readonly subject?: Record<string, unknown>;
  readonly aws?: ReadonlyArray<{
    readonly account: string;
    readonly roleName: string;
    readonly s3ReadBuckets?: readonly string[];
    readonly ecrPush?: readonly string[];
    readonly eksAccess?: { readonly cluster: string; readonly kubernetesGroups: readonly string[]; readonly clusterRole?: string };
  }>;
  readonly azure?: ReadonlyArray<{
    readonly tenant: string;
    readonly application: string;
    readonly roleAssignments?: ReadonlyArray<{ readonly role: string; readonly scope: string }>;
  }>;
  readonly gcp?: ReadonlyArray<{
    readonly project: string;
    readonly serviceAccount: string;
    readonly bucketRoles?: ReadonlyArray<{ readonly bucket: string; readonly role: string }>;
    readonly projectRoles?: readonly string[];
  }>;
}

/** `terraform output -json`: the client id of each Entra application, once applied. */
export type BaselineTfOutputs = Record<string, { readonly value: string }>;

export interface BaselineResult {
  /** Artifacts written: CloudFormation templates, Kubernetes YAML files, Terraform JSON files. */
  readonly files: number;
  /** Count per CloudFormation type, Kubernetes kind and Terraform resource type. */
  readonly resources: Record<string, number>;
}

/** CloudFormation allows 500 resources per stack; hand-written apps split earlier. */
const MAX_STACK_RESOURCES = 450;
const GCP_MAX_CONDITION_CHARS = 4096;
const AWS_AUDIENCE = 'sts.amazonaws.com';
const AZURE_AUDIENCE = 'api://AzureADTokenExchange';
const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
const KUBERNETES_KINDS = new Set(['eks', 'aks', 'gke', 'self-managed']);
const AWS_TOKEN_DIR = '/var/run/secrets/eks.amazonaws.com/serviceaccount';
const AZURE_TOKEN_DIR = '/var/run/secrets/azure/tokens';
const GCP_TOKEN_DIR = '/var/run/secrets/gcp/serviceaccount';
const GCP_CONFIG_DIR = '/etc/crossfed/gcp';
const UNKNOWN_CLIENT_ID = '00000000-0000-0000-0000-000000000000';

type Issuer = BaselineModel['issuers'][number];

/** Writes CloudFormation, Kubernetes YAML and Terraform JSON for `model` under `outDir`. */
export function synthesizeBaseline(model: BaselineModel, outDir: string, tfOutputs: BaselineTfOutputs = {}): BaselineResult {
  const issuers = new Map(model.issuers.map(i => [i.name, i]));
  const issuerOf = (w: BaselineWorkload): Issuer => {
    const issuer = issuers.get(w.issuer);
    if (!issuer) throw new Error(`baseline: workload "${w.name ?? w.serviceAccount}" names issuer "${w.issuer}", which the model does not declare`);
    return issuer;
  };
  const resources: Record<string, number> = {};
  const count = (type: string) => { resources[type] = (resources[type] ?? 0) + 1; };
  let files = 0;

  // ---- CloudFormation ----
  // No validation (the CDK's built-in CloudFormation rules are on by default), no tree or
  // stack-trace metadata: the same App settings crossfed uses, minus its checks.
  const cfnApp = new cdk.App({
    outdir: join(outDir, 'cloudformation'),
    builtinCloudFormationValidation: false, analyticsReporting: false, treeMetadata: false, stackTraces: false,
  });
  for (const account of model.clouds.aws ?? []) {
    const stacks: cdk.Stack[] = [];
    let used = MAX_STACK_RESOURCES;
    const stackWith = (resourceCount: number): cdk.Stack => {
      if (used + resourceCount > MAX_STACK_RESOURCES) {
        const id = `${model.name}-aws-${account.name}${stacks.length === 0 ? '' : `-${stacks.length + 1}`}`;
        stacks.push(new cdk.Stack(cfnApp, id, {
          env: { account: account.accountId, region: account.region },
          synthesizer: new cdk.DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
        }));
        used = 0;
      }
      used += resourceCount;
      return stacks[stacks.length - 1];
    };
    const providers = new Map<string, iam.CfnOIDCProvider>();
    for (const w of model.workloads) {
      for (const g of w.aws ?? []) {
        if (g.account !== account.name || providers.has(w.issuer)) continue;
        const issuer = issuerOf(w);
        providers.set(w.issuer, new iam.CfnOIDCProvider(stackWith(1), `OidcProvider-${issuer.name}`, {
          url: issuerUrl(issuer),
          clientIdList: [awsAudience(issuer)],
        }));
        count('AWS::IAM::OIDCProvider');
      }
    }
    for (const w of model.workloads) {
      for (const g of w.aws ?? []) {
        if (g.account !== account.name) continue;
        const issuer = issuerOf(w);
        const hostPath = issuerUrl(issuer).replace(/^https:\/\//, '');
        const stack = stackWith(g.eksAccess ? 2 : 1);
        const statements: unknown[] = [];
        if (g.s3ReadBuckets?.length) {
          statements.push({
            Effect: 'Allow',
            Action: ['s3:GetObject', 's3:ListBucket'],
            Resource: g.s3ReadBuckets.flatMap(b => [`arn:aws:s3:::${b}`, `arn:aws:s3:::${b}/*`]),
          });
        }
        if (g.ecrPush?.length) {
          statements.push({ Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' });
          statements.push({
            Effect: 'Allow',
            Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:CompleteLayerUpload', 'ecr:GetDownloadUrlForLayer', 'ecr:InitiateLayerUpload', 'ecr:PutImage', 'ecr:UploadLayerPart'],
            Resource: g.ecrPush,
          });
        }
        const role = new iam.CfnRole(stack, `Role-${g.roleName}`, {
          roleName: g.roleName,
          maxSessionDuration: 3600,
          assumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [{
              Effect: 'Allow',
              Action: 'sts:AssumeRoleWithWebIdentity',
              Principal: { Federated: `arn:aws:iam::${account.accountId}:oidc-provider/${hostPath}` },
              Condition: { StringEquals: { [`${hostPath}:aud`]: awsAudience(issuer), [`${hostPath}:sub`]: subjectOf(w, issuer) } },
            }],
          },
          policies: statements.length ? [{ policyName: 'workload', policyDocument: { Version: '2012-10-17', Statement: statements } }] : undefined,
        });
        count('AWS::IAM::Role');
        // IAM needs the provider before a role can trust it.
        const provider = providers.get(w.issuer)!;
        if (cdk.Stack.of(provider) === stack) role.node.addDependency(provider);
        else stack.addStackDependency(cdk.Stack.of(provider));
        if (g.eksAccess) {
          const cluster = issuers.get(g.eksAccess.cluster);
          const entry = new eks.CfnAccessEntry(stack, `AccessEntry-${g.eksAccess.cluster}-${g.roleName}`, {
            clusterName: cluster?.clusterName ?? g.eksAccess.cluster,
            principalArn: `arn:aws:iam::${account.accountId}:role/${g.roleName}`,
            kubernetesGroups: [...g.eksAccess.kubernetesGroups],
            type: 'STANDARD',
          });
          entry.node.addDependency(role);
          count('AWS::EKS::AccessEntry');
        }
      }
    }
  }
  files += cfnApp.synth().stacks.length;

  // ---- Kubernetes ----
  const awsAccounts = new Map((model.clouds.aws ?? []).map(a => [a.name, a]));
  const azureTenants = new Map((model.clouds.azure ?? []).map(t => [t.name, t]));
  const gcpProjects = new Map((model.clouds.gcp ?? []).map(p => [p.name, p]));
  const k8sApp = new cdk8s.App({ outdir: join(outDir, 'kubernetes') });
  const charts = new Map<string, cdk8s.Chart>();
  const chartOf = (issuer: Issuer): cdk8s.Chart => {
    let chart = charts.get(issuer.name);
    if (!chart) charts.set(issuer.name, chart = new cdk8s.Chart(k8sApp, issuer.name));
    return chart;
  };
  const apiObject = (chart: cdk8s.Chart, id: string, props: cdk8s.ApiObjectProps) => {
    new cdk8s.ApiObject(chart, id, props);
    count(props.kind);
  };
  for (const w of model.workloads) {
    const issuer = issuerOf(w);
    for (const g of w.aws ?? []) {
      if (!g.eksAccess) continue;
      const cluster = issuers.get(g.eksAccess.cluster);
      if (!cluster) throw new Error(`baseline: eksAccess of role "${g.roleName}" names cluster "${g.eksAccess.cluster}", which the model does not declare`);
      apiObject(chartOf(cluster), `binding-${g.roleName}`, {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: `deployers-${g.roleName}` },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: g.eksAccess.clusterRole ?? 'edit' },
        subjects: g.eksAccess.kubernetesGroups.map(name => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name })),
      });
    }
    if (!KUBERNETES_KINDS.has(issuer.kind)) continue;
    const chart = chartOf(issuer);
    const namespace = w.namespace!;
    const sa = w.serviceAccount!;
    const annotations: Record<string, string> = {};
    const containers: unknown[] = [];
    const volumes: unknown[] = [];
    const projected = (name: string, audience: string, path: string) =>
      volumes.push({ name, projected: { sources: [{ serviceAccountToken: { audience, expirationSeconds: 3600, path } }] } });

    for (const g of w.aws ?? []) {
      const account = awsAccounts.get(g.account)!;
      const roleArn = `arn:aws:iam::${account.accountId}:role/${g.roleName}`;
      const container = { name: 'aws', image: 'amazon/aws-cli:2.17.0', command: ['aws'], args: ['sts', 'get-caller-identity'] } as Record<string, unknown>;
      if (issuer.kind === 'eks') {
        // The EKS pod identity webhook mounts the token and sets the variables.
        annotations['eks.amazonaws.com/role-arn'] = roleArn;
        annotations['eks.amazonaws.com/audience'] = AWS_AUDIENCE;
      } else {
        container.env = [
          { name: 'AWS_ROLE_ARN', value: roleArn },
          { name: 'AWS_WEB_IDENTITY_TOKEN_FILE', value: `${AWS_TOKEN_DIR}/token` },
          { name: 'AWS_REGION', value: account.region },
          { name: 'AWS_DEFAULT_REGION', value: account.region },
          { name: 'AWS_STS_REGIONAL_ENDPOINTS', value: 'regional' },
        ];
        container.volumeMounts = [{ name: 'aws-iam-token', mountPath: AWS_TOKEN_DIR, readOnly: true }];
        projected('aws-iam-token', AWS_AUDIENCE, 'token');
      }
      containers.push(container);
    }
    for (const g of w.azure ?? []) {
      const tenant = azureTenants.get(g.tenant)!;
      const clientId = tfOutputs[clientIdOutput(g.tenant, g.application)]?.value ?? UNKNOWN_CLIENT_ID;
      const container = {
        name: 'azure', image: 'mcr.microsoft.com/azure-cli:2.61.0', command: ['sh', '-c'],
        args: ['az login --service-principal --username "$AZURE_CLIENT_ID" --tenant "$AZURE_TENANT_ID" --federated-token "$(cat "$AZURE_FEDERATED_TOKEN_FILE")" --allow-no-subscriptions --output none && az account show'],
      } as Record<string, unknown>;
      if (issuer.kind === 'aks') {
        // The Azure workload identity webhook mounts the token and sets the variables.
        annotations['azure.workload.identity/client-id'] = clientId;
        annotations['azure.workload.identity/tenant-id'] = tenant.tenantId;
      } else {
        container.env = [
          { name: 'AZURE_CLIENT_ID', value: clientId },
          { name: 'AZURE_TENANT_ID', value: tenant.tenantId },
          { name: 'AZURE_FEDERATED_TOKEN_FILE', value: `${AZURE_TOKEN_DIR}/azure-identity-token` },
          { name: 'AZURE_AUTHORITY_HOST', value: 'https://login.microsoftonline.com/' },
        ];
        container.volumeMounts = [{ name: 'azure-identity-token', mountPath: AZURE_TOKEN_DIR, readOnly: true }];
        projected('azure-identity-token', AZURE_AUDIENCE, 'azure-identity-token');
      }
      containers.push(container);
    }
    for (const g of w.gcp ?? []) {
      const project = gcpProjects.get(g.project)!;
      const email = `${g.serviceAccount}@${project.projectId}.iam.gserviceaccount.com`;
      const container = { name: 'gcp', image: 'gcr.io/google.com/cloudsdktool/google-cloud-cli:480.0.0-slim', command: ['sh', '-c'] } as Record<string, unknown>;
      if (issuer.kind === 'gke') {
        annotations['iam.gke.io/gcp-service-account'] = email;
        container.args = ['gcloud auth list && gcloud auth print-access-token > /dev/null'];
      } else {
        const audience = gcpAudience(project.projectNumber, issuer.name);
        const configMap = `${sa}-gcp-credentials`;
        apiObject(chart, `${namespace}-${sa}-gcp-config`, {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: configMap, namespace },
          data: {
            'credential-configuration.json': JSON.stringify({
              universe_domain: 'googleapis.com',
              type: 'external_account',
              audience,
              subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
              token_url: 'https://sts.googleapis.com/v1/token',
              service_account_impersonation_url: `https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/${email}:generateAccessToken`,
              credential_source: { file: `${GCP_TOKEN_DIR}/token`, format: { type: 'text' } },
            }, null, 2) + '\n',
          },
        });
        container.args = ['gcloud auth login --cred-file="$GOOGLE_APPLICATION_CREDENTIALS" --quiet && gcloud auth print-access-token > /dev/null'];
        container.env = [
          { name: 'GOOGLE_APPLICATION_CREDENTIALS', value: `${GCP_CONFIG_DIR}/credential-configuration.json` },
          { name: 'GOOGLE_CLOUD_PROJECT', value: project.projectId },
        ];
        container.volumeMounts = [
          { name: 'gcp-identity-token', mountPath: GCP_TOKEN_DIR, readOnly: true },
          { name: 'gcp-credential-config', mountPath: GCP_CONFIG_DIR, readOnly: true },
        ];
        projected('gcp-identity-token', audience, 'token');
        volumes.push({ name: 'gcp-credential-config', configMap: { name: configMap } });
      }
      containers.push(container);
    }
    apiObject(chart, `${namespace}-${sa}-sa`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: sa, namespace, annotations: Object.keys(annotations).length ? annotations : undefined } });
    const podLabels = issuer.kind === 'aks' && w.azure?.length ? { 'azure.workload.identity/use': 'true' } : undefined;
    apiObject(chart, `${namespace}-${sa}-pod`, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `example-${sa}`, namespace, labels: podLabels },
      spec: { serviceAccountName: sa, automountServiceAccountToken: false, restartPolicy: 'Never', containers, volumes },
    });
  }
  k8sApp.synth();
  files += charts.size;

  // ---- Terraform ----
  const tfApp = new cdktf.App({ outdir: join(outDir, 'terraform') });
  for (const tenant of model.clouds.azure ?? []) {
    const grants = model.workloads.flatMap(w => (w.azure ?? []).filter(g => g.tenant === tenant.name).map(g => ({ w, g })));
    if (grants.length === 0) continue;
    const stack = new cdktf.TerraformStack(tfApp, `azure-${tenant.name}`);
    new AzureadProvider(stack, 'azuread', { tenantId: tenant.tenantId });
    new AzurermProvider(stack, 'azurerm', { tenantId: tenant.tenantId, subscriptionId: tenant.subscriptionId, features: [{}] });
    const apps = new Map<string, { app: Application; sp: ServicePrincipal; assignments: number }>();
    for (const { w, g } of grants) {
      let entry = apps.get(g.application);
      if (!entry) {
        const id = tfId(g.application);
        const app = new Application(stack, id, { displayName: g.application });
        const sp = new ServicePrincipal(stack, `${id}-sp`, { clientId: app.clientId });
        new cdktf.TerraformOutput(stack, clientIdOutput(tenant.name, g.application), { value: app.clientId });
        apps.set(g.application, entry = { app, sp, assignments: 0 });
        count('azuread_application');
        count('azuread_service_principal');
      }
      const issuer = issuerOf(w);
      const credential = `${issuer.name}-${w.name ?? `${w.namespace}-${w.serviceAccount}`}`;
      new ApplicationFederatedIdentityCredential(stack, `${tfId(g.application)}-${tfId(credential)}`, {
        applicationId: entry.app.id,
        displayName: credential,
        issuer: issuerUrl(issuer),
        subject: subjectOf(w, issuer),
        audiences: [AZURE_AUDIENCE],
      });
      count('azuread_application_federated_identity_credential');
      for (const ra of g.roleAssignments ?? []) {
        new RoleAssignment(stack, `${tfId(g.application)}-ra-${entry.assignments++}`, {
          principalId: entry.sp.objectId,
          principalType: 'ServicePrincipal',
          roleDefinitionName: ra.role,
          scope: ra.scope,
        });
        count('azurerm_role_assignment');
      }
    }
  }
  for (const project of model.clouds.gcp ?? []) {
    const grants = model.workloads.flatMap(w => (w.gcp ?? []).filter(g => g.project === project.name).map(g => ({ w, g })));
    if (grants.length === 0) continue;
    const stack = new cdktf.TerraformStack(tfApp, `gcp-${project.name}`);
    new GoogleProvider(stack, 'google', { project: project.projectId });
    const pool = new IamWorkloadIdentityPool(stack, 'pool', { project: project.projectId, workloadIdentityPoolId: 'crossfed', displayName: 'crossfed' });
    count('google_iam_workload_identity_pool');
    const poolPath = `projects/${project.projectNumber}/locations/global/workloadIdentityPools/crossfed`;
    // One provider per issuer that is not GKE (GKE uses its own pool): the exact subjects.
    const perIssuer = new Map<string, { issuer: Issuer; subjects: Set<string>; namespaces: Set<string> }>();
    for (const { w } of grants) {
      const issuer = issuerOf(w);
      if (issuer.kind === 'gke') continue;
      let use = perIssuer.get(issuer.name);
      if (!use) perIssuer.set(issuer.name, use = { issuer, subjects: new Set(), namespaces: new Set() });
      use.subjects.add(subjectOf(w, issuer));
      if (w.namespace !== undefined) use.namespaces.add(w.namespace);
    }
    for (const { issuer, subjects, namespaces } of perIssuer.values()) {
      let condition = celIn('assertion.sub', [...subjects].sort());
      if (condition.length > GCP_MAX_CONDITION_CHARS && KUBERNETES_KINDS.has(issuer.kind)) {
        condition = celIn("assertion['kubernetes.io']['namespace']", [...namespaces].sort());
      }
      new IamWorkloadIdentityPoolProvider(stack, `provider-${issuer.name}`, {
        project: project.projectId,
        workloadIdentityPoolId: pool.workloadIdentityPoolId,
        workloadIdentityPoolProviderId: issuer.name,
        displayName: issuer.name,
        attributeMapping: { 'google.subject': 'assertion.sub' },
        attributeCondition: condition,
        oidc: { issuerUri: issuerUrl(issuer), allowedAudiences: [`//iam.googleapis.com/${poolPath}/providers/${issuer.name}`] },
      });
      count('google_iam_workload_identity_pool_provider');
    }
    for (const { w, g } of grants) {
      const issuer = issuerOf(w);
      const sa = new ServiceAccount(stack, `sa-${g.serviceAccount}`, { project: project.projectId, accountId: g.serviceAccount, displayName: g.serviceAccount });
      count('google_service_account');
      const member = issuer.kind === 'gke'
        ? `serviceAccount:${gkeProject(issuer) ?? project.projectId}.svc.id.goog[${w.namespace}/${w.serviceAccount}]`
        : `principal://iam.googleapis.com/${poolPath}/subject/${subjectOf(w, issuer)}`;
      new ServiceAccountIamMember(stack, `sa-${g.serviceAccount}-wi`, { serviceAccountId: sa.name, role: 'roles/iam.workloadIdentityUser', member });
      count('google_service_account_iam_member');
      (g.bucketRoles ?? []).forEach((b, i) => {
        new StorageBucketIamMember(stack, `sa-${g.serviceAccount}-bucket-${i}`, { bucket: b.bucket, role: b.role, member: `serviceAccount:${sa.email}` });
        count('google_storage_bucket_iam_member');
      });
      (g.projectRoles ?? []).forEach((role, i) => {
        new ProjectIamMember(stack, `sa-${g.serviceAccount}-project-${i}`, { project: project.projectId, role, member: `serviceAccount:${sa.email}` });
        count('google_project_iam_member');
      });
    }
  }
  tfApp.synth();
  files += tfApp.node.children.filter(c => c instanceof cdktf.TerraformStack).length;

  return { files, resources: Object.fromEntries(Object.entries(resources).sort(([a], [b]) => a.localeCompare(b))) };
}

function issuerUrl(issuer: Issuer): string {
  if (issuer.kind === 'github-actions') return GITHUB_ISSUER;
  if (issuer.kind === 'azure-devops') return `https://vstoken.dev.azure.com/${issuer.organizationId}`;
  if (!issuer.url) throw new Error(`baseline: issuer "${issuer.name}" (${issuer.kind}) has no url`);
  return issuer.url;
}

/** Azure DevOps' legacy issuer only issues tokens for Entra's audience. */
function awsAudience(issuer: Issuer): string {
  return issuer.kind === 'azure-devops' ? AZURE_AUDIENCE : AWS_AUDIENCE;
}

function subjectOf(w: BaselineWorkload, issuer: Issuer): string {
  if (KUBERNETES_KINDS.has(issuer.kind)) return `system:serviceaccount:${w.namespace}:${w.serviceAccount}`;
  const s = (w.subject ?? {}) as Record<string, Record<string, string> | string>;
  const form = (key: string) => s[key] as Record<string, string> | undefined;
  if (form('githubEnvironment')) return `repo:${form('githubEnvironment')!.repository}:environment:${form('githubEnvironment')!.environment}`;
  if (form('githubBranch')) return `repo:${form('githubBranch')!.repository}:ref:refs/heads/${form('githubBranch')!.branch}`;
  if (form('azureDevOps')) return `sc://${form('azureDevOps')!.organization}/${form('azureDevOps')!.project}/${form('azureDevOps')!.serviceConnection}`;
  if (typeof s.exact === 'string') return s.exact;
  throw new Error(`baseline: workload "${w.name}" of issuer "${issuer.name}": subject form ${JSON.stringify(Object.keys(s))} is not handled; use githubEnvironment, githubBranch, azureDevOps or exact`);
}

function gcpAudience(projectNumber: string, provider: string): string {
  return `//iam.googleapis.com/projects/${projectNumber}/locations/global/workloadIdentityPools/crossfed/providers/${provider}`;
}

function gkeProject(issuer: Issuer): string | undefined {
  return /\/projects\/([^/]+)\//.exec(issuer.url ?? '')?.[1];
}

function celIn(expr: string, values: string[]): string {
  const lit = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return values.length === 1 ? `${expr} == ${lit(values[0])}` : `${expr} in [${values.map(lit).join(', ')}]`;
}

/** The Terraform output holding an Entra application's client id (as `generateModel` names it). */
function clientIdOutput(tenant: string, application: string): string {
  return `azure_client_id_${tfId(tenant)}_app_${tfId(application)}`;
}

function tfId(s: string): string {
  return s.replace(/[^A-Za-z0-9_]/g, '_');
}

if (require.main === module) {
  const [modelFile, outDir, tfOutputsFile] = process.argv.slice(2);
  if (!modelFile || !outDir) {
    process.stderr.write('usage: baseline <model.json> <outDir> [tf-outputs.json]\n');
    process.exit(2);
  }
  const model = JSON.parse(readFileSync(modelFile, 'utf8')) as BaselineModel;
  const tfOutputs = tfOutputsFile ? JSON.parse(readFileSync(tfOutputsFile, 'utf8')) as BaselineTfOutputs : {};
  process.stdout.write(JSON.stringify(synthesizeBaseline(model, outDir, tfOutputs)) + '\n');
}
