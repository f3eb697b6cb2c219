/**
 * The simulator runs inside `crossfed check` on hand-written artifacts: whatever the parsers
 * hand it, it returns a verdict and never throws.
 */
import * as fc from 'fast-check';
import { EKS, ENTRA_AUDIENCE, GCP_AUDIENCE, GSA, k8sToken, NOW, pipelineGraph, ROLE_ARN } from './fixtures';
import { TrustGraph } from '../../../lib/verify/graph';
import { explainToken } from '../../../lib/verify/simulate/explain';
import { negativeMatrix } from '../../../lib/verify/simulate/negative-matrix';

const junk = fc.oneof(fc.anything(), fc.constant({ unresolved: '${x}' }), fc.constant(undefined), fc.constant(null), fc.string(), fc.array(fc.anything(), { maxLength: 3 }));

/** Replaces one field of one graph object with junk. */
const mutation = fc.tuple(
  fc.constantFrom<[keyof TrustGraph['aws'] | keyof TrustGraph['azure'] | keyof TrustGraph['gcp'], string]>(
    ['providers', 'url'], ['providers', 'clientIds'], ['providers', 'arn'], ['roles', 'trustPolicy'], ['roles', 'arn'], ['roles', 'accountId'],
    ['credentials', 'issuer'], ['credentials', 'subject'], ['credentials', 'audiences'], ['credentials', 'parent'], ['identities', 'clientId'],
    ['providers', 'attributeMapping'], ['providers', 'attributeCondition'], ['providers', 'allowedAudiences'], ['providers', 'issuerUri'], ['providers', 'projectNumber'],
    ['bindings', 'member'], ['bindings', 'resource'], ['bindings', 'role'],
  ),
  fc.constantFrom('aws', 'azure', 'gcp'),
  junk,
);

/** Trust policies with junk in every element. */
const junkPolicy = fc.record({
  Statement: fc.oneof(junk, fc.array(fc.record({
    Effect: junk, Principal: junk, Action: junk, NotAction: junk, Condition: fc.oneof(junk, fc.dictionary(fc.string(), fc.dictionary(fc.string(), junk))),
  }, { requiredKeys: [] }), { maxLength: 3 })),
});

describe('robustness', () => {
  test('GIVEN 1,000 graphs with one field replaced by anything WHEN tokens are explained and the matrix runs THEN every call returns verdicts', () => {
    fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), junkPolicy, (mutations, policy) => {
      const g = pipelineGraph() as any;
      for (const [collection, field, value] of mutations.map(([[c, f], cloud, v]) => [c, f, v, cloud] as const)) {
        for (const cloud of ['aws', 'azure', 'gcp']) if (g[cloud][collection]?.[0]) g[cloud][collection][0] = { ...g[cloud][collection][0], [field]: value };
      }
      g.aws.roles.push({ ...g.aws.roles[0], arn: `${ROLE_ARN}-junk`, trustPolicy: policy });
      const report = explainToken(g, k8sToken({ aud: 'sts.amazonaws.com' }), { now: NOW });
      expect(report.results.length).toBeGreaterThan(0);
      const matrix = negativeMatrix(g, [
        { label: 'aws', token: k8sToken({ aud: 'sts.amazonaws.com' }), target: { cloud: 'aws', kind: 'web-identity', roleArn: `${ROLE_ARN}-junk` } },
        { label: 'azure', token: k8sToken({ aud: ENTRA_AUDIENCE }), target: { cloud: 'azure', kind: 'federated-credential', identity: { id: 'azuread_application.pipeline_reader' } } },
        { label: 'gcp', token: k8sToken({ aud: GCP_AUDIENCE }), target: { cloud: 'gcp', kind: 'impersonation', serviceAccountEmail: GSA } },
      ], { now: NOW });
      expect(matrix.tried).toBeGreaterThan(0);
    }), { numRuns: 1000, seed: 20260711 });
  });

  test('GIVEN tokens with claims of the wrong types WHEN explained THEN verdicts come back', () => {
    fc.assert(fc.property(fc.record({ 'iss': junk, 'sub': junk, 'aud': junk, 'exp': junk, 'iat': junk, 'kubernetes.io': junk }, { requiredKeys: [] }), claims => {
      expect(explainToken(pipelineGraph(), { claims: { iss: EKS, ...(claims as object) } as any }, { now: NOW }).results).toHaveLength(3);
    }), { numRuns: 500, seed: 20260712 });
  });
});
