/**
 * GCP workload identity federation, as the Security Token Service and IAM take it: the pool
 * provider whose `issuer_uri` is the token's issuer → the audience (an `allowed_audiences`
 * entry, or the provider's resource name with or without `https:`) → the token's expiry → the
 * `attribute_mapping` (CEL) → `google.subject` ≤ 127 bytes → the `attribute_condition` (CEL)
 * → the IAM binding: `roles/iam.workloadIdentityUser` on the service account for this
 * `principal://…/subject/…` or a matching `principalSet://…`, or roles granted to the principal
 * itself (direct resource access).
 *
 * AWS roles use the AWS provider type (`aws { account_id }`): the signed `GetCallerIdentity`
 * request names its provider in `x-goog-cloud-target-resource` (the audience), AWS verifies it
 * (signatures are valid for 15 minutes), its account must be the provider's, and the mapping —
 * GCP's default for AWS providers when none is given — reads `assertion.arn` and `assertion.account`.
 * @see https://cloud.google.com/iam/docs/workload-identity-federation
 * @see https://cloud.google.com/iam/docs/workload-identity-federation-with-other-clouds
 * @see https://cloud.google.com/iam/docs/principal-identifiers
 */
import { GcpBinding, GcpProvider, isUnresolved, show, TrustGraph, Val } from '../graph';
import { SimulateOptions } from './aws-web-identity';
import { evaluateCel } from './gcp-cel';
import { bindingsOfMembers, gcpIndex } from './graph-index';
import { ExchangeResult, q, Step, Trace } from './result';
import { cleanGraph, cleanToken } from './sanitize';
import { checkSignature, publishedFor } from './signature';
import { audiences, isAwsCallerIdentity, nowSeconds, Token } from './token';
import { AWS_DEFAULT_ATTRIBUTE_MAPPING } from '../../model/gcp';

export const WORKLOAD_IDENTITY_USER = 'roles/iam.workloadIdentityUser';
export const GCP_MAX_SUBJECT_BYTES = 127;

/** The STS's and IAM's refusals (REFERENCE.md, "How each cloud says no"), and crossfed's words where the table has none. */
export const GCP_REFUSALS = {
  audience: (aud: readonly string[]) => `invalid_grant: The audience in ID Token [${aud.join(', ')}] does not match the expected audience.`,
  condition: 'unauthorized_client: The given credential is rejected by the attribute condition.',
  subjectSize: 'invalid_request: The size of mapped attribute google.subject exceeds the 127 bytes limit.',
  getAccessToken: 'Permission \'iam.serviceAccounts.getAccessToken\' denied on resource (or it may not exist).',
  /** Not in the table: the STS's error code, crossfed's description. */
  issuer: (iss: string) => `invalid_grant: no enabled workload identity pool provider has issuer_uri ${iss}`,
  expired: (exp: number, now: number) => `invalid_grant: the ID Token expired at ${exp} (now ${now})`,
  mapping: (error: string) => `invalid_grant: the attribute mapping for google.subject failed (${error})`,
  /** Not in the table: Google's OAuth answer to a JWT whose signature no key of the issuer verifies. */
  signature: 'invalid_grant: Invalid JWT Signature.',
  /** Not in the table: the generic answer of Google APIs to a principal without a role. */
  noRole: 'PERMISSION_DENIED: The caller does not have permission',
  /** Not in the table (AWS provider type): crossfed's descriptions, with the STS's error codes. */
  awsProvider: 'invalid_grant: no enabled AWS provider (aws { account_id }) of the pool takes this signed AWS request',
  awsTargetResource: (aud: readonly string[]) => `invalid_grant: the x-goog-cloud-target-resource of the signed request [${aud.join(', ')}] does not name this provider`,
  awsAccount: (account: string) => `invalid_grant: AWS account ${account} of the caller is not the provider's account`,
  awsExpired: (exp: number, now: number) => `invalid_grant: the signed GetCallerIdentity request expired at ${exp} (now ${now})`,
} as const;

