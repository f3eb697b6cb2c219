/**
 * Reads a self-managed cluster's published issuer documents — `.well-known/openid-configuration`
 * and the JWKS it names — from a directory laid out as they are served (what `crossfed issuer`
 * writes), for the `k8s-discovery-*` rules.
 */
import * as fs from 'fs';
import * as path from 'path';
import { OidcDocuments, ParseError } from './graph';

const DISCOVERY = '.well-known/openid-configuration';

/** Reads the documents under `dir`; problems become parse errors with the file. */
export function readDiscovery(dir: string): { documents?: OidcDocuments; errors: ParseError[] } {
  const file = path.join(dir, DISCOVERY);
  const errors: ParseError[] = [];
  const json = (f: string): Record<string, unknown> | undefined => {
    let text: string;
    try {
      text = fs.readFileSync(f, 'utf8');
    } catch (e: any) {
      errors.push({ file: f, message: `cannot be read (${e.code ?? e.message})` });
      return undefined;
    }
    try {
      const v = JSON.parse(text);
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v;
      errors.push({ file: f, line: 1, column: 1, message: 'is not a JSON object' });
    } catch (e: any) {
      errors.push({ file: f, line: 1, column: 1, message: `is not JSON (${e.message})` });
    }
    return undefined;
  };
  const doc = json(file);
  if (!doc) return { errors };
  const issuer = typeof doc.issuer === 'string' ? doc.issuer : undefined;
  const jwksUri = typeof doc.jwks_uri === 'string' ? doc.jwks_uri : undefined;
  const algorithms = Array.isArray(doc.id_token_signing_alg_values_supported) ? doc.id_token_signing_alg_values_supported.filter((a): a is string => typeof a === 'string') : undefined;
  // The JWKS is served at jwks_uri: find it under the directory by the URI's path.
  let keys: Array<Record<string, unknown>> | undefined;
  let jwksRef: OidcDocuments['jwksRef'];
  if (jwksUri) {
    let rel: string | undefined;
    try {
      const u = new URL(jwksUri);
      const base = issuer ? new URL(issuer.endsWith('/') ? issuer : `${issuer}/`).pathname : '/';
      rel = u.pathname.startsWith(base) ? u.pathname.slice(base.length) : u.pathname.replace(/^\//, '');
    } catch {
      rel = undefined;
    }
    if (rel !== undefined) {
      const jwksFile = path.join(dir, rel);
      const jwks = json(jwksFile);
      if (jwks) {
        keys = Array.isArray(jwks.keys) ? jwks.keys.filter((k): k is Record<string, unknown> => typeof k === 'object' && k !== null) : [];
        jwksRef = { file: jwksFile, resource: 'jwks', line: 1 };
      }
    }
  }
  return { documents: { ref: { file, resource: 'openid-configuration', line: 1 }, issuer, jwksUri, algorithms, keys, jwksRef }, errors };
}
