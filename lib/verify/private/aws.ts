/** The AWS rules' common reading of roles and their web-identity trust. */
import { AwsRole, TrustGraph } from '../graph';
import { policyStatements, providerHostPath, TrustCondition, TrustStatement, webIdentityStatements } from './iam';

/** A web-identity statement of a role, with the issuers (host/path) its Federated principals name. */
export interface RoleStatement {
  readonly role: AwsRole;
  readonly statement: TrustStatement;
  /** Host/paths of the providers it trusts, where known. */
  readonly hostPaths: readonly string[];
  /** Whether some Federated principal's provider is unknown. */
  readonly unknownProvider: boolean;
}

/** Every web-identity statement of every role of the graph. */
export function webIdentityTrust(graph: TrustGraph): RoleStatement[] {
  const out: RoleStatement[] = [];
  for (const role of graph.aws.roles) {
    for (const statement of webIdentityStatements(policyStatements(role.trustPolicy) ?? [])) {
      // Cognito and the social providers (`cognito-identity.amazonaws.com`, `accounts.google.com` …)
      // are not OIDC providers of an account: their keys and claims follow other rules.
      if (statement.federated.every(f => typeof f === 'string' && !/(^|:)oidc-provider\//.test(f))) continue;
      const hosts = statement.federated.map(providerHostPath);
      out.push({ role, statement, hostPaths: hosts.filter((h): h is string => h !== undefined), unknownProvider: hosts.includes(undefined) });
    }
  }
  return out;
}

/** The claim a condition key ends with (`…:sub` → `sub`), lowercased. */
export function keyClaim(key: string): string | undefined {
  return /:([a-z_]+)$/i.exec(key)?.[1]?.toLowerCase();
}

/** Conditions on a claim (`sub`, `aud`) of any issuer. */
export function claimConditions(s: TrustStatement, claim: string): TrustCondition[] {
  return s.conditions.filter(c => keyClaim(c.key) === claim);
}

/** Whether a condition pins values (rather than excluding some, or holding when the key is absent). */
export function pins(c: TrustCondition): boolean {
  return ['StringEquals', 'StringEqualsIgnoreCase', 'StringLike'].includes(c.base) && c.qualifier !== 'ForAllValues' && !c.ifExists;
}

/** Whether a role's trust lets a web identity or EKS Pod Identity in (a role workloads become). */
export function isWorkloadRole(role: AwsRole): boolean {
  const st = policyStatements(role.trustPolicy) ?? [];
  return webIdentityStatements(st).length > 0 || st.some(s => s.effect === 'Allow' && s.services.includes('pods.eks.amazonaws.com'));
}

/** A statement's label for messages: its Sid or its index. */
export function statementLabel(s: TrustStatement): string {
  return s.sid ? `statement "${s.sid}"` : `statement ${s.index}`;
}
