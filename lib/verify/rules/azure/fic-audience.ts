import { ENTRA_DEFAULT_AUDIENCE } from '../../../model/targets';
import { known, showVal } from '../../private/val';
import { defineRule } from '../rule';

export default defineRule({
  id: 'azure-fic-audience',
  cloud: 'azure',
  severity: 'error',
  title: 'A federated credential does not have exactly one audience, the one the tokens carry',
  description: 'A federated identity credential takes exactly one audience, compared byte for byte with the token\'s `aud` (AADSTS700212). Tokens meant for Entra ID carry `api://AzureADTokenExchange` unless the tenant was set up otherwise.',
  fix: 'Set audiences to `["api://AzureADTokenExchange"]` (or the single audience the workloads\' tokens carry).',
  see: 'https://learn.microsoft.com/graph/api/resources/federatedidentitycredentials-overview',
  check(ctx, report) {
    const expected = new Set<string>([ENTRA_DEFAULT_AUDIENCE, ...(ctx.model?.azureTenants ?? []).map(t => t.audience)]);
    for (const cred of ctx.credentials) {
      const aud = cred.target.cloud === 'azure' ? known(cred.token?.audience) : undefined;
      if (aud !== undefined) expected.add(aud);
    }
    for (const c of ctx.graph.azure.credentials) {
      if (c.audiences.length !== 1) {
        report(c.ref, `has ${c.audiences.length} audiences (${c.audiences.map(showVal).join(', ') || 'none'}), but Entra ID takes exactly one`, { fix: `set audiences to ["${ENTRA_DEFAULT_AUDIENCE}"]` });
        continue;
      }
      const aud = known(c.audiences[0]);
      if (aud === undefined || expected.has(aud)) continue;
      const near = [...expected].find(e => e.toLowerCase() === aud.trim().toLowerCase().replace(/\/+$/, ''));
      report(c.ref, `audience "${aud}" is not the audience tokens for Entra ID carry (${[...expected].map(e => `"${e}"`).join(', ')})${near ? `: it differs from "${near}" only in case, spaces or a trailing "/"` : ''}; Entra ID refuses them (AADSTS700212)`,
        { fix: `set audiences to ["${near ?? ENTRA_DEFAULT_AUDIENCE}"]` });
    }
  },
});
