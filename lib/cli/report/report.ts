import { auditSection } from './audit';
import { GRAPH_MAX_WORKLOADS, identityGraph } from './identity-graph';
import { toMermaid } from './render-graph';
import { AccessMechanism, IdentityModel, Issuer, IssuerHostingKind, IssuerKind, S3IssuerAccess, TargetCloud } from '../../model';
import type { SynthesizedFile, TerraformOutputs } from '../../model/synth-output';
import { apiServerFlags } from '../../oidc/issuer-documents';

/** A checker finding as the report shows it. */
export interface ReportFinding {
  readonly rule: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly resource: string;
  readonly file: string;
  readonly message: string;
  readonly fix: string;
}

/** One row of the access table: a workload × target. */
export interface AccessRow {
  readonly workload: string;
  readonly issuer: string;
  readonly subject: string;
  readonly cloud: TargetCloud;
  readonly audience: string;
  readonly identity: string;
  readonly mechanism: AccessMechanism;
}

export interface ReportInput {
  readonly model: IdentityModel;
  /** Where the model came from, as shown to the reader. */
  readonly modelSource: string;
  /** Files written (relative paths). */
  readonly files: readonly SynthesizedFile[];
  /** Checker findings, when the checker ran. */
  readonly findings?: readonly ReportFinding[];
  /** Verdict per access row key (`<workload id> → <cloud> <identity>`), when the simulator ran. */
  readonly verdicts?: ReadonlyMap<string, string>;
  /** What the negative matrix tried. */
  readonly nearMisses?: { readonly tried: number; readonly accepted: number };
  /** Warnings the renderers raised (stable id first). */
  readonly rendererWarnings?: readonly string[];
  /** Where Terraform output values came from, if any. */
  readonly tfOutputsSource?: string;
  /** Terraform output values (Entra client ids, the sign-in workspace id), for the audit queries. */
  readonly tfOutputs?: TerraformOutputs;
}

const MECHANISM_TEXT: Record<AccessMechanism, string> = {
  [AccessMechanism.IRSA]: 'IRSA (EKS webhook)',
  [AccessMechanism.POD_IDENTITY]: 'EKS Pod Identity',
  [AccessMechanism.AWS_WEB_IDENTITY]: 'explicit token (web identity)',
  [AccessMechanism.AZURE_WEBHOOK]: 'Azure workload identity webhook',
  [AccessMechanism.AZURE_EXPLICIT]: 'explicit token (federated credential)',
  [AccessMechanism.GKE_NATIVE]: 'GKE workload identity',
  [AccessMechanism.GCP_IMPERSONATION]: 'impersonation',
  [AccessMechanism.GCP_DIRECT]: 'direct resource access',
  [AccessMechanism.CI]: 'CI token',
  [AccessMechanism.CLOUD_IDENTITY]: 'cloud identity token',
};

/** Every workload × target of the model, in a stable order. */
export function accessRows(model: IdentityModel): AccessRow[] {
  const rows: AccessRow[] = [];
  for (const w of model.workloads) {
    const base = { workload: w.id, issuer: w.issuer.url, subject: w.subject };
    for (const a of w.awsAccess) rows.push({ ...base, cloud: TargetCloud.AWS, audience: a.audience, identity: a.role.arn, mechanism: a.mechanism });
    for (const a of w.azureAccess) {
      rows.push({ ...base, cloud: TargetCloud.AZURE, audience: a.audience, identity: `${a.identity.kind} ${a.identity.displayName}`, mechanism: a.mechanism });
    }
    for (const a of w.gcpAccess) {
      rows.push({ ...base, cloud: TargetCloud.GCP, audience: a.audience ?? `${a.member} (no token exchange)`, identity: a.serviceAccount?.email ?? `direct access of ${a.member}`, mechanism: a.mechanism });
    }
  }
  return rows;
}

