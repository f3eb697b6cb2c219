import { AKS, EKS, ENTRA_AUDIENCE, entraApp, fic, k8sToken, NOW, pipelineGraph } from './fixtures';
import { credentialsOf, evaluateEntra } from '../../../lib/verify/simulate/entra';
import { evaluateExchange } from '../../../lib/verify/simulate/exchange';

const opts = { now: NOW + 60 };
const entra = (o: Parameters<typeof k8sToken>[0] = {}) => k8sToken({ aud: ENTRA_AUDIENCE, ...o });

describe('Entra federated identity credentials', () => {
  test('GIVEN a byte-equal credential WHEN the token is presented THEN it is accepted and the grant names the credential', () => {
    const r = evaluateEntra(pipelineGraph(), entra(), entraApp(), opts);
    expect(r).toMatchObject({ cloud: 'azure', identity: 'application "pipeline-reader" (client id 0a0a0a0a-1111-2222-3333-444444444444)', accepted: true });
    expect(r.steps.map(s => s.check)).toEqual(['assertion lifetime', 'assertion validity window', 'federated credential issuer', 'federated credential audience', 'federated credential subject']);
    expect(r.grantedBy).toBe(`federated identity credential prod-eks-pipeline (azuread_application_federated_identity_credential.prod_eks_pipeline) on application "pipeline-reader" (client id 0a0a0a0a-1111-2222-3333-444444444444): issuer "${EKS}", subject "system:serviceaccount:data:pipeline", audience "${ENTRA_AUDIENCE}"`);
  });

  test('GIVEN an AKS credential without the trailing slash WHEN the AKS token is presented THEN AADSTS700211 and the detail points at the slash', () => {
    const g = pipelineGraph();
    g.azure.credentials[0] = fic({ issuer: AKS.slice(0, -1) });
    const r = evaluateEntra(g, entra({ iss: AKS }), entraApp(), opts);
    expect(r.reason).toBe(`AADSTS700211: No matching federated identity record found for presented assertion issuer '${AKS}'`);
    expect(r.steps.at(-1)!.detail).toBe(`iss "${AKS}" is byte-equal to no credential's issuer; prod-eks-pipeline has "${AKS.slice(0, -1)}", which differs only in the trailing slash`);
  });

  test('GIVEN a credential with two audiences WHEN presented THEN no credential matches the audience, and the detail says why', () => {
    const g = pipelineGraph();
    g.azure.credentials[0] = fic({ audiences: [ENTRA_AUDIENCE, 'sts.amazonaws.com'] });
    const r = evaluateEntra(g, entra(), entraApp(), opts);
    expect(r.reason).toBe(`AADSTS700212: No matching federated identity record found for presented assertion audience '${ENTRA_AUDIENCE}'`);
    expect(r.steps.at(-1)!.detail).toContain('prod-eks-pipeline (azuread_application_federated_identity_credential.prod_eks_pipeline) does not have exactly one audience');
  });

  test('GIVEN an expired token WHEN presented THEN AADSTS700024 before any credential is consulted', () => {
    expect(evaluateEntra(pipelineGraph(), entra({ iat: NOW - 7200 }), entraApp(), opts).reason).toBe('AADSTS700024: Client assertion is not within its valid time range.');
  });

  test('GIVEN a token lifetime of 25 hours WHEN presented THEN it is within 1.01:00:00; one second more is not', () => {
    expect(evaluateEntra(pipelineGraph(), entra({ lifetime: 90000 }), entraApp(), opts).accepted).toBe(true);
    expect(evaluateEntra(pipelineGraph(), entra({ lifetime: 90001 }), entraApp(), opts).reason).toMatch(/^AADSTS70023:/);
  });

  test('GIVEN a token signed with ES256 WHEN presented THEN Entra refuses the algorithm', () => {
    const t = { ...entra(), header: { alg: 'ES256' } };
    expect(evaluateEntra(pipelineGraph(), t, entraApp(), opts).reason).toBe('crossfed: Entra ID accepts only RS256-signed assertions, and this token is signed with ES256');
  });

  test('GIVEN a service principal and its application WHEN the service principal is targeted THEN the application\'s credentials count', () => {
    const g = pipelineGraph();
    const sp = entraApp({ id: 'azuread_service_principal.pipeline_reader', kind: 'service-principal' });
    g.azure.identities.push(sp);
    expect(credentialsOf(g, sp).map(c => c.name)).toEqual(['prod-eks-pipeline']);
    expect(evaluateEntra(g, entra(), sp, opts).accepted).toBe(true);
  });

  test('GIVEN a client id the artifacts do not hold WHEN targeted THEN AADSTS700016', () => {
    const r = evaluateExchange(pipelineGraph(), entra(), { cloud: 'azure', kind: 'federated-credential', identity: { clientId: 'ffffffff-0000-0000-0000-000000000000' } }, opts);
    expect(r.reason).toBe('AADSTS700016: Application with identifier \'ffffffff-0000-0000-0000-000000000000\' was not found in the directory');
  });

  test('GIVEN an unresolved credential subject WHEN nothing else matches THEN the refusal is undecided', () => {
    const g = pipelineGraph();
    g.azure.credentials[0] = fic({ subject: { unresolved: '${var.subject}' } });
    expect(evaluateEntra(g, entra(), entraApp(), opts)).toMatchObject({ accepted: false, undecided: true, reason: 'AADSTS700213: No matching federated identity record found for presented assertion subject \'system:serviceaccount:data:pipeline\'' });
  });

  test('GIVEN a flexible credential WHEN presented THEN crossfed says it does not evaluate it', () => {
    const g = pipelineGraph();
    g.azure.credentials[0] = fic({ claimsMatchingExpression: "claims['sub'] matches 'repo:acme/*'" });
    const r = evaluateEntra(g, entra(), entraApp(), opts);
    expect(r.accepted).toBe(false);
    expect(r.steps.find(s => s.check === 'flexible federated credentials')!.detail).toMatch(/crossfed does not evaluate/);
  });
});
