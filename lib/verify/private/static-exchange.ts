/**
 * The checker's own, static answer to "would this cloud accept this token for this target?":
 * decided where the artifacts decide, `unknown` where they leave it open, with the cloud's
 * words (REFERENCE.md, "How each cloud says no").
 */
import { CredentialTarget } from '../credentials';
import { AwsRole, AzureFederatedCredential, TrustGraph, Val } from '../graph';
import { ExchangeSimulator, ExchangeVerdict, PresentedToken } from '../simulator';
import { evaluateCel } from './cel';
import {
  acceptsAudience, assertionOf, bindingsOnServiceAccount, gkeProject, isWorkloadIdentityUser, mappedAttributes, memberMatches,
  parseProviderAudience, poolName, providersForAudience, serviceAccountKnown,
} from './gcp';
import { contextValues, evaluateConditions, policyStatements, providerHostPath, webIdentityStatements } from './iam';
import { hostPath, issuerNearMiss } from './issuers';
import { identitiesWithClientId, rolesByArn } from './lookup';
import { editDistance } from './text';
import { concatVals, known, matchVal, showVal } from './val';

const UNKNOWN = (reason: string): ExchangeVerdict => ({ accepted: 'unknown', reason });

/** Entra refuses tokens living longer than 1 day and 1 hour (AADSTS70023). */
export const ENTRA_MAX_TOKEN_LIFETIME_SECONDS = 90000;

/** The role an ARN names, among the artifacts. */
export function findRole(graph: TrustGraph, arn: Val): AwsRole | undefined {
  const s = known(arn);
  if (s === undefined) return graph.aws.roles.find(r => typeof r.arn === 'object' && r.arn.unresolved === (arn as { unresolved: string }).unresolved);
  const roles = rolesByArn(graph);
  const exact = roles.byArn.get(s) ?? roles.unresolved.find(r => matchVal(r.arn, s) === 'yes');
  if (exact) return exact;
  const possible = roles.unresolved.filter(r => matchVal(r.arn, s) === 'maybe' && typeof r.roleName === 'string');
  return possible.length === 1 ? possible[0] : undefined;
}

function aws(graph: TrustGraph, token: PresentedToken, roleArn: Val): ExchangeVerdict {
  const role = findRole(graph, roleArn);
  if (!role) return UNKNOWN(`role ${showVal(roleArn)} is not among the artifacts`);
  if (token.aud.length === 0) return { accepted: false, step: 'token', reason: 'InvalidIdentityToken: Missing a required claim: aud' };
  const statements = policyStatements(role.trustPolicy);
  if (!statements) return UNKNOWN(`the trust policy of ${role.ref.resource} cannot be read`);
  const host = hostPath(token.iss);
  const web = webIdentityStatements(statements);
  const forIssuer = web.filter(s => s.federated.some(f => {
    const h = providerHostPath(f);
    return h === undefined ? typeof f !== 'string' : h === host;
  }));
  if (forIssuer.length === 0) {
    const registered = graph.aws.providers.map(p => known(p.url)).filter((u): u is string => u !== undefined);
    const nearUrl = registered.includes(token.iss) ? undefined : registered.find(u => issuerNearMiss(u, token.iss));
    if (nearUrl) {
      return { accepted: false, step: 'provider', reason: `InvalidIdentityToken: No OpenIDConnect provider found in your account for ${token.iss} (the artifacts register ${nearUrl}, which ${issuerNearMiss(nearUrl, token.iss)})` };
    }
    const trusted = [...new Set(web.flatMap(s => s.federated.map(f => providerHostPath(f) ?? showVal(f))))];
    const near = trusted.map(t => [t, issuerNearMiss(`https://${t}`, token.iss)] as const).find(([, d]) => d);
    return {
      accepted: false, step: 'trust',
      reason: `AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity (role ${role.ref.resource} trusts ${trusted.length ? trusted.map(t => `oidc-provider/${t}`).join(', ') : 'no OIDC provider'}, not oidc-provider/${host}`
        + `${near ? `: its provider ${near[1]}` : ''})`,
    };
  }
  // The provider for the token's issuer, when among the artifacts: its client ids hold the audience.
  const provider = graph.aws.providers.find(p => matchVal(p.url, token.iss) === 'yes' || providerHostPath(p.arn) === host);
  if (provider && provider.clientIds.every(c => token.aud.every(a => matchVal(c, a) === 'no'))) {
    return { accepted: false, step: 'audience', reason: `InvalidIdentityToken: Incorrect token audience (token aud ${token.aud.map(a => `"${a}"`).join(', ')}; provider ${provider.ref.resource} lists ${provider.clientIds.map(showVal).join(', ') || 'no client id'})` };
  }
  const req = { hostPath: host, sub: token.sub, aud: token.aud };
  const denies = statements.filter(s => s.effect === 'Deny').map(s => evaluateConditions(s, req).result);
  if (denies.includes(true)) return { accepted: false, step: 'trust', reason: 'AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity (an explicit Deny statement matches)' };
  const results = forIssuer.map(s => ({ s, ...evaluateConditions(s, req) }));
  if (results.some(r => r.result === true) && !denies.includes('unknown')) return { accepted: true };
  if (results.some(r => r.result !== false)) return UNKNOWN('a condition depends on an unresolved value');
  const f = results[0];
  const failed = f.failed ? `${f.failed.operator} ${f.failed.key} ${f.failed.values.map(showVal).join(', ')}` : 'its conditions';
  const why = f.failed && contextValues(f.failed.key, req) === undefined ? `a token of ${host} never sets the key ${f.failed.key}` : `does not match sub "${token.sub}", aud "${token.aud.join('", "')}"`;
  return { accepted: false, step: 'trust', reason: `AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity (statement ${f.s.index} of ${role.ref.resource}: ${failed}${f.failed && contextValues(f.failed.key, req) === undefined ? ': ' : ' '}${why})` };
}

