import { acceptsAudience, parseProviderAudience, providerName, providersForAudience } from '../../private/gcp';
import { known, showVal } from '../../private/val';
import { defineRule } from '../rule';

export default defineRule({
  id: 'gcp-audience-mismatch',
  cloud: 'gcp',
  severity: 'error',
  title: 'A credential configuration or its token names an audience the pool provider does not accept',
  description: 'The `external_account` configuration\'s `audience` names the pool provider (`//iam.googleapis.com/projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>`, with the project number, not the id), and the projected token\'s `aud` must be one the provider accepts: one of its `allowed_audiences`, or else its own resource name. Otherwise STS answers "invalid_grant: The audience in ID Token [...] does not match the expected audience."',
  fix: 'Set the token\'s audience and the configuration\'s `audience` to `//iam.googleapis.com/<provider resource name>` (as `gcloud iam workload-identity-pools create-cred-config` writes it).',
  see: 'https://cloud.google.com/iam/docs/workload-identity-federation-with-kubernetes#deploy',
  check(ctx, report) {
    for (const c of ctx.credentials) {
      if (c.target.cloud !== 'gcp' || c.via !== 'credential-config') continue;
      const where = c.credentialConfig?.configMap?.ref ?? c.workload.ref;
      const audience = known(c.target.audience);
      if (audience === undefined || !parseProviderAudience(audience)) {
        report(where, `credential configuration "${c.credentialConfig?.key}" has audience ${audience === undefined ? '<absent>' : `"${audience}"`}, not a provider name //iam.googleapis.com/projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>`,
          { fix: 'set audience to the provider\'s full name, as `gcloud iam workload-identity-pools create-cred-config` writes it' });
        continue;
      }
      const providers = providersForAudience(ctx.graph, audience);
      if (providers.length === 0 && ctx.graph.gcp.providers.length > 0) {
        const a = parseProviderAudience(audience)!;
        const byId = ctx.graph.gcp.providers.find(p => p.poolId === a.poolId && p.providerId === a.providerId && p.projectNumber !== undefined);
        if (byId && !/^\d+$/.test(a.projectNumber)) {
          const right = audience.replace(`/projects/${a.projectNumber}/`, `/projects/${known(byId.projectNumber)}/`);
          report(where, `credential configuration "${c.credentialConfig?.key}" names project "${a.projectNumber}" in its audience, but provider names use the project number (${known(byId.projectNumber)}), not the id: STS finds no such provider`,
            { fix: `set audience to "${right}"` });
          continue;
        }
        const names = ctx.graph.gcp.providers.map(p => `//iam.googleapis.com/${showVal(providerName(p)).replace(/^"|"$/g, '')}`);
        report(where, `credential configuration "${c.credentialConfig?.key}" names provider "${a.providerId}" of pool "${a.poolId}" in project ${a.projectNumber}, which is not a provider of the artifacts (${names.join(', ')})`,
          { fix: `set audience to ${names.length === 1 ? `"${names[0]}"` : 'the name of the provider for this cluster\'s issuer'}` });
        continue;
      }
      const tokenAud = known(c.token?.audience);
      if (tokenAud === undefined) continue;
      const p = providers[0];
      const accepted = p ? acceptsAudience(p, tokenAud) : tokenAud === audience || tokenAud === `https:${audience}` ? 'yes' : 'no';
      if (accepted === 'no') {
        report(c.workload.ref, `container ${c.container}: the projected token's audience "${tokenAud}" is not one ${p ? `provider ${p.ref.resource}` : 'the provider'} accepts (${p && p.allowedAudiences.length > 0 ? `allowed_audiences ${p.allowedAudiences.map(showVal).join(', ')}` : `its name "${audience}"`}): STS answers "invalid_grant: The audience in ID Token [...] does not match the expected audience."`,
          { fix: `set the serviceAccountToken audience to "${p && p.allowedAudiences.length > 0 ? known(p.allowedAudiences[0]) ?? audience : audience}"` });
      }
    }
  },
});
