import type { IdentityModel } from '../../model/identity-model';
import { parseIssuerOptions } from '../assemble';
import { PodCredential, podCredentials } from '../credentials';
import { TrustGraph } from '../graph';
import { isSharedIssuer } from '../private/issuers';
import { staticExchange } from '../private/static-exchange';
import { known } from '../private/val';
import { ExchangeSimulator, PresentedToken } from '../simulator';
import { RuleContext } from './rule';

/** The context every rule reads: the graph and what is derived from it once. */
export function ruleContext(graph: TrustGraph, options: { readonly model?: IdentityModel; readonly simulator?: ExchangeSimulator; readonly issuers?: readonly string[] } = {}): RuleContext {
  const model = options.model;
  const credentials = podCredentials(graph);
  const issuers = new Set<string>();
  for (const x of [...graph.k8s.serviceAccounts, ...graph.k8s.workloads]) if (x.issuer) issuers.add(x.issuer);
  for (const i of model?.issuers ?? []) issuers.add(i.url);
  for (const o of parseIssuerOptions(options.issuers ?? [])) issuers.add(o.url);
  return {
    graph,
    model,
    simulator: options.simulator ?? staticExchange,
    credentials,
    knownIssuers: [...issuers].sort(),
    isShared: (url: string) => model?.findIssuerByUrl(url)?.shared ?? isSharedIssuer(url),
    tokenOf: (c: PodCredential): PresentedToken | undefined => tokenOf(c),
  };
}

/** The token a credential presents: undefined unless its issuer and audience are known. */
export function tokenOf(c: PodCredential): PresentedToken | undefined {
  const t = c.token;
  if (!t || !t.issuer) return undefined;
  const kubernetes = { namespace: c.workload.namespace, serviceAccount: c.workload.serviceAccountName };
  if (t.source === 'legacy') return { iss: t.issuer, sub: t.subject, aud: [], kubernetes };
  const aud = known(t.audience);
  if (aud === undefined) return undefined;
  return { iss: t.issuer, sub: t.subject, aud: [aud], kubernetes, lifetimeSeconds: t.expirationSeconds };
}