/** Why an Entra federated credential does not match a token: the first field Entra reports. */
export function ficMismatch(c: AzureFederatedCredential, token: PresentedToken): { field: 'issuer' | 'subject' | 'audience'; code: string; text: string } | 'unknown' | undefined {
  const iss = matchVal(c.issuer, token.iss);
  if (iss === 'no') return { field: 'issuer', code: 'AADSTS700211', text: `issuer '${token.iss}'` };
  const sub = matchVal(c.subject, token.sub);
  if (sub === 'no') {
    const caseOnly = typeof c.subject === 'string' && c.subject.toLowerCase() === token.sub.toLowerCase();
    return { field: 'subject', code: caseOnly ? 'AADSTS7002138' : 'AADSTS700213', text: `subject '${token.sub}'` };
  }
  const aud = c.audiences.length === 1 ? token.aud.map(a => matchVal(c.audiences[0], a)) : ['no' as const];
  if (!aud.includes('yes') && !aud.includes('maybe')) return { field: 'audience', code: 'AADSTS700212', text: `audience '${token.aud.join(', ')}'` };
  return iss === 'yes' && sub === 'yes' && aud.includes('yes') ? undefined : 'unknown';
}

function azure(graph: TrustGraph, token: PresentedToken, clientId: Val | undefined): ExchangeVerdict {
  if (token.lifetimeSeconds !== undefined && token.lifetimeSeconds > ENTRA_MAX_TOKEN_LIFETIME_SECONDS) {
    return { accepted: false, step: 'lifetime', reason: 'AADSTS70023: External OIDC Provider token must have a lifetime of less than or equal to 1.01:00:00' };
  }
  const id = known(clientId);
  const identities = id === undefined ? [] : identitiesWithClientId(graph, id);
  const parents = new Set(identities.map(i => i.id));
  // Without an identity of the set for the client id, the credentials that concern this token:
  // for its issuer (byte-equal or a near miss) and its subject, or a subject a typo away.
  const candidates = parents.size > 0
    ? graph.azure.credentials.filter(c => typeof c.parent === 'string' && parents.has(c.parent))
    : graph.azure.credentials.filter(c => {
      const s = known(c.subject);
      const i = known(c.issuer);
      return s !== undefined && (s.toLowerCase() === token.sub.toLowerCase() || editDistance(s, token.sub, 2) <= 2)
        && (i === undefined || i === token.iss || issuerNearMiss(i, token.iss) !== undefined);
    });
  if (candidates.length === 0) {
    return parents.size > 0
      ? { accepted: false, step: 'credential', reason: `AADSTS700213: No matching federated identity record found for presented assertion subject '${token.sub}' (${[...parents].join(', ')} has no federated credential)` }
      : UNKNOWN('no federated credential of the artifacts concerns this token');
  }
  const results = candidates.map(c => ({ c, m: ficMismatch(c, token) }));
  if (results.some(r => r.m === undefined)) return { accepted: true };
  if (results.some(r => r.m === 'unknown')) return UNKNOWN('a federated credential has an unresolved value');
  const order = { issuer: 0, subject: 1, audience: 2 };
  const best = results.sort((a, b) => order[(b.m as { field: 'issuer' }).field] - order[(a.m as { field: 'issuer' }).field])[0];
  const m = best.m as Exclude<ReturnType<typeof ficMismatch>, undefined | 'unknown'>;
  const has = m.field === 'issuer' ? `issuer ${showVal(best.c.issuer)}` : m.field === 'subject' ? `subject ${showVal(best.c.subject)}`
    : best.c.audiences.length === 1 ? `audience ${showVal(best.c.audiences[0])}` : `${best.c.audiences.length} audiences (${best.c.audiences.map(showVal).join(', ')}) where Entra ID takes exactly one`;
  const near = m.field === 'issuer' && typeof best.c.issuer === 'string' ? issuerNearMiss(best.c.issuer, token.iss) : undefined;
  return {
    accepted: false, step: 'credential',
    reason: `${m.code}: No matching federated identity record found for presented assertion ${m.text} (credential ${best.c.ref.resource} has ${has}${near ? `, which ${near}` : ''})`,
  };
}

