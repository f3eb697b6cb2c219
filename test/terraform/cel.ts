/**
 * GCP attribute conditions are CEL: evaluate them the way the STS would, on a token's claims.
 * `@marcbachmann/cel-js` is ESM-only; jest transforms it, and this file gives it a type.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cel = require('@marcbachmann/cel-js') as { evaluate(expression: string, context?: Record<string, unknown>): unknown };

/** Whether `condition` lets a token with these claims through (`assertion` holds the claims). */
export function conditionAccepts(condition: string, claims: Record<string, unknown>): boolean {
  return cel.evaluate(condition, { assertion: claims }) === true;
}
