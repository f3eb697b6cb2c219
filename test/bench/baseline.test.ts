import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { BaselineModel, BaselineTfOutputs, synthesizeBaseline } from '../../bench/baseline';
import { generateModel } from '../../bench/generate';
import { tree } from '../tree';

const KUBERNETES = new Set(['eks', 'aks', 'gke', 'self-managed']);

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'crossfed-baseline-'));
}

interface Written {
  artifacts: number;
  counts: Record<string, number>;
  roles: Map<string, any>;
  k8s: any[];
  tf: Record<string, any>;
}

/** Reads the artifacts back: per type counts, roles by name, Kubernetes objects, Terraform JSON by stack. */
function read(dir: string): Written {
  const w: Written = { artifacts: 0, counts: {}, roles: new Map(), k8s: [], tf: {} };
  const add = (type: string) => { w.counts[type] = (w.counts[type] ?? 0) + 1; };
  for (const [file, text] of Object.entries(tree(dir))) {
    if (file.endsWith('.template.json')) {
      w.artifacts++;
      for (const r of Object.values<any>(JSON.parse(text).Resources)) {
        add(r.Type);
        if (r.Type === 'AWS::IAM::Role') w.roles.set(r.Properties.RoleName, r);
      }
    } else if (file.endsWith('.yaml')) {
      w.artifacts++;
      for (const doc of parseAllDocuments(text)) {
        const o = doc.toJSON();
        add(o.kind);
        w.k8s.push(o);
      }
    } else if (file.endsWith('cdk.tf.json')) {
      w.artifacts++;
      const t = JSON.parse(text);
      w.tf[path.basename(path.dirname(file))] = t;
      for (const [type, rs] of Object.entries<any>(t.resource ?? {})) for (const _ of Object.keys(rs)) add(type);
    }
  }
  return w;
}

/** What the model implies: one role per AWS grant, one federated credential per Azure grant, … */
function expectedCounts(model: BaselineModel): Record<string, number> {
  const issuers = new Map(model.issuers.map(i => [i.name, i]));
  const ws = model.workloads;
  const aws = ws.flatMap(w => (w.aws ?? []).map(g => ({ w, g })));
  const azure = ws.flatMap(w => (w.azure ?? []).map(g => ({ w, g })));
  const gcp = ws.flatMap(w => (w.gcp ?? []).map(g => ({ w, g })));
  const k8s = ws.filter(w => KUBERNETES.has(issuers.get(w.issuer)!.kind));
  const eksAccess = aws.filter(({ g }) => g.eksAccess).length;
  const apps = new Set(azure.map(({ g }) => `${g.tenant}/${g.application}`)).size;
  const all: Record<string, number> = {
    'AWS::IAM::OIDCProvider': new Set(aws.map(({ w, g }) => `${g.account}/${w.issuer}`)).size,
    'AWS::IAM::Role': aws.length,
    'AWS::EKS::AccessEntry': eksAccess,
    'ServiceAccount': k8s.length,
    'Pod': k8s.length,
    'ConfigMap': k8s.filter(w => w.gcp?.length && issuers.get(w.issuer)!.kind !== 'gke').length,
    'ClusterRoleBinding': eksAccess,
    'azuread_application': apps,
    'azuread_service_principal': apps,
    'azuread_application_federated_identity_credential': azure.length,
    'azurerm_role_assignment': azure.reduce((n, { g }) => n + (g.roleAssignments?.length ?? 0), 0),
    'google_iam_workload_identity_pool': new Set(gcp.map(({ g }) => g.project)).size,
    'google_iam_workload_identity_pool_provider': new Set(gcp.filter(({ w }) => issuers.get(w.issuer)!.kind !== 'gke').map(({ g, w }) => `${g.project}/${w.issuer}`)).size,
    'google_service_account': gcp.length,
    'google_service_account_iam_member': gcp.length,
    'google_storage_bucket_iam_member': gcp.reduce((n, { g }) => n + (g.bucketRoles?.length ?? 0), 0),
    'google_project_iam_member': gcp.reduce((n, { g }) => n + (g.projectRoles?.length ?? 0), 0),
  };
  return Object.fromEntries(Object.entries(all).filter(([, n]) => n > 0));
}

const sorted = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)));

