import { synthesizedOutput } from './model-output';
import { checkArtifacts, ruleContext } from '../../lib/verify';
import { negativeMatrixOf } from '../../lib/verify/rules/cross-artifact/negative-matrix-run';
import { EKS_A_URL, EKS_B_URL, overflowModel } from '../model/fixtures';

describe('providers whose condition falls back to namespaces, checked', () => {
  const { model, gcp, eksA } = overflowModel(80);
  const files = synthesizedOutput(model);
  let checked: ReturnType<typeof checkArtifacts> | undefined;
  const check = () => checked ??= checkArtifacts(files, { model });

  test('GIVEN the synthesized model WHEN checked with it THEN no error, and no token of one cluster becomes another cluster\'s principal', () => {
    const result = check();
    expect(result.errors).toEqual([]);
    expect(result.findings.filter(f => f.severity === 'error')).toEqual([]);
    const report = negativeMatrixOf(ruleContext(result.graph, { model }));
    expect(report.tried).toBeGreaterThan(0);
    expect(report.accepted).toBe(0);
    expect(report.intendedRefused).toBe(0);
  });

  test('GIVEN the pods WHEN read THEN the projected token audience of an EKS workload names its provider\'s own pool', () => {
    const yaml = files.find(f => f.path === 'kubernetes/eks-a.yaml')!.content;
    const own = `//iam.googleapis.com/${gcp.provider(gcp.accesses[0].workload.issuer).resourceName}`;
    expect(own).toContain('/workloadIdentityPools/crossfed-eks-a/providers/eks-a');
    expect(yaml).toContain(`audience: ${own}`);
    expect(yaml).not.toContain('/workloadIdentityPools/crossfed/');
  });

  test('GIVEN the same check WHEN its near misses are read THEN each cluster\'s tokens were tried with the other cluster\'s issuer and provider audience, and refused', () => {
    const result = check();
    const report = negativeMatrixOf(ruleContext(result.graph, { model }));
    const audA = gcp.provider(eksA).audience;
    const crossed = report.pairs.filter(p => p.pair.token.claims.iss === EKS_B_URL)
      .flatMap(p => p.nearMisses).filter(m => m.nearMiss.kind === 'other-cluster' && m.nearMiss.token.claims.iss === EKS_A_URL && m.nearMiss.token.claims.aud === audA);
    expect(crossed.length).toBe(80);
    expect(crossed.filter(m => m.result.accepted)).toEqual([]);
  });
});
