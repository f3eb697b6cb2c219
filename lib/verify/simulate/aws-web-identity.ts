/**
 * AWS STS `AssumeRoleWithWebIdentity`, step by step as STS takes it: the IAM OIDC provider for
 * the token's issuer → the audience among the provider's client IDs → the role's trust policy
 * → the token's expiry; refusals in STS's own words. Google ID tokens
 * (`https://accounts.google.com`) go to AWS's built-in Google provider instead: no IAM OIDC
 * provider and no client-ID list, and the trust reads `accounts.google.com:aud` (the token's
 * `azp` when it has one), `:oaud` (then its `aud`) and `:sub`.
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
 */
import { AwsOidcProvider, AwsRole, isUnresolved, show, TrustGraph } from '../graph';
import { IamContext } from './iam-conditions';
import { describeStatement, evaluateTrustPolicy, statementName, TrustEvaluation } from './iam-policy';
import { ExchangeResult, q, Trace } from './result';
import { cleanGraph, cleanRole, cleanToken } from './sanitize';
import { checkSignature, publishedFor } from './signature';
import { audiences, nowSeconds, Token } from './token';
import { GOOGLE_PROVIDER } from '../../model/aws';
import { GOOGLE_ISSUER } from '../../model/issuer';

/** The action a web identity asks for. */
export const WEB_IDENTITY_ACTION = 'sts:AssumeRoleWithWebIdentity';

/** STS's refusals (REFERENCE.md, "How each cloud says no"). */
export const AWS_REFUSALS = {
  noProvider: (iss: string) => `InvalidIdentityToken: No OpenIDConnect provider found in your account for ${iss}`,
  audience: 'InvalidIdentityToken: Incorrect token audience',
  missingAud: 'InvalidIdentityToken: Missing a required claim: aud',
  missingClaim: (claim: string) => `InvalidIdentityToken: Missing a required claim: ${claim}`,
  accessDenied: (action: string) => `AccessDenied: Not authorized to perform ${action}`,
  /** No key of the issuer's JWKS has the token's kid: STS's answer when it cannot get the key (AWS knowledge center, "InvalidIdentityToken"). */
  noVerificationKey: 'InvalidIdentityToken: Couldn\'t retrieve verification key from your identity provider, please reference AssumeRoleWithWebIdentity documentation for requirements',
  /** A key was found but the signature fails: the STS API reference's text for the error code. */
  badSignature: 'InvalidIdentityToken: The web identity token that was passed could not be validated by Amazon Web Services. Get a new identity token from the identity provider and then retry the request.',
  expired: (now: number, exp: number) => `ExpiredTokenException: Token expired: current date/time ${now} must be before the expiration date/time ${exp}`,
} as const;

/** Options shared by the evaluators. */
export interface SimulateOptions {
  /** The time of the exchange, seconds since the epoch. @default - now */
  readonly now?: number;
}

