import { defineRule } from '../rule';

export default defineRule({
  id: 'k8s-discovery-issuer-mismatch',
  cloud: 'kubernetes',
  severity: 'error',
  title: 'A published discovery document whose issuer is not the cluster\'s issuer, byte for byte',
  description: 'AWS, Entra ID and GCP fetch `<issuer>/.well-known/openid-configuration` and refuse tokens when its `issuer` differs from the token\'s `iss` in any byte (a trailing slash, http, another host). The document must say exactly what `--service-account-issuer` says.',
  fix: 'Regenerate the documents with `crossfed issuer --issuer <the exact issuer>` and publish them again.',
  see: 'https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfigurationValidation',
  check(ctx, report) {
    const known = ctx.knownIssuers;
    for (const d of ctx.graph.oidc ?? []) {
      if (d.issuer === undefined) {
        report(d.ref, 'the discovery document has no "issuer"');
      } else if (known.length > 0 && !known.includes(d.issuer)) {
        const near = known.find(k => k.replace(/\/+$/, '').toLowerCase() === d.issuer!.replace(/\/+$/, '').toLowerCase());
        report(d.ref, `the discovery document says issuer ${JSON.stringify(d.issuer)}, which is not byte-equal to ${near ? `the cluster's issuer ${JSON.stringify(near)}` : `any known issuer (${known.join(', ')})`}`,
          { fix: near ? `publish the document with "issuer": ${JSON.stringify(near)} (crossfed issuer --issuer ${near})` : undefined });
      }
    }
  },
});
