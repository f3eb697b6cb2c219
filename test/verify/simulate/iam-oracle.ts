/**
 * The independent oracle: @cloud-copilot/iam-simulate (AGPL-3.0, a devDependency used by tests
 * only — never imported from lib/). Its safe `runSimulation` ignores generic OIDC condition
 * keys, so the oracle uses `runUnsafeSimulation`; the trust policy is handed over pre-validated
 * because the unsafe path reads the resource policy's name from its metadata.
 */
import { runUnsafeSimulation } from '@cloud-copilot/iam-simulate';
import type { TrustRequest } from '../../../lib/verify/simulate/iam-policy';

export type OracleDecision = 'allow' | 'explicit-deny' | 'implicit-deny';

/**
 * The oracle's verdict on a trust policy for one request. A principal that names no account
 * (AWS's built-in providers such as `accounts.google.com`) is cross-account to iam-simulate,
 * which then also asks for an identity policy; web identities have none, so `builtInProvider`
 * gives it an allow-all one and the trust policy alone decides, as it does in STS.
 */
export function oracleDecision(trustPolicy: unknown, request: TrustRequest, roleArn = 'arn:aws:iam::111122223333:role/r', builtInProvider = false): OracleDecision {
  const result = runUnsafeSimulation({
    request: {
      principal: request.principal.value,
      action: request.action,
      resource: { resource: roleArn, accountId: roleArn.split(':')[4] },
      contextVariables: request.context as Record<string, string | string[]>,
    },
    identityPolicies: builtInProvider ? [{ name: 'web-identity', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }] : [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: { __validated: true, policyDocument: trustPolicy, metadata: { name: 'trust-policy' }, errors: [] },
  }, {});
  switch (result) {
    case 'Allowed': return 'allow';
    case 'ExplicitlyDenied': return 'explicit-deny';
    case 'ImplicitlyDenied': return 'implicit-deny';
    default: throw new Error(`unexpected oracle result ${JSON.stringify(result)}`);
  }
}
