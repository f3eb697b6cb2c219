import { App } from 'aws-cdk-lib';
import { resourcesOf, synth } from './helpers';
import { largeModel } from './scenarios';
import { aws } from '../../lib';
import { jumpHash } from '../../lib/aws/private/plan';

/** Role name → stack name. */
function placement(json: { [stack: string]: any }): Map<string, string> {
  const out = new Map<string, string>();
  for (const [stack, t] of Object.entries(json)) {
    for (const r of Object.values(resourcesOf(t, 'AWS::IAM::Role'))) {
      const name = (r as any).Properties.RoleName;
      if (out.has(name)) throw new Error(`role ${name} is in ${out.get(name)} and ${stack}`);
      out.set(name, stack);
    }
  }
  return out;
}

describe('AWS stack split', () => {
  const base = synth(largeModel(1200));
  const before = placement(base.json);

  test('GIVEN 1,200 roles WHEN synthesized THEN five stacks with stable names, each under 500 resources, every role in exactly one', () => {
    expect(Object.keys(base.json)).toEqual(['large-aws-prod', 'large-aws-prod-2', 'large-aws-prod-3', 'large-aws-prod-4', 'large-aws-prod-5']);
    const counts = Object.values(base.json).map(t => Object.keys(t.Resources).length);
    for (const c of counts) {
      expect(c).toBeLessThanOrEqual(500);
      expect(c).toBeGreaterThan(150);
    }
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1204);
    expect(before.size).toBe(1200);
    // The providers live in the first stack only.
    expect(Object.values(base.json).map(t => Object.keys(resourcesOf(t, 'AWS::IAM::OIDCProvider')).length)).toEqual([4, 0, 0, 0, 0]);
  });

  test('GIVEN an unrelated workload added WHEN synthesized again THEN no existing role moves', () => {
    const grown = placement(synth(largeModel(1200, { extraRoleNames: ['aaa-new-team', 'zzz-new-team'] })).json);
    expect(grown.size).toBe(1202);
    for (const [role, stack] of before) expect([role, grown.get(role)]).toEqual([role, stack]);
  });

  test('GIVEN a model grown past a step WHEN the automatic stack count goes from 5 to 6 THEN only roles that land in the new stack move', () => {
    const bigger = placement(synth(largeModel(1300)).json);
    expect(new Set(bigger.values()).size).toBe(6);
    const moved = [...before].filter(([role, stack]) => bigger.get(role) !== stack);
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.length).toBeLessThan(1200 / 4);
    for (const [role] of moved) expect(bigger.get(role)).toBe('large-aws-prod-6');
  });

  test('GIVEN a pinned stack count WHEN the model grows THEN the count stays and nothing moves', () => {
    const pinned = (n: number) => {
      const model = largeModel(n);
      return placement(synth(model, { stackCounts: [{ account: model.awsAccounts[0], stackCount: 7 }] }).json);
    };
    const small = pinned(1200);
    const big = pinned(1400);
    expect(new Set(small.values()).size).toBe(7);
    for (const [role, stack] of small) expect(big.get(role)).toBe(stack);
  });

  test('GIVEN split stacks WHEN added to an app THEN every later stack depends on the first, which holds the providers', () => {
    const stacks = aws.AwsIdentityStack.forModel(new App({ builtinCloudFormationValidation: false }), largeModel(1200));
    expect(stacks.map(s => s.dependencies.map(d => d.stackName))).toEqual([[], ['large-aws-prod'], ['large-aws-prod'], ['large-aws-prod'], ['large-aws-prod']]);
  });

  test('GIVEN the jump hash WHEN buckets grow THEN keys only move into the new bucket, and the spread is even', () => {
    const names = Array.from({ length: 5000 }, (_, i) => `role-${i}`);
    for (const n of [1, 2, 5, 9]) {
      const counts = new Array(n + 1).fill(0);
      for (const name of names) {
        const a = jumpHash(name, n);
        const b = jumpHash(name, n + 1);
        expect(b === a || b === n).toBe(true);
        counts[b]++;
      }
      for (const c of counts) expect(Math.abs(c - 5000 / (n + 1))).toBeLessThan(5000 / (n + 1) * 0.2);
    }
  });
});
