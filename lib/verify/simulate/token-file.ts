/**
 * Reads what `crossfed explain` is given: `--claims FILE` (the token's JSON payload) or
 * `--token FILE` (a JWT, verified when `--jwks FILE` is given). Bad input fails with the file,
 * the position and the fix.
 */
import * as fs from 'fs';
import { decodeToken, Jwks, Token, tokenFromClaims } from './token';
import { CrossfedError } from '../../model/errors';

function read(file: string, field: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw CrossfedError.of({ where: file, field, value: file, problem: `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, fix: 'pass the path of an existing, readable file' });
  }
}

/** The offset of the first JSON syntax error in `text` (a small recursive-descent scan). */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => { while (i < text.length && ' \t\n\r'.includes(text[i])) i++; };
  const fail = (): never => { throw i; };
  const lit = (w: string) => { if (text.startsWith(w, i)) i += w.length; else fail(); };
  const str = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail();
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++; ws();
      if (text[i] === '}') { i++; return; }
      for (;;) {
        ws(); if (text[i] !== '"') fail(); str(); ws(); if (text[i] !== ':') fail(); i++; value(); ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return; }
        fail();
      }
    } else if (c === '[') {
      i++; ws();
      if (text[i] === ']') { i++; return; }
      for (;;) {
        value(); ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return; }
        fail();
      }
    } else if (c === '"') {str();} else if (c === 't') {lit('true');} else if (c === 'f') {lit('false');} else if (c === 'n') {lit('null');} else {
      const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
      if (!m) fail();
      i += m![0].length;
    }
  };
  try {
    value(); ws();
    return i < text.length ? i : -1;
  } catch (pos) {
    return pos as number;
  }
}

/** Parses JSON, reporting `file:line:column` on a syntax error. */
function parseJson(file: string, text: string, field: string, allowed: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const pos = Math.max(0, jsonErrorOffset(text));
    const before = text.slice(0, pos).split('\n');
    const where = `${file}:${before.length}:${before[before.length - 1].length + 1}`;
    throw CrossfedError.of({ where, field, problem: `is not valid JSON (${(e as Error).message.split('\n')[0]})`, allowed, fix: 'fix the JSON at that position' });
  }
}

/** The token `explain` is asked about, from `--claims` or `--token` (and `--jwks`). */
export async function loadExplainToken(files: { readonly claims?: string; readonly token?: string; readonly jwks?: string }): Promise<Token> {
  if ((files.claims === undefined) === (files.token === undefined)) {
    throw CrossfedError.of({ where: 'explain', field: files.claims ? '--claims' : '--token', problem: files.claims ? 'is given together with --token' : 'is missing', allowed: 'one of --claims FILE or --token FILE', fix: 'pass the token\'s JSON payload with --claims, or the JWT with --token' });
  }
  if (files.claims !== undefined) {
    if (files.jwks !== undefined) throw CrossfedError.of({ where: 'explain', field: '--jwks', value: files.jwks, problem: 'needs a signed token, but --claims gives only its payload', fix: 'pass the JWT with --token to verify it, or leave --jwks out' });
    return tokenFromClaims(parseJson(files.claims, read(files.claims, '--claims'), '--claims', 'the token\'s JSON payload'), files.claims);
  }
  const jwks = files.jwks === undefined ? undefined : parseJson(files.jwks, read(files.jwks, '--jwks'), '--jwks', 'a JSON Web Key Set: {"keys":[…]}') as Jwks;
  if (jwks !== undefined && (typeof jwks !== 'object' || jwks === null || !Array.isArray(jwks.keys))) {
    throw CrossfedError.of({ where: files.jwks!, field: '--jwks', problem: 'has no "keys" array', allowed: 'a JSON Web Key Set: {"keys":[…]}', fix: 'pass the issuer\'s JWKS, e.g. the output of `kubectl get --raw /openid/v1/jwks`' });
  }
  return decodeToken(read(files.token!, '--token'), { jwks, where: files.token });
}
