import { ENTRA_AUDIT_CATEGORIES, GCP_AUDIT_SERVICES } from '../../../model/audit';
import type { IdentityModel } from '../../../model/identity-model';
import { AwsRole, SourceRef, TrustGraph, Val } from '../../graph';
import { isWorkloadRole } from '../../private/aws';
import { known } from '../../private/val';
import { defineRule, Report } from '../rule';

/** How the model says a cloud's exchanges are recorded: by crossfed's artifacts, elsewhere, knowingly not at all, or nothing said. */
type Said = 'artifacts' | 'elsewhere' | 'off' | 'unsaid';

const UNKNOWN = '(unknown)';
const names = (xs: readonly string[]) => xs.length <= 3 ? xs.join(', ') : `${xs.slice(0, 3).join(', ')} and ${xs.length - 3} more`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function awsSaid(model: IdentityModel | undefined, account: string): { said: Said; trailName?: string; region?: string } {
  const a = model?.awsAccounts.find(x => x.accountId === account);
  if (!a) return { said: 'unsaid' };
  if (!a.audit) return { said: 'unsaid', region: a.region };
  if (!a.audit.enabled) return { said: 'off', region: a.region };
  return { said: a.audit.createsTrail ? 'artifacts' : 'elsewhere', trailName: a.audit.trailName, region: a.region };
}

function checkAws(model: IdentityModel | undefined, graph: TrustGraph, report: Report): void {
  const byAccount = new Map<string, AwsRole[]>();
  for (const r of graph.aws.roles.filter(isWorkloadRole)) {
    const account = known(r.accountId) ?? UNKNOWN;
    byAccount.set(account, [...byAccount.get(account) ?? [], r]);
  }
  for (const [account, roles] of byAccount) {
    const first = roles[0].ref;
    const of = account === UNKNOWN ? 'of the templates\' account' : `of account ${account}`;
    const what = `${plural(roles.length, 'role')} ${of} (${names(roles.map(r => known(r.roleName) ?? r.ref.resource))})`;
    const said = awsSaid(model, account);
    if (said.said === 'elsewhere') continue;
    if (said.said === 'off') {
      report(first, `the model turns audit off for account ${account} (audit.enabled: false): nothing records the token exchanges of its ${what.replace(` ${of}`, '')} beyond CloudTrail's 90-day Event history`,
        { severity: 'info', fix: 'remove enabled: false and say where the events go (organizationTrail, existingTrailArn, existingBucketName), or let crossfed create the trail (`audit: {}`)' });
      continue;
    }
    const trails = (graph.aws.trails ?? []).filter(t => (known(t.accountId) ?? UNKNOWN) === account);
    const gap = (t: typeof trails[number]) => t.missesTokenExchanges
      ?? (!t.multiRegion && said.region && known(t.region) && known(t.region) !== said.region ? `is a single-region trail in ${known(t.region)}, but the account's workloads call STS in ${said.region}` : undefined);
    if (trails.some(t => gap(t) === undefined)) continue;
    const why = trails.length > 0
      ? trails.map(t => `trail ${known(t.trailName) ?? t.ref.resource} ${/^is /.test(gap(t)!) ? gap(t) : `records nothing of them: ${gap(t)}`}`).join('; ')
      : said.said === 'artifacts'
        ? `the model asks crossfed for trail ${said.trailName}, but no template of the account in these artifacts has it`
        : 'no CloudTrail trail of the account is in these artifacts, and the model does not say where its events are recorded';
    report(first, `${what} let workloads in by web identity or EKS Pod Identity, but ${why}: CloudTrail keeps AssumeRoleWithWebIdentity and AssumeRole 90 days in Event history only`, {
      fix: said.said === 'artifacts'
        ? 'check the template that holds the trail too (crossfed writes it into the account\'s first stack)'
        : 'record read and write management events of every region in a trail (crossfed creates one with `audit: {}` under the account), or say where they are recorded: `audit: { organizationTrail: true }` or `audit: { existingTrailArn: … }` (and check with --model)',
    });
  }
}

function azureSaid(model: IdentityModel | undefined): Said {
  const tenants = model?.azureTenants.filter(t => t.identities.length > 0) ?? [];
  if (tenants.length === 0) return 'unsaid';
  const said = tenants.map(t => !t.audit ? 'unsaid' : !t.audit.enabled ? 'off' : t.audit.existingExport ? 'elsewhere' : 'artifacts');
  if (said.every(s => s === 'elsewhere')) return 'elsewhere';
  if (said.every(s => s === 'elsewhere' || s === 'off')) return 'off';
  return said.includes('unsaid') ? 'unsaid' : 'artifacts';
}

