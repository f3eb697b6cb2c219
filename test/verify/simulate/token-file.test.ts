import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as fc from 'fast-check';
import { isCrossfedError } from '../../../lib/model/errors';
import { jsonErrorOffset, loadExplainToken } from '../../../lib/verify/simulate/token-file';

type Jose = typeof import('jose', { with: { 'resolution-mode': 'import' } });
let jose: Jose;
let dir: string;
beforeAll(async () => {
  jose = await import('jose');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crossfed-explain-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

async function problemOf(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (isCrossfedError(e)) return e.problems[0];
    throw e;
  }
  throw new Error('expected a CrossfedError');
}

describe('reading the token explain is asked about', () => {
  test('GIVEN a claims file WHEN read THEN the token carries its claims', async () => {
    const file = write('claims.json', '{"iss":"https://x","sub":"s","aud":"a"}');
    expect(await loadExplainToken({ claims: file })).toEqual({ claims: { iss: 'https://x', sub: 's', aud: 'a' } });
  });

  test('GIVEN a claims file with a syntax error WHEN read THEN the error names the line and column', async () => {
    const file = write('bad.json', '{\n  "iss": "https://x",\n  "sub": s\n}');
    const p = await problemOf(loadExplainToken({ claims: file }));
    expect(p.where).toBe(`${file}:3:10`);
    expect(p.field).toBe('--claims');
  });

  test('GIVEN a JWT file and its JWKS WHEN read THEN the token is verified', async () => {
    const { privateKey, publicKey } = await jose.generateKeyPair('RS256', { extractable: true });
    const jwt = await new jose.SignJWT({ sub: 's' }).setProtectedHeader({ alg: 'RS256', kid: 'k' }).setIssuer('https://x').sign(privateKey);
    const token = write('token', `${jwt}\n`);
    const jwks = write('jwks.json', JSON.stringify({ keys: [{ ...(await jose.exportJWK(publicKey)), kid: 'k' }] }));
    expect(await loadExplainToken({ token, jwks })).toMatchObject({ claims: { iss: 'https://x', sub: 's' }, verified: true });
  });

  test.each([
    [{}, '--token', 'is missing'],
    [{ claims: 'a', token: 'b' }, '--claims', 'is given together with --token'],
    [{ claims: 'a', jwks: 'b' }, '--jwks', 'needs a signed token, but --claims gives only its payload'],
  ])('GIVEN flags %j WHEN read THEN %s %s', async (flags, field, problem) => {
    expect(await problemOf(loadExplainToken(flags))).toMatchObject({ field, problem });
  });

  test('GIVEN a missing file WHEN read THEN the error says it cannot be read', async () => {
    expect(await problemOf(loadExplainToken({ claims: path.join(dir, 'nope.json') }))).toMatchObject({ field: '--claims', problem: 'cannot be read (ENOENT)' });
  });
});

test('GIVEN any JSON text WHEN scanned THEN the scanner agrees with JSON.parse on whether it is valid', () => {
  fc.assert(fc.property(fc.oneof(fc.json(), fc.string(), fc.json().map(j => j.slice(0, -1)), fc.json().map(j => `${j}x`)), text => {
    let valid = true;
    try {
      JSON.parse(text);
    } catch {
      valid = false;
    }
    expect(jsonErrorOffset(text) === -1).toBe(valid);
  }), { numRuns: 2000, seed: 20260713 });
});
