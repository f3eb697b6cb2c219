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
}

/** Builds the identity graph of a model: what every picture and table of the report shows. */
export function identityGraph(model: IdentityModel): IdentityGraph {
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

  return { nodes: [...nodes.values()], edges: [...edges.values()] };
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
