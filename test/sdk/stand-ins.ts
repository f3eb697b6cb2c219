/**
 * Local stand-ins for the clouds' token endpoints, on 127.0.0.1, judging every request with
 * crossfed's exchange simulator the way the cloud would:
 *
 * - an HTTPS proxy (CONNECT) that the SDKs are pointed at the way a corporate proxy would be; it
 *   answers for the clouds' own host names with a certificate of a test CA, so each SDK resolves
 *   its endpoints by its own rules and the stand-ins see which host it chose;
 * - AWS STS (`sts[.<region>].amazonaws.com`): AssumeRoleWithWebIdentity is judged, then passed
 *   to moto_server (whose STS accepts any token) for a genuine response; other calls go to moto;
 * - Entra ID (`login.microsoftonline.com`): OpenID discovery and the v2.0 token endpoint;
 * - Google STS (`sts.googleapis.com`) and IAM Credentials (`iamcredentials.googleapis.com`);
 * - the EKS Pod Identity agent (plain HTTP, as the agent is) and a GKE metadata server.
 */
import * as crypto from 'crypto';
import * as http from 'http';
import * as https from 'https';
import * as net from 'net';
import { createTestCa, TestCa } from './tls';
import { TrustGraph } from '../../lib/verify/graph';
import { decodeToken, EksCluster, evaluateExchange, ExchangeResult, ExchangeTarget, Jwks, Token } from '../../lib/verify/simulate';
import { MotoServer } from '../aws/peers';

/** What the stand-ins judge with: the deployment's trust graph and the clusters' signing keys. */
export interface Judge {
  readonly graph: TrustGraph;
  readonly jwks: Jwks;
  readonly eksClusters: readonly EksCluster[];
  /** Entra tenants that exist. */
  readonly tenants: readonly string[];
  /** GCP projects: id and number. */
  readonly gcpProjects: ReadonlyArray<{ readonly id: string; readonly number: string }>;
  /** The GKE pod the metadata server serves: its service account token (audience: the workload pool). */
  readonly gkePod?: { readonly jwt: string; readonly serviceAccountEmail?: string };
}

/** One request a stand-in received, and the verdict it gave. */
export interface Exchange {
  readonly service: 'aws-sts' | 'aws-pod-identity' | 'entra' | 'google-sts' | 'google-iamcredentials' | 'google-resourcemanager' | 'gke-metadata';
  /** The host the SDK addressed (the Host header). */
  readonly host: string;
  readonly method: string;
  readonly path: string;
  /** Form or JSON body fields, and the Authorization header when there is one. */
  readonly params: Readonly<Record<string, string>>;
  readonly authorization?: string;
  /** The client's User-Agent header. */
  readonly userAgent?: string;
  /** The subject token the request carried, decoded and verified against the clusters' keys. */
  readonly token?: Token;
  readonly target?: ExchangeTarget;
  readonly verdict?: ExchangeResult;
}

/** Every host the proxy answers for. */
export const CLOUD_HOSTS = [
  'sts.amazonaws.com', 'sts.us-east-1.amazonaws.com', 'sts.us-east-2.amazonaws.com', 'sts.us-west-2.amazonaws.com', 'sts.eu-west-1.amazonaws.com', 'sts.eu-central-1.amazonaws.com',
  'login.microsoftonline.com', 'sts.googleapis.com', 'iamcredentials.googleapis.com', 'cloudresourcemanager.googleapis.com',
];

/** The simulator's last GCP step, which is IAM's (on the next call), not STS's. */
const AUTHORIZATION_STEP = 'role binding for the federated principal';
/** Predefined roles that carry resourcemanager.projects.get (the stand-in knows no others). */
const PROJECT_GET_ROLES = ['roles/owner', 'roles/editor', 'roles/viewer', 'roles/browser'];
const GOOGLE_WORKLOAD_IDENTITY_USER_DENIED = "Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist).";

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function fields(body: string, contentType: string | undefined): Record<string, string> {
  if (!body) return {};
  if ((contentType ?? '').includes('json')) {
    const doc = JSON.parse(body);
    return Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  }
  return Object.fromEntries(new URLSearchParams(body));
}

