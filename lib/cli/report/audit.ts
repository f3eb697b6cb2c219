/**
 * The REPORT.md section that answers "what did the cloud see?": where each cloud's logs of
 * token exchanges go, and per workload and target the ready-to-run query that finds its
 * exchanges, naming the fields where the token's issuer, subject and audience appear. Every
 * string comes from the model (and, for Entra client ids, from `terraform output -json`).
 */
import { AccessMechanism, AwsAccess, AzureAccess, AzureTenant, EntraIdentityKind, GcpAccess, IdentityModel, IssuerKind, TargetCloud } from '../../model';
import { ENTRA_AUDIT_CATEGORIES, GCP_AUDIT_SERVICES } from '../../model/audit';
import type { TerraformOutputs } from '../../model/synth-output';

/** One workload × target and the query that finds its token exchanges. */
export interface AuditQuery {
  /** The workload id (`<issuer>/<name>`). */
  readonly workload: string;
  readonly cloud: TargetCloud;
  /** The identity, as the access table names it (ARN, `application <name>`, service account email …). */
  readonly identity: string;
  /** Where the query runs, in words. */
  readonly where: string;
  /** `sh` (a command) or `kusto` (KQL). */
  readonly language: 'sh' | 'kusto';
  readonly query: string;
  /** Where the token's issuer, subject and audience appear in what the query returns (and what else to read). */
  readonly fields: AuditFields;
  /** Whether the report shows the fields after this query (the last of a workload's queries for one target). @default true */
  readonly showFields?: boolean;
}

/** Where a cloud's log entry holds the token's issuer, subject and audience. */
export interface AuditFields {
  readonly issuer: string;
  readonly subject: string;
  readonly audience: string;
  /** The identity, refusals, and what else the entry says. */
  readonly also: string;
}

const CLOUD_TEXT: Record<TargetCloud, string> = { [TargetCloud.AWS]: 'AWS', [TargetCloud.AZURE]: 'Entra ID', [TargetCloud.GCP]: 'GCP' };

/** A string as a jq / KQL / Logging-filter string literal (double quotes, JSON escapes). */
const lit = (s: string) => JSON.stringify(s);
/** A text as one single-quoted shell word. */
const shq = (s: string) => `'${s.replace(/'/g, '\'\\\'\'')}'`;

