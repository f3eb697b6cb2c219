import { AKS, deployment, EKS, findingsOf, k8s, serviceAccount, summary, tf } from '../builders';

/** An app with a federated credential. */
function appFic(fic: Record<string, unknown>, extra: Record<string, Record<string, unknown>> = {}) {
  return tf({
    azuread_application: { app: { display_name: 'app' } },
    azuread_application_federated_identity_credential: {
      app_cred: { application_id: '${azuread_application.app.id}', display_name: 'cred', issuer: EKS, subject: 'system:serviceaccount:data:app', audiences: ['api://AzureADTokenExchange'], ...fic },
    },
    ...extra,
  });
}
const FIC = 'azuread_application_federated_identity_credential.app_cred';

describe('azure-fic-issuer-mismatch', () => {
  const id = 'azure-fic-issuer-mismatch';
  test('GIVEN the issuer tokens carry WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [appFic({})], { issuers: [EKS] })).toEqual([]);
  });
  test('GIVEN a known cluster issuer with another case WHEN checked THEN error naming it', () => {
    const f = findingsOf(id, [appFic({ issuer: EKS.replace('EXAMPLED539', 'exampled539') })], { issuers: [EKS] });
    expect(f.map(x => [x.message, x.fix])).toEqual([[`issuer "${EKS.replace('EXAMPLED539', 'exampled539')}" differs in letter case: tokens carry "${EKS}", and Entra ID compares byte for byte (AADSTS700211)`, `set issuer to "${EKS}"`]]);
  });
  test('GIVEN no known issuer, an AKS issuer without its slash WHEN checked THEN error from the issuer form alone', () => {
    const f = findingsOf(id, [appFic({ issuer: AKS.slice(0, -1) })]);
    expect(summary(f)).toEqual([`error ${FIC}: issuer "${AKS.slice(0, -1)}" lacks the trailing "/" every AKS issuer ends with: Entra ID compares it byte for byte with the token's iss (AADSTS700211)`]);
  });
});

describe('azure-fic-subject-mismatch', () => {
  const id = 'azure-fic-subject-mismatch';
  test('GIVEN a lowercase service account subject WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [appFic({})])).toEqual([]);
  });
  test('GIVEN the namespace group form WHEN checked THEN error with the subject meant', () => {
    const f = findingsOf(id, [appFic({ subject: 'system:serviceaccounts:data:app' })]);
    expect(f.map(x => [x.message, x.fix])).toEqual([['subject "system:serviceaccounts:data:app" names the group of a namespace ("system:serviceaccounts:"), which is never a token subject', 'set subject to "system:serviceaccount:data:app"']]);
  });
  test('GIVEN a subject one letter away from a service account of the cluster WHEN checked THEN a warning naming it', () => {
    const f = findingsOf(id, [appFic({ subject: 'system:serviceaccount:data:pipline' }), k8s([serviceAccount('pipeline', 'data')])], { issuers: [EKS] });
    expect(summary(f)).toEqual([`warning ${FIC}: subject "system:serviceaccount:data:pipline" names no service account of the artifacts for ${EKS}, but "system:serviceaccount:data:pipeline" is one letter or two away`]);
  });
});

describe('azure-fic-audience', () => {
  const id = 'azure-fic-audience';
  test('GIVEN api://AzureADTokenExchange WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [appFic({})])).toEqual([]);
  });
  test('GIVEN no audience WHEN checked THEN error', () => {
    expect(findingsOf(id, [appFic({ audiences: [] })]).map(x => x.message)).toEqual(['has 0 audiences (none), but Entra ID takes exactly one']);
  });
  test('GIVEN a custom audience that the pods\' tokens carry WHEN checked THEN accepted', () => {
    const pod = deployment('app', 'data', {
      env: { AZURE_CLIENT_ID: '00000000-0000-0000-0000-000000000001', AZURE_FEDERATED_TOKEN_FILE: '/var/run/secrets/azure/tokens/token' },
      volumes: [{ name: 't', projected: { sources: [{ serviceAccountToken: { audience: 'api://acme-federation', path: 'token' } }] } }],
      mounts: [{ name: 't', mountPath: '/var/run/secrets/azure/tokens' }],
    });
    expect(findingsOf(id, [appFic({ audiences: ['api://acme-federation'] }), k8s([pod])])).toEqual([]);
    expect(findingsOf(id, [appFic({ audiences: ['api://acme-federation'] })]).map(x => x.severity)).toEqual(['error']);
  });
});

