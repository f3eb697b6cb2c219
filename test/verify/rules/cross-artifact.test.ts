import * as path from 'path';
import { IdentityModel } from '../../../lib/model/identity-model';
import { ExchangeSimulator } from '../../../lib/verify';
import { AKS, awsPod, cfn, deployment, EKS, EKS_HOST, exactTrust, findingsOf, k8s, oidcProvider, role, serviceAccount, summary, tf, webIdentity } from '../builders';

const ROLE_ARN = 'arn:aws:iam::111122223333:role/app';
const trusted = (subject = 'system:serviceaccount:data:app') => cfn({ P: oidcProvider(), R: role([webIdentity(exactTrust(subject), { 'Fn::GetAtt': ['P', 'Arn'] })]) });
const OPTIONS = { issuers: [EKS], parameters: { 'AWS::AccountId': '111122223333', 'AWS::Partition': 'aws' } };

describe('x-unreachable', () => {
  const id = 'x-unreachable';
  test('GIVEN a pod whose token the role trusts WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [trusted(), k8s([awsPod('app', 'data', ROLE_ARN)])], OPTIONS)).toEqual([]);
  });
  test('GIVEN a service account whose name extends the trusted one WHEN checked THEN error with the refusal', () => {
    const f = findingsOf(id, [trusted(), k8s([awsPod('app-evil', 'data', ROLE_ARN)])], OPTIONS);
    expect(summary(f)).toEqual([`error Deployment/data/app-evil: container main: role "${ROLE_ARN}" would refuse its token (iss "${EKS}", sub "system:serviceaccount:data:app-evil", aud "sts.amazonaws.com"): AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity (statement 0 of R: StringEquals ${EKS_HOST}:sub "system:serviceaccount:data:app" does not match sub "system:serviceaccount:data:app-evil", aud "sts.amazonaws.com")`]);
  });
  test('GIVEN a role of another account than the pod names WHEN checked THEN nothing is said (the role is not in the artifacts)', () => {
    expect(findingsOf(id, [trusted('system:serviceaccount:data:other'), k8s([awsPod('app', 'data', 'arn:aws:iam::999999999999:role/app')])], OPTIONS)).toEqual([]);
  });
  test('GIVEN a token audience the provider does not list WHEN checked THEN the refusal is the provider\'s', () => {
    const f = findingsOf(id, [trusted(), k8s([awsPod('app', 'data', ROLE_ARN, { audience: 'api://AzureADTokenExchange' })])], OPTIONS);
    expect(f.map(x => x.message.replace(/^.*?: (?=InvalidIdentityToken)/, ''))).toEqual(['InvalidIdentityToken: Incorrect token audience (token aud "api://AzureADTokenExchange"; provider P lists "sts.amazonaws.com")']);
  });
  test('GIVEN an Entra credential for another subject in the artifacts WHEN checked THEN nothing is claimed about an identity it cannot link', () => {
    const fic = tf({ azuread_application: { a: { display_name: 'a' } }, azuread_application_federated_identity_credential: { c: { application_id: '${azuread_application.a.id}', display_name: 'c', issuer: EKS, subject: 'system:serviceaccount:web:frontend', audiences: ['api://AzureADTokenExchange'] } } });
    const pod = deployment('app', 'data', { env: { AZURE_CLIENT_ID: '00000000-0000-0000-0000-000000000001', AZURE_FEDERATED_TOKEN_FILE: '/t/token' }, volumes: [{ name: 't', projected: { sources: [{ serviceAccountToken: { audience: 'api://AzureADTokenExchange', path: 'token' } }] } }], mounts: [{ name: 't', mountPath: '/t' }] });
    expect(findingsOf(id, [fic, k8s([pod])], OPTIONS)).toEqual([]);
  });
  test('GIVEN an Entra credential a typo away from the pod\'s subject WHEN checked THEN the refusal names it', () => {
    const fic = tf({ azuread_application: { a: { display_name: 'a' } }, azuread_application_federated_identity_credential: { c: { application_id: '${azuread_application.a.id}', display_name: 'c', issuer: EKS, subject: 'system:serviceaccount:data:ap', audiences: ['api://AzureADTokenExchange'] } } });
    const pod = deployment('app', 'data', { env: { AZURE_CLIENT_ID: '00000000-0000-0000-0000-000000000001', AZURE_FEDERATED_TOKEN_FILE: '/t/token' }, volumes: [{ name: 't', projected: { sources: [{ serviceAccountToken: { audience: 'api://AzureADTokenExchange', path: 'token' } }] } }], mounts: [{ name: 't', mountPath: '/t' }] });
    expect(findingsOf(id, [fic, k8s([pod])], OPTIONS).map(x => x.message.replace(/^.*?\): /, ''))).toEqual([
      'AADSTS700213: No matching federated identity record found for presented assertion subject \'system:serviceaccount:data:app\' (credential azuread_application_federated_identity_credential.c has subject "system:serviceaccount:data:ap")',
    ]);
  });
  test('GIVEN a simulator passed in WHEN checked THEN the rule uses its verdict', () => {
    const refuseAll: ExchangeSimulator = { exchange: () => ({ accepted: false, step: 'trust', reason: 'AccessDenied: simulated' }) };
    const f = findingsOf(id, [trusted(), k8s([awsPod('app', 'data', ROLE_ARN)])], { ...OPTIONS, simulator: refuseAll });
    expect(f.map(x => x.message)).toEqual([`container main: role "${ROLE_ARN}" would refuse its token (iss "${EKS}", sub "system:serviceaccount:data:app", aud "sts.amazonaws.com"): AccessDenied: simulated`]);
  });
});