/** The row key verdict maps use: the label the simulator gives the same intended pair. */
export function rowKey(r: AccessRow): string {
  return `${r.workload} → ${r.cloud} ${r.identity}`;
}

/** REPORT.md: what is federated, the checker's verdicts and findings, and what to run next. */
export function renderReport(input: ReportInput): string {
  const { model } = input;
  const findings = input.findings ?? [];
  const out: string[] = [];
  const count = (s: string) => findings.filter(f => f.severity === s).length;
  out.push(`# crossfed report: ${model.name}`, '');
  const n = (k: number, what: string) => `${k} ${what}${k === 1 ? '' : 's'}`;
  out.push(`Model: \`${input.modelSource}\` — ${n(model.issuers.length, 'issuer')}, ${n(model.workloads.length, 'workload')}, ` +
    `${n(model.awsAccounts.length, 'AWS account')}, ${n(model.azureTenants.length, 'Entra tenant')}, ${n(model.gcpProjects.length, 'GCP project')}.`);
  if (input.findings) {
    out.push('', `Checker: ${count('error')} errors, ${count('warning')} warnings, ${count('info')} notes.` +
      (input.nearMisses ? ` Negative matrix: ${input.nearMisses.tried} near-miss tokens presented to the granted identities, ${input.nearMisses.accepted} accepted.` : ''));
  }
  const graph = identityGraph(model);
  out.push('', '![trust graph](trust-graph.svg)', '');
  if (graph.detail !== 'workloads') {
    out.push(`The graph groups the ${model.workloads.length.toLocaleString('en-US')} workloads by ${graph.detail === 'namespaces' ? 'issuer and namespace' : 'issuer'}, and the identities by account, tenant and project (over ${GRAPH_MAX_WORKLOADS} workloads, one box per workload is unreadable); the table below lists every grant.`, '');
  }

  out.push('## Who may become whom', '');
  out.push('| workload | issuer | subject | target | audience | becomes | mechanism | verdict |', '| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of accessRows(model)) {
    const verdict = input.verdicts?.get(rowKey(r)) ?? (findings.some(f => f.severity === 'error' && f.message.includes(r.workload)) ? 'see findings' : input.findings ? 'no finding' : 'not checked');
    out.push(`| ${cell(r.workload)} | ${code(r.issuer)} | ${code(r.subject)} | ${r.cloud} | ${code(r.audience)} | ${code(r.identity)} | ${MECHANISM_TEXT[r.mechanism]} | ${verdict} |`);
  }

  out.push('', '## Findings', '');
  if (!input.findings) {out.push('The checker did not run.');} else if (findings.length === 0) {out.push('None.');} else {
    for (const f of findings) out.push(`- **${f.severity}** \`${f.rule}\` ${code(f.file)} ${code(f.resource)}: ${f.message} Fix: ${f.fix}`);
  }
  for (const w of model.warnings) out.push(`- **warning** model: ${w}`);
  for (const w of [...new Set(input.rendererWarnings ?? [])]) out.push(`- **warning** renderer: ${w}`);

  for (const line of auditSection(model, input.tfOutputs)) out.push(line); // one line per item: a spread of 100,000s of lines overflows the stack

  const selfManaged = model.issuers.filter(i => i.kind === IssuerKind.SELF_MANAGED);
  if (selfManaged.length) {
    out.push('', '## Self-managed clusters', '');
    for (const i of selfManaged) out.push(...selfManagedSection(i, input.files));
  }

  for (const line of cloudIdentities(model)) out.push(line);

  out.push('', '## Next steps', '', ...nextSteps(input), '');
  out.push('## Files', '', ...input.files.map(f => `- \`${f.path}\``), '');
  out.push('## Trust graph (Mermaid)', '', '```mermaid', toMermaid(graph).trimEnd(), '```', '');
  return out.join('\n');
}

/**
 * What each cloud identity does at run time: it has no Kubernetes objects, so the report says
 * which token to ask its own cloud for, and gives the Google SDKs' credential configuration.
 */