describe('baseline synthesis (plain L1 constructs, no model)', () => {
  // GIVEN the benchmark's model at n=20 (10 clusters of 4 kinds, GitHub and Azure DevOps)
  const generated = generateModel(20);
  const model = generated.model as BaselineModel;
  const tfOutputs = generated.tfOutputs as BaselineTfOutputs;
  const first = tmpdir();
  const second = tmpdir();
  let result: ReturnType<typeof synthesizeBaseline>;
  let written: Written;

  beforeAll(() => {
    // WHEN it is synthesized twice (from one call site: the CDK records creation stacks)
    [result] = [first, second].map(dir => synthesizeBaseline(model, dir, tfOutputs));
    written = read(first);
  });

  afterAll(() => {
    fs.rmSync(first, { recursive: true, force: true });
    fs.rmSync(second, { recursive: true, force: true });
  });

  test('writes one resource of each kind per grant, workload and application the model implies', () => {
    const expected = expectedCounts(model);
    expect(sorted(written.counts)).toEqual(sorted(expected));
    expect(expected).toMatchObject({ 'AWS::IAM::Role': 22, 'azuread_application_federated_identity_credential': 21, 'ServiceAccount': 20, 'ConfigMap': 16, 'google_iam_workload_identity_pool_provider': 9 });
  });

  test('reports what it wrote', () => {
    expect(result.resources).toEqual(written.counts);
    // 1 CloudFormation stack, 10 cluster YAML files, 2 Terraform stacks
    expect(result.files).toBe(written.artifacts);
    expect(result.files).toBe(13);
  });

  test("a role trusts exactly its workload's subject and audience through its issuer's provider", () => {
    const role = written.roles.get('wl-7')!;
    const host = 'container.googleapis.com/v1/projects/acme-data/locations/europe-west1/clusters/gke-0';
    const [statement] = role.Properties.AssumeRolePolicyDocument.Statement;
    expect(statement.Principal).toEqual({ Federated: `arn:aws:iam::111122223333:oidc-provider/${host}` });
    expect(statement.Condition).toEqual({ StringEquals: { [`${host}:aud`]: 'sts.amazonaws.com', [`${host}:sub`]: 'system:serviceaccount:ns-00:svc-7' } });
    const sub = (name: string) => Object.entries<string>(written.roles.get(name)!.Properties.AssumeRolePolicyDocument.Statement[0].Condition.StringEquals)
      .filter(([k]) => k.endsWith(':sub')).map(([, v]) => v);
    expect(sub('gh-0')).toEqual(['repo:acme/service-0:environment:production']);
    expect(sub('ado-deployer')).toEqual(['sc://acme/platform/prod-eks']);
  });

  test('every role trusts the subject of the workload that holds its grant', () => {
    for (const w of model.workloads) {
      if (!w.namespace) continue;
      for (const g of w.aws ?? []) {
        const condition = written.roles.get(g.roleName)!.Properties.AssumeRolePolicyDocument.Statement[0].Condition.StringEquals;
        const subs = Object.entries(condition).filter(([k]) => k.endsWith(':sub')).map(([, v]) => v);
        expect(subs).toEqual([`system:serviceaccount:${w.namespace}:${w.serviceAccount}`]);
      }
    }
  });

  test('pods project a token for each target cloud audience their cluster does not inject', () => {
    const pod = (name: string) => written.k8s.find(o => o.kind === 'Pod' && o.metadata.name === `example-${name}`);
    const audiences = (name: string) => pod(name).spec.volumes.filter((v: any) => v.projected).map((v: any) => v.projected.sources[0].serviceAccountToken.audience);
    const gcpAudience = (issuer: string) => `//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/crossfed/providers/${issuer}`;
    // svc-9 on a self-managed cluster, svc-0 on EKS, svc-4 on AKS, svc-7 on GKE
    expect(audiences('svc-9')).toEqual(['sts.amazonaws.com', 'api://AzureADTokenExchange', gcpAudience('onprem-0')]);
    expect(audiences('svc-0')).toEqual(['api://AzureADTokenExchange', gcpAudience('eks-0')]);
    expect(audiences('svc-4')).toEqual(['sts.amazonaws.com', gcpAudience('aks-0')]);
    expect(audiences('svc-7')).toEqual(['sts.amazonaws.com', 'api://AzureADTokenExchange']);
    const sa = (name: string) => written.k8s.find(o => o.kind === 'ServiceAccount' && o.metadata.name === name).metadata.annotations;
    expect(sa('svc-0')['eks.amazonaws.com/role-arn']).toBe('arn:aws:iam::111122223333:role/wl-0');
    expect(sa('svc-7')['iam.gke.io/gcp-service-account']).toBe('wl-00007@acme-data.iam.gserviceaccount.com');
    expect(sa('svc-4')['azure.workload.identity/client-id']).toBe(tfOutputs.azure_client_id_acme_app_app_0.value);
  });

  test('the GCP provider of an issuer admits exactly its subjects', () => {
    const providers = written.tf['gcp-data'].resource.google_iam_workload_identity_pool_provider;
    const onprem = Object.values<any>(providers).find(p => p.workload_identity_pool_provider_id === 'onprem-0');
    expect(onprem.attribute_condition).toBe("assertion.sub in ['system:serviceaccount:ns-00:svc-9', 'system:serviceaccount:ns-01:svc-19']");
    expect(onprem.oidc.issuer_uri).toBe('https://acme-onprem-oidc.s3.eu-west-1.amazonaws.com');
  });

  test('two runs write byte-identical files', () => {
    const a = tree(first);
    expect(tree(second)).toEqual(a);
  });
});