function awsQuery(a: AwsAccess): AuditQuery {
  const w = a.workload;
  const role = a.role.arn;
  const base = { workload: w.id, cloud: TargetCloud.AWS, identity: role };
  if (a.mechanism === AccessMechanism.POD_IDENTITY) {
    const region = w.issuer.awsRegion ?? a.account.region;
    const jq = [
      '.[] | fromjson',
      `| select(.userIdentity.invokedBy == ${lit('pods.eks.amazonaws.com')} and .requestParameters.roleArn == ${lit(role)})`,
      '| ((.requestParameters.tags // []) | from_entries) as $t',
      `| select($t["eks-cluster-arn"] == ${lit(w.issuer.eksClusterArn ?? '')} and $t["kubernetes-namespace"] == ${lit(w.namespace ?? '')} and $t["kubernetes-service-account"] == ${lit(w.serviceAccount ?? '')})`,
      '| [.eventTime, (.errorCode // "OK"), $t["eks-cluster-arn"], $t["kubernetes-namespace"] + "/" + $t["kubernetes-service-account"], $t["kubernetes-pod-name"]] | @tsv',
    ].join('\n    ');
    return {
      ...base, where: `CloudTrail Event history of account ${a.account.accountId}, ${region} (90 days)`, language: 'sh',
      query: [
        `aws cloudtrail lookup-events --region ${region} \\`,
        '  --lookup-attributes AttributeKey=EventName,AttributeValue=AssumeRole \\',
        '  --query \'Events[].CloudTrailEvent\' --output json \\',
        `| jq -r ${shq(jq)}`,
      ].join('\n'),
      fields: {
        issuer: `the cluster, session tag \`eks-cluster-arn\` in \`requestParameters.tags\` (\`${w.issuer.eksClusterArn}\`; its issuer \`${w.issuer.url}\` is not logged)`,
        subject: `session tags \`kubernetes-namespace\` and \`kubernetes-service-account\` (\`${w.namespace}\`, \`${w.serviceAccount}\`), and \`kubernetes-pod-name\``,
        audience: `not logged: EKS Auth accepts only \`${a.audience}\` — the pod's token goes to \`AssumeRoleForPodIdentity\` (event source \`eks-auth.amazonaws.com\`, \`requestParameters.clusterName\`, the token hidden), then EKS calls \`AssumeRole\` on the role`,
        also: 'the role: `requestParameters.roleArn`; a refusal: `errorCode` / `errorMessage` (of `AssumeRoleForPodIdentity` when EKS refuses the association)',
      },
    };
  }
  // AWS's built-in Google provider is `accounts.google.com`, not an IAM OIDC provider ARN.
  const provider = a.role.webIdentityTrusts.find(t => t.issuer === w.issuer)?.providerArn ?? a.account.oidcProviderArn(w.issuer);
  const google = w.issuer.kind === IssuerKind.GOOGLE;
  const jq = [
    '.[] | fromjson',
    `| select(.requestParameters.roleArn == ${lit(role)} and .userIdentity.userName == ${lit(w.subject)})`,
    '| [.eventTime, (.errorCode // "OK"), .userIdentity.identityProvider, .userIdentity.userName, (.responseElements.audience // "-")] | @tsv',
  ].join('\n    ');
  return {
    ...base, where: `CloudTrail Event history of account ${a.account.accountId}, ${a.account.region} (90 days)`, language: 'sh',
    query: [
      `aws cloudtrail lookup-events --region ${a.account.region} \\`,
      '  --lookup-attributes AttributeKey=EventName,AttributeValue=AssumeRoleWithWebIdentity \\',
      '  --query \'Events[].CloudTrailEvent\' --output json \\',
      `| jq -r ${shq(jq)}`,
    ].join('\n'),
    fields: {
      issuer: `\`userIdentity.identityProvider\` and \`responseElements.provider\`: ${google ? 'AWS\'s built-in Google provider' : 'the OIDC provider'} \`${provider}\` (issuer \`${w.issuer.url}\`)`,
      subject: `\`userIdentity.userName\` and \`responseElements.subjectFromWebIdentityToken\` (\`${w.subject}\`)`,
      audience: google
        ? `\`responseElements.audience\` holds the token's \`azp\` (\`${w.subject}\`, the trust's \`accounts.google.com:aud\`); its \`aud\` (\`${a.audience}\`) is the trust's \`accounts.google.com:oaud\``
        : `\`responseElements.audience\` (\`${a.audience}\`)`,
      also: 'the role: `requestParameters.roleArn`; a refusal: `errorCode` / `errorMessage`, without `responseElements`; how IAM checked the issuer\'s certificate: `additionalEventData.identityProviderConnectionVerificationMethod`',
    },
  };
}

/** The client id of an Entra identity: the model's (existing) or the Terraform output's. */
function clientIdOf(a: AzureAccess, tfOutputs?: TerraformOutputs): string | undefined {
  if (a.identity.clientId) return a.identity.clientId;
  const v = tfOutputs?.[a.identity.clientIdOutputName]?.value;
  return typeof v === 'string' ? v : undefined;
}

