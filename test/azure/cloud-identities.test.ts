import { synthesizeAzureTerraform } from '../../lib/azure/synthesize';
import { cloudModel, SA_UNIQUE_ID, SUBSCRIPTION } from '../model/fixtures';
import { expectValidTerraform, onlyResource, terraformOf, withoutVersions } from '../terraform/helpers';

const FILE = 'terraform/azure-acme/cdk.tf.json';
const STORAGE = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/acmelanding`;

describe('Entra renderer: a Google service account as token source', () => {
  const given = () => {
    const m = cloudModel();
    const access = m.dataflow.grantAzure(m.azure, { application: 'dataflow-reader', roleAssignments: [{ role: 'Storage Blob Data Reader', scope: STORAGE }] });
    return { ...m, access };
  };

  test('GIVEN a Dataflow worker granted an application WHEN synthesized THEN a federated credential for accounts.google.com with exactly its unique id and the tenant\'s audience', () => {
    const { model, access } = given();
    const doc = terraformOf(synthesizeAzureTerraform(model), FILE);
    expectValidTerraform(doc);
    const [name, credential] = onlyResource(doc, 'azuread_application_federated_identity_credential');
    expect(name).toBe('app_dataflow_reader__google-dataflow-worker');
    expect(credential).toMatchObject({
      application_id: '${azuread_application.app_dataflow_reader.id}',
      display_name: 'google-dataflow-worker',
      description: 'crossfed: workload google/dataflow-worker',
      issuer: 'https://accounts.google.com',
      subject: SA_UNIQUE_ID,
      audiences: ['api://AzureADTokenExchange'],
    });
    expect(access.credential.subject).toBe(SA_UNIQUE_ID);
    expect(onlyResource(doc, 'azurerm_role_assignment')[1]).toMatchObject({ scope: STORAGE, principal_id: '${azuread_service_principal.app_dataflow_reader.object_id}' });
    expect(withoutVersions(doc)).toMatchSnapshot();
  });
});