describe('x-issuer-unknown', () => {
  const id = 'x-issuer-unknown';
  test('GIVEN the issuer from --issuer WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [k8s([awsPod('app', 'data', ROLE_ARN)])], { issuers: [EKS] })).toEqual([]);
  });
  test('GIVEN no issuer anywhere WHEN checked THEN info naming the file and the fix', () => {
    const f = findingsOf(id, [k8s([awsPod('app', 'data', ROLE_ARN)])]);
    expect(f.map(x => [x.severity, x.message, x.fix])).toEqual([['info', 'the cluster issuer of kubernetes/cluster.yaml is unknown: the aws credentials of data/app were not checked against the cloud identities', 'pass --issuer kubernetes/cluster.yaml=<issuer URL>, or annotate service account app with crossfed.dev/issuer']]);
  });
  test('GIVEN a --issuer for another file WHEN checked THEN still unknown for this one', () => {
    expect(findingsOf(id, [k8s([awsPod('app', 'data', ROLE_ARN)])], { issuers: [`other.yaml=${AKS}`] })).toHaveLength(1);
  });
});

describe('x-unresolved', () => {
  const id = 'x-unresolved';
  test('GIVEN values resolved within the template WHEN checked THEN no finding', () => {
    expect(findingsOf(id, [trusted()])).toEqual([]);
  });
  test('GIVEN a subject from a parameter WHEN checked THEN info naming the field', () => {
    const t = { Parameters: { Subject: { Type: 'String' } }, Resources: { R: role([webIdentity({ StringEquals: { [`${EKS_HOST}:sub`]: { Ref: 'Subject' }, [`${EKS_HOST}:aud`]: 'sts.amazonaws.com' } })]) } };
    const f = findingsOf(id, [{ path: 's.template.json', content: JSON.stringify(t) }]);
    expect(summary(f)).toEqual([`info R: Statement[0].Condition.StringEquals.${EKS_HOST}:sub[0] is {"Ref":"Subject"}: checks that need it were skipped`]);
  });
  test('GIVEN the same parameter given with --parameter WHEN checked THEN resolved, no finding', () => {
    const t = { Parameters: { Subject: { Type: 'String' } }, Resources: { R: role([webIdentity({ StringEquals: { [`${EKS_HOST}:sub`]: { Ref: 'Subject' } } })]) } };
    expect(findingsOf(id, [{ path: 's.template.json', content: JSON.stringify(t) }], { parameters: { Subject: 'system:serviceaccount:data:app' } })).toEqual([]);
  });
});

describe('issuers from the model', () => {
  test('GIVEN crossfed\'s file naming and the model WHEN checked THEN the cluster\'s issuer is the model issuer of that name', () => {
    const model = IdentityModel.fromFile(path.join(__dirname, '..', '..', '..', 'apps', 'default-model.yaml'));
    const sa = serviceAccount('app', 'data', { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/a' });
    expect(findingsOf('x-unreachable', [k8s([sa, deployment('app', 'data')], 'kubernetes/prod-aks.yaml')], { model }).map(x => x.message))
      .toEqual(['container main: service account annotation eks.amazonaws.com/role-arn is read by the EKS pod identity webhook, which AKS clusters do not run: the pod gets no AWS credentials']);
  });
});
