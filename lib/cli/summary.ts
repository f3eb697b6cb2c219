import type { IdentityModel } from '../model/identity-model';

/** A plain-text summary of what a model federates: one line per workload × target. */
export function modelSummary(model: IdentityModel): string {
  const lines: string[] = [];
  lines.push(`model ${model.name}: ${model.issuers.length} issuers, ${model.workloads.length} workloads, ` +
    `${model.awsAccounts.length} AWS accounts, ${model.azureTenants.length} Azure tenants, ${model.gcpProjects.length} GCP projects`);
  for (const w of model.workloads) {
    lines.push(`${w.id}  (${w.issuer.kind}, sub ${w.subject})`);
    for (const a of w.awsAccess) lines.push(`  -> aws   ${a.role.arn}  [${a.mechanism}, aud ${a.audience}]`);
    for (const a of w.azureAccess) lines.push(`  -> azure ${a.identity.kind} ${a.identity.displayName}  [${a.mechanism}, aud ${a.audience}, credential ${a.credential.name}]`);
    for (const a of w.gcpAccess) lines.push(`  -> gcp   ${a.serviceAccount?.email ?? a.member}  [${a.mechanism}${a.audience ? `, aud ${a.audience}` : ''}]`);
  }
  for (const warning of model.warnings) lines.push(`warning: ${warning}`);
  return `${lines.join('\n')}\n`;
}