describe('azure-fic-subject-wildcard', () => {
  const id = 'azure-fic-subject-wildcard';
  test('GIVEN an exact subject WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [appFic({})])).toEqual([]);
  });
  test('GIVEN "?" in the subject WHEN checked THEN error', () => {
    expect(findingsOf(id, [appFic({ subject: 'system:serviceaccount:data:app-?' })]).map(x => x.message)).toEqual(['subject "system:serviceaccount:data:app-?" contains "?", which Entra ID compares literally: no token matches']);
  });
  test('GIVEN a flexible credential for a Kubernetes issuer WHEN checked THEN error; for GitHub none', () => {
    const flexible = (issuer: string) => tf({
      azuread_application: { app: { display_name: 'app' } },
      azuread_application_flexible_federated_identity_credential: { f: { application_id: '${azuread_application.app.id}', display_name: 'f', issuer, audience: 'api://AzureADTokenExchange', claims_matching_expression: "claims['sub'] matches 'repo:acme/*'" } },
    });
    expect(findingsOf(id, [flexible(EKS)]).map(x => x.message)).toEqual([`a flexible credential (claims_matching_expression) for issuer "${EKS}": Entra ID supports them only for GitHub, GitLab and Terraform Cloud`]);
    expect(findingsOf(id, [flexible('https://token.actions.githubusercontent.com')])).toEqual([]);
  });
});

describe('azure-fic-limit', () => {
  const id = 'azure-fic-limit';
  const many = (n: number, parent = '${azuread_application.app.id}') => tf({
    azuread_application: { app: { display_name: 'app' } },
    azuread_application_federated_identity_credential: Object.fromEntries(Array.from({ length: n }, (_, i) => [`c${String(i).padStart(2, '0')}`, { application_id: parent, display_name: `c${i}`, issuer: EKS, subject: `system:serviceaccount:ns${i}:app`, audiences: ['api://AzureADTokenExchange'] }])),
  });
  test('GIVEN 20 credentials WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [many(20)])).toEqual([]);
  });
  test('GIVEN 22 credentials WHEN checked THEN one error on the 21st', () => {
    expect(summary(findingsOf(id, [many(22)]))).toEqual(['error azuread_application_federated_identity_credential.c20: azuread_application.app gets 22 federated credentials; Entra ID allows 20, so this one and the ones after it fail']);
  });
  test('GIVEN 21 credentials on an existing application by object id WHEN checked THEN counted per parent all the same', () => {
    expect(findingsOf(id, [many(21, '/applications/00000000-0000-0000-0000-00000000000a')]).map(x => x.message)).toEqual(['/applications/00000000-0000-0000-0000-00000000000a gets 21 federated credentials; Entra ID allows 20, so this one and the ones after it fail']);
  });
});

describe('azure-fic-duplicate', () => {
  const id = 'azure-fic-duplicate';
  const two = (a: Record<string, unknown>, b: Record<string, unknown>) => tf({
    azurerm_user_assigned_identity: { mi: { name: 'mi', resource_group_name: 'rg', location: 'westeurope' } },
    azurerm_federated_identity_credential: {
      a: { name: 'a', parent_id: '${azurerm_user_assigned_identity.mi.id}', issuer: EKS, subject: 'system:serviceaccount:data:app', audience: ['api://AzureADTokenExchange'], ...a },
      b: { name: 'b', parent_id: '${azurerm_user_assigned_identity.mi.id}', issuer: EKS, subject: 'system:serviceaccount:data:other', audience: ['api://AzureADTokenExchange'], ...b },
    },
  });
  test('GIVEN two subjects WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [two({}, {})])).toEqual([]);
  });
  test('GIVEN the same issuer and subject twice WHEN checked THEN error on the second', () => {
    expect(summary(findingsOf(id, [two({}, { subject: 'system:serviceaccount:data:app' })]))).toEqual([`error azurerm_federated_identity_credential.b: duplicates azurerm_federated_identity_credential.a: both give azurerm_user_assigned_identity.mi issuer "${EKS}" and subject "system:serviceaccount:data:app"`]);
  });
  test('GIVEN the same name on one parent WHEN checked THEN error', () => {
    expect(findingsOf(id, [two({}, { name: 'a' })]).map(x => x.message)).toEqual(['has the name "a" of azurerm_federated_identity_credential.a on the same parent azurerm_user_assigned_identity.mi']);
  });
});

describe('azure-scope-broad', () => {
  const id = 'azure-scope-broad';
  const assignment = (scope: string, role: Record<string, string> = { role_definition_name: 'Reader' }) => tf({ azurerm_role_assignment: { a: { scope, principal_id: '00000000-0000-0000-0000-000000000001', ...role } } });
  test('GIVEN a resource scope WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [assignment('/subscriptions/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/x')])).toEqual([]);
  });
  test('GIVEN Owner by role definition id on a management group WHEN checked THEN error', () => {
    const f = findingsOf(id, [assignment('/providers/Microsoft.Management/managementGroups/acme', { role_definition_id: '/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635' })]);
    expect(f.map(x => x.severity)).toEqual(['error']);
  });
  test('GIVEN Reader on a subscription WHEN checked THEN a warning', () => {
    expect(summary(findingsOf(id, [assignment('/subscriptions/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee')]))).toEqual(['warning azurerm_role_assignment.a: assigns "Reader" at scope "/subscriptions/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", a whole subscription or management group']);
  });
});