function checkAzure(model: IdentityModel | undefined, graph: TrustGraph, report: Report): void {
  const credentials = graph.azure.credentials;
  if (credentials.length === 0) return;
  const said = azureSaid(model);
  if (said === 'elsewhere') return;
  const first = credentials[0].ref;
  if (said === 'off') {
    report(first, `the model turns audit off for the Entra tenant (audit.enabled: false): the sign-ins of its ${plural(credentials.length, 'federated credential')} are not exported, and Entra keeps them 30 days (7 without P1/P2)`,
      { severity: 'info', fix: 'remove enabled: false and name the workspace (workspaceResourceId or newWorkspace), or existingExport: true if a diagnostic setting exports them already' });
    return;
  }
  const kindOf = (parent: Val, resource: string): 'managed-identity' | 'application' => {
    const identity = typeof parent === 'string' ? graph.azure.identities.find(i => i.id === parent) : undefined;
    return identity?.kind === 'managed-identity' || (!identity && resource.startsWith('azurerm_federated_identity_credential.')) ? 'managed-identity' : 'application';
  };
  const exported = new Set((graph.azure.signInExports ?? []).filter(e => e.hasDestination).flatMap(e => e.categories));
  const [miCategory, spCategory] = ENTRA_AUDIT_CATEGORIES;
  for (const [kind, category] of [['application', spCategory], ['managed-identity', miCategory]] as const) {
    const of = credentials.filter(c => kindOf(c.parent, c.ref.resource) === kind);
    if (of.length === 0 || exported.has(category)) continue;
    const others = [...exported].sort();
    report(of[0].ref, `${plural(of.length, 'federated credential')} of ${kind === 'application' ? 'applications' : 'managed identities'} (${names(of.map(c => known(c.name) ?? c.ref.resource))}) sign in with workload tokens, `
      + `but no azurerm_monitor_aad_diagnostic_setting in these artifacts exports ${category}${others.length ? ` (exported: ${others.join(', ')})` : ''}${said === 'artifacts' ? ', though the model asks crossfed for one' : ''}: `
      + 'Entra keeps those sign-ins 30 days (7 without P1/P2), in the portal only', {
      fix: said === 'artifacts' ? 'check the Terraform stack that holds the diagnostic setting too (crossfed writes it into the tenant\'s stack)'
        : `export ${category} with a diagnostic setting (crossfed creates one with \`audit: { workspaceResourceId: … }\` or \`newWorkspace\` under the tenant), or say the tenant exports it already: \`audit: { existingExport: true }\``,
    });
  }
}

function gcpSaid(model: IdentityModel | undefined, project: string): Said {
  const p = model?.gcpProjects.find(x => x.projectId === project) ?? model?.gcpProjects.find(x => x.auditConfigs.some(c => c.project === project));
  if (!p?.audit) return 'unsaid';
  if (!p.audit.enabled) return 'off';
  return p.audit.createsAuditConfigs ? 'artifacts' : 'elsewhere';
}

