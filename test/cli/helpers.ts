import { run } from '../../lib/cli/main';

/** Runs the CLI in-process, capturing output. */
export async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(['node', 'crossfed', ...args], { out: s => { out += s; }, err: s => { err += s; } });
  return { code, out, err };
}
