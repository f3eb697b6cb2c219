import { checkTerraform } from './check';
import { generatedConfig } from './generated-types';
import { ArgSpec, TERRAFORM_SCHEMA } from './schema';

/** Resource type of a schema key: `resource.azuread_application` → `azuread_application`, `provider.google` → `google`. */
const typeOf = (key: string) => key.split('.')[1];
/** The registry page of a schema key, as the generated docs link it. */
const pageOf = (key: string) => {
  const [kind, type] = key.split('.');
  if (kind === 'provider') return 'provider';
  const withoutProvider = type.replace(/^(azuread|azurerm|google)_/, '');
  return `${kind === 'data' ? 'data-sources' : 'resources'}/${withoutProvider}`;
};

describe('the Terraform schema matches the provider packages\' generated config types', () => {
  test.each(Object.entries(TERRAFORM_SCHEMA))('GIVEN %s WHEN compared with its generated config interface THEN names, required flags and types agree', (key, spec) => {
    const generated = generatedConfig(spec.package, spec.module, spec.tsInterface);
    // The module is the one for this type.
    expect(generated.tfResourceType).toBe(typeOf(key));
    const problems: string[] = [];
    const compare = (where: string, args: Readonly<Record<string, ArgSpec>>, gen: ReturnType<typeof generatedConfig>, page?: string) => {
      for (const [name, arg] of Object.entries(args)) {
        const g = gen.args.get(name);
        if (!g) {
          problems.push(`${where}.${name}: not an argument of the provider`);
          continue;
        }
        if (page && g.page !== page) problems.push(`${where}.${name}: documented on ${g.page}, not ${page}`);
        if (!!arg.required !== !g.optional) problems.push(`${where}.${name}: schema says required=${!!arg.required}, provider says ${g.optional ? 'optional' : 'required'}`);
        if (arg.type !== g.kind) problems.push(`${where}.${name}: schema type ${arg.type}, provider type ${g.kind}`);
        if (arg.block) {
          if (g.blockInterface !== arg.block.tsInterface) problems.push(`${where}.${name}: block interface ${arg.block.tsInterface}, provider ${g.blockInterface}`);
          else compare(`${where}.${name}`, arg.block.args, generatedConfig(spec.package, spec.module, arg.block.tsInterface));
        }
      }
      // Every argument the provider requires is one crossfed writes.
      for (const g of gen.args.values()) if (!g.optional && !(g.argument in args)) problems.push(`${where}.${g.argument}: required by the provider, missing from the schema`);
    };
    compare(key, spec.args, generated, pageOf(key));
    expect(problems).toEqual([]);
  });

  test('GIVEN a block interface WHEN read THEN nested arguments and their optionality come from the generated types', () => {
    const oidc = generatedConfig('@cdktf/provider-google', 'iam-workload-identity-pool-provider', 'IamWorkloadIdentityPoolProviderOidc');
    expect(oidc.args.get('issuer_uri')).toMatchObject({ property: 'issuerUri', optional: false, kind: 'string' });
    expect(oidc.args.get('allowed_audiences')).toMatchObject({ property: 'allowedAudiences', optional: true, kind: 'string[]' });
    const features = generatedConfig('@cdktf/provider-azurerm', 'provider', 'AzurermProviderConfig').args.get('features');
    expect(features).toMatchObject({ kind: 'block[]', blockInterface: 'AzurermProviderFeatures' });
  });
});

