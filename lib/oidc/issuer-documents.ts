import { createHash, createPublicKey, KeyObject } from 'crypto';
import { CrossfedError } from '../model/errors';
import { IssuerHostingKind, PublishedDocument } from '../model/hosting';
import type { Issuer } from '../model/issuer';
import type { SynthesizedFile } from '../model/synth-output';

/**
 * The documents a self-managed cluster's issuer must serve over public HTTPS so that clouds
 * can verify its service-account tokens: the OpenID discovery document and the JWKS.
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#service-account-issuer-discovery
 */

/** Path of the JWKS under the issuer, as kube-apiserver serves it. */
export const JWKS_PATH = 'openid/v1/jwks';
/** Path of the discovery document under the issuer. */
export const DISCOVERY_PATH = '.well-known/openid-configuration';

/** How `kid` is computed. */
export type KeyIdStyle = 'kubernetes' | 'rfc7638';

export interface PublicKeyInput {
  /** PEM text: a public key (PKIX or PKCS#1), a certificate, or a private key (only its public half is used). @default - `jwk` */
  readonly pem?: string;
  /**
   * A public JWK, as a JWKS the cluster already serves holds it (`kubectl get --raw /openid/v1/jwks`).
   * Its `kid`, when it has one, is kept: it is what the API server writes into token headers.
   * @default - `pem`
   */
  readonly jwk?: Readonly<Record<string, unknown>>;
  /** Where it came from (file name, model position), for messages. */
  readonly source: string;
  /** The field messages name. @default "--public-key" */
  readonly field?: string;
}

export interface IssuerDocumentsOptions {
  /** The issuer URL, exactly as `--service-account-issuer` says. */
  readonly issuer: string;
  /** The signing keys' public halves; several during a rotation. */
  readonly keys: readonly PublicKeyInput[];
  /** Whether the cluster's tokens federate to Entra ID (RS256 only). @default true */
  readonly federatesToEntra?: boolean;
  /**
   * `kid` of each key. `kubernetes` (default) is what kube-apiserver writes into token headers
   * (base64url of SHA-256 over the DER public key), so verifiers find the key by `kid`;
   * `rfc7638` is the JWK thumbprint, for issuers whose tokens use it.
   */
  readonly keyIdStyle?: KeyIdStyle;
}

export interface PublishedJwk {
  readonly kty: string;
  readonly kid: string;
  readonly use: 'sig';
  readonly alg: string;
  readonly n?: string;
  readonly e?: string;
  readonly crv?: string;
  readonly x?: string;
  readonly y?: string;
}

/** How hosted documents are served: JSON, cached briefly so that a key rotation is seen within minutes. */
export const DOCUMENT_CONTENT_TYPE = 'application/json';
/**
 * `Cache-Control` of both documents. Clouds cache the JWKS themselves; a CDN or browser cache
 * in front must not hold an old key set for long, or tokens signed by a newly added key are
 * refused until it expires. Publish a new key beside the old one at least this long before
 * the API server signs with it.
 */
export const DOCUMENT_CACHE_CONTROL = 'public, max-age=300';

/** One document as a hosting stores it: object key (under the issuer's path), body and headers. */
export type HostedDocument = PublishedDocument;

/**
 * The documents as objects under `prefix` (the issuer URL's path within the bucket, without
 * leading or trailing `/`; empty at the root).
 */
export function hostedDocuments(docs: IssuerDocuments, prefix: string): HostedDocument[] {
  const base = prefix.replace(/^\/+|\/+$/g, '');
  return docs.files.map(f => ({ key: base ? `${base}/${f.path}` : f.path, content: f.content, contentType: DOCUMENT_CONTENT_TYPE, cacheControl: DOCUMENT_CACHE_CONTROL }));
}

export interface IssuerDocuments {
  readonly discovery: Record<string, unknown>;
  readonly jwks: { readonly keys: PublishedJwk[] };
  /** `.well-known/openid-configuration` and `openid/v1/jwks`, ready to upload. */
  readonly files: SynthesizedFile[];
  /** The API server flags, `--service-account-issuer` first. */
  readonly apiServerFlags: string[];
  readonly warnings: string[];
}

/**
 * Builds the discovery document and JWKS for a self-managed cluster's issuer: what
 * `crossfed issuer` writes and what the hosting constructs publish (one function for both).
 * Synchronous, so constructs can call it; the RFC 7638 thumbprint is computed with node's
 * crypto (the tests compare it with jose's).
 */