function gcp(graph: TrustGraph, token: PresentedToken, t: Extract<CredentialTarget, { cloud: 'gcp' }>): ExchangeVerdict {
  const email = t.serviceAccountEmail;
  if (t.gkeNative) {
    if (!email || !serviceAccountKnown(graph, email)) return UNKNOWN('the Google service account is not among the artifacts');
    const project = gkeProject(token.iss);
    const ns = token.kubernetes?.namespace;
    const sa = token.kubernetes?.serviceAccount;
    const ok = bindingsOnServiceAccount(graph, email).filter(b => isWorkloadIdentityUser(b.role)).map(b => {
      const m = known(b.member) !== undefined ? /^serviceAccount:([^[]+)\.svc\.id\.goog\[([^/]+)\/([^\]]+)\]$/.exec(b.member as string) : undefined;
      if (!m) return typeof b.member === 'string' ? 'no' : 'maybe';
      return m[2] === ns && m[3] === sa && (project === undefined || m[1] === project) ? 'yes' : 'no';
    });
    if (ok.includes('yes')) return { accepted: true };
    if (ok.includes('maybe')) return UNKNOWN('a binding member is unresolved');
    const members = bindingsOnServiceAccount(graph, email).filter(b => isWorkloadIdentityUser(b.role)).map(b => showVal(b.member));
    return {
      accepted: false, step: 'binding',
      reason: `Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist). (roles/iam.workloadIdentityUser on ${showVal(email)} is bound to ${members.length > 0 ? members.join(', ') : 'no member'}, not to "serviceAccount:${project ?? '<project>'}.svc.id.goog[${ns}/${sa}]")`,
    };
  }
  const audience = known(t.audience);
  if (audience === undefined) return UNKNOWN('the credential configuration names no audience');
  if (!parseProviderAudience(audience)) return { accepted: false, step: 'audience', reason: `invalid_target: "${audience}" is not a workload identity pool provider (//iam.googleapis.com/projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>)` };
  const providers = providersForAudience(graph, audience);
  if (providers.length === 0) return graph.gcp.providers.length === 0 ? UNKNOWN('no pool provider among the artifacts') : { accepted: false, step: 'audience', reason: `invalid_target: no provider of the artifacts is ${audience}` };
  const p = providers[0];
  if (p.disabled) return { accepted: false, step: 'provider', reason: `invalid_target: provider ${p.ref.resource} is disabled` };
  const pool = graph.gcp.pools.find(x => x.id === p.pool);
  if (pool?.disabled) return { accepted: false, step: 'provider', reason: `invalid_target: pool ${pool.ref.resource} is disabled` };
  if (p.awsAccountId !== undefined) {
    return { accepted: false, step: 'provider', reason: `invalid_request: provider ${p.ref.resource} is an AWS provider (aws.account_id ${showVal(p.awsAccountId)}): it exchanges signed AWS GetCallerIdentity requests, not ID tokens` };
  }
  const iss = matchVal(p.issuerUri, token.iss);
  if (iss === 'no') {
    const near = typeof p.issuerUri === 'string' ? issuerNearMiss(p.issuerUri, token.iss) : undefined;
    return { accepted: false, step: 'provider', reason: `invalid_grant: The issuer in ID Token ${token.iss} does not match the expected issuer (provider ${p.ref.resource} has issuer_uri ${showVal(p.issuerUri)}${near ? `, which ${near}` : ''})` };
  }
  const aud = token.aud.map(a => acceptsAudience(p, a));
  if (!aud.includes('yes') && !aud.includes('maybe')) return { accepted: false, step: 'audience', reason: `invalid_grant: The audience in ID Token [${token.aud.join(', ')}] does not match the expected audience.` };
  const { values, unknown } = mappedAttributes(p, token);
  const subject = values['google.subject'];
  if (subject !== undefined && Buffer.byteLength(subject, 'utf8') > 127) return { accepted: false, step: 'mapping', reason: 'invalid_request: The size of mapped attribute google.subject exceeds the 127 bytes limit.' };
  if (p.attributeCondition !== undefined) {
    const cond = known(p.attributeCondition);
    const r = cond === undefined ? undefined : evaluateCel(cond, { assertion: assertionOf(token), google: { subject: subject ?? '' }, attribute: attributesOf(values) });
    if (r === false) return { accepted: false, step: 'condition', reason: `unauthorized_client: The given credential is rejected by the attribute condition. (provider ${p.ref.resource}: ${cond})` };
    if (r !== true) return UNKNOWN('the attribute condition cannot be evaluated statically');
  }
  if (iss === 'maybe' || !aud.includes('yes')) return UNKNOWN('the provider has unresolved values');
  if (!email) return { accepted: true };
  if (!serviceAccountKnown(graph, email)) return UNKNOWN('the Google service account is not among the artifacts');
  const users = bindingsOnServiceAccount(graph, email).filter(b => isWorkloadIdentityUser(b.role));
  const ok = users.map(b => memberMatches(b.member, p, values));
  if (ok.includes('yes')) return { accepted: true };
  if (ok.includes('maybe') || unknown.length > 0) return UNKNOWN('a binding member or a mapped attribute is unresolved');
  const members = users.map(b => showVal(b.member));
  return {
    accepted: false, step: 'binding',
    reason: `Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist). (roles/iam.workloadIdentityUser on ${showVal(email)} is bound to ${members.length > 0 ? members.join(', ') : 'no member'}, not to ${showVal(concatVals(['principal://iam.googleapis.com/', poolName(p), `/subject/${subject ?? token.sub}`]))})`,
  };
}

function attributesOf(values: Readonly<Record<string, string>>) {
  return Object.fromEntries(Object.entries(values).filter(([k]) => k.startsWith('attribute.')).map(([k, v]) => [k.slice('attribute.'.length), v]));
}

/** The checker's static exchange evaluator. */
export const staticExchange: ExchangeSimulator = {
  exchange(graph: TrustGraph, token: PresentedToken, target: CredentialTarget): ExchangeVerdict {
    switch (target.cloud) {
      case 'aws': return aws(graph, token, target.roleArn);
      case 'azure': return azure(graph, token, target.clientId);
      case 'gcp': return gcp(graph, token, target);
    }
  },
};
