/**
 * `explain`'s two output forms: JSON (`{"results":[{cloud, identity, accepted, reason, steps}]}`)
 * and a readable trace that leads with the refusals and, in each, with the cloud's words.
 */
import { ExplainReport } from './explain';
import { ExchangeResult } from './result';
import { audiences, isAwsCallerIdentity } from './token';

/** The JSON form of `explain`, with keys in a fixed order. */
export function explainJson(report: Pick<ExplainReport, 'results'>): { results: unknown[] } {
  return {
    results: report.results.map(r => ({
      cloud: r.cloud, identity: r.identity, accepted: r.accepted, reason: r.reason,
      steps: r.steps.map(s => ({ check: s.check, ok: s.ok, detail: s.detail })),
      ...(r.undecided ? { undecided: true } : {}),
    })),
  };
}

/** One result as text: the verdict and the cloud's words first, then the checks in order. */
export function formatResult(r: ExchangeResult): string {
  const lines = [`${r.accepted ? 'ACCEPTED' : 'REFUSED '}  ${r.cloud}  ${r.identity}  (${r.path})`];
  lines.push(`  ${r.reason}${r.undecided ? '  [undecided: an unresolved value is involved]' : ''}`);
  r.steps.forEach((s, i) => lines.push(`  ${String(i + 1).padStart(2)}. ${s.ok ? 'ok  ' : 'FAIL'}  ${s.check}: ${s.detail}`));
  return lines.join('\n');
}

/** The text form of `explain`: a summary line, then refusals before acceptances. */
export function explainText(report: ExplainReport): string {
  const c = report.token.claims;
  const accepted = report.results.filter(r => r.accepted);
  const order = [...report.results.filter(r => !r.accepted), ...accepted];
  const who = isAwsCallerIdentity(c)
    ? `AWS caller arn=${JSON.stringify(c.arn)} account=${JSON.stringify(c.account)} x-goog-cloud-target-resource=${JSON.stringify(audiences(c))}`
    : `token iss=${JSON.stringify(c.iss)} sub=${JSON.stringify(c.sub)} aud=${JSON.stringify(audiences(c))}`;
  const head = `${who}: `
    + `accepted by ${accepted.length} of ${report.results.length} identit${report.results.length === 1 ? 'y' : 'ies'}`
    + `${accepted.length ? ` (${accepted.map(r => `${r.cloud} ${r.identity}`).join(', ')})` : ''}`;
  return [head, '', ...order.map(formatResult).flatMap(t => [t, ''])].join('\n');
}