/** The mapping a provider applies: its own, or — for an AWS provider without one — GCP's default. */
export function effectiveMapping(p: GcpProvider): Readonly<Record<string, string>> {
  return Object.keys(p.attributeMapping).length === 0 && p.awsAccountId !== undefined ? AWS_DEFAULT_ATTRIBUTE_MAPPING : p.attributeMapping;
}

/** What a federated token is exchanged for. */
export type GcpFederationTarget =
  | { readonly kind: 'impersonation'; readonly serviceAccountEmail: string; readonly provider?: string }
  | { readonly kind: 'direct'; readonly resource?: string; readonly role?: string; readonly provider?: string };

/** `projects/<n>/locations/global/workloadIdentityPools/<pool>/providers/<id>`, or undefined when a part is unknown. */
export function providerResourceName(p: GcpProvider, projectNumber = p.projectNumber): string | undefined {
  if (typeof projectNumber !== 'string' || typeof p.poolId !== 'string' || typeof p.providerId !== 'string') return undefined;
  return `projects/${projectNumber}/locations/global/workloadIdentityPools/${p.poolId}/providers/${p.providerId}`;
}

/** Whether a provider is the one a credential configuration's `audience` (or a resource name or id) names. */
export function providerNamed(p: GcpProvider, name: string): boolean {
  const n = name.replace(/^(https:)?\/\/iam\.googleapis\.com\//, '');
  const rn = providerResourceName(p);
  if (rn) return rn === n;
  // Project number unknown: compare pool and provider ids.
  const m = /workloadIdentityPools\/([^/]+)\/providers\/([^/]+)$/.exec(n);
  return m ? m[1] === p.poolId && m[2] === p.providerId : p.providerId === n;
}

/** What the STS exchange established, for the binding check. */
interface Federated {
  readonly provider: GcpProvider;
  readonly poolName: string;
  readonly subject: string;
  /** `principal://…` and every `principalSet://…` the token belongs to. */
  readonly members: readonly string[];
}

/** The STS exchange against one provider: audience, expiry, mapping, subject size, condition. */
function exchange(t: Trace, token: Token, provider: GcpProvider, now: number): Federated | ExchangeResult {
  const c = token.claims;
  const aud = audiences(c);
  const audProject = aud.map(a => /projects\/(\d+)\/locations\/global\/workloadIdentityPools\//.exec(a)?.[1]).find(Boolean);
  const projectNumber = typeof provider.projectNumber === 'string' ? provider.projectNumber : audProject;
  if (typeof provider.projectNumber !== 'string') t.note('project number', true, `unknown in the artifacts (${show(provider.projectNumber)}); taken as ${projectNumber ?? '<unknown>'} from the token's audience`);
  const resourceName = providerResourceName(provider, projectNumber);

  // Audience.
  const explicit = provider.allowedAudiences;
  const allowed: Val[] = explicit.length ? [...explicit] : resourceName ? [`//iam.googleapis.com/${resourceName}`, `https://iam.googleapis.com/${resourceName}`] : [];
  const aws = provider.awsAccountId !== undefined;
  const hit = aud.find(a => allowed.includes(a));
  if (!hit) {
    if (explicit.some(isUnresolved) || !resourceName) t.markUndecided();
    if (aws) return t.refuse('x-goog-cloud-target-resource', `the signed request names ${q(c.aud)}, not the provider's resource name ${q(allowed.map(show))}`, GCP_REFUSALS.awsTargetResource(aud));
    return t.refuse('audience', `aud ${q(c.aud)} is none of ${explicit.length ? `allowed_audiences ${q(explicit.map(show))}` : `the provider's resource name ${q(allowed.map(show))}`}`, GCP_REFUSALS.audience(aud));
  }
  if (aws) t.pass('x-goog-cloud-target-resource', `the signed request names ${q(hit)}, the provider's resource name`);
  else t.pass('audience', `aud ${q(hit)} is ${explicit.length ? 'in allowed_audiences' : 'the provider\'s resource name'}`);

  // Expiry.
  const expiry = aws ? 'signed request validity (x-amz-date + 15 min)' : 'token expiry (exp)';
  if (c.exp === undefined || c.exp <= now) return t.refuse(expiry, c.exp === undefined ? 'the token has no exp claim' : `exp ${c.exp} is not after now (${now})`, aws ? GCP_REFUSALS.awsExpired(c.exp ?? 0, now) : GCP_REFUSALS.expired(c.exp ?? 0, now));
  t.pass(expiry, `exp ${c.exp} is ${c.exp - now} s from now`);

  // AWS: the caller's account, as AWS's GetCallerIdentity answers it, must be the provider's.
  if (aws) {
    const account = typeof c.account === 'string' ? c.account : '';
    if (isUnresolved(provider.awsAccountId)) {
      t.markUndecided();
      return t.refuse('AWS account', `the provider's aws.account_id is unresolved (${show(provider.awsAccountId)})`, GCP_REFUSALS.awsAccount(account));
    }
    if (account !== provider.awsAccountId) return t.refuse('AWS account', `the caller's account ${q(account)} is not the provider's aws.account_id ${q(provider.awsAccountId)}`, GCP_REFUSALS.awsAccount(account));
    t.pass('AWS account', `the caller's account ${q(account)} is the provider's aws.account_id`);
  }

  // Attribute mapping.
  const assertion = c as Record<string, unknown>;
  const google: Record<string, unknown> = {};
  const attribute: Record<string, unknown> = {};
  const skipped: string[] = [];
  const mapping = effectiveMapping(provider);
  for (const [target, expr] of Object.entries(mapping).sort(([a], [b]) => a.localeCompare(b))) {
    const r = evaluateCel(expr, { assertion });
    if (!r.ok) {
      if (target === 'google.subject') return t.refuse('attribute mapping', `google.subject = ${expr} failed: ${r.error}`, GCP_REFUSALS.mapping(r.error));
      skipped.push(`${target} (${r.error})`);
      continue;
    }
    const [ns, name] = target.split(/\.(.*)/s);
    if (ns === 'google') google[name] = r.value;
    else if (ns === 'attribute') attribute[name] = r.value;
  }
  const subject = google.subject;
  if (typeof subject !== 'string') {
    return t.refuse('attribute mapping', mapping['google.subject'] === undefined ? 'the mapping has no google.subject' : `google.subject is ${q(subject)}, not a string`, GCP_REFUSALS.mapping('google.subject is not a string'));
  }
  const attrs = Object.entries(attribute).map(([k, v]) => `attribute.${k}=${q(v)}`);
  t.pass('attribute mapping', `google.subject=${q(subject)}${attrs.length ? `, ${attrs.join(', ')}` : ''}${skipped.length ? `; unmapped: ${skipped.join(', ')}` : ''}`);

  // google.subject size.
  const bytes = Buffer.byteLength(subject, 'utf8');
  if (bytes > GCP_MAX_SUBJECT_BYTES) return t.refuse('google.subject size', `${bytes} bytes, over ${GCP_MAX_SUBJECT_BYTES}`, GCP_REFUSALS.subjectSize);
  t.pass('google.subject size', `${bytes} bytes, at most ${GCP_MAX_SUBJECT_BYTES}`);

  // Attribute condition.
  const cond = provider.attributeCondition;
  if (cond === undefined || cond === '') {
    t.pass('attribute condition', 'the provider has no attribute condition: every token of this issuer passes');
  } else if (isUnresolved(cond)) {
    t.markUndecided();
    return t.refuse('attribute condition', `the condition is unresolved (${show(cond)})`, GCP_REFUSALS.condition);
  } else {
    const r = evaluateCel(cond, { assertion, google, attribute });
    if (!r.ok || r.value !== true) return t.refuse('attribute condition', `${cond} is ${r.ok ? q(r.value) : `an error: ${r.error}`}`, GCP_REFUSALS.condition);
    t.pass('attribute condition', `${cond} is true`);
  }

  if (typeof provider.poolId !== 'string' || !projectNumber) {
    t.markUndecided();
    return t.refuse('principal', `the pool id (${show(provider.poolId)}) or project number is unresolved`, GCP_REFUSALS.getAccessToken);
  }
  const poolName = `projects/${projectNumber}/locations/global/workloadIdentityPools/${provider.poolId}`;
  const base = `iam.googleapis.com/${poolName}`;
  const members = [`principal://${base}/subject/${subject}`, `principalSet://${base}/*`];
  const groups = google.groups;
  for (const g of Array.isArray(groups) ? groups : []) if (typeof g === 'string') members.push(`principalSet://${base}/group/${g}`);
  for (const [k, v] of Object.entries(attribute)) {
    for (const x of Array.isArray(v) ? v : [v]) if (typeof x === 'string') members.push(`principalSet://${base}/attribute.${k}/${x}`);
  }
  return { provider, poolName, subject, members };
}

export { serviceAccountOf } from './graph-index';

function bindingText(b: GcpBinding): string {
  return `${show(b.role)} for ${show(b.member)} on ${b.resourceType} ${show(b.resource)} (${b.ref.resource})`;
}

/** The binding step: impersonation or direct access. */
function authorize(t: Trace, graph: TrustGraph, f: Federated, target: GcpFederationTarget): ExchangeResult {
  const cond = typeof f.provider.attributeCondition === 'string' && f.provider.attributeCondition ? ` with condition ${f.provider.attributeCondition}` : ' without attribute condition';
  const via = `provider ${show(f.provider.providerId)} (${f.provider.ref.resource})${cond}`;
  const memberOf = (b: GcpBinding) => typeof b.member === 'string' && f.members.includes(b.member);
  if (target.kind === 'impersonation') {
    const candidates = gcpIndex(graph).onServiceAccount.get(target.serviceAccountEmail) ?? [];
    const grant = candidates.find(b => b.role === WORKLOAD_IDENTITY_USER && memberOf(b));
    if (!grant) {
      if (candidates.some(b => isUnresolved(b.member) || isUnresolved(b.role))) t.markUndecided();
      const users = candidates.filter(b => b.role === WORKLOAD_IDENTITY_USER).map(b => show(b.member));
      return t.refuse('roles/iam.workloadIdentityUser binding', `${f.members[0]} holds no ${WORKLOAD_IDENTITY_USER} on ${target.serviceAccountEmail}${users.length ? `; it is granted to ${users.join(', ')}` : '; the service account has no workloadIdentityUser binding'}`, GCP_REFUSALS.getAccessToken);
    }
    t.pass('roles/iam.workloadIdentityUser binding', bindingText(grant));
    return t.accept(`${via} and binding ${bindingText(grant)}`, grant.ref);
  }
  const index = gcpIndex(graph);
  const grants = bindingsOfMembers(graph, index, f.members).filter(b => memberOf(b) && b.role !== WORKLOAD_IDENTITY_USER
    && (target.resource === undefined || b.resource === target.resource) && (target.role === undefined || b.role === target.role));
  if (grants.length === 0) {
    if (index.someMemberUnresolved) t.markUndecided();
    return t.refuse('role binding for the federated principal', `${f.members[0]} (and its principal sets) hold no role${target.resource ? ` on ${target.resource}` : ''}${target.role ? ` of ${target.role}` : ''}`, GCP_REFUSALS.noRole);
  }
  t.pass('role binding for the federated principal', grants.map(bindingText).join('; '));
  return t.accept(`${via} and binding ${bindingText(grants[0])}`, grants[0].ref);
}

/** The enabled providers a name names, in the graph's order. */
function providersNamed(graph: TrustGraph, name: string): GcpProvider[] {
  const index = gcpIndex(graph);
  let named = index.named.get(name);
  if (!named) index.named.set(name, named = index.enabledProviders.filter(p => providerNamed(p, name)));
  return named;
}

const providerTexts = new WeakMap<readonly GcpProvider[], string>();

/** `; providers: id ("issuer"), …` (empty without providers), once per list. */
function providersText(providers: readonly GcpProvider[]): string {
  let text = providerTexts.get(providers);
  if (text === undefined) {
    const seen = providers.map(p => `${show(p.providerId)} (${p.awsAccountId !== undefined ? `AWS account ${show(p.awsAccountId)}` : q(show(p.issuerUri))})`);
    providerTexts.set(providers, text = seen.length ? `; providers: ${seen.join(', ')}` : '');
  }
  return text;
}

/** A label for the target in results. */
export function gcpTargetLabel(target: GcpFederationTarget): string {
  if (target.kind === 'impersonation') return target.serviceAccountEmail;
  return `direct access${target.role ? ` ${target.role}` : ''}${target.resource ? ` on ${target.resource}` : ''}`;
}

/** Presents a token to GCP's STS (and IAM) for a service account or direct access. */
export function evaluateGcpFederation(graphIn: TrustGraph, tokenIn: Token, target: GcpFederationTarget, options: SimulateOptions = {}): ExchangeResult {
  const graph = cleanGraph(graphIn); const token = cleanToken(tokenIn);
  const now = options.now ?? nowSeconds();
  const iss = token.claims.iss ?? '';
  const aws = isAwsCallerIdentity(token.claims);
  const label = gcpTargetLabel(target);
  const path = 'workload identity federation';
  const named = target.provider ? providersNamed(graph, target.provider) : gcpIndex(graph).enabledProviders;
  const candidates = aws ? named.filter(p => p.awsAccountId !== undefined) : named.filter(p => p.issuerUri === iss);
  if (candidates.length === 0) {
    const t = new Trace('gcp', label, path);
    const scope = target.provider ? `provider ${target.provider}` : 'the pools';
    const seen = providersText(named);
    if (aws) return t.refuse('workload identity pool provider', `no enabled AWS provider in ${scope}${seen}`, GCP_REFUSALS.awsProvider);
    if (named.some(p => isUnresolved(p.issuerUri))) t.markUndecided();
    return t.refuse('workload identity pool provider', `no enabled provider in ${scope} has issuer_uri ${q(iss)}${seen}`, GCP_REFUSALS.issuer(iss));
  }
  // The caller names the provider (the credential configuration's audience); without it, any
  // provider with this issuer may be tried: the token gets in if one of them lets it.
  let best: ExchangeResult | undefined;
  for (const provider of candidates) {
    const t = new Trace('gcp', label, path);
    t.pass('workload identity pool provider', aws ? `${show(provider.providerId)} (${provider.ref.resource}) is an AWS provider (aws.account_id ${q(show(provider.awsAccountId))})`
      : `${show(provider.providerId)} (${provider.ref.resource}) has issuer_uri ${q(iss)}`);
    if (!aws) {
      // The provider's jwks_json when it has one, else the JWKS the issuer publishes.
      const inline = typeof provider.jwksJson === 'string' ? jwksKeys(provider.jwksJson) : undefined;
      const signature = checkSignature(token, inline ?? publishedFor(graph, iss)?.keys, inline ? 'the provider\'s jwks_json' : `the JWKS published for ${iss}`);
      if (signature.kind === 'no-key' || signature.kind === 'bad-signature') {
        const r = t.refuse('token signature', signature.detail, GCP_REFUSALS.signature);
        if (!best || progress(r.steps) > progress(best.steps)) best = r;
        continue;
      }
      if (signature.kind === 'verified') t.pass('token signature', signature.detail);
    }
    const f = exchange(t, token, provider, now);
    const r = 'members' in f ? authorize(t, graph, f, target) : f;
    if (r.accepted) return r;
    if (!best || progress(r.steps) > progress(best.steps)) best = r;
  }
  return best!;
}

function progress(steps: readonly Step[]): number {
  return steps.filter(s => s.ok).length;
}

/** The keys of a `jwks_json`, or undefined when it is no key set. */
function jwksKeys(text: string): Array<Record<string, unknown>> | undefined {
  try {
    const v = JSON.parse(text);
    return Array.isArray(v?.keys) ? v.keys.filter((k: unknown) => typeof k === 'object' && k !== null) : undefined;
  } catch {
    return undefined;
  }
}
