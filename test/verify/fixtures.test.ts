import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES, fixtureCases, loadFixture } from './fixture-helpers';
import { checkArtifacts } from '../../lib/verify';

/**
 * Hand-written artifacts of REFERENCE.md's scenarios, each correct once (`ok`) and wrong in
 * one way per variant, with the exact findings expected (`expected.json`). Regenerate with
 * UPDATE_FIXTURES=1 and review the diff.
 */
describe('fixtures: hand-written scenarios', () => {
  test.each(fixtureCases())('GIVEN %s/%s WHEN checked THEN exactly the expected findings', (scenario, variant) => {
    const { files, options } = loadFixture(scenario, variant);
    const result = checkArtifacts(files, options);
    const actual = { verdict: result.verdict, findings: result.findings, errors: result.errors };
    const file = path.join(FIXTURES, scenario, variant, 'expected.json');
    if (process.env.UPDATE_FIXTURES) fs.writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
    expect(actual).toEqual(JSON.parse(fs.readFileSync(file, 'utf8')));
  });

  test('GIVEN every scenario WHEN its correct variant is checked THEN no error-level finding', () => {
    const oks = fixtureCases().filter(([, v]) => v === 'ok');
    expect(oks.length).toBeGreaterThanOrEqual(9);
    for (const [scenario] of oks) {
      const { files, options } = loadFixture(scenario, 'ok');
      expect({ scenario, errors: checkArtifacts(files, options).findings.filter(f => f.severity === 'error') }).toEqual({ scenario, errors: [] });
    }
  });

  test('GIVEN every variant WHEN checked THEN it is wrong in some way the checker names', () => {
    for (const [scenario, variant] of fixtureCases().filter(([, v]) => v !== 'ok')) {
      const { files, options } = loadFixture(scenario, variant);
      expect({ scenario, variant, found: checkArtifacts(files, options).findings.length > 0 }).toEqual({ scenario, variant, found: true });
    }
  });
});
