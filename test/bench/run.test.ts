import { benchJson, BenchResult, formatBench, goals, runBench } from '../../bench/run';

/** The benchmark's whole path, at a size that runs in seconds: real child processes, real files. */
describe('npm run bench', () => {
  let result: BenchResult;
  beforeAll(() => {
    result = runBench({ n: [12], runs: 1, coldStart: false });
  }, 120_000);

  test('GIVEN N=12 WHEN benchmarked THEN crossfed, the baseline and the checker each ran in a process of their own and were measured', () => {
    const [row] = result.rows;
    expect(row.n).toBe(12);
    for (const m of [row.crossfed, row.baseline, row.check]) {
      expect(m.s).toBeGreaterThan(0);
      // Peak RSS read by the probe inside the child: more than an empty node process.
      expect(m.rssMb).toBeGreaterThan(30);
    }
    // The probe saw crossfed write its output directory.
    expect(row.crossfed.modulesAtFirstWrite).toBeGreaterThan(100);
  });

  test('GIVEN the output WHEN costed THEN one role per AWS grant, one federated credential per Entra grant, no custom resource and no Lambda function', () => {
    const [row] = result.rows;
    // 12 workloads + 1 GitHub environment + the Azure DevOps deployer.
    expect(row.grants).toEqual({ workloads: 14, aws: 14, azure: 13, gcp: 13 });
    expect(row.cost.roles).toBe(14);
    expect(row.cost.federatedCredentials).toBe(13);
    expect([row.cost.customResources, row.cost.lambdaFunctions]).toEqual([0, 0]);
    expect(row.cost.stacks).toBe(1);
    // The baseline writes the same resources by hand.
    expect(row.baselineResources['AWS::IAM::Role']).toBe(14);
  });

  test('GIVEN the check WHEN read THEN its findings and negative matrix are counted', () => {
    const [row] = result.rows;
    expect(row.findings.nearMissesTried).toBeGreaterThan(100);
    expect(row.findings.nearMissesAccepted).toBe(0);
    expect(row.findings.errors).toBe(0);
  });

  test('GIVEN the result WHEN printed THEN tables, goals and a last line of JSON in the documented shape', () => {
    const text = formatBench(result);
    const last = text.trimEnd().split('\n').pop()!;
    const json = JSON.parse(last);
    expect(Object.keys(json)).toEqual(['n', 'crossfed_s', 'baseline_s', 'check_s', 'crossfed_rss_mb', 'baseline_rss_mb', 'check_rss_mb']);
    expect(json).toEqual(benchJson(result));
    expect(json.n).toEqual([12]);
    expect(text).toContain('| CloudFormation resources per stack');
    expect(text).toMatch(/Goals:\n- (met|NOT met): check\(12\)/);
  });

  test('GIVEN figures WHEN judged THEN each goal compares what the issue says', () => {
    const m = (s: number, rssMb = 100) => ({ s, rssMb, status: 0, stdout: '' });
    const row = (n: number, crossfed: number, baseline: number, check: number, errors = 0) => ({
      ...result.rows[0], n, crossfed: m(crossfed, 150), baseline: m(baseline, 100), check: m(check), findings: { ...result.rows[0].findings, errors },
    });
    const g = goals({ rows: [row(1000, 13, 10, 12), row(5000, 72, 50, 60, 1)] });
    expect(g.map(x => [x.text.split(' ')[0], x.ok])).toEqual([
      ['crossfed', true], // 13 / 10 = 1.3
      ['crossfed(5,000)', false], // 72 / 13 > 5.5
      ['peak', true], // 150 / 100 = 1.5
      ['error-level', false],
      ['check(1000)', true],
      ['check(5000)', true],
    ]);
  });
});
