/**
 * Terraform JSON (as cdktf writes it, or by hand) → the Entra ID / Azure and GCP parts of the
 * trust graph, with the diagnostic settings and audit configs that record token exchanges. The files of one directory form one configuration: references between their
 * resources are resolved where static.
 * @see https://registry.terraform.io/providers/hashicorp/azuread/latest/docs/resources/application_federated_identity_credential
 * @see https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/iam_workload_identity_pool_provider
 */
import { GcpBinding, SourceRef, TrustGraph, Val } from '../graph';
import { DerivedAttribute, referencedAddress, TfResolver, TfResource } from './tf-expressions';
import { asVals, concatVals, known, matchVal, unknownVal } from '../private/val';

/** One parsed Terraform JSON file. */
export interface TfDocument {
  readonly file: string;
  readonly value: unknown;
  lineOf(path: readonly string[]): number | undefined;
}

/** Values the configuration cannot know by itself. */
export interface TfGiven {
  /** `var.<name>` → value. */
  readonly variables: Readonly<Record<string, string>>;
  /** GCP project id → project number (pool principals and audiences use the number). */
  readonly projectNumbers: Readonly<Record<string, string>>;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Terraform JSON allows a block or a list of blocks at each level. */
function blocks(v: unknown): Record<string, unknown>[] {
  if (Array.isArray(v)) return v.filter(isObject);
  return isObject(v) ? [v] : [];
}

/** Whether a parsed JSON document looks like Terraform JSON. */
export function looksLikeTerraform(v: unknown): boolean {
  return isObject(v) && ['resource', 'data', 'terraform', 'provider', 'locals', 'variable', 'output', 'module'].some(k => k in v);
}

interface Located extends TfResource {
  readonly ref: SourceRef;
}

/** Resource kinds of `google_<x>_iam_member|binding` and the attribute naming the resource. */
const GCP_IAM_TARGETS: Record<string, [string, string]> = {
  google_service_account: ['service-account', 'service_account_id'],
  google_project: ['project', 'project'],
  google_storage_bucket: ['bucket', 'bucket'],
  google_secret_manager_secret: ['secret', 'secret_id'],
  google_bigquery_dataset: ['bigquery-dataset', 'dataset_id'],
  google_pubsub_topic: ['pubsub-topic', 'topic'],
  google_pubsub_subscription: ['pubsub-subscription', 'subscription'],
  google_organization: ['organization', 'org_id'],
  google_folder: ['folder', 'folder'],
};

/** Adds one configuration (the Terraform JSON files of one directory) to the graph. */
export function addTerraform(graph: TrustGraph, docs: readonly TfDocument[], given: TfGiven): void {
  const resources = new Map<string, Located>();
  const locals: Record<string, unknown> = {};
  for (const doc of docs) {
    if (!isObject(doc.value)) {
      graph.parseErrors.push({ file: doc.file, line: 1, column: 1, message: 'is not Terraform JSON: expected an object with a "resource" block' });
      continue;
    }
    for (const l of blocks(doc.value.locals)) Object.assign(locals, l);
    for (const byType of blocks(doc.value.resource)) {
      for (const [type, byName] of Object.entries(byType)) {
        if (type.startsWith('//')) continue;
        for (const named of blocks(byName)) {
          for (const [name, config] of Object.entries(named)) {
            const c = blocks(config)[0];
            if (!c || name.startsWith('//')) continue;
            resources.set(`${type}.${name}`, { type, name, config: c, ref: { file: doc.file, resource: `${type}.${name}`, line: doc.lineOf(['resource', type, name]) } });
          }
        }
      }
    }
  }
  const r = new TfResolver(resources, locals, given.variables, derivedAttribute(given));
  const attr = (res: Located, key: string): unknown => r.resolve(res.config[key]);
  const val = (res: Located, key: string): Val => res.config[key] === undefined ? unknownVal(`${key} (absent)`) : r.val(res.config[key]);
  const optional = (res: Located, key: string): Val | undefined => res.config[key] === undefined ? undefined : r.val(res.config[key]);
  const computed = (res: Located, key: string): Val => r.val(`\${${res.type}.${res.name}.${key}}`);
  const all = [...resources.values()].sort((a, b) => a.ref.resource < b.ref.resource ? -1 : a.ref.resource > b.ref.resource ? 1 : 0);
  const ofType = (...types: string[]) => all.filter(x => types.includes(x.type));

  // ---------------------------------------------------------------- Entra ID / Azure
  const spApp = new Map<string, string>();
  for (const app of ofType('azuread_application', 'azuread_application_registration')) {
    graph.azure.identities.push({ ref: app.ref, id: app.ref.resource, kind: 'application', displayName: val(app, 'display_name'), clientId: computed(app, 'client_id') });
  }
  for (const sp of ofType('azuread_service_principal')) {
    const raw = sp.config.client_id ?? sp.config.application_id;
    const app = referencedAddress(raw, ['azuread_application', 'azuread_application_registration']);
    if (app) spApp.set(sp.ref.resource, app);
    graph.azure.identities.push({
      ref: sp.ref, id: sp.ref.resource, kind: 'service-principal',
      displayName: app ? r.val(`\${${app}.display_name}`) : unknownVal(`${sp.ref.resource}.display_name`),
      clientId: raw === undefined ? undefined : r.val(raw), principalId: computed(sp, 'object_id'),
    });
  }
  for (const mi of ofType('azurerm_user_assigned_identity')) {
    graph.azure.identities.push({ ref: mi.ref, id: mi.ref.resource, kind: 'managed-identity', displayName: val(mi, 'name'), clientId: computed(mi, 'client_id'), principalId: computed(mi, 'principal_id') });
  }
  const parentOf = (raw: unknown, types: string[]): Val => {
    const address = referencedAddress(raw, types);
    if (address && resources.has(address)) return address;
    const v = r.val(raw);
    if (typeof v !== 'string') return v;
    // A literal managed identity id names its resource group and name: the identity of the
    // set it can be, when exactly one can. (An application's object id says nothing we know.)
    const candidates = all.filter(x => x.type === 'azurerm_user_assigned_identity' && types.includes(x.type) && matchVal(computed(x, 'id'), v) !== 'no');
    return candidates.length === 1 ? candidates[0].ref.resource : v;
  };
  for (const c of ofType('azuread_application_federated_identity_credential', 'azuread_application_flexible_federated_identity_credential')) {
    const flexible = c.type.includes('flexible');
    graph.azure.credentials.push({
      ref: c.ref,
      parent: parentOf(c.config.application_id ?? c.config.application_object_id, ['azuread_application', 'azuread_application_registration']),
      name: val(c, 'display_name'),
      issuer: val(c, 'issuer'),
      subject: flexible ? unknownVal('(flexible credential: claims_matching_expression)') : val(c, 'subject'),
      audiences: asVals(attr(c, flexible ? 'audience' : 'audiences')),
      claimsMatchingExpression: flexible ? optional(c, 'claims_matching_expression') : undefined,
    });
  }
  for (const c of ofType('azurerm_federated_identity_credential')) {
    graph.azure.credentials.push({
      ref: c.ref, parent: parentOf(c.config.parent_id, ['azurerm_user_assigned_identity']), name: val(c, 'name'),
      issuer: val(c, 'issuer'), subject: val(c, 'subject'), audiences: asVals(attr(c, 'audience')),
    });
  }
  // Credentials on an identity the set does not create — an existing application, named by its
  // object id (`/applications/<id>`), or an existing managed identity, by its resource id — are
  // that identity's: it is in the graph under that id, its client id unknown unless the model says.
  for (const c of graph.azure.credentials) {
    const parent = c.parent;
    if (typeof parent !== 'string' || graph.azure.identities.some(i => i.id === parent)) continue;
    const mi = /\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/([^/]+)$/i.exec(parent);
    const app = /^\/applications\/([^/]+)$/.exec(parent);
    if (!mi && !app) continue;
    graph.azure.identities.push({
      ref: { file: c.ref.file, resource: parent }, id: parent, kind: mi ? 'managed-identity' : 'application',
      displayName: mi ? mi[1] : unknownVal(`display name of the existing application ${parent}`),
      clientId: unknownVal(`client id of the existing ${mi ? 'managed identity' : 'application'} ${parent}`),
    });
  }
  for (const a of ofType('azurerm_role_assignment')) {
    const raw = a.config.principal_id;
    let identity = referencedAddress(raw, ['azuread_service_principal', 'azurerm_user_assigned_identity']);
    if (identity && !resources.has(identity)) identity = undefined;
    graph.azure.roleAssignments.push({
      ref: a.ref, scope: val(a, 'scope'), role: optional(a, 'role_definition_name') ?? val(a, 'role_definition_id'), principalId: val(a, 'principal_id'),
      identity: identity ? spApp.get(identity) ?? identity : undefined,
    });
  }

  for (const d of ofType('azurerm_monitor_aad_diagnostic_setting')) {
    const categories = [...blocks(d.config.enabled_log), ...blocks(d.config.log).filter(l => l.enabled !== false)].map(l => known(r.val(l.category))).filter((c): c is string => c !== undefined);
    graph.azure.signInExports?.push({
      ref: d.ref, categories: [...new Set(categories)].sort(),
      hasDestination: ['log_analytics_workspace_id', 'storage_account_id', 'eventhub_authorization_rule_id'].some(k => d.config[k] !== undefined),
    });
  }

  // ---------------------------------------------------------------- GCP
  for (const a of all.filter(x => /^google_(project|folder|organization)_iam_audit_config$/.test(x.type))) {
    const scope = a.type === 'google_project_iam_audit_config' ? val(a, 'project') : a.type === 'google_folder_iam_audit_config' ? concatVals(['folders/', val(a, 'folder')]) : concatVals(['organizations/', val(a, 'org_id')]);
    const logConfigs = blocks(a.config.audit_log_config);
    graph.gcp.auditConfigs?.push({
      ref: a.ref, project: scope, service: val(a, 'service'),
      logTypes: [...new Set(logConfigs.map(c => known(r.val(c.log_type))).filter((t): t is string => t !== undefined))].sort(),
      exemptedMembers: logConfigs.flatMap(c => asVals(r.resolve(c.exempted_members))),
    });
  }
  for (const p of ofType('google_iam_workload_identity_pool')) {
    graph.gcp.pools.push({ ref: p.ref, id: p.ref.resource, project: optional(p, 'project'), poolId: val(p, 'workload_identity_pool_id'), disabled: p.config.disabled === true });
  }
  for (const p of ofType('google_iam_workload_identity_pool_provider')) {
    const raw = p.config.workload_identity_pool_id;
    const address = referencedAddress(raw, ['google_iam_workload_identity_pool']);
    const poolId = r.val(raw);
    const byId = graph.gcp.pools.filter(x => x.poolId === poolId && typeof poolId === 'string');
    const oidc = blocks(p.config.oidc)[0];
    const aws = blocks(p.config.aws)[0];
    const mapping = attr(p, 'attribute_mapping');
    graph.gcp.providers.push({
      ref: p.ref,
      id: p.ref.resource,
      pool: address && resources.has(address) ? address : byId.length === 1 ? byId[0].id : poolId,
      poolId,
      providerId: val(p, 'workload_identity_pool_provider_id'),
      projectNumber: projectNumber(r.val(p.config.project), given),
      ...(aws && !oidc ? { awsAccountId: aws.account_id === undefined ? unknownVal('aws.account_id (absent)') : r.val(aws.account_id) }
        : { issuerUri: oidc ? r.val(oidc.issuer_uri) : unknownVal('oidc.issuer_uri (no oidc block)') }),
      allowedAudiences: oidc ? asVals(r.resolve(oidc.allowed_audiences)) : [],
      attributeMapping: Object.fromEntries(Object.entries(isObject(mapping) ? mapping : {}).filter((e): e is [string, string] => typeof e[1] === 'string')),
      attributeCondition: optional(p, 'attribute_condition'),
      jwksJson: oidc?.jwks_json === undefined ? undefined : r.val(oidc.jwks_json),
      disabled: p.config.disabled === true,
    });
  }
  // ---------------------------------------------------------------- published issuer documents
  const text = (res: Located, key: string): string | undefined => {
    const v = attr(res, key);
    return typeof v === 'string' ? v : undefined;
  };
  for (const o of ofType('google_storage_bucket_object')) {
    const bucket = text(o, 'bucket');
    const key = text(o, 'name');
    if (bucket !== undefined && key !== undefined) graph.published?.push({ ref: o.ref, store: `gs://${bucket}`, key, content: text(o, 'content'), contentType: text(o, 'content_type') });
  }
  for (const b of ofType('azurerm_storage_blob')) {
    const account = text(b, 'storage_account_name');
    const container = text(b, 'storage_container_name');
    const key = text(b, 'name');
    if (account !== undefined && container !== undefined && key !== undefined) {
      graph.published?.push({ ref: b.ref, store: `azure://${account}/${container}`, key, content: text(b, 'source_content'), contentType: text(b, 'content_type') });
    }
  }

  for (const sa of ofType('google_service_account')) {
    graph.gcp.serviceAccounts.push({ ref: sa.ref, id: sa.ref.resource, email: computed(sa, 'email'), project: optional(sa, 'project') });
  }
  for (const b of all) {
    const m = /^(google_[a-z0-9_]+?)_iam_(member|binding)$/.exec(b.type);
    if (!m) continue;
    const [resourceType, key] = GCP_IAM_TARGETS[m[1]] ?? [m[1].replace(/^google_/, '').replace(/_/g, '-'), Object.keys(b.config).find(k => !['role', 'member', 'members', 'condition', 'project', '//'].includes(k)) ?? 'name'];
    let resource = val(b, key);
    if (resourceType === 'service-account') {
      const sa = referencedAddress(b.config[key], ['google_service_account']);
      resource = sa && resources.has(sa) ? computed(resources.get(sa)!, 'email') : serviceAccountEmail(resource);
    }
    const members = m[2] === 'member' ? [val(b, 'member')] : asVals(attr(b, 'members'));
    for (const member of members) {
      const binding: GcpBinding = { ref: b.ref, resourceType, resource, role: val(b, 'role'), member };
      graph.gcp.bindings.push(binding);
    }
  }
}

/** `projects/<p>/serviceAccounts/<email>` → the email; anything else as it is. */
function serviceAccountEmail(v: Val): Val {
  if (typeof v !== 'string') return v;
  const m = /^projects\/[^/]+\/serviceAccounts\/(.+)$/.exec(v);
  return m ? m[1] : v;
}

function projectNumber(project: Val, given: TfGiven): Val | undefined {
  const p = known(project);
  if (p === undefined) return undefined;
  if (/^\d+$/.test(p)) return p;
  return given.projectNumbers[p];
}

/** Attributes providers derive from inputs, so that references to them resolve. */
function derivedAttribute(given: TfGiven): DerivedAttribute {
  return (res, attribute, r, depth) => {
    const input = (key: string, fallback: string): Val => res.config[key] === undefined ? unknownVal(fallback) : r.val(res.config[key], depth);
    const expr = (a: string) => `\${${res.type}.${res.name}.${a}}`;
    switch (res.type) {
      case 'google_service_account': {
        const email = concatVals([input('account_id', expr('account_id')), '@', input('project', '${provider project}'), '.iam.gserviceaccount.com'], expr('email'));
        if (attribute === 'email') return email;
        if (attribute === 'name' || attribute === 'id') return concatVals(['projects/', input('project', '${provider project}'), '/serviceAccounts/', email], expr(attribute));
        if (attribute === 'member') return concatVals(['serviceAccount:', email], expr(attribute));
        return undefined;
      }
      case 'google_iam_workload_identity_pool':
      case 'google_iam_workload_identity_pool_provider': {
        const project = input('project', '${provider project}');
        const number = projectNumber(project, given) ?? unknownVal('project number');
        const pool = res.type === 'google_iam_workload_identity_pool' ? input('workload_identity_pool_id', expr('workload_identity_pool_id')) : r.val(res.config.workload_identity_pool_id, depth);
        const tail: Val[] = res.type === 'google_iam_workload_identity_pool' ? [] : ['/providers/', input('workload_identity_pool_provider_id', expr('workload_identity_pool_provider_id'))];
        if (attribute === 'name') return concatVals(['projects/', number, '/locations/global/workloadIdentityPools/', pool, ...tail], expr(attribute));
        if (attribute === 'id') return concatVals(['projects/', project, '/locations/global/workloadIdentityPools/', pool, ...tail], expr(attribute));
        return undefined;
      }
      case 'azurerm_user_assigned_identity':
        if (attribute !== 'id') return undefined;
        return concatVals(['/subscriptions/', unknownVal('subscription'), '/resourceGroups/', input('resource_group_name', expr('resource_group_name')),
          '/providers/Microsoft.ManagedIdentity/userAssignedIdentities/', input('name', expr('name'))], expr(attribute));
      case 'azuread_application':
      case 'azuread_application_registration':
        return attribute === 'id' ? concatVals(['/applications/', unknownVal(expr('object_id'))], expr(attribute)) : undefined;
      default:
        return undefined;
    }
  };
}