function azureQuery(a: AzureAccess, tfOutputs?: TerraformOutputs): AuditQuery {
  const id = a.identity;
  const w = a.workload;
  const mi = id.kind === EntraIdentityKind.MANAGED_IDENTITY;
  const table = mi ? 'AADManagedIdentitySignInLogs' : 'AADServicePrincipalSignInLogs';
  const clientId = clientIdOf(a, tfOutputs);
  const c = a.credential;
  const credentialId = mi
    ? `az identity federated-credential show -g ${id.resourceGroupName} --identity-name ${id.displayName} -n ${c.name} --query id -o tsv`
    : `az ad app federated-credential show --id ${clientId ?? '<client id>'} --federated-credential-id ${c.name} --query id -o tsv`;
  const query = [
    table,
    '| where TimeGenerated > ago(7d)',
    clientId ? `| where AppId == ${lit(clientId)}` : `| where ServicePrincipalName == ${lit(id.displayName)}  // client id: terraform output ${id.clientIdOutputName}`,
    `// this workload's credential "${c.name}": FederatedCredentialId = $(${credentialId})`,
    `| where isnotempty(FederatedCredentialId) or ResultDescription contains_cs ${lit(c.subject)} or ResultDescription contains_cs ${lit(c.issuer)}`,
    '| project TimeGenerated, ResultType, ResultDescription, ServicePrincipalName, AppId, ServicePrincipalId, FederatedCredentialId, ResourceDisplayName, IPAddress, CorrelationId',
    '| order by TimeGenerated desc',
  ].join('\n');
  return {
    workload: w.id, cloud: TargetCloud.AZURE, identity: `${id.kind} ${id.displayName}`, language: 'kusto', query,
    where: `${table} in the Log Analytics workspace of tenant ${a.tenant.name}`,
    fields: {
      issuer: `not a column: a sign-in names the credential that matched, \`FederatedCredentialId\` (issuer \`${c.issuer}\`); a token refused for its issuer is \`ResultType\` 700211, quoted in \`ResultDescription\``,
      subject: `the same credential (subject \`${c.subject}\`); refused: \`ResultType\` 700213, quoted in \`ResultDescription\``,
      audience: `the same credential (audience \`${c.audience}\`); refused: \`ResultType\` 700212, quoted in \`ResultDescription\``,
      also: `${mi ? 'the managed identity' : 'the application'}: \`AppId\` (client id) and \`ServicePrincipalId\`; the resource it asked a token for: \`ResourceDisplayName\`; \`ResultType\` 0 is a success`,
    },
  };
}

