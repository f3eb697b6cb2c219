import { defineRule } from '../rule';

export default defineRule({
  id: 'k8s-discovery-jwks',
  cloud: 'kubernetes',
  severity: 'error',
  title: 'A published JWKS the clouds cannot use: missing, empty, not https under the issuer\'s host, or keys without `use: sig` / RS256',
  description: 'The clouds verify service-account tokens with the keys at `jwks_uri`. It must be https on the issuer\'s host, and hold the cluster\'s signing keys as RSA keys with `"use": "sig"` and `"alg": "RS256"`: Entra ID accepts only RS256, and keys without `use: sig` are skipped by some verifiers. An ES256 key is a warning (AWS and GCP accept it, Entra ID refuses).',
  fix: 'Regenerate the documents with `crossfed issuer --public-key <sa.pub>` (RSA, 2048 bits or more) and publish both files.',
  see: 'https://learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations',
  check(ctx, report) {
    for (const d of ctx.graph.oidc ?? []) {
      if (!d.jwksUri) {
        report(d.ref, 'the discovery document has no "jwks_uri"');
        continue;
      }
      let host: string | undefined;
      let issuerHost: string | undefined;
      try {
        const u = new URL(d.jwksUri);
        host = u.protocol === 'https:' ? u.host : undefined;
        issuerHost = d.issuer ? new URL(d.issuer).host : undefined;
      } catch {
        host = undefined;
      }
      if (!host) report(d.ref, `jwks_uri ${JSON.stringify(d.jwksUri)} is not an https URL`);
      else if (issuerHost && host !== issuerHost) report(d.ref, `jwks_uri ${JSON.stringify(d.jwksUri)} is on host ${host}, not on the issuer's host ${issuerHost}`, { severity: 'warning', fix: 'serve the JWKS from the issuer\'s host, where crossfed issuer places it' });
      if (!d.keys) {
        report(d.ref, `the JWKS at ${JSON.stringify(d.jwksUri)} is not among the published files`);
        continue;
      }
      const ref = d.jwksRef ?? d.ref;
      if (d.keys.length === 0) report(ref, 'the JWKS has no keys');
      d.keys.forEach((k, i) => {
        const name = `key ${i}${typeof k.kid === 'string' ? ` (kid ${k.kid})` : ''}`;
        if (k.kty === 'EC') report(ref, `${name} is an EC key (${String(k.alg ?? k.crv)}): Entra ID accepts only RS256-signed tokens`, { severity: 'warning' });
        else if (k.kty !== 'RSA') report(ref, `${name} has kty ${JSON.stringify(k.kty)}; the clouds accept RSA (RS256) keys`);
        if (k.use !== 'sig') report(ref, `${name} has ${k.use === undefined ? 'no "use"' : `"use": ${JSON.stringify(k.use)}`}; it must be "sig"`);
        if (k.kty === 'RSA' && k.alg !== undefined && k.alg !== 'RS256') report(ref, `${name} has "alg": ${JSON.stringify(k.alg)}; service-account tokens are RS256`);
        if (typeof k.kid !== 'string') report(ref, `${name} has no "kid": verifiers pick keys by the token header's kid`, { severity: 'warning' });
      });
    }
  },
});
