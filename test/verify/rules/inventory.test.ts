import * as fs from 'fs';
import * as path from 'path';
import { RULES, rulesMarkdown } from '../../../lib/verify';

describe('rule catalogue', () => {
  test('GIVEN the catalogue WHEN listed THEN ids and severities are pinned (renaming an id breaks users\' suppressions)', () => {
    expect(RULES.map(r => `${r.id} ${r.severity}`)).toEqual([
      'aws-broad-permissions error',
      'aws-google-trust error',
      'aws-pod-identity-trust error',
      'aws-provider-audience error',
      'aws-stack-limits error',
      'aws-trust-aud-missing warning',
      'aws-trust-audience-in-sub error',
      'aws-trust-forallvalues error',
      'aws-trust-key-mismatch error',
      'aws-trust-literal-wildcard error',
      'aws-trust-size error',
      'aws-trust-sub-missing error',
      'aws-trust-sub-wildcard error',
      'azure-fic-audience error',
      'azure-fic-duplicate error',
      'azure-fic-issuer-mismatch error',
      'azure-fic-limit error',
      'azure-fic-subject-mismatch error',
      'azure-fic-subject-wildcard error',
      'azure-scope-broad error',
      'gcp-audience-mismatch error',
      'gcp-binding-missing error',
      'gcp-broad-role error',
      'gcp-condition-missing error',
      'gcp-condition-prefix error',
      'gcp-principalset-unmapped error',
      'gcp-provider-limits error',
      'gcp-subject-too-long error',
      'k8s-annotation-typo error',
      'k8s-discovery-issuer-mismatch error',
      'k8s-discovery-jwks error',
      'k8s-legacy-token error',
      'k8s-shared-audience warning',
      'k8s-static-credentials error',
      'k8s-subpath-token error',
      'k8s-token-expiration error',
      'k8s-webhook-label-missing error',
      'x-audit-missing warning',
      'x-intended-refused error',
      'x-issuer-unknown info',
      'x-near-miss-accepted error',
      'x-unreachable error',
      'x-unresolved info',
    ]);
  });

  test('GIVEN each rule WHEN read THEN it lives in rules/<cloud>/<id without prefix>.ts and documents itself', () => {
    const prefix = { 'aws': 'aws-', 'azure': 'azure-', 'gcp': 'gcp-', 'kubernetes': 'k8s-', 'cross-artifact': 'x-' } as const;
    for (const r of RULES) {
      expect(r.id.startsWith(prefix[r.cloud])).toBe(true);
      expect(fs.existsSync(path.join(__dirname, '..', '..', '..', 'lib', 'verify', 'rules', r.cloud, `${r.id.slice(prefix[r.cloud].length)}.ts`))).toBe(true);
      expect({ id: r.id, title: r.title.length > 10, description: r.description.length > 60, fix: r.fix.length > 10 }).toEqual({ id: r.id, title: true, description: true, fix: true });
    }
    expect(new Set(RULES.map(r => r.id)).size).toBe(RULES.length);
  });

  test('GIVEN the committed RULES.md WHEN compared with the catalogue THEN it is current (regenerate: npx projen rules)', () => {
    const committed = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'RULES.md'), 'utf8');
    expect(committed).toBe(rulesMarkdown());
  });
});