function gcpQuery(a: GcpAccess): AuditQuery[] {
  const w = a.workload;
  const project = a.project;
  const audit = project.audit;
  const identity = a.serviceAccount?.email ?? `direct access of ${a.member}`;
  const clauses = new Map<string, string[]>();
  const add = (p: string, clause: string) => clauses.set(p, [...clauses.get(p) ?? [], clause]);
  const provider = a.provider;
  // An AWS role's callers are its sessions: GCP sees `…:assumed-role/<role>/<session>`, so match the role's prefix.
  const awsRole = w.issuer.kind === IssuerKind.AWS;
  // The principal in the provider's pool (a provider whose condition admits namespaces has a pool of its own).
  const principal = project.principal(w.subject, provider?.poolId);
  const subjectIs = (field: string, subject: string) => awsRole ? `${field}:${lit(`${subject}/`)}` : `${field}=${lit(subject)}`;
  if (provider) {
    add(project.projectId, [
      `protoPayload.serviceName=${lit(GCP_AUDIT_SERVICES.sts)}`,
      subjectIs('protoPayload.authenticationInfo.principalSubject', w.subject),
      `protoPayload.resourceName:${lit(`workloadIdentityPools/${provider.poolId}/providers/${provider.providerId}`)}`,
    ].join(' AND '));
  }
  if (a.serviceAccount) {
    const saProject = a.serviceAccount.email.replace(/^[^@]+@/, '').replace(/\.iam\.gserviceaccount\.com$/, '');
    add(saProject, [
      `protoPayload.serviceName=${lit(GCP_AUDIT_SERVICES.iamCredentials)}`,
      awsRole ? subjectIs('protoPayload.authenticationInfo.principalSubject', principal) : `protoPayload.authenticationInfo.principalSubject=${lit(a.member)}`,
      `protoPayload.request.name:${lit(a.serviceAccount.email)}`,
    ].join(' AND '));
  }
  const sts = `token exchange (\`${GCP_AUDIT_SERVICES.sts}\`, ExchangeToken)`;
  const caller = awsRole ? `\`${principal}/<session>\`, allowed as \`${a.member}\`` : `\`${a.member}\``;
  const fields: AuditFields = provider ? {
    issuer: awsRole
      ? `not in the entry: the provider (\`protoPayload.resourceName\`) is the AWS provider of account \`${w.issuer.awsAccountId}\`; the caller presents a signed GetCallerIdentity request, not a token`
      : `not in the entry: it is the provider's \`issuer_uri\` (\`${w.issuer.url}\`), and the provider is \`protoPayload.resourceName\``,
    subject: awsRole
      ? `${sts}: \`protoPayload.authenticationInfo.principalSubject\` (the caller's ARN, \`${w.subject}/<session>\`), mapped to \`protoPayload.metadata.mapped_principal\` (\`${principal}/<session>\`); the role is \`attribute.aws_role\` (\`${w.subject}\`)`
      : `${sts}: \`protoPayload.authenticationInfo.principalSubject\` (\`${w.subject}\`), mapped to \`protoPayload.metadata.mapped_principal\` (\`${principal}\`)`,
    audience: awsRole
      ? `the provider in \`protoPayload.resourceName\`: the signed request names \`${provider.audience}\``
      : `the provider in \`protoPayload.resourceName\`: tokens carry \`${provider.audience}\``,
    also: [
      a.serviceAccount ? `impersonation (\`${GCP_AUDIT_SERVICES.iamCredentials}\`, GenerateAccessToken): the caller \`protoPayload.authenticationInfo.principalSubject\` (${caller}), the service account \`protoPayload.request.name\`` : undefined,
      a.mechanism === AccessMechanism.GCP_DIRECT ? 'direct access: what the principal then does is in the Data Access logs of the service it calls, as the same principal' : undefined,
      'a refusal: `protoPayload.status`',
    ].filter(Boolean).join('; '),
  } : {
    issuer: `not in the entry: GKE workload identity — the cluster (\`${w.issuer.url}\`) exchanged the token with the pool \`${w.issuer.gkeWorkloadPool}\``,
    subject: `\`protoPayload.authenticationInfo.principalSubject\` (\`${a.member}\`)`,
    audience: 'not in the entry (the GKE metadata server chose it)',
    also: `impersonation (\`${GCP_AUDIT_SERVICES.iamCredentials}\`, GenerateAccessToken): the service account \`protoPayload.request.name\`; a refusal: \`protoPayload.status\``,
  };
  const bucketFlags = audit?.createsLogBucket ? ` --bucket ${audit.logBucketId} --location global --view _AllLogs` : '';
  return [...clauses.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([p, cs], i, all) => {
    const filter = [`logName=${lit(`projects/${p}/logs/cloudaudit.googleapis.com%2Fdata_access`)}`, cs.length === 1 ? cs[0] : `(${cs.map(x => `(${x})`).join(' OR ')})`].join('\nAND ');
    const days = audit?.createsLogBucket && p === project.projectId ? audit.logBucketRetentionDays! : 30;
    return {
      workload: w.id, cloud: TargetCloud.GCP, identity, language: 'sh' as const, fields, showFields: i === all.length - 1,
      where: `Data Access audit logs of project ${p}${p === project.projectId && bucketFlags ? ` (log bucket ${audit!.logBucketId})` : ''}`,
      query: `gcloud logging read --project ${p}${p === project.projectId ? bucketFlags : ''} --freshness ${days}d --format json ${shq(filter)}`,
    };
  });
}

