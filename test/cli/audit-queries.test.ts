import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { auditQueries, auditSection, AuditQuery } from '../../lib/cli/report/audit';
import { accessRows, renderReport } from '../../lib/cli/report/report';
import { CiSubject, IdentityModel, Issuer, TargetCloud } from '../../lib/model';
import type { TerraformOutputs } from '../../lib/model/synth-output';
import { requirePeer } from '../aws/peers';
import { overflowModel } from '../model/fixtures';

const ROOT = path.join(__dirname, '..', '..');
const model = () => IdentityModel.fromFile(path.join(ROOT, 'apps', 'default-model.yaml'));
const TF_OUTPUTS: TerraformOutputs = JSON.parse(fs.readFileSync(path.join(ROOT, 'apps', 'default-tf-outputs.json'), 'utf8'));
const clientId = (name: string) => TF_OUTPUTS[name].value as string;

/** Runs a query's shell text with `aws` / `gcloud` replaced by a function printing `stdin` (aws) or its arguments (gcloud). */
function runShell(query: string, awsOutput: unknown): { stdout: string; args: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crossfed-audit-'));
  try {
    fs.writeFileSync(path.join(dir, 'events.json'), JSON.stringify(awsOutput));
    const script = `aws() { cat "${dir}/events.json"; }\ngcloud() { printf '%s\\0' "$@" > "${dir}/args"; }\n${query}\n`;
    const r = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', script], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`the query failed (${r.status}): ${r.stderr}`);
    const argsFile = path.join(dir, 'args');
    return { stdout: r.stdout, args: fs.existsSync(argsFile) ? fs.readFileSync(argsFile, 'utf8').split('\0').slice(0, -1) : [] };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** What `aws cloudtrail lookup-events --query 'Events[].CloudTrailEvent' --output json` prints: each event as a JSON string. */
const lookupOutput = (...events: unknown[]) => events.map(e => JSON.stringify(e));

/** An AssumeRoleWithWebIdentity event, in the shape the IAM user guide documents. */
function webIdentityEvent(o: { providerArn: string; audience: string; subject: string; roleArn: string; error?: string }) {
  return {
    eventVersion: '1.08', eventSource: 'sts.amazonaws.com', eventName: 'AssumeRoleWithWebIdentity', eventTime: '2025-01-01T10:00:00Z',
    userIdentity: { type: 'WebIdentityUser', principalId: `${o.providerArn}:${o.audience}:${o.subject}`, userName: o.subject, identityProvider: o.providerArn },
    requestParameters: { roleArn: o.roleArn, roleSessionName: 'botocore-session-1' },
    responseElements: o.error ? null : { subjectFromWebIdentityToken: o.subject, provider: o.providerArn, audience: o.audience },
    ...(o.error ? { errorCode: o.error, errorMessage: 'Not authorized to perform sts:AssumeRoleWithWebIdentity' } : {}),
  };
}

describe('audit queries in REPORT.md', () => {
  test('GIVEN the default model WHEN queries are made THEN there is one per workload and target of the access table (two for impersonation across projects)', () => {
    const m = model();
    const keys = (q: AuditQuery) => `${q.workload} ${q.cloud} ${q.identity}`;
    const rows = accessRows(m).map(r => `${r.workload} ${r.cloud} ${r.identity}`);
    expect([...new Set(auditQueries(m, TF_OUTPUTS).map(keys))]).toEqual(rows);
  });

  test('GIVEN a cross-cloud workload WHEN its queries are made THEN each holds the exact role ARN, subject, client id and principal the model computes', () => {
    const m = model();
    const w = m.findWorkload('pipeline')!;
    const [awsAccess, azureAccess, gcpAccess] = [w.awsAccess[0], w.azureAccess[0], w.gcpAccess[0]];
    const qs = auditQueries(m, TF_OUTPUTS).filter(q => q.workload === w.id);
    const [aws, azure, gcp] = [TargetCloud.AWS, TargetCloud.AZURE, TargetCloud.GCP].map(c => qs.find(q => q.cloud === c)!);
    expect(aws.query).toContain(`.requestParameters.roleArn == "${awsAccess.role.arn}"`);
    expect(aws.query).toContain(`.userIdentity.userName == "${w.subject}"`);
    expect(aws.query).toContain('AttributeValue=AssumeRoleWithWebIdentity');
    expect(aws.fields.issuer).toContain(awsAccess.account.oidcProviderArn(w.issuer));
    expect(aws.fields.audience).toContain(awsAccess.audience);
    expect(azure.language).toBe('kusto');
    expect(azure.query.split('\n')[0]).toBe('AADServicePrincipalSignInLogs');
    expect(azure.query).toContain(`| where AppId == "${clientId(azureAccess.identity.clientIdOutputName)}"`);
    expect(azure.query).toContain(`ResultDescription contains_cs "${azureAccess.credential.subject}"`);
    expect(azure.query).toContain(`--federated-credential-id ${azureAccess.credential.name}`);
    expect(azure.fields.audience).toContain(azureAccess.audience);
    expect(gcp.query).toContain('protoPayload.serviceName="sts.googleapis.com"');
    expect(gcp.query).toContain(`protoPayload.authenticationInfo.principalSubject="${w.subject}"`);
    expect(gcp.query).toContain(`protoPayload.authenticationInfo.principalSubject="${gcpAccess.member}"`);
    expect(gcp.query).toContain(`workloadIdentityPools/${gcpAccess.project.poolId}/providers/${gcpAccess.provider!.providerId}`);
    expect(gcp.query).toContain(gcpAccess.serviceAccount!.email);
    expect(gcp.fields.subject).toContain(gcpAccess.project.principal(w.subject));
    expect(gcp.fields.audience).toContain(gcpAccess.audience!);
    for (const q of [aws, azure, gcp]) expect(Object.keys(q.fields).sort()).toEqual(['also', 'audience', 'issuer', 'subject']);
  });

  test('GIVEN the AWS query WHEN run over recorded events THEN it prints the workload\'s exchanges, the refused one included, and no near miss', () => {
    requirePeer('jq', 'apt-get install jq');
    const m = model();
    const w = m.findWorkload('pipeline')!;
    const a = w.awsAccess[0];
    const providerArn = a.account.oidcProviderArn(w.issuer);
    const q = auditQueries(m, TF_OUTPUTS).find(x => x.workload === w.id && x.cloud === TargetCloud.AWS)!;
    const events = lookupOutput(
      webIdentityEvent({ providerArn, audience: a.audience, subject: w.subject, roleArn: a.role.arn }),
      webIdentityEvent({ providerArn, audience: a.audience, subject: w.subject, roleArn: a.role.arn, error: 'AccessDenied' }),
      webIdentityEvent({ providerArn, audience: a.audience, subject: 'system:serviceaccount:data:pipeline-2', roleArn: a.role.arn }),
      webIdentityEvent({ providerArn, audience: a.audience, subject: w.subject, roleArn: `${a.role.arn}-2` }),
    );
    expect(runShell(q.query, events).stdout.split('\n').filter(Boolean)).toEqual([
      `2025-01-01T10:00:00Z\tOK\t${providerArn}\t${w.subject}\t${a.audience}`,
      `2025-01-01T10:00:00Z\tAccessDenied\t${providerArn}\t${w.subject}\t-`,
    ]);
  });

  test('GIVEN EKS Pod Identity WHEN its query runs over recorded AssumeRole events THEN it selects the role by its session tags, not another service account\'s', () => {
    requirePeer('jq', 'apt-get install jq');
    const m = model();
    const w = m.findWorkload('reconciler')!;
    const a = w.awsAccess[0];
    const q = auditQueries(m, TF_OUTPUTS).find(x => x.workload === w.id)!;
    expect(q.query).toContain('AttributeValue=AssumeRole ');
    const event = (serviceAccount: string) => ({
      eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole', eventTime: '2025-01-01T10:00:00Z', userIdentity: { type: 'AWSService', invokedBy: 'pods.eks.amazonaws.com' },
      requestParameters: {
        roleArn: a.role.arn, roleSessionName: 'eks-prod-reconciler-1',
        tags: [
          { key: 'eks-cluster-arn', value: w.issuer.eksClusterArn }, { key: 'eks-cluster-name', value: 'prod' },
          { key: 'kubernetes-namespace', value: w.namespace }, { key: 'kubernetes-service-account', value: serviceAccount }, { key: 'kubernetes-pod-name', value: 'reconciler-7d9f' },
        ],
      },
    });
    expect(runShell(q.query, lookupOutput(event(w.serviceAccount!), event('other'))).stdout.trim())
      .toBe(`2025-01-01T10:00:00Z\tOK\t${w.issuer.eksClusterArn}\t${w.namespace}/${w.serviceAccount}\treconciler-7d9f`);
  });

  test('GIVEN the GCP query WHEN run THEN gcloud gets the filter as one argument, reading the log bucket crossfed creates', () => {
    const m = model();
    const q = auditQueries(m, TF_OUTPUTS).find(x => x.workload === 'prod-eks/pipeline' && x.cloud === TargetCloud.GCP)!;
    const { args } = runShell(q.query, []);
    expect(args.slice(0, 12)).toEqual(['logging', 'read', '--project', 'acme-data', '--bucket', 'crossfed-token-exchanges', '--location', 'global', '--view', '_AllLogs', '--freshness', '365d']);
    const filter = args[args.length - 1];
    expect(filter.startsWith('logName="projects/acme-data/logs/cloudaudit.googleapis.com%2Fdata_access"\nAND ((protoPayload.serviceName="sts.googleapis.com" AND ')).toBe(true);
  });

  test('GIVEN GKE workload identity WHEN its GCP query is made THEN it looks for the impersonation by the GKE member, with no pool clause', () => {
    const m = model();
    const a = m.findWorkload('trainer')!.gcpAccess[0];
    const q = auditQueries(m, TF_OUTPUTS).find(x => x.workload === a.workload.id && x.cloud === TargetCloud.GCP)!;
    expect(q.query).toContain(`protoPayload.authenticationInfo.principalSubject="${a.member}"`);
    expect(a.member).toBe('serviceAccount:acme-data.svc.id.goog[ml/trainer]');
    expect(q.query).not.toContain('sts.googleapis.com');
    expect(q.fields.issuer).toContain(a.workload.issuer.gkeWorkloadPool!);
  });

  test('GIVEN a managed identity WHEN its query is made THEN it reads AADManagedIdentitySignInLogs with the identity\'s client id', () => {
    const m = model();
    const a = m.findWorkload('dashboard')!.azureAccess[0];
    const q = auditQueries(m, TF_OUTPUTS).find(x => x.workload === a.workload.id && x.cloud === TargetCloud.AZURE)!;
    expect(q.query.split('\n')[0]).toBe('AADManagedIdentitySignInLogs');
    expect(q.query).toContain(`AppId == "${clientId(a.identity.clientIdOutputName)}"`);
    expect(q.query).toContain(`az identity federated-credential show -g ${a.identity.resourceGroupName} --identity-name ${a.identity.displayName} -n ${a.credential.name}`);
  });

  test('GIVEN no Terraform outputs yet WHEN the Entra query is made THEN it selects by the display name and names the output that carries the client id (no placeholder id)', () => {
    const m = model();
    const a = m.findWorkload('pipeline')!.azureAccess[0];
    const q = auditQueries(m).find(x => x.workload === a.workload.id && x.cloud === TargetCloud.AZURE)!;
    expect(q.query).toContain(`| where ServicePrincipalName == "${a.identity.displayName}"  // client id: terraform output ${a.identity.clientIdOutputName}`);
    expect(q.query).not.toMatch(/AppId == /);
  });

  test('GIVEN a service account of another project WHEN its GCP queries are made THEN one per project, each reading that project\'s logs', () => {
    const m = new IdentityModel();
    const eks = m.addIssuer(Issuer.eks({ name: 'prod-eks', url: 'https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE' }));
    const project = m.addGcpProject({ projectId: 'acme-data', projectNumber: '123456789012', audit: {} });
    m.addWorkload({ issuer: eks, namespace: 'data', serviceAccount: 'app' }).grantGcp(project, { existingServiceAccountEmail: 'legacy-reader@acme-legacy.iam.gserviceaccount.com' });
    const qs = auditQueries(m);
    expect(qs.map(q => q.query.split(' \'')[0])).toEqual(['gcloud logging read --project acme-data --freshness 30d --format json', 'gcloud logging read --project acme-legacy --freshness 30d --format json']);
    expect(qs[0].query).toContain('sts.googleapis.com');
    expect(qs[1].query).toContain('iamcredentials.googleapis.com');
    expect(qs.map(q => q.showFields)).toEqual([false, true]);
  });

  test('GIVEN a CI subject with a single quote WHEN the AWS query runs THEN the shell quoting holds and jq compares the exact subject', () => {
    requirePeer('jq', 'apt-get install jq');
    const m = new IdentityModel();
    const idp = m.addIssuer(Issuer.generic({ name: 'idp', url: 'https://idp.example.com' }));
    const account = m.addAwsAccount({ accountId: '111122223333' });
    const subject = "team:o'brien";
    const a = m.addCiWorkload({ issuer: idp, name: 'quoted', subject: CiSubject.exact(subject) }).grantAws(account, { roleName: 'quoted' });
    const q = auditQueries(m)[0];
    const providerArn = account.oidcProviderArn(idp);
    const out = runShell(q.query, lookupOutput(webIdentityEvent({ providerArn, audience: a.audience, subject, roleArn: a.role.arn }))).stdout;
    expect(out.split('\t')[3]).toBe(subject);
  });

  test('GIVEN the default model WHEN the report renders THEN it has the audit section: each cloud\'s destination, then the queries per workload', () => {
    const m = model();
    const report = renderReport({ model: m, modelSource: 'apps/default-model.yaml', files: [], tfOutputs: TF_OUTPUTS });
    const section = report.slice(report.indexOf('## Audit: what each cloud saw'), report.indexOf('## Self-managed clusters'));
    expect(section).toContain(`| AWS account prod (111122223333) | ${m.awsAccounts[0].audit!.destination} |`);
    expect(section).toContain(`| GCP project data (acme-data) | ${m.gcpProjects[0].audit!.destination} |`);
    expect(section).toContain(`workspace id \`${TF_OUTPUTS[m.azureTenants[0].auditWorkspaceIdOutputName].value}\``);
    expect(section).toContain('### prod-eks/pipeline');
    expect(section.split('\n').filter(l => l === '```kusto')).toHaveLength(m.workloads.flatMap(w => w.azureAccess).length);
    expect(auditSection(new IdentityModel())).toEqual([]);
  });

  test('GIVEN clouds without an audit setting WHEN the report renders THEN each says so and points at the rule', () => {
    const m = new IdentityModel();
    const eks = m.addIssuer(Issuer.eks({ name: 'prod-eks', url: 'https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE' }));
    m.addWorkload({ issuer: eks, namespace: 'data', serviceAccount: 'app' }).grantAws(m.addAwsAccount({ name: 'prod', accountId: '111122223333' }), { roleName: 'app' });
    expect(auditSection(m).join('\n')).toContain('| AWS account prod (111122223333) | no audit setting in the model (see `x-audit-missing`): CloudTrail Event history only, 90 days |');
  });
});

describe('audit queries of cloud identities as token sources', () => {
  test('GIVEN a Google service account federated to AWS WHEN its query runs THEN AWS\'s built-in Google provider is named, not an IAM OIDC provider, and the exchange is found', () => {
    requirePeer('jq', 'apt-get install jq');
    const m = model();
    const w = m.findWorkload('dataflow-worker')!;
    const a = w.awsAccess[0];
    const q = auditQueries(m, TF_OUTPUTS).find(x => x.workload === w.id && x.cloud === TargetCloud.AWS)!;
    expect(q.fields.issuer).toContain('AWS\'s built-in Google provider `accounts.google.com`');
    expect(q.fields.issuer).not.toContain(':oidc-provider/');
    expect(q.fields.audience).toContain('accounts.google.com:oaud');
    const event = webIdentityEvent({ providerArn: 'accounts.google.com', audience: w.subject, subject: w.subject, roleArn: a.role.arn });
    expect(runShell(q.query, lookupOutput(event)).stdout.trim()).toBe(`2025-01-01T10:00:00Z\tOK\taccounts.google.com\t${w.subject}\t${w.subject}`);
  });

  test('GIVEN an AWS role federated to GCP WHEN its query is made THEN it matches the role\'s sessions by prefix, in STS and in the impersonation', () => {
    const m = model();
    const w = m.findWorkload('batch-bq-writer')!;
    const a = w.gcpAccess[0];
    const q = auditQueries(m, TF_OUTPUTS).find(x => x.workload === w.id && x.cloud === TargetCloud.GCP)!;
    expect(w.subject).toBe('arn:aws:sts::111122223333:assumed-role/batch-bq-writer');
    const filter = runShell(q.query, []).args.pop()!;
    expect(filter).toContain(`protoPayload.authenticationInfo.principalSubject:"${w.subject}/"`);
    expect(filter).toContain(`protoPayload.authenticationInfo.principalSubject:"${a.project.principal(w.subject)}/"`);
    expect(filter).not.toContain(`principalSubject="${w.subject}"`);
    expect(q.fields.issuer).toContain('the AWS provider of account `111122223333`');
    expect(q.fields.also).toContain(`allowed as \`${a.member}\``);
  });

  test('GIVEN an Entra managed identity federated to AWS WHEN its query is made THEN it looks for its object id under the tenant\'s issuer provider', () => {
    const m = model();
    const w = m.findWorkload('adf-ingest')!;
    const a = w.awsAccess[0];
    const q = auditQueries(m, TF_OUTPUTS).find(x => x.workload === w.id && x.cloud === TargetCloud.AWS)!;
    expect(q.query).toContain(`.userIdentity.userName == "${w.subject}"`);
    expect(q.fields.issuer).toContain(a.account.oidcProviderArn(w.issuer));
    expect(q.fields.audience).toContain(a.audience);
  });
});

describe('audit queries for a provider in a pool of its own', () => {
  test('GIVEN a cluster whose condition falls back to namespaces WHEN its GCP query is made THEN it names the provider in its own pool, and the principal there', () => {
    const { model: m, eksA, gcp } = overflowModel(80);
    const a = gcp.accesses.find(x => x.workload.issuer === eksA)!;
    const [q] = auditQueries(m, {}).filter(x => x.workload === a.workload.id && x.cloud === TargetCloud.GCP);
    expect(q.query).toContain('protoPayload.resourceName:"workloadIdentityPools/crossfed-eks-a/providers/eks-a"');
    expect(q.query).toContain(`protoPayload.authenticationInfo.principalSubject="${a.member}"`);
    expect(a.member).toBe(`principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/crossfed-eks-a/subject/${a.workload.subject}`);
    expect(q.fields.subject).toContain(`(\`${a.member}\`)`);
    expect(q.query).not.toContain('workloadIdentityPools/crossfed/');
  });
});