/** An issuer URL without its scheme: how IAM names providers and condition keys. */
export function hostPath(url: string): string {
  return url.replace(/^https:\/\//i, '');
}

/** `arn:aws:iam::111122223333:role/x` → `{ partition: 'aws', account: '111122223333' }`. */
export function arnParts(arn: unknown): { partition: string; account: string } | undefined {
  if (typeof arn !== 'string') return undefined;
  const m = /^arn:([^:]+):[^:]*:[^:]*:(\d{12}):/.exec(arn);
  return m ? { partition: m[1], account: m[2] } : undefined;
}

/** The role's account: `accountId`, else from its ARN. */
export function roleAccount(role: AwsRole): string | undefined {
  if (typeof role.accountId === 'string') return role.accountId;
  return arnParts(role.arn)?.account;
}

/** A role's name for results: its ARN, or its name when the ARN is unresolved. */
export function roleLabel(role: AwsRole): string {
  if (typeof role.arn === 'string') return role.arn;
  return typeof role.roleName === 'string' ? `role/${role.roleName}` : `${role.ref.resource} (${show(role.arn)})`;
}

/** Providers the role's account holds (a provider whose account is unknown is taken to be the role's). */
export function providersOfAccount(graph: TrustGraph, account: string | undefined): AwsOidcProvider[] {
  let byAccount = providersByAccount.get(graph);
  if (!byAccount) providersByAccount.set(graph, byAccount = new Map());
  const key = account ?? '';
  let found = byAccount.get(key);
  if (!found) {
    byAccount.set(key, found = graph.aws.providers.filter(p => {
      const a = arnParts(p.arn)?.account;
      return a === undefined || account === undefined || a === account;
    }));
  }
  return [...found];
}

/** Per graph and account: its providers (the matrix asks millions of times). */
const providersByAccount = new WeakMap<TrustGraph, Map<string, AwsOidcProvider[]>>();

/** Finds the provider STS would use for an issuer; reports unresolved URLs. */
export function findProvider(providers: readonly AwsOidcProvider[], iss: string): { provider?: AwsOidcProvider; unresolved: AwsOidcProvider[] } {
  const want = hostPath(iss);
  const provider = providers.find(p => typeof p.url === 'string' && hostPath(p.url) === want);
  return { provider, unresolved: providers.filter(p => isUnresolved(p.url)) };
}

/** Why no provider matched: the near misses among the account's providers. */
function providerNearMiss(providers: readonly AwsOidcProvider[], iss: string): string {
  const want = hostPath(iss);
  const strip = (s: string) => s.replace(/\/+$/, '');
  const close = providers.filter(p => typeof p.url === 'string' && hostPath(p.url) !== want && strip(hostPath(p.url)).toLowerCase() === strip(want).toLowerCase());
  if (close.length) return `; provider ${q(close[0].url)} (${close[0].ref.resource}) differs only in ${strip(hostPath(close[0].url as string)) === strip(want) ? 'the trailing slash' : 'case'}, and IAM compares issuers exactly`;
  const urls = providers.map(p => show(p.url));
  return urls.length ? `; the account has providers for ${urls.join(', ')}` : '; the account has no OIDC provider';
}

/**
 * The request context STS builds from a web identity token. Kubernetes tokens carry `aud` as
 * a one-element array (`["sts.amazonaws.com"]`) and IRSA's documented `StringEquals` on `:aud`
 * matches them, so a one-element array is one value. With several audiences the key is
 * multi-valued (then only `ForAnyValue:`/`ForAllValues:` operators match), as crossfed reads
 * AWS's condition-key documentation.
 */
export function webIdentityContext(token: Token, keyPrefix: string, providerArn: string): IamContext {
  const c = token.claims;
  const ctx: Record<string, string | readonly string[]> = { 'aws:FederatedProvider': providerArn };
  if (providerArn === GOOGLE_PROVIDER) {
    // AWS: with an azp claim (a service account's ID tokens carry its unique id there),
    // accounts.google.com:aud is the azp and accounts.google.com:oaud the token's aud.
    // @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
    const aud = c.aud === undefined ? undefined : typeof c.aud === 'string' ? c.aud : c.aud.length === 1 ? c.aud[0] : [...c.aud];
    const azp = typeof c.azp === 'string' ? c.azp : undefined;
    if (azp !== undefined) ctx[`${GOOGLE_PROVIDER}:aud`] = azp;
    else if (aud !== undefined) ctx[`${GOOGLE_PROVIDER}:aud`] = aud;
    if (azp !== undefined && aud !== undefined) ctx[`${GOOGLE_PROVIDER}:oaud`] = aud;
    if (typeof c.sub === 'string') ctx[`${GOOGLE_PROVIDER}:sub`] = c.sub;
    return ctx;
  }
  if (typeof c.sub === 'string') ctx[`${keyPrefix}:sub`] = c.sub;
  // The API server writes `aud` as a list even with one audience (["sts.amazonaws.com"]), and
  // IRSA's StringEquals on :aud accepts such tokens: one value is a single-valued key.
  if (c.aud !== undefined) ctx[`${keyPrefix}:aud`] = typeof c.aud === 'string' ? c.aud : c.aud.length === 1 ? c.aud[0] : [...c.aud];
  const amr = c.amr;
  if (typeof amr === 'string' || (Array.isArray(amr) && amr.every(a => typeof a === 'string'))) ctx[`${keyPrefix}:amr`] = amr as string | string[];
  return ctx;
}

/** Names the statement and conditions that let a request in. */
export function grantText(roleName: string, evaluation: TrustEvaluation): string {
  const d = evaluation.decisive!;
  const conds = d.conditions.map(c => `${c.operator} ${c.key} ${JSON.stringify(c.values.length === 1 ? c.values[0] : c.values)}`);
  return `role ${roleName} trust policy ${statementName(d)}${conds.length ? ` with ${conds.join(' and ')}` : ' without any condition'}`;
}

/**
 * Presents a web identity token to a role, as `AssumeRoleWithWebIdentity` would.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_oidc.html
 */
export function evaluateAwsWebIdentity(graphIn: TrustGraph, tokenIn: Token, roleIn: AwsRole, options: SimulateOptions = {}): ExchangeResult {
  const graph = cleanGraph(graphIn); const token = cleanToken(tokenIn); const role = cleanRole(roleIn);
  const now = options.now ?? nowSeconds();
  const c = token.claims;
  const t = new Trace('aws', roleLabel(role), 'AssumeRoleWithWebIdentity');
  const account = roleAccount(role);
  if (typeof c.iss !== 'string' || c.iss === '') return t.refuse('token issuer (iss)', 'the token has no iss claim', AWS_REFUSALS.missingClaim('iss'));

  if (c.iss === GOOGLE_ISSUER) return evaluateGoogle(t, token, role, now);

  // 1. The IAM OIDC provider named by the token's issuer, in the role's account.
  const providers = providersOfAccount(graph, account);
  const { provider, unresolved } = findProvider(providers, c.iss);
  if (!provider) {
    if (unresolved.length) t.markUndecided();
    const extra = unresolved.length ? `; ${unresolved.length} provider URL(s) are unresolved (${unresolved.map(p => show(p.url)).join(', ')})` : '';
    return t.refuse('OIDC provider for the token\'s issuer', `no provider for ${q(hostPath(c.iss))} in account ${account ?? '<unknown>'}${providerNearMiss(providers, c.iss)}${extra}`, AWS_REFUSALS.noProvider(c.iss));
  }
  const partition = arnParts(role.arn)?.partition ?? 'aws';
  const providerArn = typeof provider.arn === 'string' ? provider.arn : `arn:${partition}:iam::${account ?? '<account>'}:oidc-provider/${hostPath(c.iss)}`;
  t.pass('OIDC provider for the token\'s issuer', `${provider.ref.resource} (${providerArn}) is registered for ${q(provider.url)}`);

  // 2. The signature, with the keys of the JWKS the provider's discovery document names.
  const signature = checkSignature(token, publishedFor(graph, c.iss)?.keys, `the JWKS published for ${c.iss}`);
  if (signature.kind === 'no-key') return t.refuse('token signature', signature.detail, AWS_REFUSALS.noVerificationKey);
  if (signature.kind === 'bad-signature') return t.refuse('token signature', signature.detail, AWS_REFUSALS.badSignature);
  if (signature.kind === 'verified') t.pass('token signature', signature.detail);

  // 2. The audience: present, and one of the provider's client IDs.
  const aud = audiences(c);
  if (aud.length === 0) return t.refuse('token audience (aud)', 'the token has no aud claim (a legacy service-account token?)', AWS_REFUSALS.missingAud);
  const clientIds = provider.clientIds.filter((x): x is string => typeof x === 'string');
  const hit = aud.find(a => clientIds.includes(a));
  if (!hit) {
    if (provider.clientIds.some(isUnresolved)) t.markUndecided();
    return t.refuse('audience among the provider\'s client IDs', `aud ${q(c.aud)} is not in the client IDs ${q(provider.clientIds.map(show))}`, AWS_REFUSALS.audience);
  }
  t.pass('audience among the provider\'s client IDs', `aud ${q(hit)} is a client ID of ${provider.ref.resource}`);

  // 3. The role's trust policy, 4. expiry.
  return trustAndExpiry(t, token, role, providerArn, hostPath(c.iss), now);
}

/** A Google ID token at AWS's built-in provider: the audience is there, then the role's trust and expiry. */
function evaluateGoogle(t: Trace, token: Token, role: AwsRole, now: number): ExchangeResult {
  t.pass('identity provider for the token\'s issuer', `${GOOGLE_ISSUER} is AWS's built-in provider ${GOOGLE_PROVIDER}: no IAM OIDC provider or client-ID list is involved`);
  if (audiences(token.claims).length === 0) return t.refuse('token audience (aud)', 'the token has no aud claim', AWS_REFUSALS.missingAud);
  return trustAndExpiry(t, token, role, GOOGLE_PROVIDER, GOOGLE_PROVIDER, now);
}

/** The role's trust policy for the token from `providerArn` (condition keys `<keyPrefix>:…`), then the token's expiry. */
function trustAndExpiry(t: Trace, token: Token, role: AwsRole, providerArn: string, keyPrefix: string, now: number): ExchangeResult {
  const c = token.claims;
  const request = { principal: { type: 'Federated' as const, value: providerArn }, action: WEB_IDENTITY_ACTION, context: webIdentityContext(token, keyPrefix, providerArn) };
  const evaluation = evaluateTrustPolicy(role.trustPolicy, request);
  const roleName = typeof role.roleName === 'string' ? role.roleName : role.ref.resource;
  if (evaluation.decision !== 'allow') {
    if (evaluation.decision === 'undecided') t.markUndecided();
    return t.refuse('role trust policy', trustDetail(request.context, evaluation), AWS_REFUSALS.accessDenied(WEB_IDENTITY_ACTION));
  }
  t.pass('role trust policy', describeStatement(evaluation.decisive!));
  if (c.exp === undefined) return t.refuse('token expiry (exp)', 'the token has no exp claim', AWS_REFUSALS.missingClaim('exp'));
  if (c.exp <= now) return t.refuse('token expiry (exp)', `exp ${c.exp} is not after now (${now})`, AWS_REFUSALS.expired(now, c.exp));
  t.pass('token expiry (exp)', `exp ${c.exp} is ${c.exp - now} s from now`);
  return t.accept(grantText(roleName, evaluation), role.ref);
}

/** The request context and each statement's outcome, for a refused trust policy. */
export function trustDetail(context: IamContext, evaluation: TrustEvaluation): string {
  const ctx = Object.entries(context).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
  if (evaluation.problem) return `${evaluation.problem}; request ${ctx}`;
  if (evaluation.decision === 'explicit-deny') return `explicit deny: ${describeStatement(evaluation.decisive!)}; request ${ctx}`;
  const lines = evaluation.statements.map(describeStatement);
  return `${lines.length ? lines.join(' | ') : 'the trust policy has no statement'}; request ${ctx}`;
}
