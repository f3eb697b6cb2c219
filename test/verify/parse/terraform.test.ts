import { parseArtifacts } from '../../../lib/verify';

const tf = (config: unknown, path = 'azure/cdk.tf.json', options = {}) => parseArtifacts([{ path, content: JSON.stringify(config, null, 2) }], options);

describe('Terraform JSON parser', () => {
  test('GIVEN cdktf output WHEN parsed THEN references between resources resolve and parents are linked', () => {
    const g = tf({
      '//': { metadata: { version: '0.21.0' } },
      'locals': { audience: 'api://AzureADTokenExchange' },
      'resource': {
        azuread_application: { app: { '//': { metadata: { path: 'x' } }, 'display_name': 'pipeline' } },
        azuread_service_principal: { sp: { client_id: '${azuread_application.app.client_id}' } },
        azuread_application_federated_identity_credential: { c: { application_id: '${azuread_application.app.id}', display_name: 'c-${azuread_application.app.display_name}', issuer: 'https://i', subject: 's', audiences: ['${local.audience}'] } },
        azurerm_role_assignment: { r: { scope: '${data.azurerm_storage_account.x.id}', role_definition_name: 'Reader', principal_id: '${azuread_service_principal.sp.object_id}' } },
      },
    });
    expect(g.parseErrors).toEqual([]);
    expect(g.azure.credentials[0]).toMatchObject({ parent: 'azuread_application.app', name: 'c-pipeline', audiences: ['api://AzureADTokenExchange'], ref: { file: 'azure/cdk.tf.json', resource: 'azuread_application_federated_identity_credential.c', line: 27 } });
    expect(g.azure.roleAssignments[0]).toMatchObject({ identity: 'azuread_application.app', scope: { unresolved: '${data.azurerm_storage_account.x.id}' } });
    expect(g.azure.identities.map(i => [i.id, i.kind, i.displayName])).toEqual([['azuread_application.app', 'application', 'pipeline'], ['azuread_service_principal.sp', 'service-principal', 'pipeline']]);
  });

  test('GIVEN credentials on identities the set does not create WHEN parsed THEN the existing application (by object id) and managed identity (by resource id) are identities of the graph, client ids unknown', () => {
    const mi = '/subscriptions/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/loader';
    const g = tf({
      resource: {
        azuread_application_federated_identity_credential: { c: { application_id: '/applications/c0ffee00-0000-4000-8000-0000000000aa', display_name: 'c', issuer: 'https://i', subject: 's', audiences: ['api://AzureADTokenExchange'] } },
        azurerm_federated_identity_credential: { m: { parent_id: mi, name: 'm', issuer: 'https://i', subject: 's', audience: ['api://AzureADTokenExchange'], resource_group_name: 'rg' } },
      },
    });
    expect(g.azure.credentials.map(c => c.parent)).toEqual(['/applications/c0ffee00-0000-4000-8000-0000000000aa', mi]);
    expect(g.azure.identities.map(i => [i.id, i.kind, i.displayName, i.clientId])).toEqual([
      ['/applications/c0ffee00-0000-4000-8000-0000000000aa', 'application', { unresolved: 'display name of the existing application /applications/c0ffee00-0000-4000-8000-0000000000aa' }, { unresolved: 'client id of the existing application /applications/c0ffee00-0000-4000-8000-0000000000aa' }],
      [mi, 'managed-identity', 'loader', { unresolved: `client id of the existing managed identity ${mi}` }],
    ]);
  });

  test('GIVEN a GCP configuration WHEN parsed THEN a service account\'s email is derived and bindings name it', () => {
    const g = tf({
      resource: {
        google_iam_workload_identity_pool: { pool: { workload_identity_pool_id: 'crossfed', project: 'acme-data' } },
        google_iam_workload_identity_pool_provider: { p: { workload_identity_pool_id: '${google_iam_workload_identity_pool.pool.workload_identity_pool_id}', workload_identity_pool_provider_id: 'eks', project: 'acme-data', attribute_mapping: { 'google.subject': 'assertion.sub' }, oidc: [{ issuer_uri: 'https://i', allowed_audiences: ['a'] }] } },
        google_service_account: { sa: { account_id: 'reader', project: 'acme-data' }, noproject: { account_id: 'other' } },
        google_service_account_iam_binding: { b: { service_account_id: '${google_service_account.sa.name}', role: 'roles/iam.workloadIdentityUser', members: ['principal://x/subject/a', 'principal://x/subject/b'] } },
        google_storage_bucket_iam_member: { m: { bucket: 'raw', role: 'roles/storage.objectViewer', member: 'serviceAccount:${google_service_account.sa.email}' } },
      },
    }, 'gcp/cdk.tf.json', { gcpProjectNumbers: { 'acme-data': '123' } });
    expect(g.gcp.providers[0]).toMatchObject({ pool: 'google_iam_workload_identity_pool.pool', poolId: 'crossfed', providerId: 'eks', projectNumber: '123', issuerUri: 'https://i', allowedAudiences: ['a'] });
    expect(g.gcp.serviceAccounts.map(s => s.email)).toEqual([{ unresolved: '${google_service_account.noproject.email}', parts: ['other@', null, '.iam.gserviceaccount.com'] }, 'reader@acme-data.iam.gserviceaccount.com']);
    expect(g.gcp.bindings.map(b => [b.resourceType, b.resource, b.member])).toEqual([
      ['service-account', 'reader@acme-data.iam.gserviceaccount.com', 'principal://x/subject/a'],
      ['service-account', 'reader@acme-data.iam.gserviceaccount.com', 'principal://x/subject/b'],
      ['bucket', 'raw', 'serviceAccount:reader@acme-data.iam.gserviceaccount.com'],
    ]);
  });

  test('GIVEN files of two directories WHEN parsed THEN references do not cross configurations', () => {
    const a = { path: 'a/main.tf.json', content: JSON.stringify({ resource: { azuread_application: { app: { display_name: 'x' } } } }) };
    const b = { path: 'b/main.tf.json', content: JSON.stringify({ resource: { azuread_application_federated_identity_credential: { c: { application_id: '${azuread_application.app.id}', display_name: 'c', issuer: 'i', subject: 's', audiences: ['a'] } } } }) };
    expect(parseArtifacts([a, b]).azure.credentials[0].parent).toEqual({ unresolved: '${azuread_application.app.id}' });
  });

  test('GIVEN variables, escapes and function calls WHEN parsed THEN given variables resolve, $${ stays literal, functions stay unresolved', () => {
    const g = tf({ resource: { azurerm_federated_identity_credential: { c: { name: 'n', parent_id: 'p', issuer: '${var.issuer}', subject: 'system:serviceaccount:$${ns}:x', audience: ['${lower("A")}'] } } } }, 'main.tf.json', { parameters: { 'var.issuer': 'https://i' } });
    expect(g.azure.credentials[0]).toMatchObject({ issuer: 'https://i', subject: 'system:serviceaccount:${ns}:x', audiences: [{ unresolved: '${lower("A")}' }] });
  });

  test('GIVEN a resource with count WHEN referenced THEN unresolved', () => {
    const g = tf({ resource: { azuread_application: { app: { count: 2, display_name: 'x' } }, azuread_application_federated_identity_credential: { c: { application_id: 'x', display_name: '${azuread_application.app[0].display_name}', issuer: 'i', subject: 's', audiences: [] } } } });
    expect(g.azure.credentials[0].name).toEqual({ unresolved: '${azuread_application.app[0].display_name}' });
  });

  test('GIVEN invalid JSON WHEN parsed THEN a parse error with its position', () => {
    expect(parseArtifacts([{ path: 'x.tf.json', content: '{"resource": {"a": }}' }]).parseErrors).toEqual([{ file: 'x.tf.json', line: 1, column: 20, message: 'is not valid JSON: unexpected "}", expected a value' }]);
  });
});
