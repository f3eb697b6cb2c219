import { AwsRole, EntraIdentity, GcpResourceRole, GcpServiceAccount, IdentityModel, IssuerKind } from '../../model';

/** What a node stands for. */
export type NodeKind = 'issuer' | 'workload' | 'aws-role' | 'entra-identity' | 'gcp-identity' | 'resource';

export interface GraphNode {
  readonly id: string;
  readonly label: string;
  readonly kind: NodeKind;
  /** The cloud a node lives in (identities and resources). */
  readonly cloud?: 'aws' | 'azure' | 'gcp';
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
}

/** issuers → workloads → cloud identities → resources, as nodes and edges in a stable order. */
export interface IdentityGraph {
  readonly nodes: GraphNode[];
  readonly edges: GraphEdge[];
  /** How far workloads and identities are grouped (see {@link identityGraph}). */
  readonly detail: GraphDetail;
}

/**
 * `workloads`: one node per workload, identity and resource. `namespaces`: workloads grouped by
 * issuer and namespace, identities by account, tenant or project. `issuers`: workloads grouped by
 * issuer only.
 */
export type GraphDetail = 'workloads' | 'namespaces' | 'issuers';

/** Most workloads drawn one by one; past it, a picture of thousands of boxes says nothing. */
export const GRAPH_MAX_WORKLOADS = 60;
/** Most (issuer, namespace) groups drawn; past it, workloads are grouped by issuer. */
export const GRAPH_MAX_GROUPS = 80;

/**
 * Builds the identity graph of a model: what every picture of the report shows. Up to
 * {@link GRAPH_MAX_WORKLOADS} workloads every workload, identity and resource is a node; above,
 * workloads are grouped by namespace (or by issuer past {@link GRAPH_MAX_GROUPS} groups) and
 * identities by account, tenant or project, with counts on nodes and edges. The tables of
 * REPORT.md stay complete either way. Grouping also keeps the layout time linear: Graphviz
 * takes minutes over a graph of 10,000 edges.
 */
export function identityGraph(model: IdentityModel): IdentityGraph {
  if (model.workloads.length <= GRAPH_MAX_WORKLOADS) return detailedGraph(model);
  const groups = new Set(model.workloads.map(w => `${w.issuer.name}\n${w.namespace ?? ''}`));
  return groupedGraph(model, groups.size <= GRAPH_MAX_GROUPS ? 'namespaces' : 'issuers');
}

