import * as fs from 'fs';
import * as path from 'path';
import { problemsOf } from './helpers';
import { IdentityModel } from '../../lib/model';
import { modelJsonSchema } from '../../lib/model/private/model-schema';

const HEADER = `
clouds:
  aws:
    - name: prod
      accountId: "111122223333"
  gcp:
    - name: data
      projectId: acme-data
      projectNumber: "123456789012"
issuers:
  - name: prod-eks
    kind: eks
    url: https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE
`;

describe('model file', () => {
  test('GIVEN the default model WHEN loaded THEN every scenario is there', () => {
    const model = IdentityModel.fromFile(path.join(__dirname, '../../apps/default-model.yaml'));
    expect(model.name).toBe('crossfed-default');
    expect(model.issuers.map(i => i.kind).sort()).toEqual(['aks', 'aws', 'azure-devops', 'eks', 'entra-id', 'github-actions', 'gke', 'google', 'self-managed']);
    const pairs = new Set(model.workloads.flatMap(w => [...w.awsAccess, ...w.azureAccess, ...w.gcpAccess].map(a => `${w.issuer.kind}->${a.cloud}`)));
    for (const src of ['eks', 'aks', 'gke']) for (const dst of ['aws', 'azure', 'gcp']) expect(pairs).toContain(`${src}->${dst}`);
    // cloud identities: Data Factory's managed identity to AWS and GCP, a Dataflow worker to AWS, an AWS Batch role to GCP
    for (const pair of ['entra-id->aws', 'entra-id->gcp', 'google->aws', 'aws->gcp']) expect(pairs).toContain(pair);
  });

  test('GIVEN a bad namespace WHEN loaded THEN the error names file:line:column of the field', () => {
    const text = `${HEADER}workloads:
  - issuer: prod-eks
    namespace: Data_Team
    serviceAccount: app
`;
    const [p] = problemsOf(() => IdentityModel.fromText(text, 'team.yaml'));
    expect(p.where).toBe('team.yaml:16:16');
    expect(p.field).toBe('workloads[0].namespace');
    expect(p.value).toBe('Data_Team');
  });

  test('GIVEN an unknown field WHEN loaded THEN the error suggests the known one', () => {
    const text = `${HEADER}workloads:
  - issuer: prod-eks
    namesapce: data
    serviceAccount: app
`;
    const [p] = problemsOf(() => IdentityModel.fromText(text, 'team.yaml'));
    expect(p.where).toBe('team.yaml:16:5');
    expect(p.field).toBe('workloads[0].namesapce');
    expect(p.problem).toBe('is not a known field');
    expect(p.fix).toBe('did you mean "namespace"?');
  });

  test('GIVEN a grant to an undeclared cloud WHEN loaded THEN the error points at the reference', () => {
    const text = `${HEADER}workloads:
  - issuer: prod-eks
    namespace: data
    serviceAccount: app
    aws:
      - account: prd
`;
    const [p] = problemsOf(() => IdentityModel.fromText(text, 'team.yaml'));
    expect(p.where).toBe('team.yaml:19:18');
    expect(p.field).toBe('workloads[0].aws[0].account');
    expect(p.problem).toBe('names a aws cloud that this model does not declare');
    expect(p.fix).toBe('did you mean "prod"?');
  });

  test('GIVEN a grant to a cloud kind the model lacks WHEN loaded THEN it is refused', () => {
    const text = `${HEADER}workloads:
  - issuer: prod-eks
    namespace: data
    serviceAccount: app
    azure:
      - tenant: acme
`;
    const [p] = problemsOf(() => IdentityModel.fromText(text, 'team.yaml'));
    expect(p.field).toBe('workloads[0].azure[0].tenant');
    expect(p.allowed).toBe('an entry under clouds.azure');
  });

  test('GIVEN several errors WHEN loaded THEN all are reported, each with its position', () => {
    const text = `${HEADER}workloads:
  - issuer: prod-eks
    namespace: data
    serviceAccount: app
    tokenExpirationSeconds: 300
  - issuer: prod-eks
    namespace: data
    serviceAccount: Bad_Name
`;
    const problems = problemsOf(() => IdentityModel.fromText(text, 'team.yaml'));
    expect(problems.map(p => `${p.where} ${p.field}`)).toEqual([
      'team.yaml:18:29 workloads[0].tokenExpirationSeconds',
      'team.yaml:21:21 workloads[1].serviceAccount',
    ]);
  });

  test('GIVEN an AKS issuer without slash WHEN loaded THEN the error has the position and "did you mean"', () => {
    const text = `issuers:
  - name: aks
    kind: aks
    url: https://westeurope.oic.prod-aks.azure.com/11111111-2222-3333-4444-555555555555/99999999-8888-7777-6666-555555555555
`;
    const [p] = problemsOf(() => IdentityModel.fromText(text, 'm.yaml'));
    expect(p.where).toBe('m.yaml:4:10');
    expect(p.field).toBe('issuers[0].url');
    expect(p.fix).toMatch(/^did you mean ".*555555555555\/"\?$/);
  });

  test('GIVEN an unquoted account id WHEN loaded THEN the schema error names the expected type', () => {
    const text = 'clouds:\n  aws:\n    - accountId: 111122223333\n';
    const [p] = problemsOf(() => IdentityModel.fromText(text, 'm.yaml'));
    expect(p.where).toBe('m.yaml:3:18');
    expect(p.field).toBe('clouds.aws[0].accountId');
    expect(p.allowed).toBe('a value of type string');
  });

  test('GIVEN invalid YAML WHEN loaded THEN the syntax error has a position', () => {
    const [p] = problemsOf(() => IdentityModel.fromText('issuers:\n  - name: [x\n', 'm.yaml'));
    expect(p.where).toMatch(/^m\.yaml:\d+:\d+$/);
    expect(p.field).toBe('syntax');
  });

  test('GIVEN a JSON model WHEN loaded THEN it works like YAML, with positions', () => {
    const [p] = problemsOf(() => IdentityModel.fromText('{\n  "clouds": {"aws": [{"accountId": "123"}]}\n}\n', 'm.json'));
    expect(p.where).toBe('m.json:2:36');
    expect(p.field).toBe('clouds.aws[0].accountId');
  });

  test('GIVEN a missing file WHEN loaded THEN the error says it cannot be read', () => {
    const [p] = problemsOf(() => IdentityModel.fromFile('/nonexistent/model.yaml'));
    expect(p.problem).toBe('cannot be read (ENOENT)');
  });

  test('GIVEN the committed JSON Schema WHEN compared with the generated one THEN they are equal (run `npx projen schema` to update)', () => {
    const committed = JSON.parse(fs.readFileSync(path.join(__dirname, '../../schema/crossfed-model.schema.json'), 'utf8'));
    expect(committed).toEqual(modelJsonSchema());
  });
});