function send(res: http.ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const listen = (server: net.Server) => new Promise<number>((resolve, reject) => {
  server.once('error', reject);
  server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
});

/** The stand-ins, started and stopped by a test. */
export class CloudStandIns {
  /** Starts the proxy, the Pod Identity agent and the GKE metadata server, all on 127.0.0.1. */
  public static async start(moto: MotoServer): Promise<CloudStandIns> {
    const ca = await createTestCa(CLOUD_HOSTS);
    const s = new CloudStandIns(ca, moto);
    await s.listen();
    return s;
  }

  /** Every request received, in order. */
  public readonly exchanges: Exchange[] = [];
  /** The CONNECT targets the proxy was asked for (host:port). */
  public readonly tunnels: string[] = [];
  private judge?: Judge;
  private readonly tls: https.Server;
  private readonly proxy: http.Server;
  private readonly agent: http.Server;
  private readonly metadata: http.Server;
  private readonly sockets = new Set<net.Socket>();
  private readonly federated = new Map<string, { token: Token; audience: string }>();
  private ports = { proxy: 0, agent: 0, metadata: 0 };

  private constructor(public readonly ca: TestCa, private readonly moto: MotoServer) {
    const handle = (fn: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>) => (req: http.IncomingMessage, res: http.ServerResponse) => {
      fn(req, res).catch(e => send(res, 500, { error: 'stand-in failure', message: String(e?.stack ?? e) }));
    };
    this.tls = https.createServer({ key: ca.keyPem, cert: ca.certPem }, handle((req, res) => this.cloud(req, res)));
    this.proxy = http.createServer((_req, res) => send(res, 405, { error: 'only CONNECT' }));
    this.proxy.on('connect', (req: http.IncomingMessage, socket: net.Socket) => {
      this.tunnels.push(req.url ?? '');
      const host = (req.url ?? '').replace(/:\d+$/, '');
      if (!CLOUD_HOSTS.includes(host)) {
        socket.end(`HTTP/1.1 403 Forbidden\r\n\r\nthe stand-ins do not answer for ${host}\r\n`);
        return;
      }
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      this.tls.emit('connection', socket);
    });
    this.agent = http.createServer(handle((req, res) => this.podIdentityAgent(req, res)));
    this.metadata = http.createServer(handle((req, res) => this.gkeMetadata(req, res)));
    for (const server of [this.tls, this.proxy, this.agent, this.metadata]) {
      server.on('connection', (sock: net.Socket) => {
        this.sockets.add(sock);
        sock.on('close', () => this.sockets.delete(sock));
      });
    }
  }

  private async listen(): Promise<void> {
    this.ports = { proxy: await listen(this.proxy), agent: await listen(this.agent), metadata: await listen(this.metadata) };
  }

  /** The proxy, as `HTTPS_PROXY` names it. */
  public get proxyUrl(): string { return `http://127.0.0.1:${this.ports.proxy}`; }
  /** The Pod Identity agent's credentials endpoint (the pod's 169.254.170.23, on loopback). */
  public get podIdentityAgentUrl(): string { return `http://127.0.0.1:${this.ports.agent}/v1/credentials`; }
  /** The GKE metadata server (`GCE_METADATA_HOST`). */
  public get metadataHost(): string { return `127.0.0.1:${this.ports.metadata}`; }

  /** What the next requests are judged with; clears the record. */
  public judgeWith(judge: Judge): void {
    this.judge = judge;
    this.exchanges.length = 0;
    this.tunnels.length = 0;
    this.federated.clear();
  }

  public async stop(): Promise<void> {
    for (const sock of this.sockets) sock.destroy();
    await Promise.all([this.tls, this.proxy, this.agent, this.metadata].map(s => new Promise<void>(r => (s.listening ? s.close(() => r()) : r()))));
  }

  private get j(): Judge {
    if (!this.judge) throw new Error('judgeWith() was not called');
    return this.judge;
  }

  /** Decodes and verifies a subject token against the clusters' keys (undefined when it is not one). */
  private async token(jwt: string | undefined): Promise<Token | undefined> {
    if (!jwt) return undefined;
    try {
      // Verified here against the keys the pod views sign with (the stand-in clusters' keys);
      // the simulator then judges the claims. It would otherwise check the signature again,
      // against the keys the artifacts publish (a hosted issuer's example JWKS), which the
      // stand-in clusters do not hold.
      const { jwt: _jwt, ...verified } = await decodeToken(jwt, { jwks: this.j.jwks });
      return verified;
    } catch {
      return undefined;
    }
  }

  private record(e: Exchange, req?: http.IncomingMessage): Exchange {
    this.exchanges.push(req ? { ...e, userAgent: String(req.headers['user-agent'] ?? '') } : e);
    return e;
  }

  private async cloud(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const body = await readBody(req);
    if (/^sts(\.[a-z0-9-]+)?\.amazonaws\.com$/.test(host)) return this.awsSts(req, res, host, body);
    if (host === 'login.microsoftonline.com') return this.entra(req, res, host, body);
    if (host === 'sts.googleapis.com') return this.googleSts(req, res, host, body);
    if (host === 'iamcredentials.googleapis.com') return this.iamCredentials(req, res, host, body);
    if (host === 'cloudresourcemanager.googleapis.com') {
      return this.projectsGet(req, res, host);
    }
    send(res, 404, { error: `no stand-in for ${host}` });
  }

  // ------------------------------------------------------------------ AWS

  private async awsSts(req: http.IncomingMessage, res: http.ServerResponse, host: string, body: string): Promise<void> {
    const params = fields(body, req.headers['content-type']);
    const base = { service: 'aws-sts' as const, host, method: req.method ?? '', path: req.url ?? '', params, authorization: req.headers.authorization };
    if (params.Action === 'AssumeRoleWithWebIdentity') {
      const token = await this.token(params.WebIdentityToken);
      const target: ExchangeTarget = { cloud: 'aws', kind: 'web-identity', roleArn: params.RoleArn };
      const verdict = token ? evaluateExchange(this.j.graph, token, target) : undefined;
      this.record({ ...base, token, target, verdict }, req);
      if (!verdict?.accepted) {
        const reason = verdict?.reason ?? 'InvalidIdentityToken: Couldn\'t retrieve verification key from your identity provider';
        const [code, ...rest] = reason.split(': ');
        const xml = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(rest.join(': '))}</Message></Error><RequestId>${crypto.randomUUID()}</RequestId></ErrorResponse>`;
        return send(res, code === 'AccessDenied' ? 403 : 400, xml, 'text/xml');
      }
    } else {
      this.record(base, req);
    }
    // moto answers (its STS accepts any token: the verdict above is the judgement).
    const r = await fetch(`${this.moto.endpoint}${req.url ?? '/'}`, { method: req.method, body: body || undefined, headers: { 'content-type': String(req.headers['content-type'] ?? ''), 'authorization': String(req.headers.authorization ?? ''), 'host': host } });
    send(res, r.status, await r.text(), r.headers.get('content-type') ?? 'text/xml');
  }

  /** The EKS Pod Identity agent: the pod's token in `Authorization`, answered with the role's credentials. */
  private async podIdentityAgent(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const authorization = req.headers.authorization;
    const token = await this.token(authorization);
    const base = { service: 'aws-pod-identity' as const, host: req.headers.host ?? '', method: req.method ?? '', path: req.url ?? '', params: {}, authorization };
    // EKS Auth (AssumeRoleForPodIdentity) finds the association by the token's cluster, namespace and service account.
    const cluster = this.j.eksClusters.find(c => c.issuer === token?.claims.iss);
    const who = token?.claims['kubernetes.io'];
    const association = cluster && this.j.graph.aws.podIdentityAssociations.find(a => a.clusterName === cluster.name && a.namespace === who?.namespace && a.serviceAccount === who?.serviceaccount?.name);
    if (!token || !cluster || !association || typeof association.roleArn !== 'string') {
      this.record({ ...base, token }, req);
      return send(res, 400, { message: `no Pod Identity association for ${who?.namespace}/${who?.serviceaccount?.name} in a known cluster` });
    }
    const target: ExchangeTarget = { cloud: 'aws', kind: 'pod-identity', roleArn: association.roleArn, cluster };
    const verdict = evaluateExchange(this.j.graph, token, target);
    this.record({ ...base, token, target, verdict }, req);
    if (!verdict.accepted) return send(res, 403, { code: verdict.reason.split(':')[0], message: verdict.reason });
    const creds = await this.motoAssumeRole(association.roleArn, `eks-${cluster.name}-${who?.pod?.name ?? 'pod'}`.slice(0, 64));
    send(res, 200, { ...creds, AccountId: association.roleArn.split(':')[4] });
  }

  /** Credentials moto will recognise as the role's session. */
  private async motoAssumeRole(roleArn: string, session: string): Promise<{ AccessKeyId: string; SecretAccessKey: string; Token: string; Expiration: string }> {
    const body = new URLSearchParams({ Action: 'AssumeRole', Version: '2011-06-15', RoleArn: roleArn, RoleSessionName: session.replace(/[^\w+=,.@-]/g, '-') });
    const r = await fetch(`${this.moto.endpoint}/`, {
      method: 'POST', body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'authorization': 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0' },
    });
    const xml = await r.text();
    const tag = (n: string) => new RegExp(`<${n}>([^<]*)</${n}>`).exec(xml)?.[1] ?? '';
    if (!r.ok) throw new Error(`moto AssumeRole failed: ${xml}`);
    return { AccessKeyId: tag('AccessKeyId'), SecretAccessKey: tag('SecretAccessKey'), Token: tag('SessionToken'), Expiration: tag('Expiration') };
  }

  // ------------------------------------------------------------------ Entra ID

  private async entra(req: http.IncomingMessage, res: http.ServerResponse, host: string, body: string): Promise<void> {
    const url = new URL(req.url ?? '/', `https://${host}`);
    const base = `https://${host}`;
    const tenant = url.pathname.split('/')[1] ?? '';
    const known = this.j.tenants.includes(tenant);
    if (url.pathname.endsWith('/v2.0/.well-known/openid-configuration')) {
      if (!known) return send(res, 400, { error: 'invalid_tenant', error_description: `AADSTS90002: Tenant '${tenant}' not found.`, error_codes: [90002] });
      return send(res, 200, {
        token_endpoint: `${base}/${tenant}/oauth2/v2.0/token`, issuer: `${base}/${tenant}/v2.0`, authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/authorize`,
        jwks_uri: `${base}/${tenant}/discovery/v2.0/keys`, end_session_endpoint: `${base}/${tenant}/oauth2/v2.0/logout`, response_types_supported: ['code', 'id_token', 'token'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'], tenant_region_scope: 'EU', cloud_instance_name: 'microsoftonline.com',
      });
    }
    if (url.pathname.endsWith('/discovery/instance')) {
      return send(res, 200, { 'tenant_discovery_endpoint': `${base}/${tenant}/v2.0/.well-known/openid-configuration`, 'api-version': '1.1', 'metadata': [{ preferred_network: host, preferred_cache: host, aliases: [host] }] });
    }
    if (req.method === 'POST' && url.pathname.endsWith('/oauth2/v2.0/token')) {
      const params = fields(body, req.headers['content-type']);
      const token = await this.token(params.client_assertion);
      const target: ExchangeTarget = { cloud: 'azure', kind: 'federated-credential', identity: { clientId: params.client_id } };
      const verdict = known && token ? evaluateExchange(this.j.graph, token, target) : undefined;
      this.record({ service: 'entra', host, method: req.method, path: url.pathname, params, token, target, verdict }, req);
      if (!known) return send(res, 400, { error: 'invalid_request', error_description: `AADSTS90002: Tenant '${tenant}' not found.`, error_codes: [90002] });
      if (!verdict?.accepted) {
        const reason = verdict?.reason ?? 'AADSTS50027: JWT token is invalid or malformed.';
        return send(res, 400, { error: 'invalid_client', error_description: reason, error_codes: [Number(/AADSTS(\d+)/.exec(reason)?.[1] ?? 0)] });
      }
      return send(res, 200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: `entra.${params.client_id}.${crypto.randomUUID()}` });
    }
    send(res, 404, { error: 'not_found', error_description: `no stand-in for ${url.pathname}` });
  }

  // ------------------------------------------------------------------ Google

  private async googleSts(req: http.IncomingMessage, res: http.ServerResponse, host: string, body: string): Promise<void> {
    const params = fields(body, req.headers['content-type']);
    const token = await this.token(params.subject_token);
    // STS checks the pool provider named by the audience (issuer, audience, mapping, condition);
    // what the federated principal may do is IAM's check, on the next call.
    const target: ExchangeTarget = { cloud: 'gcp', kind: 'direct', provider: params.audience };
    const full = token ? evaluateExchange(this.j.graph, token, target) : undefined;
    const federationOk = full !== undefined && (full.accepted || full.steps.filter(s => !s.ok).every(s => s.check === AUTHORIZATION_STEP));
    const verdict: ExchangeResult | undefined = full && federationOk
      ? { ...full, accepted: true, reason: 'accepted: the pool provider exchanges the token for a federated access token', steps: full.steps.filter(s => s.check !== AUTHORIZATION_STEP) }
      : full;
    this.record({ service: 'google-sts', host, method: req.method ?? '', path: req.url ?? '', params, token, target, verdict, authorization: undefined }, req);
    if (!federationOk) {
      const reason = full?.reason ?? 'invalid_grant: The incoming token is not a valid JWT.';
      const [error, ...rest] = reason.split(': ');
      return send(res, 400, { error, error_description: rest.join(': ') });
    }
    const id = crypto.randomUUID();
    this.federated.set(id, { token: token!, audience: params.audience });
    send(res, 200, { access_token: `federated.${id}`, issued_token_type: 'urn:ietf:params:oauth:token-type:access_token', token_type: 'Bearer', expires_in: 3600 });
  }

  private async iamCredentials(req: http.IncomingMessage, res: http.ServerResponse, host: string, body: string): Promise<void> {
    const params = fields(body, req.headers['content-type']);
    const email = decodeURIComponent(/\/serviceAccounts\/([^/:]+):generateAccessToken$/.exec(req.url ?? '')?.[1] ?? '');
    const bearer = /^Bearer federated\.(.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const fed = bearer ? this.federated.get(bearer) : undefined;
    const target: ExchangeTarget = { cloud: 'gcp', kind: 'impersonation', serviceAccountEmail: email, provider: fed?.audience };
    const verdict = fed ? evaluateExchange(this.j.graph, fed.token, target) : undefined;
    this.record({ service: 'google-iamcredentials', host, method: req.method ?? '', path: req.url ?? '', params, authorization: req.headers.authorization, token: fed?.token, target, verdict }, req);
    if (!fed) return send(res, 401, { error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' } });
    if (!verdict!.accepted) return send(res, 403, { error: { code: 403, message: GOOGLE_WORKLOAD_IDENTITY_USER_DENIED, status: 'PERMISSION_DENIED', details: [verdict!.reason] } });
    send(res, 200, { accessToken: `ya29.impersonated.${email}.${crypto.randomUUID()}`, expireTime: new Date(Date.now() + 3600_000).toISOString() });
  }

  /**
   * Resource Manager's projects.get, which google-auth-library calls to learn the project when
   * no GOOGLE_CLOUD_PROJECT is set. GCP allows it to holders of `resourcemanager.projects.get`
   * on the project: the stand-in knows only the basic roles and roles/browser to carry it.
   * @see https://cloud.google.com/resource-manager/reference/rest/v1/projects/get
   */
  private async projectsGet(req: http.IncomingMessage, res: http.ServerResponse, host: string): Promise<void> {
    const number = /^\/v1\/projects\/(\d+)$/.exec(req.url ?? '')?.[1];
    const caller = this.caller(req.headers.authorization);
    const project = this.j.gcpProjects.find(p => p.number === number);
    const allowed = !!project && !!caller && this.j.graph.gcp.bindings.some(b => b.resourceType === 'project' && b.resource === project.id && PROJECT_GET_ROLES.includes(String(b.role)) && caller.includes(String(b.member)));
    this.record({ service: 'google-resourcemanager', host, method: req.method ?? '', path: req.url ?? '', params: { allowed: String(allowed) }, authorization: req.headers.authorization }, req);
    if (!allowed) return send(res, 403, { error: { code: 403, message: 'The caller does not have permission', status: 'PERMISSION_DENIED' } });
    send(res, 200, { projectNumber: number, projectId: project!.id, lifecycleState: 'ACTIVE', name: project!.id });
  }

  /** The IAM members an access token of the stand-ins stands for. */
  private caller(authorization: string | undefined): string[] | undefined {
    const email = /^Bearer ya29\.impersonated\.([^ ]+@[^ ]+?)\.[0-9a-f-]{36}$/.exec(authorization ?? '')?.[1];
    if (email) return [`serviceAccount:${email}`];
    const fed = this.federated.get(/^Bearer federated\.(.+)$/.exec(authorization ?? '')?.[1] ?? '');
    if (!fed) return undefined;
    const sub = fed.token.claims.sub;
    const pool = fed.audience.replace(/^\/\/iam\.googleapis\.com\//, '').replace(/\/providers\/[^/]+$/, '');
    return [`principal://iam.googleapis.com/${pool}/subject/${sub}`, `principalSet://iam.googleapis.com/${pool}/*`];
  }

  /** GKE's metadata server: the pod's service account token exchanged for the annotated Google service account's. */
  private async gkeMetadata(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://metadata.google.internal');
    res.setHeader('Metadata-Flavor', 'Google');
    if (req.headers['metadata-flavor'] !== 'Google') return send(res, 403, 'Missing Metadata-Flavor:Google header.', 'text/plain');
    const pod = this.j.gkePod;
    const email = pod?.serviceAccountEmail;
    const base = { service: 'gke-metadata' as const, host: req.headers.host ?? '', method: req.method ?? '', path: url.pathname, params: Object.fromEntries(url.searchParams) };
    if (['/', '/computeMetadata/v1', '/computeMetadata/v1/', '/computeMetadata/v1/instance', '/computeMetadata/v1/instance/'].includes(url.pathname)) return send(res, 200, 'service-accounts/\n', 'text/plain');
    if (url.pathname === '/computeMetadata/v1/instance/service-accounts/default/email') {
      this.record(base, req);
      return email ? send(res, 200, email, 'text/plain') : send(res, 404, 'no service account', 'text/plain');
    }
    if (url.pathname === '/computeMetadata/v1/instance/service-accounts/default/token') {
      const token = await this.token(pod?.jwt);
      const target: ExchangeTarget | undefined = email ? { cloud: 'gcp', kind: 'gke-native', serviceAccountEmail: email } : undefined;
      const verdict = token && target ? evaluateExchange(this.j.graph, token, target) : undefined;
      this.record({ ...base, token, target, verdict }, req);
      if (!verdict?.accepted) return send(res, 403, verdict?.reason ?? 'the pod has no Google service account', 'text/plain');
      return send(res, 200, { access_token: `ya29.gke.${email}.${crypto.randomUUID()}`, expires_in: 3599, token_type: 'Bearer' });
    }
    if (url.pathname.startsWith('/computeMetadata/v1/project/project-id')) return send(res, 200, email?.split('@')[1]?.split('.')[0] ?? '', 'text/plain');
    send(res, 404, `no stand-in for ${url.pathname}`, 'text/plain');
  }
}
