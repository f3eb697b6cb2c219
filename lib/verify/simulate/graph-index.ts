/**
 * Lookups over a cleaned trust graph, built once per graph (the first time a lookup needs
 * them) so that evaluating a token costs the same however many workloads the graph holds.
 * Every lookup returns what a scan of the graph's lists in their order would: the same
 * elements, in the same order.
 */
import { AwsPodIdentityAssociation, AwsRole, AzureFederatedCredential, AzureIdentity, GcpBinding, GcpPool, GcpProvider, isUnresolved, show, TrustGraph, Val } from '../graph';

/** Appends to the list under a key. */
function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/** The elements at the positions, in the list's order, each once. */
function inOrder<T>(list: readonly T[], positions: Iterable<number>): T[] {
  return [...new Set(positions)].sort((a, b) => a - b).map(i => list[i]);
}

interface RoleIndex {
  /** The first role with each (resolved) ARN. */
  readonly byArn: Map<string, AwsRole>;
  /** The first role with each name among those whose ARN is unresolved. */
  readonly unresolvedArnByName: Map<string, AwsRole>;
}

interface EntraIndex {
  readonly byId: Map<string, AzureIdentity[]>;
  readonly byClientId: Map<string, AzureIdentity[]>;
  readonly byDisplayName: Map<string, AzureIdentity[]>;
  /** Positions in `graph.azure.credentials`, by (resolved) parent. */
  readonly credentialsByParent: Map<string, number[]>;
  readonly someParentUnresolved: boolean;
}

interface GcpIndex {
  /** Bindings on service accounts, by the service account's email (`serviceAccountOf` the resource). */
  readonly onServiceAccount: Map<string, GcpBinding[]>;
  /** Positions in `graph.gcp.bindings`, by (resolved) member. */
  readonly byMember: Map<string, number[]>;
  readonly someMemberUnresolved: boolean;
  /** Providers that are enabled, in pools that are not disabled. */
  readonly enabledProviders: GcpProvider[];
  /** `enabledProviders` filtered by a provider name, per name asked for. */
  readonly named: Map<string, GcpProvider[]>;
}

interface PodIdentityIndex {
  /** The first association with each resolved (cluster, namespace, service account). */
  readonly byKey: Map<string, AwsPodIdentityAssociation>;
  /** Associations with an unresolved cluster, namespace or service account. */
  readonly partlyUnresolved: AwsPodIdentityAssociation[];
  /** `; associations: ` and the `cluster/namespace/serviceAccount` of every association, for refusals (empty without any). */
  readonly known: string;
}

interface GraphIndex {
  roles?: RoleIndex;
  entra?: EntraIndex;
  gcp?: GcpIndex;
  podIdentity?: PodIdentityIndex;
}

const indexes = new WeakMap<TrustGraph, GraphIndex>();

function indexOf(graph: TrustGraph): GraphIndex {
  let x = indexes.get(graph);
  if (!x) indexes.set(graph, x = {});
  return x;
}

/** Roles by ARN (`graph` is cleaned). */
export function roleIndex(graph: TrustGraph): RoleIndex {
  const x = indexOf(graph);
  if (!x.roles) {
    const byArn = new Map<string, AwsRole>();
    const unresolvedArnByName = new Map<string, AwsRole>();
    for (const r of graph.aws.roles) {
      if (typeof r.arn === 'string') {
        if (!byArn.has(r.arn)) byArn.set(r.arn, r);
      } else if (typeof r.roleName === 'string' && !unresolvedArnByName.has(r.roleName)) {
        unresolvedArnByName.set(r.roleName, r);
      }
    }
    x.roles = { byArn, unresolvedArnByName };
  }
  return x.roles;
}

/** Entra identities by id, client id and display name, and credentials by parent (`graph` is cleaned). */
export function entraIndex(graph: TrustGraph): EntraIndex {
  const x = indexOf(graph);
  if (!x.entra) {
    const byId = new Map<string, AzureIdentity[]>();
    const byClientId = new Map<string, AzureIdentity[]>();
    const byDisplayName = new Map<string, AzureIdentity[]>();
    for (const i of graph.azure.identities) {
      push(byId, i.id, i);
      if (typeof i.clientId === 'string') push(byClientId, i.clientId, i);
      if (typeof i.displayName === 'string') push(byDisplayName, i.displayName, i);
    }
    const credentialsByParent = new Map<string, number[]>();
    let someParentUnresolved = false;
    graph.azure.credentials.forEach((c, n) => {
      if (typeof c.parent === 'string') push(credentialsByParent, c.parent, n);
      if (isUnresolved(c.parent)) someParentUnresolved = true;
    });
    x.entra = { byId, byClientId, byDisplayName, credentialsByParent, someParentUnresolved };
  }
  return x.entra;
}

