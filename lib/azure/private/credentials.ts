import { fail } from './terraform';
import { EntraIdentity, EntraIdentityKind, FederatedCredentialSpec, MAX_FEDERATED_CREDENTIALS } from '../../model/azure';

/** Entra's rule for federated credential names. @see https://learn.microsoft.com/graph/api/resources/federatedidentitycredential */
const CREDENTIAL_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{2,119}$/;

/**
 * Checks, again, what Entra ID enforces on the credentials of one application or managed
 * identity, before anything is rendered: the model validates every grant, and this guard keeps
 * an identity assembled any other way from producing a plan that Entra would refuse halfway.
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations
 */
export function checkCredentials(where: string, identity: EntraIdentity): FederatedCredentialSpec[] {
  const credentials = identity.credentials;
  const what = identity.kind === EntraIdentityKind.APPLICATION ? 'application' : 'managed identity';
  if (credentials.length > MAX_FEDERATED_CREDENTIALS) {
    fail(where, 'credentials', credentials.length, `are too many for ${what} "${identity.displayName}": Entra ID allows ${MAX_FEDERATED_CREDENTIALS} federated credentials per ${what}`,
      `at most ${MAX_FEDERATED_CREDENTIALS}`, `spread the workloads over several ${what === 'application' ? 'applications' : 'managed identities'} (e.g. "${identity.displayName}-2")`);
  }
  const names = new Set<string>();
  const pairs = new Set<string>();
  for (const c of credentials) {
    if (!CREDENTIAL_NAME.test(c.name)) {
      fail(where, 'credentialName', c.name, 'is not a valid federated credential name', '3–120 characters of letters, digits, "_" and "-", the first a letter or digit', 'choose e.g. "prod-eks-data-pipeline"');
    }
    if (names.has(c.name.toLowerCase())) fail(where, 'credentialName', c.name, `is used twice on ${what} "${identity.displayName}"`, 'names unique per parent', 'rename one of the credentials');
    names.add(c.name.toLowerCase());
    if (pairs.has(`${c.issuer}\n${c.subject}`)) fail(where, 'subject', c.subject, `has two federated credentials for issuer ${c.issuer} on ${what} "${identity.displayName}"`, 'issuer + subject unique per parent', 'remove the duplicate grant');
    pairs.add(`${c.issuer}\n${c.subject}`);
    if (!/^https:\/\/\S+$/.test(c.issuer) || c.issuer.length > 600) fail(where, 'issuer', c.issuer, 'is not an https issuer URL of at most 600 characters', 'the `iss` of the tokens, byte for byte', 'declare the issuer in the model');
    if (c.subject.length === 0 || c.subject.length > 600) fail(where, 'subject', c.subject, 'is empty or longer than 600 characters', '1–600 characters', 'use the exact `sub` of the tokens');
    if (typeof c.audience !== 'string' || c.audience.length === 0 || c.audience.length > 600 || /\s/.test(c.audience)) {
      fail(where, 'audience', c.audience, 'is not one audience', 'exactly one audience of 1–600 characters, no spaces', 'leave the tenant\'s audience at its default "api://AzureADTokenExchange"');
    }
  }
  return credentials;
}
