import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { EntraApplication, EntraFederation, EntraManagedIdentity } from '../../lib/azure';
import { EntraIdentity, FederatedCredentialSpec } from '../../lib/model';
import { smallModel, SUBSCRIPTION } from '../model/fixtures';
import { problemOf } from '../model/helpers';

const STORAGE = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/acmeraw`;

function stack(): TerraformStack {
  const s = new TerraformStack(Testing.app(), 'azure');
  new AzureadProvider(s, 'azuread', {});
  return s;
}

/** An identity of the model whose credentials or assignments are replaced, as if assembled outside the model. */
function tampered(identity: EntraIdentity, overrides: { credentials?: FederatedCredentialSpec[]; roleAssignments?: unknown[] }): EntraIdentity {
  const props: PropertyDescriptorMap = {};
  if (overrides.credentials) props.credentials = { get: () => overrides.credentials };
  if (overrides.roleAssignments) props.roleAssignments = { get: () => overrides.roleAssignments };
  return Object.create(identity, props);
}

describe('bad input to the Entra ID renderer is refused with a clear error', () => {
  test('GIVEN 21 workloads granted one application WHEN the 21st is granted THEN the error names the limit and the fix', () => {
    const m = smallModel();
    const grant = (i: number) => m.model.addWorkload({ issuer: m.eks, namespace: 'data', serviceAccount: `job-${i}` }).grantAzure(m.azure, { application: 'shared' });
    for (let i = 1; i <= 20; i++) grant(i);
    const p = problemOf(() => grant(21));
    expect(p.message).toBe('workload[prod-eks/data/job-21].azure[acme]: application "shared" would get federated credential number 21, but Entra ID allows 20 per application. '
      + 'Allowed: at most 20 credentials per parent. Fix: spread the workloads over several applications (e.g. "shared-2")');
  });

  test('GIVEN an application with 21 credentials assembled outside the model WHEN rendered THEN the renderer refuses it at its construct path', () => {
    const m = smallModel();
    const access = m.model.addWorkload({ issuer: m.eks, namespace: 'data', serviceAccount: 'job' }).grantAzure(m.azure, { application: 'shared' });
    const credentials = Array.from({ length: 21 }, (_, i) => ({ ...access.credential, name: `job-${i}`, subject: `system:serviceaccount:data:job-${i}` }));
    const p = problemOf(() => new EntraApplication(stack(), 'Shared', { identity: tampered(access.identity, { credentials }) }));
    expect(p.where).toBe('azure/Shared');
    expect(p.message).toContain('credentials 21 are too many for application "shared": Entra ID allows 20 federated credentials per application');
    expect(p.fix).toBe('spread the workloads over several applications (e.g. "shared-2")');
  });

  test.each([
    ['two audiences in one', { audience: 'api://AzureADTokenExchange api://other' }, 'audience "api://AzureADTokenExchange api://other" is not one audience'],
    ['an invalid name', { name: '-x' }, 'credentialName "-x" is not a valid federated credential name'],
    ['a plain-http issuer', { issuer: 'http://issuer.example' }, 'issuer "http://issuer.example" is not an https issuer URL'],
  ])('GIVEN a credential with %s WHEN rendered THEN it is refused', (_what, override, message) => {
    const m = smallModel();
    const access = m.model.addWorkload({ issuer: m.eks, namespace: 'data', serviceAccount: 'job' }).grantAzure(m.azure, { application: 'shared' });
    const identity = tampered(access.identity, { credentials: [{ ...access.credential, ...override }] });
    expect(problemOf(() => new EntraApplication(stack(), 'Shared', { identity })).message).toContain(message);
  });

  test('GIVEN a subscription-wide role assignment not marked broad WHEN rendered THEN it is refused', () => {
    const m = smallModel();
    const access = m.model.addWorkload({ issuer: m.eks, namespace: 'data', serviceAccount: 'job' }).grantAzure(m.azure, { application: 'shared' });
    const identity = tampered(access.identity, { roleAssignments: [{ role: 'Owner', scope: `/subscriptions/${SUBSCRIPTION}` }] });
    const p = problemOf(() => new EntraApplication(stack(), 'Shared', { identity }));
    expect(p.message).toContain(`roleAssignments.scope "/subscriptions/${SUBSCRIPTION}" gives "Owner" over a whole subscription or management group`);
  });

  test('GIVEN a subscription-wide role assignment marked broad in the model WHEN rendered THEN it is written at that scope', () => {
    const m = smallModel();
    m.model.addWorkload({ issuer: m.eks, namespace: 'data', serviceAccount: 'job' })
      .grantAzure(m.azure, { application: 'shared', roleAssignments: [{ role: 'Reader', scope: `/subscriptions/${SUBSCRIPTION}`, allowBroadScope: true }] });
    const s = stack();
    new EntraFederation(s, 'Entra', { tenant: m.azure });
    const assignments = Object.values<any>(JSON.parse(Testing.synth(s)).resource.azurerm_role_assignment);
    expect(assignments).toEqual([expect.objectContaining({ scope: `/subscriptions/${SUBSCRIPTION}`, role_definition_name: 'Reader' })]);
  });

  test('GIVEN a managed identity WHEN passed to EntraApplication THEN the error says which construct to use', () => {
    const m = smallModel();
    const access = m.model.addWorkload({ issuer: m.aks, namespace: 'a', serviceAccount: 'b' })
      .grantAzure(m.azure, { managedIdentity: { name: 'dash', resourceGroupName: 'rg', location: 'westeurope' } });
    const p = problemOf(() => new EntraApplication(stack(), 'App', { identity: access.identity }));
    expect(p.message).toBe('azure/App: identity "dash" is a managed-identity identity, not an application. Allowed: an EntraIdentity of kind "application". Fix: use EntraManagedIdentity for managed identities');
    expect(problemOf(() => new EntraManagedIdentity(stack(), 'Mi', { identity: smallModelApp() })).fix).toBe('use EntraApplication for applications');
  });

  test('GIVEN one tenant rendered twice in one stack WHEN synthesized THEN the clashing Terraform address is refused', () => {
    const m = smallModel();
    m.model.addWorkload({ issuer: m.eks, namespace: 'data', serviceAccount: 'job' }).grantAzure(m.azure, { application: 'shared' });
    const s = stack();
    new EntraFederation(s, 'One', { tenant: m.azure });
    const p = problemOf(() => new EntraFederation(s, 'Two', { tenant: m.azure }));
    expect(p.where).toBe('azure/Two/app_shared/Resource');
    expect(p.message).toContain('Terraform address "azuread_application.app_shared" is already used by azure/One/app_shared/Resource');
  });
});

function smallModelApp(): EntraIdentity {
  const m = smallModel();
  return m.model.addWorkload({ issuer: m.eks, namespace: 'data', serviceAccount: 'job' }).grantAzure(m.azure, { application: 'x-app' }).identity;
}

test('GIVEN a role assignment scope WHEN rendered THEN the scope is exactly the model\'s (no normalisation)', () => {
  const m = smallModel();
  m.model.addWorkload({ issuer: m.eks, namespace: 'data', serviceAccount: 'job' })
    .grantAzure(m.azure, { application: 'shared', roleAssignments: [{ role: 'Storage Blob Data Reader', scope: STORAGE }] });
  const s = stack();
  new EntraFederation(s, 'Entra', { tenant: m.azure });
  const assignments = Object.values<any>(JSON.parse(Testing.synth(s)).resource.azurerm_role_assignment);
  expect(assignments.map(a => a.scope)).toEqual([STORAGE]);
});