/** Every workload × target of the model with the queries that find its exchanges, in the access table's order. */
export function auditQueries(model: IdentityModel, tfOutputs?: TerraformOutputs): AuditQuery[] {
  const out: AuditQuery[] = [];
  for (const w of model.workloads) {
    for (const a of w.awsAccess) out.push(awsQuery(a));
    for (const a of w.azureAccess) out.push(azureQuery(a, tfOutputs));
    for (const a of w.gcpAccess) out.push(...gcpQuery(a));
  }
  return out;
}

/** The id (GUID) of the workspace holding a tenant's sign-ins, when known: the model's, or the Terraform output of the one crossfed creates. */
function workspaceGuid(t: AzureTenant, tfOutputs?: TerraformOutputs): string | undefined {
  const v = t.audit?.workspaceId ?? tfOutputs?.[t.auditWorkspaceIdOutputName]?.value;
  return typeof v === 'string' ? v : undefined;
}

/** Where each cloud of the model records token exchanges, one line each. */
export function auditDestinations(model: IdentityModel, tfOutputs?: TerraformOutputs): string[] {
  const none = 'no audit setting in the model (see `x-audit-missing`)';
  const rows: string[] = [];
  for (const a of model.awsAccounts.filter(x => x.roles.length > 0)) rows.push(`| AWS account ${a.name} (${a.accountId}) | ${a.audit?.destination ?? `${none}: CloudTrail Event history only, 90 days`} |`);
  for (const t of model.azureTenants.filter(x => x.identities.length > 0)) {
    const guid = workspaceGuid(t, tfOutputs);
    rows.push(`| Entra tenant ${t.name} (${t.tenantId}) | ${t.audit?.destination ?? `${none}: Entra keeps sign-ins 30 days`}${guid ? `; workspace id \`${guid}\`` : ''} |`);
  }
  for (const p of model.gcpProjects.filter(x => x.accesses.length > 0)) rows.push(`| GCP project ${p.name} (${p.projectId}) | ${p.audit?.destination ?? `${none}: GCP records no token exchange`} |`);
  return rows;
}

/** The REPORT.md section, as lines. */
export function auditSection(model: IdentityModel, tfOutputs?: TerraformOutputs): string[] {
  const queries = auditQueries(model, tfOutputs);
  if (queries.length === 0) return [];
  const tenants = model.azureTenants.filter(t => t.identities.length > 0);
  const workspace = (t: AzureTenant) => {
    const guid = workspaceGuid(t, tfOutputs);
    if (guid) return guid;
    return t.audit?.workspaceResourceId ? `$(az monitor log-analytics workspace show --ids ${t.audit.workspaceResourceId} --query customerId -o tsv)` : '<workspace id>';
  };
  const out = ['', '## Audit: what each cloud saw', '',
    'Where the token exchanges are recorded (exported sign-in categories: ' + ENTRA_AUDIT_CATEGORIES.join(', ') + '):', '',
    '| cloud | destination |', '| --- | --- |', ...auditDestinations(model, tfOutputs), '',
    'Each query below finds one workload\'s exchanges with one identity, refusals included. The AWS and GCP ones are commands (they need `jq` for AWS); ' +
    `the KQL runs in the workspace's Logs blade, or with \`az monitor log-analytics query --workspace ${tenants.length === 1 ? workspace(tenants[0]) : '<workspace id>'} --analytics-query "$(cat query.kql)"\`.`];
  let current = '';
  for (const q of queries) {
    if (q.workload !== current) out.push('', `### ${q.workload}`);
    current = q.workload;
    out.push('', `**${CLOUD_TEXT[q.cloud]}** \`${q.identity}\` — ${q.where}:`, '', `\`\`\`${q.language}`, q.query, '```');
    if (q.showFields !== false) {
      const f = q.fields;
      out.push('', `- issuer: ${f.issuer}`, `- subject: ${f.subject}`, `- audience: ${f.audience}`, `- also: ${f.also}`);
    }
  }
  return out;
}
