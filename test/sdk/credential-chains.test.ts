/**
 * The official SDK credential chains get credentials from what crossfed writes: for every
 * workload pod of the default model and of the test model with every cluster → cloud pair, the
 * pod's view is laid out (tokens, ConfigMap files, env), each container's SDK runs in a process
 * with that env, and the cloud stand-ins judge each request with the exchange simulator over
 * the deployment's trust graph: output → SDK → request → verdict.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEFAULT_MODEL_FILE, DEFAULT_TF_OUTPUTS, deploy, Deployment, tfOutputsOf } from './artifacts';
import { ClientResult, HarnessEnv, requireBoto3, runBoto3, runNodeClient, writeCa } from './run-client';
import { CloudStandIns, Exchange } from './stand-ins';
import { IdentityModel } from '../../lib/model/identity-model';
import { generatePodViewKey, materializePodView, PodView, PodViewContainer, PodViewSigningKey } from '../../lib/verify/pod-view';
import { gkeWorkloadPool } from '../../lib/verify/simulate';
import { MotoServer } from '../aws/peers';
import { pairsModel } from '../k8s/fixtures';

jest.setTimeout(120_000);

const pairs = pairsModel();
const DEPLOYMENTS: Deployment[] = [
  deploy('default model', IdentityModel.fromFile(DEFAULT_MODEL_FILE), DEFAULT_TF_OUTPUTS),
  deploy('every cluster → cloud pair', pairs.model, tfOutputsOf(pairs.clientIds)),
];

interface PodCase { readonly deployment: Deployment; readonly cluster: string; readonly namespace: string; readonly pod: string }
const PODS: PodCase[] = DEPLOYMENTS.flatMap(deployment => [...deployment.clusters].flatMap(([cluster, objects]) => objects
  .filter(o => o.kind === 'Pod')
  .map(o => ({ deployment, cluster, namespace: o.metadata.namespace as string, pod: o.metadata.name as string }))));

const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'crossfed-sdk-'));
let moto: MotoServer;
let standIns: CloudStandIns;
let harness: HarnessEnv;
/** One signing key per cluster, as each API server has its own. */
const keys = new Map<string, PodViewSigningKey>();
/** What every test ran, for the summary printed at the end. */
const summary: string[] = [];

beforeAll(async () => {
  requireBoto3();
  moto = await MotoServer.start();
  standIns = await CloudStandIns.start(moto);
  harness = { proxyUrl: standIns.proxyUrl, caFile: writeCa(DIR, standIns.ca.caPem), home: fs.mkdtempSync(path.join(DIR, 'home-')) };
  for (const d of DEPLOYMENTS) for (const i of d.model.issuers.filter(x => x.isKubernetes)) if (!keys.has(i.url)) keys.set(i.url, await generatePodViewKey(`${i.name}-sa-signer`));
}, 60_000);

afterAll(async () => {
  await standIns?.stop();
  await moto?.stop();
  fs.rmSync(DIR, { recursive: true, force: true });
  // eslint-disable-next-line no-console
  console.log(`SDK credential chains, request by request:\n${summary.join('\n')}`);
});

async function viewOf(c: PodCase): Promise<PodView> {
  const objects = c.deployment.clusters.get(c.cluster)!;
  const issuer = c.deployment.model.issuers.find(i => i.name === c.cluster)!.url;
  const sa = objects.find(o => o.kind === 'Pod' && o.metadata.name === c.pod)!.spec.serviceAccountName;
  const eks = c.deployment.eksClusters.find(x => x.issuer === issuer);
  const podIdentity = !!eks && c.deployment.graph.aws.podIdentityAssociations.some(a => a.clusterName === eks.name && a.namespace === c.namespace && a.serviceAccount === sa);
  return materializePodView(objects, { namespace: c.namespace, name: c.pod, kind: 'Pod' }, {
    root: fs.mkdtempSync(path.join(DIR, `${c.pod}-`)), signingKey: keys.get(issuer)!, webhooks: { eksPodIdentity: podIdentity },
  });
}

function judge(d: Deployment, gkePod?: { jwt: string; serviceAccountEmail?: string }): void {
  standIns.judgeWith({ graph: d.graph, jwks: { keys: [...keys.values()].map(k => k.publicJwk) }, eksClusters: d.eksClusters, tenants: d.tenants, gcpProjects: d.gcpProjects, gkePod });
}