function cloudIdentities(model: IdentityModel): string[] {
  const workloads = model.workloads.filter(w => w.isCloudIdentity);
  if (workloads.length === 0) return [];
  const out = ['', '## Cloud identities', '', 'They get no Kubernetes objects: each asks its own cloud for a token and presents it.', ''];
  const json = (config: unknown) => ['', '    ```json', ...JSON.stringify(config, null, 2).split('\n').map(l => `    ${l}`), '    ```'];
  for (const w of workloads) {
    const p = w.cloudPrincipal!;
    const i = w.issuer;
    const what = i.kind === IssuerKind.ENTRA_ID ? `Entra ID principal \`${p.subject}\` (v${i.entraTokenVersion}.0 tokens, issuer \`${i.url}\`)`
      : i.kind === IssuerKind.GOOGLE ? `Google service account \`${p.subject}\`${p.parts.email ? ` (${p.parts.email})` : ''}` : `AWS role \`${p.parts.roleArn}\``;
    out.push(`- **${w.id}** — ${what}:`);
    const ask = (audience: string) => i.kind === IssuerKind.ENTRA_ID
      ? `request a token for \`${audience}\` (an application with this application ID URI must exist in tenant ${i.azureTenantId})`
      : `ask the metadata server for an ID token with audience \`${audience}\``;
    for (const a of w.awsAccess) out.push(`  - AWS \`${a.role.arn}\`: ${ask(a.audience)}, then call \`AssumeRoleWithWebIdentity\`.`);
    for (const a of w.azureAccess) out.push(`  - Entra ID ${a.identity.kind} \`${a.identity.displayName}\`: ${ask(a.audience)} and present it as the client assertion.`);
    for (const a of w.gcpAccess) {
      out.push(`  - GCP \`${a.serviceAccount?.email ?? a.member}\`: the Google SDKs' credential configuration (\`GOOGLE_APPLICATION_CREDENTIALS\`):`, ...json(a.credentialConfig));
    }
  }
  return out;
}

/** How a self-managed cluster's issuer is published, and the kube-apiserver flags that match it. */
function selfManagedSection(i: Issuer, files: readonly SynthesizedFile[]): string[] {
  const discovery = `${i.url.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  const flags = ['```sh', 'kube-apiserver \\', ...apiServerFlags(i.url).map((f, n, all) => `  ${f}${n < all.length - 1 ? ' \\' : ''}`), '```', ''];
  const h = i.hosting;
  if (!h) {
    return [
      `**${i.name}** — the clouds fetch \`${discovery}\` and its JWKS over public HTTPS` +
        `${i.jwksJson ? ' (GCP gets the JWKS inline, `jwks_json`)' : ''}. Write the documents from the cluster's signing key, publish them there, check them, and start kube-apiserver with \`--service-account-issuer\` first:`, '',
      '```sh', `crossfed issuer --issuer ${i.url} --public-key /etc/kubernetes/pki/sa.pub --out issuer-${i.name}`, `crossfed check issuer-${i.name} --discovery issuer-${i.name} --issuer ${i.url}`, '```', '',
      ...flags,
    ];
  }
  const where = h.kind === IssuerHostingKind.S3 ? `S3 bucket \`${h.bucketName}\`${h.s3Access === S3IssuerAccess.CLOUDFRONT ? ` behind CloudFront on \`${h.domainName}\` (point the name at the stack's \`DistributionDomainName\` output)` : ''}`
    : h.kind === IssuerHostingKind.GCS ? `GCS bucket \`${h.bucketName}\``
      : `storage account \`${h.storageAccountName}\`, ${h.staticWebsiteHost ? 'static website' : `container \`${h.containerName}\``}`;
  const file = files.find(f => f.path.endsWith(`-issuer-${i.name}.template.json`) || (f.path.startsWith('terraform/') && f.content.includes(`"issuer_url__${i.name.replace(/[^A-Za-z0-9_-]+/g, '_')}"`)));
  return [
    `**${i.name}** — crossfed publishes the discovery document and the JWKS in ${where}${file ? ` (\`${file.path}\`)` : ''}, ` +
      `from the keys of the model's ${i.publicKeys?.length ? '`publicKeys`' : '`jwksJson`'}, as \`application/json\` cached for 300 s. ` +
      `AWS (the OIDC provider, ${i.thumbprints?.length ? 'with the model\'s thumbprints' : 'without a thumbprint: the host\'s CA is one IAM trusts'}), Entra ID (the federated credentials) and GCP (the pool provider, no \`jwks_json\`) all fetch them from there. ` +
      `After the deploy, check what is served (\`curl -s ${discovery}\`), and start kube-apiserver with \`--service-account-issuer\` first:`, '',
    ...flags,
    'To rotate the signing key: add the new public key to the model, synthesize and deploy, wait at least 5 minutes (the documents\' cache), then sign with the new key; remove the old key once no token it signed is still valid.', '',
  ];
}

