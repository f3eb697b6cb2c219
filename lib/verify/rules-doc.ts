/** Generates `RULES.md`, the rule catalogue, from the rules' own files. */
import { RULES } from './rules/index';
import { Rule, RuleCloud } from './rules/rule';

const HEADINGS: Readonly<Record<RuleCloud, string>> = {
  'aws': 'AWS',
  'azure': 'Entra ID / Azure',
  'gcp': 'GCP',
  'kubernetes': 'Kubernetes',
  'cross-artifact': 'Cross-artifact',
};

/** The catalogue as Markdown. */
export function rulesMarkdown(rules: readonly Rule[] = RULES): string {
  const out: string[] = [
    '# crossfed check: rule catalogue',
    '',
    '<!-- Generated from lib/verify/rules by `npx projen rules`. Do not edit: change the rule\'s file. -->',
    '',
    '`crossfed check` exits 1 when any finding is at `error` level. Some rules report a milder case at a lower severity, as their description says; the severity listed is the highest they report.',
    '',
    '| id | severity | catches |',
    '| --- | --- | --- |',
    ...rules.map(r => `| [\`${r.id}\`](#${r.id}) | ${r.severity} | ${r.title.replace(/\|/g, '\\|')} |`),
  ];
  for (const cloud of Object.keys(HEADINGS) as RuleCloud[]) {
    const of = rules.filter(r => r.cloud === cloud);
    if (of.length === 0) continue;
    out.push('', `## ${HEADINGS[cloud]}`);
    for (const r of of) {
      out.push('', `### ${r.id}`, '', `**${r.severity}**: ${r.title}.`, '', r.description, '', `**Fix:** ${r.fix}`);
      if (r.see) out.push('', `See: ${r.see}`);
    }
  }
  return `${out.join('\n')}\n`;
}