/** The content of the file a pod path names, in the view. */
function fileAt(view: PodView, podPath: string): string {
  const t = view.tokens.find(x => x.podPath === podPath);
  if (t) return fs.readFileSync(t.file, 'utf8');
  const f = view.files.find(x => x.podPath === podPath);
  if (f) return f.original;
  throw new Error(`nothing is mounted at ${podPath} in ${view.namespace}/${view.name}: ${[...view.tokens, ...view.files].map(x => x.podPath).join(', ')}`);
}

const only = (service: Exchange['service'], agent?: RegExp) => standIns.exchanges.filter(e => e.service === service && (!agent || agent.test(e.userAgent ?? '')));
const record = (c: PodCase, container: string, sdk: string, what: string) => summary.push(`${c.deployment.name} · ${c.cluster} ${c.namespace}/${c.pod} [${container}] ${sdk}: ${what}`);
const container = (view: PodView, name: string) => view.containers.find(x => x.name === name);
const short = (jwt: string) => `${jwt.slice(0, 12)}…(${jwt.length} chars)`;

// Pods and the clouds their containers reach.
const awsPods = PODS.filter(c => c.deployment.clusters.get(c.cluster)!.some(o => o.kind === 'Pod' && o.metadata.name === c.pod && o.spec.containers.some((x: any) => x.name === 'aws')));
const azurePods = PODS.filter(c => c.deployment.clusters.get(c.cluster)!.some(o => o.kind === 'Pod' && o.metadata.name === c.pod && o.spec.containers.some((x: any) => x.name === 'azure')));
const gcpPods = PODS.filter(c => c.deployment.clusters.get(c.cluster)!.some(o => o.kind === 'Pod' && o.metadata.name === c.pod && o.spec.containers.some((x: any) => x.name === 'gcp')));
const label = (c: PodCase) => `${c.deployment.name}: ${c.cluster} ${c.namespace}/${c.pod}`;

