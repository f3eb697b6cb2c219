import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { fail, LIMITS } from './limits';
import { formatProblem } from '../../model/errors';

/** Fails when the enclosing stack's account or region is known and differs from what the model needs. */
export function checkStackEnv(scope: Construct, accountId: string, region: string | undefined, what?: string): void {
  const stack = Stack.of(scope);
  if (!Token.isUnresolved(stack.account) && stack.account !== accountId) {
    fail(scope.node.path, 'account', stack.account, `is the stack's account, but ${what ?? 'the model puts this'} in account ${accountId}`, `a stack with env.account "${accountId}"`,
      `add it to a stack of account ${accountId} (env: { account: '${accountId}' })`);
  }
  if (region !== undefined && !Token.isUnresolved(stack.region) && stack.region !== region) {
    fail(scope.node.path, 'region', stack.region, `is the stack's region, but ${what ?? 'this resource'} is in ${region}`, `a stack with env.region "${region}"`,
      `add it to a stack of region ${region}`);
  }
}

/** Validation: the stack has at most 500 resources. */
export function stackResourceLimit(stack: Stack): string[] {
  const count = stack.node.findAll().filter(c => CfnResource.isCfnResource(c) && Stack.of(c) === stack).length;
  if (count <= LIMITS.stackResources) return [];
  return [formatProblem({
    where: stack.node.path, field: 'resources', value: count, problem: `is over CloudFormation's limit of ${LIMITS.stackResources} resources per stack`,
    allowed: `at most ${LIMITS.stackResources}`, fix: 'render the roles over several stacks (AccountIdentities with a subset of roles each), or use AwsIdentityStack.forModel, which splits the account for you',
  })];
}
