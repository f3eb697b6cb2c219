import { GCP_MAX_CONDITION_CHARS } from '../../../model/gcp';
import { GcpProvider } from '../../graph';
import { known } from '../../private/val';
import { defineRule } from '../rule';

/** Most custom attributes (`attribute.*`) one provider may map. */
const MAX_CUSTOM_ATTRIBUTES = 50;

/** A CEL string literal, single- or double-quoted. */
const LITERAL = String.raw`(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")`;

/** Splits `text` at a top-level operator (outside literals, brackets and parentheses). */
function splitTop(text: string, op: '&&' | '||'): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === '\'' || ch === '"') {
      quote = ch;
    } else if (ch === '(' || ch === '[') {
      depth++;
    } else if (ch === ')' || ch === ']') {
      depth--;
    } else if (depth === 0 && text.startsWith(op, i)) {
      parts.push(text.slice(start, i));
      start = i + op.length;
      i++;
    }
  }
  parts.push(text.slice(start));
  return parts.map(p => p.trim());
}

/** The expression without parentheses around all of it. */
function unwrap(text: string): string {
  let t = text.trim();
  while (t.startsWith('(') && t.endsWith(')') && balanced(t.slice(1, -1))) t = t.slice(1, -1).trim();
  return t;
}

function balanced(text: string): boolean {
  let depth = 0;
  for (const ch of text.replace(new RegExp(LITERAL, 'g'), '')) {
    if (ch === '(') depth++;
    if (ch === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/**
 * Whether a condition admits only listed subjects: every alternative (`||`) has a conjunct
 * (`&&`) `<subject> == '…'` or `<subject> in ['…', …]`, where the subject is `google.subject`
 * or what it maps (`assertion.sub`), or one of `also` (AWS providers: `attribute.aws_role`,
 * whose callers AWS itself verifies).
 */
function pinsSubject(condition: string, subjectSource: string, also: readonly string[] = []): boolean {
  const subjects = [...new Set(['google.subject', subjectSource.trim(), ...(subjectSource.trim() === 'assertion.sub' ? ["assertion['sub']", 'assertion["sub"]'] : []), ...also])]
    .map(s => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const exact = new RegExp(String.raw`^(?:${subjects})\s*(?:==\s*${LITERAL}|in\s*\[\s*${LITERAL}(?:\s*,\s*${LITERAL})*\s*,?\s*\])$`);
  return splitTop(unwrap(condition), '||').every(alt => splitTop(unwrap(alt), '&&').some(c => exact.test(unwrap(c))));
}

/** A key for the pool a provider is in: its project and the pool's graph id or pool id. */
function poolKey(p: GcpProvider): string | undefined {
  const pool = known(p.pool) ?? known(p.poolId);
  return pool === undefined ? undefined : `${known(p.projectNumber) ?? '?'}\n${pool}`;
}

export default defineRule({
  id: 'gcp-provider-limits',
  cloud: 'gcp',
  severity: 'error',
  title: 'A pool provider over GCP\'s limits (a condition over 4,096 characters, over 50 custom attributes), or without an exact subject condition in a pool it shares',
  description: 'GCP refuses a workload identity pool provider whose `attribute_condition` is over 4,096 characters or whose `attribute_mapping` maps more than 50 custom `attribute.*` keys. A provider whose condition does not pin the subject to exact values (e.g. `assertion[\'kubernetes.io\'][\'namespace\'] in [...]`) lets its issuer mint a token for any subject it admits; with `google.subject = assertion.sub` that token is `principal://…/workloadIdentityPools/<pool>/subject/<subject>`, and in a pool shared with other providers that can be a subject bound for another issuer\'s workload — cluster A\'s `system:serviceaccount:ns:svc` is cluster B\'s principal of the same name.',
  fix: 'Keep the condition exact on the subject (`assertion.sub in [...]`) within 4,096 characters; when the list does not fit, put the provider with the namespace condition in a workload identity pool of its own (principals are per pool). Map at most 50 custom attributes.',
  see: 'https://cloud.google.com/iam/docs/reference/rest/v1/projects.locations.workloadIdentityPools.providers',
  check(ctx, report) {
    const providers = ctx.graph.gcp.providers.filter(p => !p.disabled);
    const byPool = new Map<string, GcpProvider[]>();
    for (const p of providers) {
      const key = poolKey(p);
      if (key !== undefined) byPool.set(key, [...byPool.get(key) ?? [], p]);
    }
    for (const p of providers) {
      const condition = known(p.attributeCondition);
      if (condition !== undefined && condition.length > GCP_MAX_CONDITION_CHARS) {
        report(p.ref, `attribute_condition is ${condition.length} characters, over GCP's ${GCP_MAX_CONDITION_CHARS}: the provider cannot be created`,
          { fix: 'list fewer subjects per provider, e.g. spread the workloads over providers in pools of their own; a Kubernetes provider may list its exact namespaces instead, in a pool of its own' });
      }
      const custom = Object.keys(p.attributeMapping).filter(k => k.startsWith('attribute.'));
      if (custom.length > MAX_CUSTOM_ATTRIBUTES) {
        report(p.ref, `attribute_mapping maps ${custom.length} custom attributes (attribute.*), over GCP's ${MAX_CUSTOM_ATTRIBUTES}: the provider cannot be created`,
          { fix: `map at most ${MAX_CUSTOM_ATTRIBUTES} custom attributes: keep those the condition and the bindings use` });
      }
      const subject = p.attributeMapping['google.subject'];
      if (condition === undefined || condition.trim() === '' || subject === undefined || pinsSubject(condition, subject, p.awsAccountId !== undefined ? ['attribute.aws_role'] : [])) continue;
      const key = poolKey(p);
      const others = key === undefined ? [] : byPool.get(key)!.filter(q => q !== p);
      if (others.length === 0) continue;
      const pool = known(p.poolId) ?? known(p.pool) ?? '<pool>';
      const shown = condition.length > 120 ? `${condition.slice(0, 117)}...` : condition;
      report(p.ref, `attribute_condition "${shown}" does not pin the subject (google.subject = ${subject}) to exact values, and ${others.map(q => q.ref.resource).sort().join(', ')} ${others.length === 1 ? 'shares' : 'share'} its pool "${pool}": a token of ${known(p.issuerUri) ?? 'its issuer'} for any subject the condition admits becomes principal://…/workloadIdentityPools/${pool}/subject/<subject>, including subjects bound for the other providers' workloads`,
        { fix: `put this provider in a workload identity pool of its own (and bind its principals there), or make its condition exact: ${subject.trim() === 'assertion.sub' ? 'assertion.sub' : 'the subject'} in ['<subject>', …]` });
    }
  },
});
