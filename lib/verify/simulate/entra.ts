/**
 * Entra ID's client-assertion exchange with a federated identity credential: the assertion's
 * lifetime and validity → a credential on the target application or managed identity whose
 * issuer, audience and subject are byte-equal to the token's (case-sensitive, no wildcards).
 * The first field without a match names the error (`AADSTS700211` issuer, `AADSTS700212`
 * audience, `AADSTS700213` subject; `AADSTS7002138` when the subject matches only ignoring case).
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations
 * @see https://learn.microsoft.com/entra/identity-platform/reference-error-codes
 */
import { AzureFederatedCredential, AzureIdentity, isUnresolved, show, TrustGraph } from '../graph';
import { SimulateOptions } from './aws-web-identity';
import { credentialsWithParent, entraIndex } from './graph-index';
import { ExchangeResult, q, Trace } from './result';
import { cleanGraph, cleanIdentity, cleanToken } from './sanitize';
import { checkSignature, publishedFor } from './signature';
import { audiences, lifetimeSeconds, nowSeconds, Token } from './token';

/** Longest assertion lifetime Entra accepts: 1.01:00:00 (one day and one hour). */
export const ENTRA_MAX_LIFETIME_SECONDS = 25 * 3600;

/** Entra's refusals (REFERENCE.md, "How each cloud says no"). */
export const ENTRA_REFUSALS = {
  issuer: (v: string) => `AADSTS700211: No matching federated identity record found for presented assertion issuer '${v}'`,
  audience: (v: string) => `AADSTS700212: No matching federated identity record found for presented assertion audience '${v}'`,
  subject: (v: string) => `AADSTS700213: No matching federated identity record found for presented assertion subject '${v}'`,
  subjectCase: (v: string) => `AADSTS7002138: No matching federated identity record found for presented assertion subject '${v}'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison.`,
  lifetime: 'AADSTS70023: External OIDC Provider token must have a lifetime of less than or equal to 1.01:00:00',
  /** Not in REFERENCE.md's table: Entra's code for an assertion outside its validity window. */
  expired: 'AADSTS700024: Client assertion is not within its valid time range.',
  /** Not in REFERENCE.md's table; Entra accepts only RS256-signed assertions. */
  /** No key of the issuer's JWKS has the token's kid (Entra's text for assertions signed by an unknown key). */
  signatureKeyNotFound: 'AADSTS50013: Assertion failed signature validation. [Reason - The key was not found.]',
  /** A key with the token's kid does not verify the signature. */
  signatureInvalid: 'AADSTS50013: Assertion failed signature validation. [Reason - Key was found, but use of the key to verify the signature failed.]',
  algorithm: (alg: string) => `crossfed: Entra ID accepts only RS256-signed assertions, and this token is signed with ${alg}`,
} as const;

/** An identity for results: `application "pipeline-reader" (client id …)`. */
export function entraLabel(identity: AzureIdentity): string {
  const kind = identity.kind === 'managed-identity' ? 'managed identity' : identity.kind === 'service-principal' ? 'service principal' : 'application';
  const id = typeof identity.clientId === 'string' ? ` (client id ${identity.clientId})` : '';
  return `${kind} ${q(show(identity.displayName))}${id}`;
}

/**
 * The credentials Entra consults for an identity: those on it, and — for a service principal —
 * those on the application with the same client id.
 */
export function credentialsOf(graphIn: TrustGraph, identityIn: AzureIdentity): AzureFederatedCredential[] {
  const graph = cleanGraph(graphIn); const identity = cleanIdentity(identityIn);
  const ids = new Set([identity.id]);
  if (typeof identity.clientId === 'string') {
    for (const other of entraIndex(graph).byClientId.get(identity.clientId) ?? []) ids.add(other.id);
  }
  return credentialsWithParent(graph, ids);
}

const audienceOf = (c: AzureFederatedCredential) => (c.audiences.length === 1 ? c.audiences[0] : undefined);

/** Credentials for results: `name (resource), …`. */
const named = (cs: readonly AzureFederatedCredential[]) => cs.map(x => `${show(x.name)} (${x.ref.resource})`).join(', ');

const stripSlashes = (s: string) => s.replace(/\/+$/, '');

/** The credentials of an issuer and their audiences, for results: `name (resource), … ([aud], …)` and which do not have one audience. */
function audiencesText(byIssuer: readonly AzureFederatedCredential[]): string {
  const several = byIssuer.filter(x => x.audiences.length !== 1);
  const hint = several.length ? `; ${named(several)} ${several.length === 1 ? 'does' : 'do'} not have exactly one audience` : '';
  return `${named(byIssuer)} (${byIssuer.map(x => q(x.audiences.map(show))).join(', ')})${hint}`;
}

