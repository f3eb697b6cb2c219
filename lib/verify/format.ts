/** The two output forms of `crossfed check`: text grouped by file, and JSON. */
import type { CheckResult } from './check';
import { ParseError } from './graph';
import { Severity } from './rules/rule';

const COLOURS: Readonly<Record<Severity | 'file' | 'reset', string>> = { error: '\u001b[31m', warning: '\u001b[33m', info: '\u001b[36m', file: '\u001b[1m', reset: '\u001b[0m' };

/** `file:line:column: message` */
export function formatParseError(e: ParseError): string {
  const pos = e.line !== undefined ? `:${e.line}${e.column !== undefined ? `:${e.column}` : ''}` : '';
  return `${e.file}${pos}: ${e.message}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Findings grouped by file, one line each, then a summary; ANSI colour only when asked. */
export function formatText(result: CheckResult, options: { readonly color?: boolean } = {}): string {
  const c = (k: keyof typeof COLOURS, s: string) => (options.color ? `${COLOURS[k]}${s}${COLOURS.reset}` : s);
  const lines: string[] = [];
  let file: string | undefined;
  for (const f of result.findings) {
    if (f.file !== file) {
      if (file !== undefined) lines.push('');
      file = f.file;
      lines.push(c('file', f.file));
    }
    const pos = f.line !== undefined ? `${f.line}` : '-';
    lines.push(`  ${pos.padStart(4)}  ${c(f.severity, f.severity.padEnd(7))}  ${f.rule}  ${f.resource}: ${f.message}. Fix: ${f.fix}`);
  }
  if (lines.length > 0) lines.push('');
  const n = result.counts;
  lines.push(`${plural(n.error, 'error')}, ${plural(n.warning, 'warning')}, ${n.info} info in ${plural(result.graph.files.length, 'file')}${result.errors.length > 0 ? `; ${plural(result.errors.length, 'file problem')} (see stderr)` : ''}`);
  return `${lines.join('\n')}\n`;
}

/** What the negative matrix tried (with a model): granted pairs, near-miss tokens tried, accepted. */
export interface NegativeMatrixSummary {
  readonly pairs: number;
  readonly tried: number;
  readonly accepted: number;
}

/**
 * `{"findings":[{"rule","severity","resource","file","line","message","fix"}]}`, plus `"errors"` when
 * some input could not be read, and `"negativeMatrix": {"pairs","tried","accepted"}` with a model.
 */
export function formatJson(result: CheckResult, negativeMatrix?: NegativeMatrixSummary): string {
  const out: Record<string, unknown> = {
    findings: result.findings.map(f => ({ rule: f.rule, severity: f.severity, resource: f.resource, file: f.file, ...(f.line !== undefined ? { line: f.line } : {}), message: f.message, fix: f.fix })),
  };
  if (negativeMatrix) out.negativeMatrix = negativeMatrix;
  if (result.errors.length > 0) out.errors = result.errors.map(e => ({ file: e.file, line: e.line, column: e.column, message: e.message }));
  return `${JSON.stringify(out, null, 2)}\n`;
}
