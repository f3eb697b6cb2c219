/**
 * Real peers for the AWS output: cfn-lint and moto_server (Python tools of the machine image).
 * A missing peer fails the test with how to install it; servers bind 127.0.0.1 and are
 * stopped by the test that started them.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as net from 'net';

/** Fails with the install command when `command <probe>` cannot run. */
export function requirePeer(command: string, install: string, probe = '--version'): string {
  const r = spawnSync(command, [probe], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error(`${command} is required by this test but could not be run (${r.error?.message ?? r.stderr.trim()}). Install it with: ${install}`);
  }
  return `${r.stdout}${r.stderr}`.trim();
}

export interface CfnLintFinding {
  readonly Filename: string;
  readonly Level: string;
  readonly Message: string;
  readonly Rule: { readonly Id: string };
}

/** Runs cfn-lint once over `files`; returns every finding (errors, warnings, informational). */
export function cfnLint(files: string[]): CfnLintFinding[] {
  const r = spawnSync('cfn-lint', ['--format', 'json', '--', ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  // cfn-lint exits non-zero when it finds something; the JSON says what.
  if (!r.stdout.trim().startsWith('[')) throw new Error(`cfn-lint failed: ${r.stderr || r.stdout}`);
  return JSON.parse(r.stdout);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** The first text of `<name>…</name>` in an XML response. */
export function xmlText(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml)?.[1];
}

/** Every text of `<name>…</name>`. */
export function xmlTexts(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'g'))].map(m => m[1]);
}

function xmlDecode(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** A moto_server on 127.0.0.1, spoken to through the AWS query API (no SDK needed). */
export class MotoServer {
  /** Starts moto_server on a free port and waits until it answers. */
  public static async start(): Promise<MotoServer> {
    requirePeer('moto_server', 'pip install "moto[server]"', '--help');
    const port = await freePort();
    const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
      stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
    });
    let stderr = '';
    child.stderr!.on('data', d => { stderr = `${stderr}${d}`.slice(-4000); });
    const server = new MotoServer(child, `http://127.0.0.1:${port}`);
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}: ${stderr}`);
      try {
        const r = await fetch(`${server.endpoint}/moto-api/data.json`);
        if (r.ok) return server;
      } catch { /* not up yet */ }
      if (Date.now() > deadline) {
        await server.stop();
        throw new Error(`moto_server did not answer on ${server.endpoint} within 30 s: ${stderr}`);
      }
      await new Promise(res => setTimeout(res, 100));
    }
  }

  private constructor(private readonly child: ChildProcess, public readonly endpoint: string) {}

  /** Calls a query-protocol action (IAM, CloudFormation) in an account; returns the XML, or throws with moto's error. */
  public async query(service: 'iam' | 'cloudformation', action: string, params: { [k: string]: string }, account: string, region = 'us-east-1'): Promise<string> {
    const version = service === 'iam' ? '2010-05-08' : '2010-05-15';
    const body = new URLSearchParams({ Action: action, Version: version, ...params });
    const r = await fetch(`${this.endpoint}/`, {
      method: 'POST', body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        'authorization': `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`,
        'x-moto-account-id': account,
      },
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${service} ${action} failed (${r.status}): ${xmlText(text, 'Message') ?? text.slice(0, 500)}`);
    return text;
  }

  /** Calls a JSON-protocol action (SSM, CloudTrail). */
  public async json(target: string, payload: unknown, account: string, region = 'us-east-1'): Promise<unknown> {
    const [prefix] = target.split('.');
    const service = prefix === 'AmazonSSM' ? 'ssm' : target.startsWith('com.amazonaws.cloudtrail.') ? 'cloudtrail' : prefix.toLowerCase();
    const r = await fetch(`${this.endpoint}/`, {
      method: 'POST', body: JSON.stringify(payload),
      headers: {
        'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target, 'x-moto-account-id': account,
        'authorization': `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`,
      },
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${target} failed (${r.status}): ${text.slice(0, 500)}`);
    return text ? JSON.parse(text) : undefined;
  }

  /** Calls the S3 REST API (path-style) in an account; returns the body, or throws with moto's error. */
  public async s3(method: 'GET' | 'PUT', pathAndQuery: string, account: string, region = 'us-east-1', body?: string, headers: { [k: string]: string } = {}): Promise<{ body: string; headers: Headers }> {
    const r = await fetch(`${this.endpoint}${pathAndQuery}`, {
      method, body,
      headers: {
        ...headers, 'host': '127.0.0.1', 'x-moto-account-id': account,
        'authorization': `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250101/${region}/s3/aws4_request, SignedHeaders=host, Signature=0`,
      },
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`s3 ${method} ${pathAndQuery} failed (${r.status}): ${xmlText(text, 'Message') ?? text.slice(0, 500)}`);
    return { body: text, headers: r.headers };
  }

  /** Forgets every resource of every account. */
  public async reset(): Promise<void> {
    const r = await fetch(`${this.endpoint}/moto-api/reset`, { method: 'POST' });
    if (!r.ok) throw new Error(`moto reset failed: ${r.status}`);
  }

  /** A URL-encoded policy document of a response, parsed. */
  public static policyDocument(xml: string, tag: string): any {
    const raw = xmlText(xml, tag);
    if (raw === undefined) throw new Error(`no <${tag}> in ${xml.slice(0, 300)}`);
    const text = decodeURIComponent(xmlDecode(raw));
    // moto renders inline policies created through CloudFormation as a Python dict (single
    // quotes); crossfed's documents hold no quotes of their own, so swapping them is exact.
    return JSON.parse(text.startsWith("{'") && !text.includes('"') ? text.replace(/'/g, '"') : text);
  }

  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and waits until it is gone. */
  public async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>(res => this.child.once('exit', () => res()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}
