/**
 * GKE workload identity (the native path): the GKE metadata server exchanges the pod's token,
 * issued by the cluster for the project's workload pool `<project>.svc.id.goog`, and
 * impersonates the service account named by the `iam.gke.io/gcp-service-account` annotation
 * if the member `serviceAccount:<project>.svc.id.goog[<namespace>/<ksa>]` holds
 * `roles/iam.workloadIdentityUser` on it.
 *
 * The member names no cluster: every cluster of the project that has the same namespace and
 * Kubernetes service account gets in ("identity sameness"), by GKE's design.
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/workload-identity
 */
import { TrustGraph } from '../graph';
import { SimulateOptions } from './aws-web-identity';
import { GCP_REFUSALS, WORKLOAD_IDENTITY_USER } from './gcp-federation';
import { gcpIndex } from './graph-index';
import { ExchangeResult, q, Trace } from './result';
import { cleanGraph, cleanToken } from './sanitize';
import { audiences, kubernetesIdentity, nowSeconds, Token } from './token';

/** A GKE cluster issuer: `https://container.googleapis.com/v1/projects/<project>/locations/<location>/clusters/<name>`. */
export const GKE_ISSUER = /^https:\/\/container\.googleapis\.com\/v1\/projects\/([a-z][a-z0-9-]{4,28}[a-z0-9])\/locations\/([a-z0-9-]+)\/clusters\/([a-z]([-a-z0-9]*[a-z0-9])?)$/;

/** The words used where GCP's own are not in REFERENCE.md. */
export const GKE_REFUSALS = {
  notGke: (iss: string) => `crossfed: GKE workload identity serves only tokens of a GKE cluster, and ${iss} is not a GKE cluster issuer`,
  audience: (pool: string) => `crossfed: the GKE metadata server exchanges only tokens for the workload pool ${pool}`,
  expired: 'crossfed: the service account token is expired',
  subject: 'crossfed: the token names no Kubernetes service account',
} as const;

/** The workload pool of a GKE issuer (`<project>.svc.id.goog`). */
export function gkeWorkloadPool(iss: string | undefined): string | undefined {
  const m = GKE_ISSUER.exec(iss ?? '');
  return m ? `${m[1]}.svc.id.goog` : undefined;
}

/** Presents a GKE pod's token to the GKE metadata server for a Google service account. */
export function evaluateGkeNative(graphIn: TrustGraph, tokenIn: Token, serviceAccountEmail: string, options: SimulateOptions = {}): ExchangeResult {
  const graph = cleanGraph(graphIn); const token = cleanToken(tokenIn);
  const now = options.now ?? nowSeconds();
  const c = token.claims;
  const t = new Trace('gcp', serviceAccountEmail, 'GKE workload identity');
  const pool = gkeWorkloadPool(c.iss);
  if (!pool) return t.refuse('GKE cluster token', `iss ${q(c.iss)} is not https://container.googleapis.com/v1/projects/<project>/locations/<location>/clusters/<name>`, GKE_REFUSALS.notGke(c.iss ?? ''));
  t.pass('GKE cluster token', `iss is a cluster of workload pool ${pool}`);
  if (!audiences(c).includes(pool)) return t.refuse('token audience', `aud ${q(c.aud)} does not include ${q(pool)}`, GKE_REFUSALS.audience(pool));
  t.pass('token audience', `aud includes ${q(pool)}`);
  if (c.exp === undefined || c.exp <= now) return t.refuse('token expiry (exp)', c.exp === undefined ? 'the token has no exp claim' : `exp ${c.exp} is not after now (${now})`, GKE_REFUSALS.expired);
  t.pass('token expiry (exp)', `exp ${c.exp} is ${c.exp - now} s from now`);
  const who = kubernetesIdentity(c);
  if (!who) return t.refuse('Kubernetes service account', `sub ${q(c.sub)} is not system:serviceaccount:<namespace>:<name>`, GKE_REFUSALS.subject);
  const member = `serviceAccount:${pool}[${who.namespace}/${who.serviceAccount}]`;
  t.pass('Kubernetes service account', `member ${member}`);
  const candidates = (gcpIndex(graph).onServiceAccount.get(serviceAccountEmail) ?? []).filter(b => b.role === WORKLOAD_IDENTITY_USER);
  const grant = candidates.find(b => b.member === member);
  if (!grant) {
    const users = candidates.map(b => String(typeof b.member === 'string' ? b.member : b.member.unresolved));
    if (candidates.some(b => typeof b.member !== 'string')) t.markUndecided();
    return t.refuse('roles/iam.workloadIdentityUser binding', `${member} holds no ${WORKLOAD_IDENTITY_USER} on ${serviceAccountEmail}${users.length ? `; it is granted to ${users.join(', ')}` : ''}`, GCP_REFUSALS.getAccessToken);
  }
  t.pass('roles/iam.workloadIdentityUser binding', `${member} on ${serviceAccountEmail} (${grant.ref.resource})`);
  return t.accept(`binding ${WORKLOAD_IDENTITY_USER} for ${member} on ${serviceAccountEmail} (${grant.ref.resource})`, grant.ref);
}
