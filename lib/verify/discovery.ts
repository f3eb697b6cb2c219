/**
 * A self-managed cluster's published issuer documents — `.well-known/openid-configuration`
 * and the JWKS it names — for the `k8s-discovery-*` rules and the simulator's signature check:
 * read from a directory laid out as they are served (what `crossfed issuer` writes, `check
 * --discovery DIR`), or from the objects a hosting writes (S3, GCS, Azure blobs in the
 * artifacts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { OidcDocuments, ParseError, PublishedObject, SourceRef } from './graph';

const DISCOVERY = '.well-known/openid-configuration';

/** A document's text and where it came from; undefined when it cannot be had. */
type Fetch = (rel: string) => { readonly text: string; readonly ref: SourceRef } | undefined;

/**
 * The documents of one issuer: the discovery document's text, and a way to fetch a file by its
 * path relative to the issuer's root (where `jwks_uri` points). Problems become parse errors.
 */
function parseDocuments(discovery: { readonly text: string; readonly ref: SourceRef }, fetch: Fetch, errors: ParseError[]): OidcDocuments | undefined {
  const json = (text: string, ref: SourceRef): Record<string, unknown> | undefined => {
    try {
      const v = JSON.parse(text);
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v;
      errors.push({ file: ref.file, line: ref.line ?? 1, column: 1, message: `${ref.resource === '(file)' ? '' : `${ref.resource}: `}is not a JSON object` });
    } catch (e: any) {
      errors.push({ file: ref.file, line: ref.line ?? 1, column: 1, message: `${ref.resource === '(file)' ? '' : `${ref.resource}: `}is not JSON (${e.message})` });
    }
    return undefined;
  };
  const doc = json(discovery.text, discovery.ref);
  if (!doc) return undefined;
  const issuer = typeof doc.issuer === 'string' ? doc.issuer : undefined;
  const jwksUri = typeof doc.jwks_uri === 'string' ? doc.jwks_uri : undefined;
  const algorithms = Array.isArray(doc.id_token_signing_alg_values_supported) ? doc.id_token_signing_alg_values_supported.filter((a): a is string => typeof a === 'string') : undefined;
  // The JWKS is served at jwks_uri: find it by the URI's path under the issuer.
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
    const got = rel === undefined ? undefined : fetch(rel);
    const jwks = got && json(got.text, got.ref);
    if (got && jwks) {
      keys = Array.isArray(jwks.keys) ? jwks.keys.filter((k): k is Record<string, unknown> => typeof k === 'object' && k !== null) : [];
      jwksRef = got.ref;
    }
  }
  return { ref: discovery.ref, issuer, jwksUri, algorithms, keys, jwksRef };
}

/** Reads the documents under `dir`; problems become parse errors with the file. */
export function readDiscovery(dir: string): { documents?: OidcDocuments; errors: ParseError[] } {
  const errors: ParseError[] = [];
  const read = (file: string, resource: string) => {
    try {
      return { text: fs.readFileSync(file, 'utf8'), ref: { file, resource, line: 1 } };
    } catch (e: any) {
      errors.push({ file, message: `cannot be read (${e.code ?? e.message})` });
      return undefined;
    }
  };
  const discovery = read(path.join(dir, DISCOVERY), 'openid-configuration');
  if (!discovery) return { errors };
  const documents = parseDocuments(discovery, rel => read(path.join(dir, rel), 'jwks'), errors);
  return { documents, errors };
}

/**
 * The documents among the objects a hosting publishes: every object whose key ends in
 * `.well-known/openid-configuration`, with the JWKS found in the same store at the path its
 * `jwks_uri` names (relative to the discovery document's prefix).
 */
export function publishedDocuments(objects: readonly PublishedObject[]): { documents: OidcDocuments[]; errors: ParseError[] } {
  const errors: ParseError[] = [];
  const documents: OidcDocuments[] = [];
  for (const o of objects) {
    if (!(o.key === DISCOVERY || o.key.endsWith(`/${DISCOVERY}`)) || o.content === undefined) continue;
    const prefix = o.key.slice(0, o.key.length - DISCOVERY.length);
    const fetch: Fetch = rel => {
      const j = objects.find(x => x.store === o.store && x.key === `${prefix}${rel}`);
      return j?.content === undefined ? undefined : { text: j.content, ref: j.ref };
    };
    const d = parseDocuments({ text: o.content, ref: o.ref }, fetch, errors);
    if (d) documents.push({ ...d, store: o.store });
  }
  return { documents, errors };
}
