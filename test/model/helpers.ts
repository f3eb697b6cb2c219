import { CrossfedError, isCrossfedError, Problem } from '../../lib/model/errors';

/** Runs `fn`, expects a CrossfedError, and returns its problems. */
export function problemsOf(fn: () => unknown): readonly Problem[] {
  try {
    fn();
  } catch (e) {
    if (isCrossfedError(e)) return (e as CrossfedError).problems;
    throw e;
  }
  throw new Error('expected a CrossfedError, but nothing was thrown');
}

/** Runs `fn`, expects exactly one problem, and returns it with its formatted message. */
export function problemOf(fn: () => unknown): Problem & { message: string } {
  try {
    fn();
  } catch (e) {
    if (isCrossfedError(e)) {
      expect((e as CrossfedError).problems).toHaveLength(1);
      return { ...(e as CrossfedError).problems[0], message: (e as Error).message };
    }
    throw e;
  }
  throw new Error('expected a CrossfedError, but nothing was thrown');
}