describe('checkTerraform finds what the providers would refuse', () => {
  const credential = (overrides: Record<string, unknown>) => ({
    resource: {
      azuread_application: { app: { display_name: 'pipeline' } },
      azuread_application_federated_identity_credential: {
        app__c: {
          application_id: '${azuread_application.app.id}', display_name: 'prod-eks-pipeline',
          issuer: 'https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE', subject: 'system:serviceaccount:data:pipeline',
          audiences: ['api://AzureADTokenExchange'], ...overrides,
        },
      },
    },
    provider: { azuread: [{ tenant_id: '11111111-2222-3333-4444-555555555555' }] },
  });

  test('GIVEN a compliant credential WHEN checked THEN no problem', () => {
    expect(checkTerraform(credential({}))).toEqual([]);
  });

  test.each([
    ['a missing required argument', { subject: undefined }, 'subject: is required and missing'],
    ['an unknown argument', { claims_matching_expression: 'x' }, 'claims_matching_expression: is not an argument crossfed writes'],
    ['two audiences', { audiences: ['api://AzureADTokenExchange', 'sts.amazonaws.com'] }, 'audiences: has 2 items, not 1–1'],
    ['a wildcard subject', { subject: 'system:serviceaccount:data:*' }, 'subject: "system:serviceaccount:data:*" does not match'],
    ['an invalid credential name', { display_name: '-pipeline' }, 'display_name: "-pipeline" does not match'],
    ['a list where a string belongs', { issuer: ['https://x'] }, 'issuer: is ["https://x"], not a string'],
    ['a reference to a missing resource', { application_id: '${azuread_application.other.id}' }, 'refers to azuread_application.other, which is not in this document'],
  ])('GIVEN %s WHEN checked THEN it is reported', (_what, overrides, message) => {
    expect(checkTerraform(credential(overrides)).join('\n')).toContain(message);
  });

  test('GIVEN a resource type outside the schema and a dangling depends_on WHEN checked THEN both are reported', () => {
    const problems = checkTerraform({ resource: { google_project_iam_policy: { p: { project: 'acme-data', policy_data: '{}', depends_on: ['google_service_account.gone'] } } } });
    expect(problems).toEqual([
      'google_project_iam_policy.p: resource.google_project_iam_policy is not in the schema of what crossfed writes',
    ]);
    const dangling = checkTerraform({ resource: { google_service_account: { sa: { account_id: 'pipeline', depends_on: ['google_service_account.gone'] } } } });
    expect(dangling).toEqual(['google_service_account.sa.depends_on: "google_service_account.gone" is not an element of this document']);
  });

  test('GIVEN GCP values over the limits WHEN checked THEN each is reported', () => {
    const longSubject = `system:serviceaccount:${'n'.repeat(60)}:${'s'.repeat(60)}`;
    const problems = checkTerraform({
      resource: {
        google_iam_workload_identity_pool: { p: { workload_identity_pool_id: 'gcp-pool' } },
        google_iam_workload_identity_pool_provider: {
          p: {
            workload_identity_pool_id: 'pool', workload_identity_pool_provider_id: 'eks',
            attribute_mapping: { 'attribute.sub': 'assertion.sub' }, attribute_condition: "assertion.sub.startsWith('system:serviceaccount:data:')",
            oidc: { issuer_uri: 'https://issuer', jwks_json: '{"keys":[{"kty":"RSA","kid":"k","x5c":["..."]}]}' },
          },
        },
        google_service_account_iam_member: {
          m: { service_account_id: 'projects/acme-data/serviceAccounts/pipeline@acme-data.iam.gserviceaccount.com', role: 'roles/iam.workloadIdentityUser', member: `principal://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/pool/subject/${longSubject}` },
        },
      },
    }).join('\n');
    expect(problems).toContain('workload_identity_pool_id: "gcp-pool" starts with the reserved prefix gcp-');
    expect(problems).toContain('attribute_mapping: does not map google.subject');
    expect(problems).toContain('attribute_condition: "assertion.sub.startsWith(\'system:serviceaccount:data:\')" matches by prefix or pattern');
    expect(problems).toContain('jwks_json: "{\\"keys\\":[{\\"kty\\":\\"RSA\\",\\"kid\\":\\"k\\",\\"x5c\\":[\\"...\\"]}]}" key k has fields GCP refuses: x5c');
    expect(problems).toContain(`member: ${JSON.stringify(`principal://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/pool/subject/${longSubject}`).slice(0, 120)} subject is 143 bytes, over 127`);
  });
});
