import { hostPath } from '../../private/issuers';
import { known } from '../../private/val';
import { defineRule } from '../rule';

/** CloudFormation and IAM limits a deploy runs into (REFERENCE.md, AWS). */
export const AWS_LIMITS = {
  resourcesPerStack: 500,
  templateBytes: 1_048_576,
  inlineTemplateBytes: 51_200,
  oidcProvidersPerAccount: 100,
  clientIdsPerProvider: 100,
  clientIdLength: 255,
  thumbprintsPerProvider: 5,
  roleNameLength: 64,
} as const;

export default defineRule({
  id: 'aws-stack-limits',
  cloud: 'aws',
  severity: 'error',
  title: 'A template or its IAM resources exceed a CloudFormation or IAM limit',
  description: 'Limits that fail a deploy: 500 resources per stack, 1 MB per template (51,200 bytes when passed inline rather than through S3 — a warning), 100 client ids of at most 255 characters and 5 thumbprints per OIDC provider, role names of at most 64 `[\\w+=,.@-]` characters, one OIDC provider per issuer URL per account, 100 OIDC providers per account by default (a warning).',
  fix: 'Split the stack, shorten the names, or remove the duplicates the finding names.',
  see: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html',
  check(ctx, report) {
    const L = AWS_LIMITS;
    for (const t of ctx.graph.aws.templates ?? []) {
      if (t.resourceCount > L.resourcesPerStack) report(t.ref, `the template has ${t.resourceCount} resources, over CloudFormation's ${L.resourcesPerStack} per stack`, { fix: 'split the roles over several stacks' });
      if (t.bytes > L.templateBytes) report(t.ref, `the template is ${t.bytes} bytes, over CloudFormation's 1 MB`, { fix: 'split the stack' });
      else if (t.bytes > L.inlineTemplateBytes) report(t.ref, `the template is ${t.bytes} bytes, over the ${L.inlineTemplateBytes} bytes CloudFormation accepts inline`, { severity: 'warning', fix: 'deploy it through S3 (`aws cloudformation deploy --s3-bucket …`, or a bootstrapped `cdk deploy`)' });
    }
    const byUrl = new Map<string, string[]>();
    for (const p of ctx.graph.aws.providers) {
      const url = known(p.url);
      if (url !== undefined) {
        const account = known(p.arn) ?? p.ref.file;
        const key = `${account.replace(/oidc-provider\/.*$/, '')}\n${hostPath(url)}`;
        const seen = byUrl.get(key) ?? [];
        if (seen.length > 0) report(p.ref, `a second IAM OIDC provider for ${url} (also ${seen.join(', ')}): IAM allows one per issuer URL per account, so the second create fails with EntityAlreadyExists`, { fix: 'keep one provider per issuer and reference it from every role' });
        byUrl.set(key, [...seen, p.ref.resource]);
      }
      if (p.clientIds.length > L.clientIdsPerProvider) report(p.ref, `the provider lists ${p.clientIds.length} client ids, over IAM's ${L.clientIdsPerProvider}`, { fix: 'keep the audiences tokens really carry' });
      for (const c of p.clientIds.map(known)) if (c !== undefined && c.length > L.clientIdLength) report(p.ref, `client id "${c.slice(0, 40)}…" is ${c.length} characters, over IAM's ${L.clientIdLength}`, { fix: 'use a shorter audience' });
      if (p.thumbprints.length > L.thumbprintsPerProvider) report(p.ref, `the provider lists ${p.thumbprints.length} thumbprints, over IAM's ${L.thumbprintsPerProvider}`, { fix: 'keep the current and the next CA thumbprint only' });
      for (const t of p.thumbprints.map(known)) if (t !== undefined && !/^[0-9a-fA-F]{40}$/.test(t)) report(p.ref, `thumbprint "${t}" is not 40 hexadecimal characters (a SHA-1 fingerprint)`, { fix: 'compute it with `openssl x509 -fingerprint -sha1 -noout` on the issuer host\'s top intermediate CA, without colons' });
    }
    const urls = new Set([...byUrl.keys()].map(k => k.split('\n')[1]));
    if (urls.size > L.oidcProvidersPerAccount) {
      const p = ctx.graph.aws.providers[0];
      report(p.ref, `the artifacts create ${urls.size} IAM OIDC providers, over the default quota of ${L.oidcProvidersPerAccount} per account`, { severity: 'warning', fix: 'request a raised quota (up to 700), or spread the issuers over accounts' });
    }
    for (const r of ctx.graph.aws.roles) {
      const name = known(r.roleName);
      if (name !== undefined && (name.length > L.roleNameLength || !/^[\w+=,.@-]+$/.test(name))) {
        report(r.ref, `role name "${name}" ${name.length > L.roleNameLength ? `is ${name.length} characters, over IAM's ${L.roleNameLength}` : 'has characters IAM does not allow'}`, { fix: 'use at most 64 letters, digits and + = , . @ _ -' });
      }
    }
  },
});