function nextSteps(input: ReportInput): string[] {
  const paths = input.files.map(f => f.path);
  const steps: string[] = [];
  let n = 1;
  const cfn = paths.filter(p => p.startsWith('cloudformation/') && p.endsWith('.template.json'));
  if (cfn.length) {
    steps.push(`${n++}. **AWS** — deploy each CloudFormation stack (IAM resources need the named-IAM capability):`, '', '   ```sh');
    for (const p of cfn) {
      // A stack deploys in the region its template states (an issuer bucket's region may differ from the account's).
      const region = /"crossfed:environment":\s*\{[^}]*"Region":\s*"([a-z0-9-]+)"/.exec(input.files.find(f => f.path === p)!.content)?.[1];
      steps.push(`   aws cloudformation deploy --stack-name ${p.replace(/^cloudformation\//, '').replace(/\.template\.json$/, '')} --template-file ${p}${region ? ` --region ${region}` : ''} --capabilities CAPABILITY_NAMED_IAM`);
    }
    steps.push('   ```', '');
  }
  const tf = [...new Set(paths.filter(p => p.startsWith('terraform/')).map(p => p.split('/').slice(0, 2).join('/')))];
  if (tf.length) {
    steps.push(`${n++}. **Entra ID and GCP** — apply each Terraform stack, then save its outputs for the Kubernetes step:`, '', '   ```sh');
    for (const d of tf) steps.push(`   terraform -chdir=${d} init && terraform -chdir=${d} apply`);
    for (const d of tf) steps.push(`   terraform -chdir=${d} output -json > ${d.replace(/^terraform\//, '')}.tf-outputs.json`);
    steps.push('   ```', '');
    steps.push(`   Merge the \`*.tf-outputs.json\` files into one and run \`crossfed synth --tf-outputs <file>\`: the Kubernetes YAML takes the Entra client ids from it${input.tfOutputsSource ? ` (this run used \`${input.tfOutputsSource}\`)` : ''}.`, '');
  }
  const k8s = paths.filter(p => p.startsWith('kubernetes/'));
  if (k8s.length) {
    steps.push(`${n++}. **Kubernetes** — apply each cluster's objects with that cluster's context:`, '', '   ```sh');
    for (const p of k8s) steps.push(`   kubectl --context ${p.replace(/^kubernetes\//, '').replace(/\.ya?ml$/, '')} apply -f ${p}`);
    steps.push('   ```', '');
  }
  steps.push(`${n}. Check hand-edited copies before they merge: \`crossfed check <dir>\`; ask why a token would be refused: \`crossfed explain\`.`);
  return steps;
}

function code(s: string): string {
  return `\`${s.replace(/`/g, '\'').replace(/\|/g, '\\|')}\``;
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|');
}