function checkGcp(model: IdentityModel | undefined, graph: TrustGraph, report: Report): void {
  const configs = graph.gcp.auditConfigs ?? [];
  /** Per project and service: where the need comes from, and the members whose calls must be logged. */
  const needs = new Map<string, { project: string; service: string; logType: string; refs: SourceRef[]; what: string[]; members: Set<string> }>();
  const need = (project: string, service: string, logType: string, ref: SourceRef, what: string, member?: string) => {
    const key = `${project}\n${service}`;
    let n = needs.get(key);
    if (!n) needs.set(key, n = { project, service, logType, refs: [], what: [], members: new Set() });
    n.refs.push(ref);
    n.what.push(what);
    if (member) n.members.add(member);
  };
  for (const p of graph.gcp.providers.filter(x => !x.disabled)) {
    const pool = graph.gcp.pools.find(x => x.id === p.pool);
    need(known(pool?.project) ?? UNKNOWN, GCP_AUDIT_SERVICES.sts, 'ADMIN_READ', p.ref, `provider ${known(p.providerId) ?? p.ref.resource}`);
  }
  for (const b of graph.gcp.bindings) {
    const member = known(b.member);
    if (b.resourceType !== 'service-account' || known(b.role) !== 'roles/iam.workloadIdentityUser' || !member || !/^(principal|principalSet):\/\/|^serviceAccount:[^@]+\.svc\.id\.goog\[/.test(member)) continue;
    const email = known(b.resource);
    const project = /@([a-z][a-z0-9-]{4,28}[a-z0-9])\.iam\.gserviceaccount\.com$/.exec(email ?? '')?.[1] ?? UNKNOWN;
    need(project, GCP_AUDIT_SERVICES.iamCredentials, 'DATA_READ', b.ref, `service account ${email ?? b.ref.resource}`, member);
  }
  for (const n of needs.values()) {
    const said = gcpSaid(model, n.project);
    if (said === 'elsewhere') continue;
    const subjects = [...new Set(n.what)];
    const what = `${names(subjects)} of project ${n.project}`;
    const one = subjects.length === 1;
    const method = n.service === GCP_AUDIT_SERVICES.sts ? 'ExchangeToken' : 'GenerateAccessToken';
    if (said === 'off') {
      report(n.refs[0], `the model turns audit off for project ${n.project} (audit.enabled: false): ${method} calls of ${what} are not logged`,
        { severity: 'info', fix: 'remove enabled: false so crossfed enables the Data Access logs, or organizationAuditConfig: true if they are enabled above the project' });
      continue;
    }
    const of = configs.filter(c => (known(c.project) ?? UNKNOWN) === n.project && ['allServices', n.service].includes(known(c.service) ?? ''));
    const enabled = of.filter(c => c.logTypes.includes(n.logType));
    const exempted = [...new Set(enabled.flatMap(c => c.exemptedMembers.map(known)).filter((m): m is string => m !== undefined && n.members.has(m)))];
    if (enabled.length > 0 && exempted.length === 0) continue;
    const why = exempted.length > 0
      ? `the audit config for ${n.service} exempts ${names(exempted)}, so its ${method} calls are not logged`
      : of.length > 0
        ? `the audit config for ${n.service} on ${n.project} enables ${of.flatMap(c => c.logTypes).join(', ') || 'no log type'} but not ${n.logType}, the log type of ${method}`
        : `no google_project_iam_audit_config in these artifacts enables ${n.logType} for ${n.service} on ${n.project}${said === 'artifacts' ? ', though the model asks crossfed for it' : ''}`;
    report(n.refs[0], `${what} ${n.service === GCP_AUDIT_SERVICES.sts ? (one ? 'exchanges tokens' : 'exchange tokens') : `${one ? 'is' : 'are'} impersonated by federated workloads`}, but ${why}: GCP writes no log of ${method} without it`, {
      fix: exempted.length > 0 ? `remove ${names(exempted)} from exempted_members`
        : `enable ${n.logType} (crossfed writes ADMIN_READ, DATA_READ and DATA_WRITE with \`audit: {}\` under the project) for ${n.service} on ${n.project}, or say it is enabled above the project: \`audit: { organizationAuditConfig: true }\``,
    });
  }
}

export default defineRule({
  id: 'x-audit-missing',
  cloud: 'cross-artifact',
  severity: 'warning',
  title: 'A federated identity\'s cloud records none of its token exchanges',
  description: 'When a 403 strikes, the first question is what the cloud saw. AWS keeps `AssumeRoleWithWebIdentity` (a read-only management event) 90 days in Event history unless a trail records it; Entra keeps service principal and managed identity sign-ins 30 days unless a diagnostic setting exports `ServicePrincipalSignInLogs` / `ManagedIdentitySignInLogs`; GCP writes no log of a token exchange unless Data Access audit logs are on (`ADMIN_READ` for `sts.googleapis.com`, whose ExchangeToken is an ADMIN_READ method; `DATA_READ` for `iamcredentials.googleapis.com`). A warning when the artifacts hold no such trail, diagnostic setting or audit config (or hold one that misses the exchanges: write-only selectors, a stopped trail, an exempted member) and the model does not say where they are recorded; info when the model turns audit off on purpose (`audit: { enabled: false }`).',
  fix: 'Give the cloud an `audit:` setting in the model (crossfed then creates the trail, the diagnostic setting or the audit configs), or say where the logs are kept: `organizationTrail`, `existingTrailArn`, `existingExport`, `organizationAuditConfig`.',
  see: 'https://cloud.google.com/iam/docs/audit-logging/examples-workload-identity',
  check(ctx, report) {
    checkAws(ctx.model, ctx.graph, report);
    checkAzure(ctx.model, ctx.graph, report);
    checkGcp(ctx.model, ctx.graph, report);
  },
});
