/**
 * The token's signature, checked as the clouds check it: against the keys the issuer publishes
 * (the JWKS its discovery document names), picked by the header's `kid`. Synchronous (node's
 * crypto), so every evaluator can take it in its own order.
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-5.2
 */
import { createPublicKey, verify } from 'crypto';
import { OidcDocuments, TrustGraph } from '../graph';
import { Token } from './token';

/** What the signature check found. */
export type SignatureOutcome =
  | { readonly kind: 'verified'; readonly detail: string }
  | { readonly kind: 'no-key'; readonly detail: string }
  | { readonly kind: 'bad-signature'; readonly detail: string }
  | { readonly kind: 'not-checked'; readonly detail: string };

/** The published documents of an issuer (byte-equal `issuer`), when the artifacts or `--discovery` hold them. */
export function publishedFor(graph: TrustGraph, iss: string | undefined): OidcDocuments | undefined {
  return iss === undefined ? undefined : (graph.oidc ?? []).find(d => d.issuer === iss && d.keys !== undefined);
}

/** Verifies a JWT's signature against a key set. */
export function checkSignature(token: Token, keys: ReadonlyArray<Readonly<Record<string, unknown>>> | undefined, source: string): SignatureOutcome {
  if (typeof token.jwt !== 'string') return { kind: 'not-checked', detail: 'the token came as claims, not as a signed JWT' };
  if (!keys) return { kind: 'not-checked', detail: `the issuer's keys are not among the artifacts (${source})` };
  const parts = token.jwt.split('.');
  if (parts.length !== 3) return { kind: 'bad-signature', detail: 'the JWT does not have three parts' };
  const header = token.header ?? {};
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  const alg = typeof header.alg === 'string' ? header.alg : undefined;
  const candidates = keys.filter(k => (kid === undefined || k.kid === kid) && (k.alg === undefined || k.alg === alg));
  if (candidates.length === 0) {
    return { kind: 'no-key', detail: `no key of ${source} has ${kid !== undefined ? `kid ${JSON.stringify(kid)}` : 'the token\'s algorithm'} (${alg ?? 'no alg'}); published kids: ${keys.map(k => JSON.stringify(k.kid)).join(', ') || 'none'}` };
  }
  const data = Buffer.from(`${parts[0]}.${parts[1]}`);
  const signature = Buffer.from(parts[2], 'base64url');
  for (const k of candidates) {
    try {
      const { kid: _kid, use: _use, alg: _alg, ...material } = k as Record<string, unknown>;
      const key = createPublicKey({ key: material as any, format: 'jwk' });
      const ok = alg === 'RS256' ? verify('RSA-SHA256', data, key, signature)
        : alg === 'ES256' ? verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature) : false;
      if (ok) return { kind: 'verified', detail: `${alg} signature verifies with key ${JSON.stringify(k.kid)} of ${source}` };
    } catch {
      // A key that cannot be read verifies nothing.
    }
  }
  return { kind: 'bad-signature', detail: `the ${alg ?? 'unsigned'} signature does not verify with ${candidates.length === 1 ? `key ${JSON.stringify(candidates[0].kid)}` : `any of ${candidates.length} keys`} of ${source}` };
}
