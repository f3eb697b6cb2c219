import * as fc from 'fast-check';
import { applyText, RUNS_PER_PROPERTY, SEED, target, textEdit, verify } from './mutations';

describe('robustness: text mutations of valid fixtures', () => {
  const params = { numRuns: RUNS_PER_PROPERTY, seed: SEED };

  test(`GIVEN ${RUNS_PER_PROPERTY} text mutations (1–4 edits of one file) WHEN checked THEN never a throw, always a verdict`, () => {
    fc.assert(fc.property(target, fc.nat(), fc.array(textEdit, { minLength: 1, maxLength: 4 }), (t, which, edits) => {
      const i = which % t.files.length;
      const files = t.files.map((f, j) => (j === i ? { path: f.path, content: edits.reduce(applyText, f.content) } : f));
      verify(files, t.options);
    }), params);
  });

  test(`GIVEN ${RUNS_PER_PROPERTY} mixed sets (files renamed to another format, merged, or emptied) WHEN checked THEN never a throw, always a verdict`, () => {
    const names = ['x.template.json', 'x.template.yaml', 'x.tf.json', 'x.yaml', 'x.json', 'x.txt'];
    fc.assert(fc.property(target, target, fc.constantFrom(...names), fc.nat(), fc.boolean(), (a, b, name, which, empty) => {
      const moved = a.files[which % a.files.length];
      const files = [...b.files, { path: `other/${name}`, content: empty ? '' : moved.content }];
      verify(files, { ...b.options, issuers: [] });
    }), { ...params, seed: SEED + 3 });
  });
});