export function issuerDocuments(o: IssuerDocumentsOptions): IssuerDocuments {
  checkIssuer(o.issuer);
  if (o.keys.length === 0) {
    throw CrossfedError.of({ where: 'crossfed issuer', field: '--public-key', problem: 'is missing', allowed: 'one or more PEM files', fix: 'pass the file of --service-account-key-file (e.g. /etc/kubernetes/pki/sa.pub)' });
  }
  const entra = o.federatesToEntra ?? true;
  const warnings: string[] = [];
  const keys: PublishedJwk[] = [];
  for (const input of o.keys) {
    const key = publicKeyOf(input);
    const jwk = key.export({ format: 'jwk' }) as Record<string, string>;
    let alg: string;
    if (key.asymmetricKeyType === 'rsa') {
      alg = 'RS256';
      const bits = Buffer.from(jwk.n, 'base64url').length * 8;
      if (bits < 2048) {
        throw CrossfedError.of({ where: input.source, field: input.field ?? '--public-key', value: `RSA ${bits} bits`, problem: 'is too short', allowed: 'RSA keys of 2048 bits or more (Entra ID, AWS and GCP refuse shorter ones)', fix: 'generate a new key: openssl genrsa -out sa.key 2048' });
      }
    } else if (key.asymmetricKeyType === 'ec' && jwk.crv === 'P-256') {
      if (entra) {
        throw CrossfedError.of({
          where: input.source, field: input.field ?? '--public-key', value: 'EC P-256 (ES256)', problem: 'cannot sign tokens for Entra ID, which accepts only RS256-signed tokens',
          allowed: 'an RSA key (RS256)', fix: 'sign service-account tokens with an RSA key (openssl genrsa -out sa.key 2048), or pass --no-entra if no workload of this cluster federates to Entra ID',
        });
      }
      alg = 'ES256';
      warnings.push(`crossfed:issuer:es256: ${input.source} is an ES256 key; Entra ID would refuse tokens it signs`);
    } else {
      throw CrossfedError.of({ where: input.source, field: input.field ?? '--public-key', value: `${key.asymmetricKeyType}${jwk.crv ? ` ${jwk.crv}` : ''}`, problem: 'is not a key type clouds accept for service-account tokens', allowed: 'RSA (RS256), or EC P-256 (ES256) without Entra ID', fix: 'use the RSA key kube-apiserver signs with' });
    }
    const given = typeof input.jwk?.kid === 'string' && input.jwk.kid.length > 0 ? input.jwk.kid : undefined;
    const kid = given ?? ((o.keyIdStyle ?? 'kubernetes') === 'kubernetes'
      ? createHash('sha256').update(key.export({ format: 'der', type: 'spki' })).digest('base64url')
      : jwkThumbprint(jwk));
    const published: PublishedJwk = key.asymmetricKeyType === 'rsa'
      ? { use: 'sig', kty: 'RSA', kid, alg, n: jwk.n, e: jwk.e }
      : { use: 'sig', kty: 'EC', kid, alg, crv: jwk.crv, x: jwk.x, y: jwk.y };
    if (keys.some(k => k.kid === kid)) {
      warnings.push(`crossfed:issuer:duplicate-key: ${input.source} is the same key as an earlier one; published once`);
      continue;
    }
    keys.push(published);
  }
  const base = o.issuer.replace(/\/+$/, '');
  const discovery = {
    issuer: o.issuer,
    jwks_uri: `${base}/${JWKS_PATH}`,
    response_types_supported: ['id_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [...new Set(keys.map(k => k.alg))].sort(),
  };
  const jwks = { keys };
  return {
    discovery, jwks, warnings,
    files: [
      { path: DISCOVERY_PATH, content: `${JSON.stringify(discovery, null, 2)}\n` },
      { path: JWKS_PATH, content: `${JSON.stringify(jwks, null, 2)}\n` },
    ],
    apiServerFlags: apiServerFlags(o.issuer),
  };
}

/** kube-apiserver flags for a published issuer: `--service-account-issuer` first (the first one is the one tokens carry). */
export function apiServerFlags(issuer: string): string[] {
  return [
    `--service-account-issuer=${issuer}`,
    '--service-account-key-file=/etc/kubernetes/pki/sa.pub',
    '--service-account-signing-key-file=/etc/kubernetes/pki/sa.key',
    '--api-audiences=https://kubernetes.default.svc.cluster.local',
  ];
}

function checkIssuer(issuer: string): void {
  let url: URL | undefined;
  try {
    url = new URL(issuer);
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'https:' || url.search || url.hash || /\s/.test(issuer)) {
    throw CrossfedError.of({ where: 'crossfed issuer', field: '--issuer', value: issuer, problem: 'is not a public https URL', allowed: 'https://<host>[/<path>] without query or fragment', fix: 'use the URL the documents will be served from, e.g. https://<bucket>.s3.<region>.amazonaws.com' });
  }
  if (/^(localhost|127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)|\.(local|internal|svc|cluster\.local)$/.test(url.hostname)) {
    throw CrossfedError.of({ where: 'crossfed issuer', field: '--issuer', value: issuer, problem: 'is a private address that no cloud can reach', allowed: 'a public https URL', fix: 'publish the documents on a public bucket or static site, or give GCP the JWKS inline (jwksJson)' });
  }
}

/**
 * The RFC 7638 JWK thumbprint (SHA-256, base64url) of an RSA or EC public key: the required
 * members in lexicographic order, no whitespace.
 * @see https://www.rfc-editor.org/rfc/rfc7638#section-3.2
 */
export function jwkThumbprint(jwk: Readonly<Record<string, string>>): string {
  const members = jwk.kty === 'RSA' ? { e: jwk.e, kty: 'RSA', n: jwk.n } : { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}

function publicKeyOf(input: PublicKeyInput): KeyObject {
  if (input.jwk !== undefined) {
    try {
      const { kid: _kid, use: _use, alg: _alg, ...material } = input.jwk as Record<string, unknown>;
      return createPublicKey({ key: material as any, format: 'jwk' });
    } catch (e: any) {
      throw CrossfedError.of({ where: input.source, field: 'jwk', value: input.jwk.kid, problem: `is not a public JWK (${e.message})`, allowed: 'an RSA or EC public key as a JWK: {"kty":"RSA","n":…,"e":…}', fix: 'paste the JWKS the cluster serves (`kubectl get --raw /openid/v1/jwks`), or give the PEM public key instead' });
    }
  }
  try {
    return createPublicKey(input.pem ?? '');
  } catch (e: any) {
    throw CrossfedError.of({ where: input.source, field: input.field ?? '--public-key', problem: `is not a PEM key or certificate (${e.message})`, allowed: 'a PEM public key, certificate or private key', fix: 'pass the file of --service-account-key-file' });
  }
}

/** What a hosting publishes: the issuer URL, the API server flags that match it, the documents. */
export interface PublishedIssuer {
  readonly url: string;
  readonly apiServerFlags: string[];
  readonly documents: HostedDocument[];
}

/** What a hosting construct publishes, after checking the issuer has a hosting of its kind. */
export function publishedIssuer(where: string, issuer: Issuer, kind: IssuerHostingKind, federatesToEntra: boolean | undefined): PublishedIssuer {
  if (issuer?.hosting?.kind !== kind) {
    const what = { [IssuerHostingKind.S3]: 'S3', [IssuerHostingKind.GCS]: 'GCS', [IssuerHostingKind.AZURE_STORAGE]: 'Azure storage' };
    throw CrossfedError.of({
      where, field: 'issuer', value: issuer?.name, problem: `has no ${what[kind]} hosting`, allowed: `a self-managed issuer with hosting IssuerHosting.${kind === IssuerHostingKind.AZURE_STORAGE ? 'azureStorage' : kind}(…)`,
      fix: issuer?.hosting ? `render its ${what[issuer.hosting.kind]} hosting with that hosting's construct` : `add a ${what[kind]} hosting to the issuer in the model`,
    });
  }
  return { url: issuer.url, apiServerFlags: apiServerFlags(issuer.url), documents: hostedIssuerDocuments(issuer, federatesToEntra ?? true).objects };
}

/**
 * The documents a hosted issuer of the model publishes: from its `publicKeys` (PEM) or else the
 * keys of its `jwksJson`, built by {@link issuerDocuments} exactly as `crossfed issuer` builds
 * them, as objects under the hosting's path.
 */
export function hostedIssuerDocuments(issuer: Issuer, federatesToEntra: boolean): { readonly documents: IssuerDocuments; readonly objects: HostedDocument[] } {
  const hosting = issuer.hosting;
  if (!hosting) {
    throw CrossfedError.of({ where: issuer.sourceLocation, field: 'hosting', value: issuer.name, problem: 'is missing: crossfed does not publish this issuer\'s documents', fix: 'add hosting (s3, gcs or azureStorage) to the issuer, or publish them yourself with `crossfed issuer`' });
  }
  const keys: PublicKeyInput[] = issuer.publicKeys?.length
    ? issuer.publicKeys.map((pem, i) => ({ pem, source: issuer.sourceLocation, field: `publicKeys[${i}]` }))
    : (JSON.parse(issuer.jwksJson ?? '{"keys":[]}').keys as Record<string, unknown>[]).map((jwk, i) => ({ jwk, source: issuer.sourceLocation, field: `jwksJson.keys[${i}]` }));
  const documents = issuerDocuments({ issuer: issuer.url, keys, federatesToEntra });
  return { documents, objects: hostedDocuments(documents, hosting.keyPrefix) };
}
