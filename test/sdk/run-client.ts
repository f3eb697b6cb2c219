/**
 * Runs an official SDK's credential chain in a child process whose environment is a
 * container's (from its pod view), plus only what points the SDK at the local stand-ins.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { PodViewContainer } from '../../lib/verify/pod-view';

/** What the harness adds to a container's environment, and why. */
export interface HarnessEnv {
  /** The stand-ins' proxy: `HTTPS_PROXY`. */
  readonly proxyUrl: string;
  /** The test CA: `NODE_EXTRA_CA_CERTS` (Node), `AWS_CA_BUNDLE` (boto3). */
  readonly caFile: string;
  /** An empty home: no ~/.aws, ~/.azure or gcloud configuration of the machine is read. */
  readonly home: string;
  /** Overrides of the container's own values (network addresses the host cannot serve), with the reason. */
  readonly overrides?: Readonly<Record<string, string>>;
}

export interface ClientResult {
  readonly ok: boolean;
  readonly error?: string;
  readonly [key: string]: unknown;
}

/** The environment the child gets: the container's env, then the harness's additions. */
export function childEnv(container: PodViewContainer, h: HarnessEnv): Record<string, string> {
  return {
    ...container.env,
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: h.home,
    HTTPS_PROXY: h.proxyUrl,
    NO_PROXY: '127.0.0.1,localhost',
    NODE_EXTRA_CA_CERTS: h.caFile,
    AWS_CA_BUNDLE: h.caFile,
    // pyenv shims need to know where they are.
    ...(process.env.PYENV_ROOT ? { PYENV_ROOT: process.env.PYENV_ROOT } : {}),
    ...h.overrides,
  };
}

const NODE_CLIENT = path.join(__dirname, 'clients', 'node-sdk.cjs');
const BOTO3_CLIENT = path.join(__dirname, 'clients', 'boto3_chain.py');

function run(command: string, args: string[], env: Record<string, string>, timeoutMs: number): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], cwd: path.join(__dirname, '..', '..') });
    let out = ''; let err = '';
    child.stdout.on('data', d => { out += d; });
    child.stderr.on('data', d => { err = `${err}${d}`.slice(-4000); });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line));
      } catch {
        resolve({ ok: false, error: `${command} ${args.join(' ')} exited with ${signal ?? code} after printing ${JSON.stringify(out.slice(-500))}; stderr: ${err}` });
      }
    });
  });
}

/** A Node SDK client (`aws`, `azure-default`, `azure-workload`, `google`). */
export function runNodeClient(client: 'aws' | 'azure-default' | 'azure-workload' | 'google', container: PodViewContainer, h: HarnessEnv, timeoutMs = 60_000): Promise<ClientResult> {
  return run(process.execPath, [NODE_CLIENT, client], childEnv(container, h), timeoutMs);
}

/** boto3's default chain, with the machine's python3. */
export function runBoto3(container: PodViewContainer, h: HarnessEnv, timeoutMs = 60_000): Promise<ClientResult> {
  return run('python3', [BOTO3_CLIENT], childEnv(container, h), timeoutMs);
}

/** Fails with how to install boto3 when python3 or boto3 is missing; returns boto3's version. */
export function requireBoto3(): string {
  const r = spawnSync('python3', ['-c', 'import boto3; print(boto3.__version__)'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error(`python3 with boto3 is required by the SDK tests but could not be run (${r.error?.message ?? r.stderr.trim()}). Install it with: pip install boto3`);
  }
  return r.stdout.trim();
}

/** Writes the CA to a file the SDKs can be pointed at. */
export function writeCa(dir: string, pem: string): string {
  const file = path.join(dir, 'test-ca.pem');
  fs.writeFileSync(file, pem);
  return file;
}