/** What the evaluation reads of an identity's credentials, derived once per graph and identity. */
interface CredentialView {
  readonly all: AzureFederatedCredential[];
  readonly flexible: AzureFederatedCredential[];
  readonly flexibleText: string;
  /** The credentials without claims matching expression. */
  readonly exact: AzureFederatedCredential[];
  /** Whether an exact credential's issuer is unresolved. */
  readonly issuerUnknown: boolean;
  /** Exact credentials with a resolved issuer, and that issuer without trailing slashes in lower case. */
  readonly foldedIssuers: ReadonlyArray<{ readonly credential: AzureFederatedCredential; readonly folded: string }>;
  /** `; credential issuers: …`. */
  readonly issuersHint: string;
  readonly byIssuer: Map<string, IssuerView>;
}

interface IssuerView {
  readonly list: AzureFederatedCredential[];
  readonly named: string;
  readonly audiencesText: string;
}

const views = new WeakMap<TrustGraph, WeakMap<AzureIdentity, CredentialView>>();

/** The credential view of an identity (`graph` and `identity` are cleaned). */
function credentialView(graph: TrustGraph, identity: AzureIdentity): CredentialView {
  let perGraph = views.get(graph);
  if (!perGraph) views.set(graph, perGraph = new WeakMap());
  let v = perGraph.get(identity);
  if (!v) {
    const all = credentialsOf(graph, identity);
    const flexible = all.filter(x => x.claimsMatchingExpression !== undefined);
    const exact = all.filter(x => x.claimsMatchingExpression === undefined);
    v = {
      all, flexible, exact,
      flexibleText: `${named(flexible)} use claims matching expressions, which crossfed does not evaluate (Entra offers them for GitHub, GitLab and Terraform Cloud issuers only)`,
      issuerUnknown: exact.some(x => isUnresolved(x.issuer)),
      foldedIssuers: exact.flatMap(x => (typeof x.issuer === 'string' ? [{ credential: x, folded: stripSlashes(x.issuer).toLowerCase() }] : [])),
      issuersHint: `; credential issuers: ${exact.map(x => q(show(x.issuer))).join(', ')}`,
      byIssuer: new Map(),
    };
    perGraph.set(identity, v);
  }
  return v;
}

/** The exact credentials with an issuer, and their texts. */
function issuerView(view: CredentialView, iss: string): IssuerView {
  let v = view.byIssuer.get(iss);
  if (!v) {
    const list = view.exact.filter(x => x.issuer === iss);
    view.byIssuer.set(iss, v = { list, named: named(list), audiencesText: list.length ? audiencesText(list) : '' });
  }
  return v;
}

