/**
 * Lookups over a trust graph's lists for the static rules, built once per graph: each returns
 * what a scan of the list would, in the list's order.
 */
import { AwsRole, AzureIdentity, GcpBinding, TrustGraph } from '../graph';
import { known } from './val';

interface Lookups {
  /** Roles with a resolved ARN: the first per ARN; and the roles whose ARN is not a string. */
  roles?: { readonly list: readonly AwsRole[]; readonly length: number; readonly byArn: Map<string, AwsRole>; readonly unresolved: AwsRole[] };
  /** Identities by resolved client id. */
  identities?: { readonly list: readonly AzureIdentity[]; readonly length: number; readonly byClientId: Map<string, AzureIdentity[]> };
  /** Positions of bindings: on a service account named by a string, on a project named by a string, and the others. */
  bindings?: { readonly list: readonly GcpBinding[]; readonly length: number; readonly onServiceAccount: Map<string, number[]>; readonly onProject: Map<string, number[]>; readonly other: number[] };
}

const lookups = new WeakMap<TrustGraph, Lookups>();

function lookupsOf(graph: TrustGraph): Lookups {
  let x = lookups.get(graph);
  if (!x) lookups.set(graph, x = {});
  return x;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/** The roles: the first with a (string) ARN, and those whose ARN is no string. Each lookup is rebuilt when its list grew or shrank. */
export function rolesByArn(graph: TrustGraph): NonNullable<Lookups['roles']> {
  const x = lookupsOf(graph);
  if (!x.roles || x.roles.list !== graph.aws.roles || x.roles.length !== graph.aws.roles.length) {
    const byArn = new Map<string, AwsRole>();
    const unresolved: AwsRole[] = [];
    for (const r of graph.aws.roles) {
      if (typeof r.arn !== 'string') unresolved.push(r);
      else if (!byArn.has(r.arn)) byArn.set(r.arn, r);
    }
    x.roles = { list: graph.aws.roles, length: graph.aws.roles.length, byArn, unresolved };
  }
  return x.roles;
}

/** The identities whose client id is known and equal to `clientId`, in the graph's order. */
export function identitiesWithClientId(graph: TrustGraph, clientId: string): AzureIdentity[] {
  const x = lookupsOf(graph);
  if (!x.identities || x.identities.list !== graph.azure.identities || x.identities.length !== graph.azure.identities.length) {
    const byClientId = new Map<string, AzureIdentity[]>();
    for (const i of graph.azure.identities) {
      const id = known(i.clientId);
      if (id !== undefined) push(byClientId, id, i);
    }
    x.identities = { list: graph.azure.identities, length: graph.azure.identities.length, byClientId };
  }
  return [...(x.identities.byClientId.get(clientId) ?? [])];
}

/**
 * The bindings that may concern a service account and its project, in the graph's order:
 * those on the account (by a string resource equal to the email), on the project, and every
 * binding whose resource is no string (the caller's own test decides on all of them).
 */
export function bindingsMaybeOn(graph: TrustGraph, email: string, project: string | undefined): GcpBinding[] {
  const x = lookupsOf(graph);
  if (!x.bindings || x.bindings.list !== graph.gcp.bindings || x.bindings.length !== graph.gcp.bindings.length) {
    const onServiceAccount = new Map<string, number[]>();
    const onProject = new Map<string, number[]>();
    const other: number[] = [];
    graph.gcp.bindings.forEach((b, n) => {
      if (typeof b.resource !== 'string') other.push(n);
      else if (b.resourceType === 'service-account') push(onServiceAccount, b.resource, n);
      else if (b.resourceType === 'project') push(onProject, b.resource, n);
    });
    x.bindings = { list: graph.gcp.bindings, length: graph.gcp.bindings.length, onServiceAccount, onProject, other };
  }
  const b = x.bindings;
  const positions = [...(b.onServiceAccount.get(email) ?? []), ...(project === undefined ? [] : b.onProject.get(project) ?? []), ...b.other];
  return positions.sort((p, q) => p - q).map(n => b.list[n]);
}