/** The credentials whose parent is one of the ids, in the graph's order (`graph` is cleaned). */
export function credentialsWithParent(graph: TrustGraph, ids: ReadonlySet<string>): AzureFederatedCredential[] {
  const byParent = entraIndex(graph).credentialsByParent;
  const list = graph.azure.credentials;
  if (ids.size === 1) {
    const [id] = ids;
    return (byParent.get(id) ?? []).map(n => list[n]);
  }
  return inOrder(list, [...ids].flatMap(id => byParent.get(id) ?? []));
}

/** The service account a binding's resource names: an email, or `projects/<p>/serviceAccounts/<email>`. */
export function serviceAccountOf(resource: Val): Val {
  return typeof resource === 'string' ? resource.replace(/^projects\/[^/]+\/serviceAccounts\//, '') : resource;
}

/** The pool of a provider: by graph id, or by pool id within the project. */
export function poolOf(graph: TrustGraph, p: GcpProvider): GcpPool | undefined {
  return graph.gcp.pools.find(x => x.id === p.pool || (typeof p.poolId === 'string' && x.poolId === p.poolId && (x.project === undefined || p.projectNumber === undefined || x.project === p.projectNumber)));
}

/** GCP bindings by service account and by member, and the enabled providers (`graph` is cleaned). */
export function gcpIndex(graph: TrustGraph): GcpIndex {
  const x = indexOf(graph);
  if (!x.gcp) {
    const onServiceAccount = new Map<string, GcpBinding[]>();
    const byMember = new Map<string, number[]>();
    let someMemberUnresolved = false;
    graph.gcp.bindings.forEach((b, n) => {
      const sa = serviceAccountOf(b.resource);
      if (b.resourceType === 'service-account' && typeof sa === 'string') push(onServiceAccount, sa, b);
      if (typeof b.member === 'string') push(byMember, b.member, n);
      if (isUnresolved(b.member)) someMemberUnresolved = true;
    });
    const enabledProviders = graph.gcp.providers.filter(p => !p.disabled && !poolOf(graph, p)?.disabled);
    x.gcp = { onServiceAccount, byMember, someMemberUnresolved, enabledProviders, named: new Map() };
  }
  return x.gcp;
}

/** The bindings whose member is one of the members, in the graph's order (`graph` is cleaned). */
export function bindingsOfMembers(graph: TrustGraph, index: GcpIndex, members: readonly string[]): GcpBinding[] {
  return inOrder(graph.gcp.bindings, members.flatMap(m => index.byMember.get(m) ?? []));
}

/** Pod Identity associations by cluster, namespace and service account (`graph` is cleaned). */
export function podIdentityIndex(graph: TrustGraph): PodIdentityIndex {
  const x = indexOf(graph);
  if (!x.podIdentity) {
    const byKey = new Map<string, AwsPodIdentityAssociation>();
    const partlyUnresolved: AwsPodIdentityAssociation[] = [];
    for (const a of graph.aws.podIdentityAssociations) {
      const k = associationKey(a.clusterName, a.namespace, a.serviceAccount);
      if (k === undefined) partlyUnresolved.push(a);
      else if (!byKey.has(k)) byKey.set(k, a);
    }
    const known = graph.aws.podIdentityAssociations.map(a => `${show(a.clusterName)}/${show(a.namespace)}/${show(a.serviceAccount)}`);
    x.podIdentity = { byKey, partlyUnresolved, known: known.length ? `; associations: ${known.join(', ')}` : '' };
  }
  return x.podIdentity;
}

/** The key of a (cluster, namespace, service account); undefined when a part is not a string. */
export function associationKey(cluster: Val, namespace: Val, serviceAccount: Val): string | undefined {
  return typeof cluster === 'string' && typeof namespace === 'string' && typeof serviceAccount === 'string' ? JSON.stringify([cluster, namespace, serviceAccount]) : undefined;
}
