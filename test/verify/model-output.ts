import { stringify } from 'yaml';
import { EntraIdentityKind } from '../../lib/model/azure';
import { GcpResourceType } from '../../lib/model/gcp';
import { IdentityModel } from '../../lib/model/identity-model';
import { SynthesizedFile } from '../../lib/model/synth-output';
import { AccessMechanism, TOKEN_PATHS } from '../../lib/model/targets';

/**
 * A sketch of crossfed's output for a model, in the standard shapes the renderers write
 * (CloudFormation, cdktf Terraform JSON, Kubernetes YAML), built only from facts the model
 * derives (trust policies, credentials, provider specs, credential configurations). The
 * renderers are the real thing; this lets the checker be tested against crossfed-shaped output
 * until they land. Client ids that Entra assigns at deploy time are given fake values.
 */
export function sketchOutput(model: IdentityModel): SynthesizedFile[] {
  const files: SynthesizedFile[] = [];
  const clientId = (key: string) => `00000000-0000-4000-8000-${String(Array.from(key).reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 1e12, 7)).padStart(12, '0')}`;

  for (const account of model.awsAccounts) {
    const resources: Record<string, unknown> = {};
    for (const p of account.oidcProviders.filter(x => !x.existing)) {
      resources[`Provider${p.issuer.name.replace(/[^A-Za-z0-9]/g, '')}`] = { Type: 'AWS::IAM::OIDCProvider', Properties: { Url: p.issuer.url, ClientIdList: p.clientIds, ThumbprintList: p.thumbprints } };
    }
    for (const role of account.roles.filter(r => !r.existing)) {
      const id = `Role${role.roleName.replace(/[^A-Za-z0-9]/g, '')}`;
      const statements = role.statements.map(s => ({ Effect: s.effect, Action: s.actions, Resource: s.resources }));
      resources[id] = {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: role.roleName, AssumeRolePolicyDocument: role.trustPolicy, MaxSessionDuration: role.maxSessionDurationSeconds,
          ...(role.managedPolicyArns.length ? { ManagedPolicyArns: role.managedPolicyArns } : {}),
          ...(statements.length ? { Policies: [{ PolicyName: 'crossfed', PolicyDocument: { Version: '2012-10-17', Statement: statements } }] } : {}),
        },
      };
      for (const g of role.podIdentityGrants) {
        resources[`${id}Pod${g.workload.name.replace(/[^A-Za-z0-9]/g, '')}`] = { Type: 'AWS::EKS::PodIdentityAssociation', Properties: { ClusterName: g.workload.issuer.clusterName, Namespace: g.workload.namespace, ServiceAccount: g.workload.serviceAccount, RoleArn: { 'Fn::GetAtt': [id, 'Arn'] } } };
      }
      for (const g of role.grants.filter(x => x.eksAccess)) {
        const e = g.eksAccess!;
        resources[`${id}Access`] = { Type: 'AWS::EKS::AccessEntry', Properties: { ClusterName: e.cluster.clusterName, PrincipalArn: { 'Fn::GetAtt': [id, 'Arn'] }, KubernetesGroups: e.kubernetesGroups } };
      }
    }
    files.push({ path: `cloudformation/${account.name}.template.json`, content: JSON.stringify({ Resources: resources }, null, 1) });
  }

  for (const tenant of model.azureTenants) {
    const r: Record<string, Record<string, unknown>> = {};
    const add = (type: string, name: string, v: unknown) => ((r[type] ??= {})[name] = v);
    for (const i of tenant.identities.filter(x => !x.existing)) {
      const app = i.kind === EntraIdentityKind.APPLICATION;
      if (app) {
        add('azuread_application', i.slug, { display_name: i.displayName });
        add('azuread_service_principal', i.slug, { client_id: `\${azuread_application.${i.slug}.client_id}` });
      } else {
        add('azurerm_user_assigned_identity', i.slug, { name: i.displayName, resource_group_name: i.resourceGroupName, location: i.location });
      }
      for (const c of i.credentials) {
        add(app ? 'azuread_application_federated_identity_credential' : 'azurerm_federated_identity_credential', `${i.slug}_${c.name}`, app
          ? { application_id: `\${azuread_application.${i.slug}.id}`, display_name: c.name, issuer: c.issuer, subject: c.subject, audiences: [c.audience] }
          : { name: c.name, parent_id: `\${azurerm_user_assigned_identity.${i.slug}.id}`, issuer: c.issuer, subject: c.subject, audience: [c.audience] });
      }
      i.roleAssignments.forEach((a, n) => add('azurerm_role_assignment', `${i.slug}_${n}`, {
        scope: a.scope, role_definition_name: a.role, principal_id: app ? `\${azuread_service_principal.${i.slug}.object_id}` : `\${azurerm_user_assigned_identity.${i.slug}.principal_id}`,
      }));
    }
    files.push({ path: `terraform/azure-${tenant.name}/cdk.tf.json`, content: JSON.stringify({ resource: r }, null, 1) });
  }

  for (const project of model.gcpProjects) {
    const r: Record<string, Record<string, unknown>> = {};
    const add = (type: string, name: string, v: unknown) => ((r[type] ??= {})[name] = v);
    add('google_iam_workload_identity_pool', 'pool', { project: project.projectId, workload_identity_pool_id: project.poolId });
    for (const p of project.providers) {
      add('google_iam_workload_identity_pool_provider', p.providerId, {
        project: project.projectId, workload_identity_pool_id: '${google_iam_workload_identity_pool.pool.workload_identity_pool_id}', workload_identity_pool_provider_id: p.providerId,
        attribute_mapping: p.attributeMapping, attribute_condition: p.attributeCondition,
        oidc: { issuer_uri: p.issuer.url, ...(p.allowedAudiences.length ? { allowed_audiences: p.allowedAudiences } : {}), ...(p.jwksJson ? { jwks_json: p.jwksJson } : {}) },
      });
    }
    const binding = (name: string, type: GcpResourceType, resource: string, role: string, member: string) => {
      const kind = { 'project': ['google_project_iam_member', 'project'], 'bucket': ['google_storage_bucket_iam_member', 'bucket'], 'secret': ['google_secret_manager_secret_iam_member', 'secret_id'], 'bigquery-dataset': ['google_bigquery_dataset_iam_member', 'dataset_id'], 'pubsub-topic': ['google_pubsub_topic_iam_member', 'topic'], 'pubsub-subscription': ['google_pubsub_subscription_iam_member', 'subscription'], 'service-account': ['google_service_account_iam_member', 'service_account_id'] }[type];
      add(kind[0], name, { [kind[1]]: type === GcpResourceType.SERVICE_ACCOUNT ? `projects/${project.projectId}/serviceAccounts/${resource}` : resource, role, member });
    };
    for (const sa of project.serviceAccounts.filter(s => !s.existing)) {
      add('google_service_account', sa.accountId, { project: project.projectId, account_id: sa.accountId });
      sa.workloadIdentityUsers.forEach((m, n) => add('google_service_account_iam_member', `${sa.accountId}_wiu_${n}`, { service_account_id: `\${google_service_account.${sa.accountId}.name}`, role: 'roles/iam.workloadIdentityUser', member: m }));
      sa.roles.forEach((x, n) => binding(`${sa.accountId}_${n}`, x.resourceType, x.resource, x.role, `serviceAccount:\${google_service_account.${sa.accountId}.email}`));
    }
    project.accesses.forEach((a, n) => a.directRoles.forEach((x, m) => binding(`direct_${n}_${m}`, x.resourceType, x.resource, x.role, a.member)));
    files.push({ path: `terraform/gcp-${project.name}/cdk.tf.json`, content: JSON.stringify({ resource: r }, null, 1) });
  }

  for (const issuer of model.issuers.filter(i => i.isKubernetes)) {
    const docs: unknown[] = [];
    for (const w of model.workloads.filter(x => x.issuer === issuer)) {
      const annotations: Record<string, string> = { 'crossfed.dev/issuer': issuer.url };
      const labels: Record<string, string> = { 'app.kubernetes.io/managed-by': 'crossfed' };
      const env: Array<{ name: string; value: string }> = [];
      const volumes: unknown[] = [];
      const mounts: unknown[] = [];
      const token = (volume: string, dir: string, file: string, audience: string) => {
        volumes.push({ name: volume, projected: { sources: [{ serviceAccountToken: { audience, expirationSeconds: w.tokenExpirationSeconds ?? 3600, path: file } }] } });
        mounts.push({ name: volume, mountPath: dir, readOnly: true });
      };
      for (const a of w.awsAccess) {
        if (a.mechanism === AccessMechanism.POD_IDENTITY) continue;
        if (a.webhook) {
          annotations['eks.amazonaws.com/role-arn'] = a.role.arn;
        } else {
          token(TOKEN_PATHS.aws.volume, TOKEN_PATHS.aws.dir, TOKEN_PATHS.aws.file, a.audience);
          env.push({ name: 'AWS_ROLE_ARN', value: a.role.arn }, { name: 'AWS_WEB_IDENTITY_TOKEN_FILE', value: `${TOKEN_PATHS.aws.dir}/${TOKEN_PATHS.aws.file}` }, { name: 'AWS_REGION', value: a.account.region }, { name: 'AWS_STS_REGIONAL_ENDPOINTS', value: 'regional' });
        }
      }
      const podLabels: Record<string, string> = { app: w.name };
      for (const a of w.azureAccess) {
        const id = a.identity.clientId ?? clientId(a.identity.key);
        if (a.webhook) {
          annotations['azure.workload.identity/client-id'] = id;
          annotations['azure.workload.identity/tenant-id'] = a.tenant.tenantId;
          podLabels['azure.workload.identity/use'] = 'true';
        } else {
          token(TOKEN_PATHS.azure.volume, TOKEN_PATHS.azure.dir, TOKEN_PATHS.azure.file, a.audience);
          env.push({ name: 'AZURE_CLIENT_ID', value: id }, { name: 'AZURE_TENANT_ID', value: a.tenant.tenantId }, { name: 'AZURE_FEDERATED_TOKEN_FILE', value: `${TOKEN_PATHS.azure.dir}/${TOKEN_PATHS.azure.file}` }, { name: 'AZURE_AUTHORITY_HOST', value: a.tenant.authorityHost });
        }
      }
      for (const a of w.gcpAccess) {
        if (a.mechanism === AccessMechanism.GKE_NATIVE) {
          annotations['iam.gke.io/gcp-service-account'] = a.serviceAccount!.email;
          continue;
        }
        token(TOKEN_PATHS.gcp.volume, TOKEN_PATHS.gcp.dir, TOKEN_PATHS.gcp.file, a.audience!);
        const cm = `${w.name}-gcp-credentials`;
        docs.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: cm, namespace: w.namespace, labels }, data: { [TOKEN_PATHS.gcpConfig.file]: JSON.stringify(a.credentialConfig, null, 2) } });
        volumes.push({ name: TOKEN_PATHS.gcpConfig.volume, configMap: { name: cm } });
        mounts.push({ name: TOKEN_PATHS.gcpConfig.volume, mountPath: TOKEN_PATHS.gcpConfig.dir, readOnly: true });
        env.push({ name: 'GOOGLE_APPLICATION_CREDENTIALS', value: `${TOKEN_PATHS.gcpConfig.dir}/${TOKEN_PATHS.gcpConfig.file}` });
      }
      docs.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: w.serviceAccount, namespace: w.namespace, labels, annotations } });
      docs.push({
        apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: w.name, namespace: w.namespace, labels },
        spec: { selector: { matchLabels: { app: w.name } }, template: { metadata: { labels: podLabels }, spec: { serviceAccountName: w.serviceAccount, containers: [{ name: 'main', image: 'example/app:1', env, volumeMounts: mounts }], volumes } } },
      });
    }
    files.push({ path: `kubernetes/${issuer.name}.yaml`, content: docs.map(d => stringify(d)).join('---\n') });
  }
  return files;
}
