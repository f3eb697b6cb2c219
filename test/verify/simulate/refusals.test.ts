/**
 * Every row of REFERENCE.md's "How each cloud says no", reproduced by a fixture.
 */
import { AKS, ENTRA_AUDIENCE, entraApp, EKS, GCP_AUDIENCE, GSA, gcpProvider, k8sToken, NOW, pipelineGraph, role } from './fixtures';
import { evaluateAwsWebIdentity } from '../../../lib/verify/simulate/aws-web-identity';
import { evaluateEntra } from '../../../lib/verify/simulate/entra';
import { evaluateGcpFederation } from '../../../lib/verify/simulate/gcp-federation';
import { projectedTokenRefusal } from '../../../lib/verify/simulate/workload-tokens';

const opts = { now: NOW + 60 };
const impersonate = { kind: 'impersonation' as const, serviceAccountEmail: GSA };

describe('AWS says no in its own words', () => {
  test('GIVEN a token whose issuer has no OIDC provider in the account WHEN exchanged THEN "No OpenIDConnect provider found"', () => {
    const r = evaluateAwsWebIdentity(pipelineGraph(), k8sToken({ iss: AKS, aud: 'sts.amazonaws.com' }), role(), opts);
    expect(r.accepted).toBe(false);
    expect(r.reason).toBe(`InvalidIdentityToken: No OpenIDConnect provider found in your account for ${AKS}`);
  });

  test('GIVEN an audience that is not a client ID of the provider WHEN exchanged THEN "Incorrect token audience"', () => {
    const r = evaluateAwsWebIdentity(pipelineGraph(), k8sToken({ aud: ENTRA_AUDIENCE }), role(), opts);
    expect(r.reason).toBe('InvalidIdentityToken: Incorrect token audience');
  });

  test('GIVEN trust conditions on sub that do not match WHEN exchanged THEN "Not authorized to perform sts:AssumeRoleWithWebIdentity"', () => {
    const r = evaluateAwsWebIdentity(pipelineGraph(), k8sToken({ ns: 'default', aud: 'sts.amazonaws.com' }), role(), opts);
    expect(r.reason).toBe('AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity');
  });

  test('GIVEN a legacy token without aud WHEN exchanged THEN "Missing a required claim: aud"', () => {
    const r = evaluateAwsWebIdentity(pipelineGraph(), k8sToken({ lifetime: 365 * 86400 }), role(), opts);
    expect(r.reason).toBe('InvalidIdentityToken: Missing a required claim: aud');
  });

  test('GIVEN an expired token WHEN exchanged THEN "Token expired: current date/time … must be before the expiration date/time …"', () => {
    const r = evaluateAwsWebIdentity(pipelineGraph(), k8sToken({ aud: 'sts.amazonaws.com', iat: NOW - 7200 }), role(), opts);
    expect(r.reason).toBe(`ExpiredTokenException: Token expired: current date/time ${NOW + 60} must be before the expiration date/time ${NOW - 3600}`);
  });
});