function detailedGraph(model: IdentityModel): IdentityGraph {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const node = (n: GraphNode) => { if (!nodes.has(n.id)) nodes.set(n.id, n); return n.id; };
  const edge = (from: string, to: string, label?: string) => { edges.set(`${from}\n${to}\n${label ?? ''}`, { from, to, label }); };

  for (const issuer of model.issuers) {
    node({ id: `issuer:${issuer.name}`, label: `${issuer.name}\n${kindLabel(issuer.kind)}`, kind: 'issuer' });
  }
  for (const w of model.workloads) {
    const wid = node({ id: `workload:${w.id}`, label: w.isKubernetes ? `${w.namespace}/${w.serviceAccount}` : w.name, kind: 'workload' });
    edge(`issuer:${w.issuer.name}`, wid);
    for (const a of w.awsAccess) edge(wid, awsRole(a.role), a.mechanism);
    for (const a of w.azureAccess) edge(wid, entra(a.identity), a.mechanism);
    for (const a of w.gcpAccess) {
      if (a.serviceAccount) {
        edge(wid, gcpAccount(a.serviceAccount), a.mechanism);
      } else {
        const pid = node({ id: `gcp:${a.member}`, label: `principal\n${w.subject}`, kind: 'gcp-identity', cloud: 'gcp' });
        edge(wid, pid, a.mechanism);
        for (const r of a.directRoles) edge(pid, gcpResource(r), r.role.replace(/^roles\//, ''));
      }
    }
  }

  function awsRole(role: AwsRole): string {
    const id = node({ id: `aws:${role.arn}`, label: `IAM role\n${role.roleName}`, kind: 'aws-role', cloud: 'aws' });
    for (const arn of role.managedPolicyArns) edge(id, node({ id: `aws:${arn}`, label: `policy\n${arn.split('/').pop()}`, kind: 'resource', cloud: 'aws' }), 'attached');
    for (const s of role.statements) {
      for (const r of s.resources) {
        if (r === '*' || r.endsWith('/*')) continue;
        edge(id, node({ id: `aws:${r}`, label: awsResourceLabel(r), kind: 'resource', cloud: 'aws' }), s.actions.map(x => x.split(':')[1]).join(', '));
      }
    }
    return id;
  }

  function entra(identity: EntraIdentity): string {
    const id = node({ id: `azure:${identity.key}`, label: `${identity.kind === 'application' ? 'Entra app' : 'managed identity'}\n${identity.displayName}`, kind: 'entra-identity', cloud: 'azure' });
    for (const ra of identity.roleAssignments) {
      edge(id, node({ id: `azure:${ra.scope}`, label: azureScopeLabel(ra.scope), kind: 'resource', cloud: 'azure' }), ra.role);
    }
    return id;
  }

  function gcpAccount(sa: GcpServiceAccount): string {
    const id = node({ id: `gcp:${sa.email}`, label: `service account\n${sa.email.replace(/\.iam\.gserviceaccount\.com$/, '')}`, kind: 'gcp-identity', cloud: 'gcp' });
    for (const r of sa.roles) edge(id, gcpResource(r), r.role.replace(/^roles\//, ''));
    return id;
  }

  function gcpResource(r: GcpResourceRole): string {
    return node({ id: `gcp:${r.resourceType}:${r.resource}`, label: `${r.resourceType}\n${r.resource}`, kind: 'resource', cloud: 'gcp' });
  }

  return { nodes: [...nodes.values()], edges: [...edges.values()], detail: 'workloads' };
}

/** Workloads grouped by issuer (and namespace), identities by account, tenant or project. */
function groupedGraph(model: IdentityModel, detail: 'namespaces' | 'issuers'): IdentityGraph {
  const nodes = new Map<string, GraphNode>();
  /** Edge key → the workloads behind it. */
  const edges = new Map<string, { from: string; to: string; mechanism?: string; workloads: Set<string> }>();
  /** Node id → the members it stands for (workloads, identities). */
  const members = new Map<string, Set<string>>();
  const node = (n: Omit<GraphNode, 'label'> & { title: string; noun?: [string, string] }, member?: string) => {
    if (!nodes.has(n.id)) nodes.set(n.id, { id: n.id, kind: n.kind, cloud: n.cloud, label: n.title });
    if (member !== undefined && n.noun) {
      let m = members.get(n.id);
      if (!m) members.set(n.id, m = new Set());
      m.add(member);
      nouns.set(n.id, n.noun);
    }
    return n.id;
  };
  const nouns = new Map<string, [string, string]>();
  const edge = (from: string, to: string, workload: string, mechanism?: string) => {
    const key = `${from}\n${to}\n${mechanism ?? ''}`;
    let e = edges.get(key);
    if (!e) edges.set(key, e = { from, to, mechanism, workloads: new Set() });
    e.workloads.add(workload);
  };

  for (const issuer of model.issuers) {
    node({ id: `issuer:${issuer.name}`, title: `${issuer.name}\n${kindLabel(issuer.kind)}`, kind: 'issuer' });
  }
  for (const w of model.workloads) {
    const issuerId = `issuer:${w.issuer.name}`;
    const source = detail === 'namespaces' && w.namespace !== undefined
      ? node({ id: `group:${w.issuer.name}/${w.namespace}`, title: `namespace ${w.namespace}`, kind: 'workload', noun: ['service account', 'service accounts'] }, w.id)
      : node({ id: `group:${w.issuer.name}`, title: w.isKubernetes ? 'workloads' : 'pipelines', kind: 'workload', noun: w.isKubernetes ? ['service account', 'service accounts'] : ['workload', 'workloads'] }, w.id);
    edge(issuerId, source, w.id);
    for (const a of w.awsAccess) {
      edge(source, node({ id: `aws:${a.role.account.accountId}`, title: `AWS account ${a.role.account.name}\n${a.role.account.accountId}`, kind: 'aws-role', cloud: 'aws', noun: ['IAM role', 'IAM roles'] }, a.role.arn), w.id, a.mechanism);
    }
    for (const a of w.azureAccess) {
      const managed = a.identity.kind !== 'application';
      edge(source, node({ id: `azure:${a.identity.tenant.tenantId}:${managed ? 'mi' : 'app'}`, title: `Entra tenant\n${a.identity.tenant.name}`, kind: 'entra-identity', cloud: 'azure', noun: managed ? ['managed identity', 'managed identities'] : ['application', 'applications'] }, a.identity.key), w.id, a.mechanism);
    }
    for (const a of w.gcpAccess) {
      const sa = a.serviceAccount;
      edge(source, node({ id: `gcp:${a.project.projectId}:${sa ? 'sa' : 'principal'}`, title: `GCP project\n${a.project.projectId}`, kind: 'gcp-identity', cloud: 'gcp', noun: sa ? ['service account', 'service accounts'] : ['principal with direct access', 'principals with direct access'] }, sa?.email ?? a.member), w.id, a.mechanism);
    }
  }
  const count = (n: number, [one, many]: [string, string]) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
  const out = [...nodes.values()].map(n => {
    const m = members.get(n.id);
    return m ? { ...n, label: `${n.label}\n${count(m.size, nouns.get(n.id)!)}` } : n;
  });
  const outEdges = [...edges.values()].map(e => ({
    from: e.from, to: e.to,
    label: e.mechanism === undefined ? undefined : `${e.mechanism} ×${e.workloads.size.toLocaleString('en-US')}`,
  }));
  return { nodes: out, edges: outEdges, detail };
}

function kindLabel(kind: IssuerKind): string {
  switch (kind) {
    case IssuerKind.EKS: return 'EKS cluster';
    case IssuerKind.AKS: return 'AKS cluster';
    case IssuerKind.GKE: return 'GKE cluster';
    case IssuerKind.SELF_MANAGED: return 'self-managed cluster';
    case IssuerKind.AZURE_DEVOPS: return 'Azure DevOps';
    case IssuerKind.GITHUB_ACTIONS: return 'GitHub Actions';
    case IssuerKind.GITLAB: return 'GitLab CI';
    case IssuerKind.ENTRA_ID: return 'Entra ID tenant';
    case IssuerKind.GOOGLE: return 'Google service accounts';
    case IssuerKind.AWS: return 'AWS account';
    default: return 'OIDC issuer';
  }
}

function awsResourceLabel(arn: string): string {
  const s3 = /^arn:[^:]+:s3:::(.+)$/.exec(arn);
  if (s3) return `S3 bucket\n${s3[1]}`;
  const parts = arn.split(':');
  return `${parts[2] ?? 'resource'}\n${parts.slice(5).join(':') || arn}`;
}

function azureScopeLabel(scope: string): string {
  const parts = scope.split('/').filter(Boolean);
  if (parts.length >= 2 && parts[parts.length - 2] !== 'resourceGroups' && parts.length > 4) return `${parts[parts.length - 2]}\n${parts[parts.length - 1]}`;
  if (parts[parts.length - 2] === 'resourceGroups') return `resource group\n${parts[parts.length - 1]}`;
  return `scope\n${scope}`;
}