/** Presents a token as a client assertion for an Entra identity. */
export function evaluateEntra(graphIn: TrustGraph, tokenIn: Token, identityIn: AzureIdentity, options: SimulateOptions = {}): ExchangeResult {
  const graph = cleanGraph(graphIn); const token = cleanToken(tokenIn); const identity = cleanIdentity(identityIn);
  const now = options.now ?? nowSeconds();
  const c = token.claims;
  const t = new Trace('azure', entraLabel(identity), 'federated identity credential');

  // 1. The assertion itself: signing algorithm, lifetime, validity window.
  const alg = token.header?.alg;
  if (alg !== undefined && alg !== 'RS256') return t.refuse('assertion signing algorithm', `alg ${q(alg)}`, ENTRA_REFUSALS.algorithm(alg));
  const lifetime = lifetimeSeconds(c);
  if (lifetime !== undefined && lifetime > ENTRA_MAX_LIFETIME_SECONDS) {
    const shown = lifetime === Infinity ? 'the token has no exp claim' : `exp - iat is ${lifetime} s`;
    return t.refuse('assertion lifetime', `${shown}; at most ${ENTRA_MAX_LIFETIME_SECONDS} s (1.01:00:00)`, ENTRA_REFUSALS.lifetime);
  }
  t.pass('assertion lifetime', lifetime === undefined ? 'no iat/nbf to measure it' : `${lifetime} s, at most ${ENTRA_MAX_LIFETIME_SECONDS} s`);
  if ((c.exp !== undefined && c.exp <= now) || (c.nbf !== undefined && c.nbf > now)) {
    return t.refuse('assertion validity window', c.exp !== undefined && c.exp <= now ? `exp ${c.exp} is not after now (${now})` : `nbf ${c.nbf} is after now (${now})`, ENTRA_REFUSALS.expired);
  }
  t.pass('assertion validity window', `now (${now}) is within nbf/exp`);

  // 2. Federated identity credentials: issuer, then audience, then subject, each byte-equal.
  const view = credentialView(graph, identity);
  const all = view.all;
  if (all.length === 0) {
    if (isUnresolved(identity.clientId) || entraIndex(graph).someParentUnresolved) t.markUndecided();
    return t.refuse('federated credential issuer', `the identity has no federated identity credential (${identity.ref.resource})`, ENTRA_REFUSALS.issuer(c.iss ?? ''));
  }
  if (view.flexible.length) t.note('flexible federated credentials', false, view.flexibleText);
  const exact = view.exact;
  const unknownIn = (cs: AzureFederatedCredential[], f: (x: AzureFederatedCredential) => unknown) => cs.some(x => isUnresolved(f(x)));

  const issued = typeof c.iss === 'string' ? issuerView(view, c.iss) : undefined;
  const byIssuer = issued ? issued.list : exact.filter(x => x.issuer === c.iss);
  if (byIssuer.length === 0) {
    if (view.issuerUnknown) t.markUndecided();
    const folded = typeof c.iss === 'string' ? stripSlashes(c.iss).toLowerCase() : undefined;
    const close = folded === undefined ? undefined : view.foldedIssuers.find(x => x.folded === folded)?.credential;
    const hint = close ? `; ${show(close.name)} has ${q(close.issuer)}, which differs only in ${stripSlashes(close.issuer as string) === stripSlashes(c.iss!) ? 'the trailing slash' : 'case'}` : view.issuersHint;
    return t.refuse('federated credential issuer', `iss ${q(c.iss)} is byte-equal to no credential's issuer${hint}`, ENTRA_REFUSALS.issuer(c.iss ?? ''));
  }
  t.pass('federated credential issuer', `${issued ? issued.named : named(byIssuer)} ${byIssuer.length === 1 ? 'matches' : 'match'} iss ${q(c.iss)}`);
  // Entra fetches the issuer's discovery document and JWKS and verifies the assertion.
  const signature = checkSignature(token, publishedFor(graph, c.iss)?.keys, `the JWKS published for ${c.iss}`);
  if (signature.kind === 'no-key') return t.refuse('assertion signature', signature.detail, ENTRA_REFUSALS.signatureKeyNotFound);
  if (signature.kind === 'bad-signature') return t.refuse('assertion signature', signature.detail, ENTRA_REFUSALS.signatureInvalid);
  if (signature.kind === 'verified') t.pass('assertion signature', signature.detail);

  const aud = audiences(c);
  const byAudience = byIssuer.filter(x => { const a = audienceOf(x); return typeof a === 'string' && aud.includes(a); });
  if (byAudience.length === 0) {
    if (unknownIn(byIssuer, audienceOf)) t.markUndecided();
    return t.refuse('federated credential audience', `aud ${q(c.aud)} is not the audience of ${issued ? issued.audiencesText : audiencesText(byIssuer)}`, ENTRA_REFUSALS.audience(aud.join(' ')));
  }
  t.pass('federated credential audience', `${named(byAudience)} ${byAudience.length === 1 ? 'accepts' : 'accept'} aud ${q(c.aud)}`);

  const match = byAudience.find(x => x.subject === c.sub);
  if (!match) {
    if (unknownIn(byAudience, x => x.subject)) t.markUndecided();
    const folded = byAudience.find(x => typeof x.subject === 'string' && typeof c.sub === 'string' && x.subject.toLowerCase() === c.sub.toLowerCase());
    if (folded) return t.refuse('federated credential subject', `sub ${q(c.sub)} equals ${show(folded.name)}'s subject ${q(folded.subject)} only ignoring case`, ENTRA_REFUSALS.subjectCase(c.sub ?? ''));
    return t.refuse('federated credential subject', `sub ${q(c.sub)} is byte-equal to none of ${byAudience.map(x => q(show(x.subject))).join(', ')}`, ENTRA_REFUSALS.subject(c.sub ?? ''));
  }
  t.pass('federated credential subject', `${show(match.name)} has subject ${q(match.subject)}`);
  return t.accept(`federated identity credential ${show(match.name)} (${match.ref.resource}) on ${entraLabel(identity)}: issuer ${q(match.issuer)}, subject ${q(match.subject)}, audience ${q(audienceOf(match))}`, match.ref);
}