describe('AWS: the SDK for JavaScript v3 default chain and boto3', () => {
  test.each(awsPods.map(c => [label(c), c] as const))('GIVEN %s WHEN its aws container asks both SDKs who it is THEN each gets the role\'s credentials through the exchange crossfed set up, and the simulator accepts the request', async (_l, c) => {
    const view = await viewOf(c);
    const aws = container(view, 'aws')!;
    judge(c.deployment);
    if (aws.podEnv.AWS_CONTAINER_CREDENTIALS_FULL_URI !== undefined) return podIdentity(c, view, aws);
    expect(aws.podEnv.AWS_ROLE_ARN).toMatch(/^arn:aws:iam::\d{12}:role\//);
    const roleName = aws.podEnv.AWS_ROLE_ARN.split('/').pop();
    const tokenFile = aws.podEnv.AWS_WEB_IDENTITY_TOKEN_FILE;
    const [js, py] = await Promise.all([runNodeClient('aws', aws, harness), runBoto3(aws, harness)]);

    for (const [sdk, result, agent] of [['aws-sdk-js', js, /aws-sdk-js/], ['boto3', py, /Boto3|botocore/]] as Array<[string, ClientResult, RegExp]>) {
      expect(result).toMatchObject({ ok: true, identity: expect.stringMatching(new RegExp(`^arn:aws:sts::\\d{12}:assumed-role/${roleName}/`)) });
      const calls = only('aws-sts', agent).filter(e => e.params.Action === 'AssumeRoleWithWebIdentity');
      expect(calls).toHaveLength(1);
      const call = calls[0];
      // The regional endpoint of the pod's region (AWS_STS_REGIONAL_ENDPOINTS=regional for boto3; the JS SDK is always regional).
      expect(call.host).toBe(`sts.${aws.podEnv.AWS_REGION}.amazonaws.com`);
      expect(aws.podEnv.AWS_STS_REGIONAL_ENDPOINTS).toBe('regional');
      expect(call.params.RoleArn).toBe(aws.podEnv.AWS_ROLE_ARN);
      expect(call.params.WebIdentityToken).toBe(fileAt(view, tokenFile));
      expect(call.verdict).toMatchObject({ accepted: true });
      record(c, 'aws', sdk, `${call.host} AssumeRoleWithWebIdentity RoleArn=${call.params.RoleArn} WebIdentityToken=<${tokenFile}: aud ${JSON.stringify(call.token!.claims.aud)}, sub ${call.token!.claims.sub}> → ${call.verdict!.reason.slice(0, 60)}… → ${result.identity}`);
    }
    if (js.credentialSources) expect(js.credentialSources).toContain('CREDENTIALS_ENV_VARS_STS_WEB_ID_TOKEN');
    expect(py.method).toBe('assume-role-with-web-identity');
  });

  async function podIdentity(c: PodCase, view: PodView, aws: PodViewContainer): Promise<void> {
    // The agent listens on 169.254.170.23 in the cluster; here it is the stand-in on loopback (one of the hosts the SDKs allow).
    expect(aws.podEnv.AWS_CONTAINER_CREDENTIALS_FULL_URI).toBe('http://169.254.170.23/v1/credentials');
    const h = { ...harness, overrides: { AWS_CONTAINER_CREDENTIALS_FULL_URI: standIns.podIdentityAgentUrl } };
    const association = c.deployment.graph.aws.podIdentityAssociations.find(a => a.namespace === c.namespace && a.serviceAccount === view.serviceAccount)!;
    const roleName = String(association.roleArn).split('/').pop();
    const [js, py] = await Promise.all([runNodeClient('aws', aws, h), runBoto3(aws, h)]);
    for (const [sdk, result] of [['aws-sdk-js', js], ['boto3', py]] as Array<[string, ClientResult]>) {
      expect({ sdk, ...result, error: result.error ?? null }).toMatchObject({ sdk, ok: true, error: null, identity: expect.stringMatching(new RegExp(`^arn:aws:sts::\\d{12}:assumed-role/${roleName}/`)) });
    }
    const calls = only('aws-pod-identity');
    expect(calls).toHaveLength(2);
    for (const call of calls) {
      expect(call.authorization).toBe(fileAt(view, aws.podEnv.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE));
      expect(call.verdict).toMatchObject({ accepted: true });
      record(c, 'aws', /Boto3|botocore|python/i.test(call.userAgent ?? '') ? 'boto3' : 'aws-sdk-js', `EKS Pod Identity agent GET ${call.path} Authorization=<${aws.podEnv.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE}: aud ${JSON.stringify(call.token!.claims.aud)}> → ${call.verdict!.reason.slice(0, 60)}… → role ${roleName}`);
    }
    expect(py.method).toBe('container-role');
  }
});

describe('Azure: @azure/identity DefaultAzureCredential and WorkloadIdentityCredential', () => {
  test.each(azurePods.map(c => [label(c), c] as const))('GIVEN %s WHEN its azure container asks for a token THEN the token request carries the client id, the tenant and the projected token, and the simulator accepts it', async (_l, c) => {
    const view = await viewOf(c);
    const az = container(view, 'azure')!;
    judge(c.deployment);
    const env = az.podEnv;
    expect(env.AZURE_CLIENT_ID).toMatch(/^[0-9a-f-]{36}$/);
    const results = await Promise.all([runNodeClient('azure-default', az, harness), runNodeClient('azure-workload', az, harness)]);
    expect(results.map(r => [r.ok, r.credential, r.error])).toEqual([[true, 'DefaultAzureCredential', undefined], [true, 'WorkloadIdentityCredential', undefined]]);
    const calls = only('entra');
    expect(calls).toHaveLength(2);
    for (const call of calls) {
      expect(call.host).toBe(new URL(env.AZURE_AUTHORITY_HOST).host);
      expect(call.path).toBe(`/${env.AZURE_TENANT_ID}/oauth2/v2.0/token`);
      expect(call.params).toMatchObject({
        client_id: env.AZURE_CLIENT_ID, grant_type: 'client_credentials', scope: 'https://management.azure.com/.default',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: fileAt(view, env.AZURE_FEDERATED_TOKEN_FILE),
      });
      expect(call.verdict).toMatchObject({ accepted: true });
      expect(results.every(r => String(r.token).startsWith(`entra.${env.AZURE_CLIENT_ID}.`))).toBe(true);
      record(c, 'azure', '@azure/identity', `POST ${call.host}${call.path} client_id=${call.params.client_id} client_assertion=<${env.AZURE_FEDERATED_TOKEN_FILE}: aud ${JSON.stringify(call.token!.claims.aud)}, sub ${call.token!.claims.sub}> → ${call.verdict!.reason.slice(0, 60)}…`);
    }
  });
});

describe('GCP: google-auth-library GoogleAuth', () => {
  test.each(gcpPods.map(c => [label(c), c] as const))('GIVEN %s WHEN its gcp container asks for an access token THEN the library presents the projected token for the configured audience (and impersonates the configured service account), and the simulator accepts each call', async (_l, c) => {
    const view = await viewOf(c);
    const gcp = container(view, 'gcp')!;
    if (gcp.podEnv.GOOGLE_APPLICATION_CREDENTIALS === undefined) return gkeNative(c, view, gcp);
    judge(c.deployment);
    const config = JSON.parse(fileAt(view, gcp.podEnv.GOOGLE_APPLICATION_CREDENTIALS));
    expect(config).toMatchObject({ type: 'external_account', token_url: 'https://sts.googleapis.com/v1/token', credential_source: { file: expect.any(String) } });
    const email = /serviceAccounts\/([^/:]+):generateAccessToken$/.exec(config.service_account_impersonation_url ?? '')?.[1];
    const result = await runNodeClient('google', gcp, harness);

    const [sts] = only('google-sts');
    expect(only('google-sts')).toHaveLength(1);
    expect(sts.host).toBe(new URL(config.token_url).host);
    expect(sts.params).toMatchObject({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange', audience: config.audience, subject_token_type: config.subject_token_type,
      requested_token_type: 'urn:ietf:params:oauth:token-type:access_token', subject_token: fileAt(view, config.credential_source.file),
    });
    expect(sts.verdict).toMatchObject({ accepted: true });
    let last = `POST ${sts.host}${sts.path} audience=${sts.params.audience} subject_token=<${config.credential_source.file}: sub ${sts.token!.claims.sub}> → ${sts.verdict!.reason}`;
    const impersonated = only('google-iamcredentials');
    if (email) {
      expect(impersonated.map(e => [e.host, e.path, e.verdict?.accepted])).toEqual([['iamcredentials.googleapis.com', `/v1/projects/-/serviceAccounts/${email}:generateAccessToken`, true]]);
      expect(impersonated[0].authorization).toMatch(/^Bearer federated\./);
      last += `; POST ${impersonated[0].host}${impersonated[0].path} with the federated token → ${impersonated[0].verdict!.reason.slice(0, 60)}…`;
    } else {
      expect(impersonated).toEqual([]);
    }
    // GoogleAuth.getClient() looks the project up (Resource Manager projects.get) when no
    // GOOGLE_CLOUD_PROJECT is set; the stand-in answers as GCP would for the caller's roles.
    const lookups = only('google-resourcemanager');
    const projectNumber = /\/projects\/(\d+)\//.exec(config.audience)![1];
    expect(lookups.map(e => e.path)).toEqual(gcp.podEnv.GOOGLE_CLOUD_PROJECT ? [] : [`/v1/projects/${projectNumber}`]);
    const lookupAllowed = lookups.every(e => e.params.allowed === 'true');
    if (lookupAllowed) {
      expect(result).toMatchObject({ ok: true, serviceAccountEmail: email ?? null, token: email ? expect.stringContaining(`ya29.impersonated.${email}.`) : expect.stringMatching(/^federated\./) });
    } else {
      // The token exchange succeeded; the library then fails on the project lookup alone.
      expect(result).toMatchObject({ ok: false, error: 'Error: The caller does not have permission' });
      last += `; GET cloudresourcemanager.googleapis.com/v1/projects/${projectNumber} → 403: getClient() fails without GOOGLE_CLOUD_PROJECT`;
      // With the project named, the same chain ends with the access token.
      const withProject = await runNodeClient('google', gcp, { ...harness, overrides: { GOOGLE_CLOUD_PROJECT: c.deployment.gcpProjects.find(p => p.number === projectNumber)!.id } });
      expect(withProject).toMatchObject({ ok: true, serviceAccountEmail: email ?? null, token: email ? expect.stringContaining(`ya29.impersonated.${email}.`) : expect.stringMatching(/^federated\./) });
      last += '; with GOOGLE_CLOUD_PROJECT set: access token obtained';
    }
    record(c, 'gcp', 'google-auth-library', last);
  });

  async function gkeNative(c: PodCase, view: PodView, gcp: PodViewContainer): Promise<void> {
    // GKE's metadata server serves the pod's Google service account; the pod's env names nothing.
    const email = view.serviceAccountAnnotations['iam.gke.io/gcp-service-account'];
    expect(email).toMatch(/@.*\.iam\.gserviceaccount\.com$/);
    expect(Object.keys(gcp.podEnv).filter(k => k.startsWith('GOOGLE_'))).toEqual([]);
    // What the metadata server presents for the pod: its service account token for the cluster's workload pool.
    const jose = await import('jose');
    const key = keys.get(view.issuer)!;
    const now = Math.floor(Date.now() / 1000);
    const jwt = await new jose.SignJWT({ 'iss': view.issuer, 'sub': `system:serviceaccount:${view.namespace}:${view.serviceAccount}`, 'aud': [gkeWorkloadPool(view.issuer)!], 'exp': now + 3600, 'iat': now, 'nbf': now, 'kubernetes.io': { namespace: view.namespace, serviceaccount: { name: view.serviceAccount } } })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid }).sign(key.privateKey as any);
    judge(c.deployment, { jwt, serviceAccountEmail: email });
    const result = await runNodeClient('google', gcp, { ...harness, overrides: { GCE_METADATA_HOST: standIns.metadataHost } });
    expect({ ...result, error: result.error ?? null }).toMatchObject({ ok: true, error: null, client: 'Compute', token: expect.stringContaining(`ya29.gke.${email}.`) });
    const token = only('gke-metadata').filter(e => e.path.endsWith('/service-accounts/default/token'));
    expect(token.map(e => e.verdict?.accepted)).toEqual([true]);
    record(c, 'gcp', 'google-auth-library', `GKE metadata server GET ${token[0].path} for ${view.namespace}/${view.serviceAccount} → ${token[0].verdict!.reason.slice(0, 60)}… → ${email}`);
  }
});

