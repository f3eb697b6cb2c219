import { synth } from './helpers';
import { ACCOUNT, EKS_URL, largeModel, nativeIrsa } from './scenarios';
import { synthesizeCloudFormation } from '../../lib/aws/synthesize';
import { CiSubject, IdentityModel, Issuer } from '../../lib/model';
import { problemOf } from '../model/helpers';

function oneRole(grant: (model: IdentityModel) => void): IdentityModel {
  const model = new IdentityModel({ name: 'limits' });
  grant(model);
  return model;
}

function eksAndAccount(model: IdentityModel, props: { oidcProviderQuota?: number; trustPolicySizeQuota?: number } = {}) {
  const eks = model.addIssuer(Issuer.eks({ name: 'prod-eks', url: EKS_URL, accountId: ACCOUNT, clusterName: 'prod' }));
  const aws = model.addAwsAccount({ name: 'prod', accountId: ACCOUNT, ...props });
  return { eks, aws };
}

describe('AWS limits, enforced at synth time', () => {
  test('GIVEN a trust policy over the account\'s quota WHEN synthesized THEN the renderer refuses it with the fix', () => {
    // The model refuses such grants; the renderer checks again in case the quota changed after them.
    const model = oneRole(m => {
      const { eks, aws } = eksAndAccount(m, { trustPolicySizeQuota: 4096 });
      for (let i = 0; i < 60; i++) m.addWorkload({ issuer: eks, namespace: `team-${i}`, serviceAccount: 'app' }).grantAws(aws, { roleName: 'shared' });
    });
    const account = model.awsAccounts[0];
    const size = account.roles[0].trustPolicySize;
    expect(size).toBeGreaterThan(2048);
    Object.defineProperty(account, 'trustPolicySizeQuota', { value: 2048 });
    const p = problemOf(() => synth(model));
    expect(p.message).toBe(`limits-aws-prod/Role-shared: trustPolicy "${size} characters" of role "shared" is over the account's trust policy quota of 2048 non-whitespace characters. `
      + 'Allowed: at most 2048 characters. Fix: split the workloads over several role names, or request the raised quota (4,096) and set trustPolicySizeQuota: 4096 on the account');
  });

  test('GIVEN inline statements over 10,240 characters WHEN synthesized THEN the error says to use a managed policy', () => {
    const model = oneRole(m => {
      const { eks, aws } = eksAndAccount(m);
      m.addWorkload({ issuer: eks, namespace: 'data', serviceAccount: 'reader' }).grantAws(aws, { roleName: 'reader', s3ReadBuckets: Array.from({ length: 200 }, (_, i) => `acme-bucket-number-${i}`) });
    });
    const p = problemOf(() => synth(model));
    expect(p.where).toBe('limits-aws-prod/Role-reader');
    expect(p.field).toBe('statements');
    expect(p.problem).toBe('of role "reader" exceed IAM\'s limit for inline policies of one role');
    expect(p.fix).toContain('customer managed policy');
  });

  test('GIVEN more managed policies than IAM allows WHEN synthesized THEN over 20 is an error and over 10 a warning', () => {
    const arns = (n: number) => Array.from({ length: n }, (_, i) => `arn:aws:iam::${ACCOUNT}:policy/p${i}`);
    const build = (n: number) => oneRole(m => {
      const { eks, aws } = eksAndAccount(m);
      m.addWorkload({ issuer: eks, namespace: 'data', serviceAccount: 'reader' }).grantAws(aws, { roleName: 'reader', managedPolicyArns: arns(n) });
    });
    expect(problemOf(() => synth(build(21))).message).toContain('managedPolicyArns 21 of role "reader" are more than IAM allows on one role. Allowed: at most 20');
    expect(synth(build(11)).warnings.map(w => w.split(':').slice(0, 3).join(':'))).toEqual(['crossfed:aws:managed-policy-quota']);
    expect(synth(build(10)).warnings).toEqual([]);
  });

  test('GIVEN existing and new providers over the account\'s quota WHEN synthesized THEN the error counts both', () => {
    const model = oneRole(m => {
      const { eks, aws } = eksAndAccount(m, { oidcProviderQuota: 2 });
      aws.useExistingOidcProvider(eks);
      const gh = m.addIssuer(Issuer.githubActions({ name: 'github' }));
      const gl = m.addIssuer(Issuer.gitlab({ name: 'gitlab' }));
      m.addWorkload({ issuer: eks, namespace: 'a', serviceAccount: 'a' }).grantAws(aws, { roleName: 'a' });
      m.addCiWorkload({ issuer: gh, name: 'gh', subject: CiSubject.githubBranch('acme/a', 'main') }).grantAws(aws, { roleName: 'b' });
      m.addCiWorkload({ issuer: gl, name: 'gl', subject: CiSubject.gitlabBranch('acme/a', 'main') }).grantAws(aws, { roleName: 'c' });
    });
    const p = problemOf(() => synth(model));
    expect(p.message).toBe('aws[prod]: oidcProviderQuota 2 is exceeded: the account\'s roles trust 3 issuers (2 new providers, 1 existing). Allowed: at most 2 IAM OIDC providers per account. '
      + 'Fix: request a higher quota (up to 700) and set oidcProviderQuota, or spread the roles over more accounts');
  });

  test('GIVEN a pinned single stack for 600 roles WHEN synthesized THEN the 500-resource limit is an error naming the stack and the fix', () => {
    const model = largeModel(600);
    const p = problemOf(() => synth(model, { stackCounts: [{ account: model.awsAccounts[0], stackCount: 1 }] }));
    expect(p.message).toBe('large-aws-prod: resources 604 is over CloudFormation\'s limit of 500 resources per stack (600 roles, 4 OIDC providers). Allowed: at most 500 resources. '
      + 'Fix: raise its stackCounts entry for account "prod" to 2 (moves about 1/2 of the roles into the new stack), or leave the count automatic');
  });

  test('GIVEN a 51,200-byte template limit WHEN synthesized THEN the split keeps every template under it', () => {
    const model = largeModel(150, { clusters: 1 });
    const files = synthesizeCloudFormation(model, { validation: false, maxTemplateBytes: 51_200 });
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) expect(Buffer.byteLength(f.content)).toBeLessThanOrEqual(51_200);
    const pinned = problemOf(() => synthesizeCloudFormation(model, { validation: false, maxTemplateBytes: 51_200, stackCounts: [{ account: model.awsAccounts[0], stackCount: 1 }] }));
    expect(pinned.field).toBe('templateSize');
    expect(pinned.problem).toBe('is over the template size limit of 51200 bytes (estimated)');
  });

  test('GIVEN templates over 51,200 bytes WHEN synthesized bootstrapless THEN a warning says how to deploy them', () => {
    const warnings: string[] = [];
    synthesizeCloudFormation(largeModel(100, { clusters: 1 }), { validation: false, onWarning: w => warnings.push(w) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^crossfed:aws:template-over-inline-limit: Stack large-aws-prod is \d+ bytes, over the 51200 bytes CloudFormation accepts inline: deploy it with `aws cloudformation deploy --s3-bucket …`/);
  });

  test.each([
    ['targetResourcesPerStack', { targetResourcesPerStack: 501 }, 'a whole number from 1 to 500'],
    ['maxTemplateBytes', { maxTemplateBytes: 2_000_000 }, 'a whole number from 10000 to 1000000'],
    ['stackNamePrefix', { stackNamePrefix: '1-bad_prefix' }, 'a letter, then letters, digits and "-", at most 100 characters'],
  ])('GIVEN an invalid %s WHEN synthesized THEN the error says what is allowed', (field, options, allowed) => {
    const p = problemOf(() => synth(nativeIrsa(), options));
    expect(p.field).toBe(field);
    expect(p.allowed).toBe(allowed);
  });

  test('GIVEN role names that differ only in case WHEN synthesized THEN they are refused (IAM names are case-insensitive)', () => {
    const model = oneRole(m => {
      const { eks, aws } = eksAndAccount(m);
      m.addWorkload({ issuer: eks, namespace: 'a', serviceAccount: 'a' }).grantAws(aws, { roleName: 'Reader' });
      m.addWorkload({ issuer: eks, namespace: 'b', serviceAccount: 'b' }).grantAws(aws, { roleName: 'reader' });
    });
    expect(problemOf(() => synth(model)).message).toBe('aws[prod]: roleName "reader" differs from role "Reader" only in case, but IAM role names are case-insensitive. Allowed: role names unique ignoring case. '
      + 'Fix: use one spelling for both grants, or another name');
  });

  test('GIVEN two accounts whose names give the same stack name WHEN synthesized THEN the collision is an error', () => {
    const model = oneRole(m => {
      const { eks, aws } = eksAndAccount(m);
      const other = m.addAwsAccount({ name: 'prod_', accountId: '444455556666' });
      m.addWorkload({ issuer: eks, namespace: 'a', serviceAccount: 'a' }).grantAws(aws, { roleName: 'a' });
      m.addWorkload({ issuer: eks, namespace: 'b', serviceAccount: 'b' }).grantAws(other, { roleName: 'b' });
    });
    expect(problemOf(() => synth(model)).problem).toBe('gives stack name "limits-aws-prod", which account "prod" (region us-east-1) also uses');
  });
});