describe('Entra ID says no in its own words', () => {
  test('GIVEN an issuer no credential has WHEN exchanged THEN AADSTS700211 names the issuer', () => {
    const r = evaluateEntra(pipelineGraph(), k8sToken({ iss: AKS, aud: ENTRA_AUDIENCE }), entraApp(), opts);
    expect(r.reason).toBe(`AADSTS700211: No matching federated identity record found for presented assertion issuer '${AKS}'`);
  });

  test('GIVEN another audience WHEN exchanged THEN AADSTS700212 names the audience', () => {
    const r = evaluateEntra(pipelineGraph(), k8sToken({ aud: 'sts.amazonaws.com' }), entraApp(), opts);
    expect(r.reason).toBe('AADSTS700212: No matching federated identity record found for presented assertion audience \'sts.amazonaws.com\'');
  });

  test('GIVEN another subject WHEN exchanged THEN AADSTS700213 names the subject', () => {
    const r = evaluateEntra(pipelineGraph(), k8sToken({ sa: 'pipeline-evil', aud: ENTRA_AUDIENCE }), entraApp(), opts);
    expect(r.reason).toBe('AADSTS700213: No matching federated identity record found for presented assertion subject \'system:serviceaccount:data:pipeline-evil\'');
  });

  test('GIVEN a subject that matches only ignoring case WHEN exchanged THEN AADSTS7002138', () => {
    const r = evaluateEntra(pipelineGraph(), k8sToken({ sa: 'Pipeline', aud: ENTRA_AUDIENCE }), entraApp(), opts);
    expect(r.reason).toBe('AADSTS7002138: No matching federated identity record found for presented assertion subject \'system:serviceaccount:data:Pipeline\'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison.');
  });

  test('GIVEN a legacy token living a year WHEN exchanged THEN AADSTS70023', () => {
    const r = evaluateEntra(pipelineGraph(), k8sToken({ lifetime: 365 * 86400 }), entraApp(), opts);
    expect(r.reason).toBe('AADSTS70023: External OIDC Provider token must have a lifetime of less than or equal to 1.01:00:00');
  });
});

describe('GCP says no in its own words', () => {
  test('GIVEN an audience the provider does not allow WHEN exchanged THEN invalid_grant names the token\'s audience', () => {
    const r = evaluateGcpFederation(pipelineGraph(), k8sToken({ aud: 'sts.amazonaws.com' }), impersonate, opts);
    expect(r.reason).toBe('invalid_grant: The audience in ID Token [sts.amazonaws.com] does not match the expected audience.');
  });

  test('GIVEN a token the attribute condition rejects WHEN exchanged THEN unauthorized_client', () => {
    const r = evaluateGcpFederation(pipelineGraph(), k8sToken({ sa: 'pipeline-evil', aud: GCP_AUDIENCE }), impersonate, opts);
    expect(r.reason).toBe('unauthorized_client: The given credential is rejected by the attribute condition.');
  });

  test('GIVEN a google.subject over 127 bytes WHEN exchanged THEN invalid_request', () => {
    const g = pipelineGraph();
    g.gcp.providers[0] = gcpProvider({ attributeCondition: undefined });
    const r = evaluateGcpFederation(g, k8sToken({ ns: 'n'.repeat(63), sa: 's'.repeat(60), aud: GCP_AUDIENCE }), impersonate, opts);
    expect(r.reason).toBe('invalid_request: The size of mapped attribute google.subject exceeds the 127 bytes limit.');
  });

  test('GIVEN no workloadIdentityUser binding for the principal WHEN exchanged THEN getAccessToken is denied', () => {
    const g = pipelineGraph();
    g.gcp.bindings.length = 0;
    const r = evaluateGcpFederation(g, k8sToken({ aud: GCP_AUDIENCE }), impersonate, opts);
    expect(r.reason).toBe('Permission \'iam.serviceAccounts.getAccessToken\' denied on resource (or it may not exist).');
  });
});

describe('Kubernetes says no in its own words', () => {
  test('GIVEN expirationSeconds under 600 WHEN the API server admits the projection THEN "may not specify a duration less than 10 minutes"', () => {
    expect(projectedTokenRefusal(300)).toBe('spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes');
    expect(projectedTokenRefusal(600)).toBeUndefined();
  });
});

test('GIVEN the fixtures WHEN the intended tokens are presented THEN every cloud accepts them (the refusals above are not fixture accidents)', () => {
  const g = pipelineGraph();
  expect(evaluateAwsWebIdentity(g, k8sToken({ aud: 'sts.amazonaws.com' }), role(), opts).accepted).toBe(true);
  expect(evaluateEntra(g, k8sToken({ aud: ENTRA_AUDIENCE }), entraApp(), opts).accepted).toBe(true);
  expect(evaluateGcpFederation(g, k8sToken({ aud: GCP_AUDIENCE }), impersonate, opts).accepted).toBe(true);
  expect(EKS).toBe(k8sToken().claims.iss);
});