describe('the stand-ins judge, not echo', () => {
  test('GIVEN a pod view of the wrong namespace WHEN its SDKs ask THEN each stand-in refuses in the cloud\'s words and each SDK reports that refusal', async () => {
    const c = PODS.find(x => x.deployment === DEPLOYMENTS[0] && x.pod === 'crossfed-example-pipeline')!;
    const objects = c.deployment.clusters.get(c.cluster)!.map(o => (o.metadata?.namespace === 'data' ? { ...o, metadata: { ...o.metadata, namespace: 'default' } } : o));
    const view = await materializePodView(objects, { namespace: 'default', name: c.pod }, { root: fs.mkdtempSync(path.join(DIR, 'near-miss-')), signingKey: keys.get(c.deployment.model.issuers.find(i => i.name === c.cluster)!.url)! });
    judge(c.deployment);
    const [js, py, az, google] = await Promise.all([
      runNodeClient('aws', container(view, 'aws')!, harness), runBoto3(container(view, 'aws')!, harness),
      runNodeClient('azure-workload', container(view, 'azure')!, harness), runNodeClient('google', container(view, 'gcp')!, harness),
    ]);
    expect(js).toMatchObject({ ok: false, error: 'AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity' });
    expect(py).toMatchObject({ ok: false, error: 'ClientError: An error occurred (AccessDenied) when calling the AssumeRoleWithWebIdentity operation: Not authorized to perform sts:AssumeRoleWithWebIdentity' });
    expect(az.error).toContain('AADSTS700213: No matching federated identity record found for presented assertion subject \'system:serviceaccount:default:pipeline\'');
    expect(google).toMatchObject({ ok: false });
    expect(String(google.error)).toContain('The given credential is rejected by the attribute condition');
    expect(standIns.exchanges.filter(e => e.verdict).every(e => e.verdict!.accepted === false)).toBe(true);
  });
});