describe('baseline synthesis at the limits a hand-writer meets', () => {
  const base = {
    name: 'limits',
    clouds: {
      aws: [{ name: 'prod', accountId: '111122223333', region: 'us-east-1' }],
      gcp: [{ name: 'data', projectId: 'acme-data', projectNumber: '123456789012' }],
    },
    issuers: [{ name: 'onprem', kind: 'self-managed', url: 'https://oidc.example.com' }],
  };

  test('over 4,096 characters, a provider condition falls back to the namespace list', () => {
    // GIVEN 20 service accounts with 200-character names in two namespaces
    const workloads = Array.from({ length: 20 }, (_, i) => ({
      issuer: 'onprem', namespace: `team-${i % 2}`, serviceAccount: `sa-${i}-${'x'.repeat(200)}`,
      gcp: [{ project: 'data', serviceAccount: `wl-${String(i).padStart(5, '0')}` }],
    }));
    const dir = tmpdir();
    try {
      // WHEN
      synthesizeBaseline({ ...base, workloads }, dir);
      // THEN
      const tf = JSON.parse(fs.readFileSync(path.join(dir, 'terraform', 'stacks', 'gcp-data', 'cdk.tf.json'), 'utf8'));
      const [provider] = Object.values<any>(tf.resource.google_iam_workload_identity_pool_provider);
      expect(provider.attribute_condition).toBe("assertion['kubernetes.io']['namespace'] in ['team-0', 'team-1']");
      const members = Object.values<any>(tf.resource.google_service_account_iam_member).map(m => m.member);
      expect(members).toContain(`principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/crossfed/subject/system:serviceaccount:team-1:sa-1-${'x'.repeat(200)}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('splits CloudFormation into stacks of at most 450 resources', () => {
    // GIVEN 500 AWS grants through one issuer
    const workloads = Array.from({ length: 500 }, (_, i) => ({ issuer: 'onprem', namespace: 'ns', serviceAccount: `sa-${i}`, aws: [{ account: 'prod', roleName: `r-${i}` }] }));
    const dir = tmpdir();
    try {
      // WHEN
      const result = synthesizeBaseline({ ...base, workloads }, dir);
      // THEN
      const templates = fs.readdirSync(path.join(dir, 'cloudformation')).filter(f => f.endsWith('.template.json')).sort();
      expect(templates).toEqual(['limits-aws-prod-2.template.json', 'limits-aws-prod.template.json']);
      const sizes = templates.map(f => Object.keys(JSON.parse(fs.readFileSync(path.join(dir, 'cloudformation', f), 'utf8')).Resources).length);
      expect(sizes).toEqual([51, 450]);
      expect(result.resources).toMatchObject({ 'AWS::IAM::Role': 500, 'AWS::IAM::OIDCProvider': 1 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a workload naming an undeclared issuer is an error naming the workload and the issuer', () => {
    const dir = tmpdir();
    try {
      expect(() => synthesizeBaseline({ ...base, workloads: [{ issuer: 'nowhere', serviceAccount: 'svc', namespace: 'ns' }] }, dir))
        .toThrow('baseline: workload "svc" names issuer "nowhere", which the model does not declare');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
