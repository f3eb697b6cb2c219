import * as fc from 'fast-check';
import { nasty, RUNS_PER_PROPERTY, SEED, structuralMutation, target, verify } from './mutations';

describe('robustness: structural mutations of valid fixtures', () => {
  const params = { numRuns: RUNS_PER_PROPERTY, seed: SEED };

  test(`GIVEN ${RUNS_PER_PROPERTY} structural mutations (a value replaced anywhere) WHEN checked THEN never a throw, always a verdict`, () => {
    fc.assert(fc.property(target, fc.nat(), fc.nat(), nasty, (t, which, pick, value) => {
      const i = which % t.files.length;
      verify(t.files.map((f, j) => (j === i ? structuralMutation(f, pick, value, false) : f)), t.options);
    }), { ...params, seed: SEED + 1 });
  });

  test(`GIVEN ${RUNS_PER_PROPERTY} structural deletions (a key or item removed anywhere, twice) WHEN checked THEN never a throw, always a verdict`, () => {
    fc.assert(fc.property(target, fc.nat(), fc.nat(), fc.nat(), (t, which, a, b) => {
      const i = which % t.files.length;
      verify(t.files.map((f, j) => (j === i ? structuralMutation(structuralMutation(f, a, undefined, true), b, undefined, true) : f)), t.options);
    }), { ...params, seed: SEED + 2 });
  });
});
