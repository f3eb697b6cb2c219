import { CrossfedError } from '../../model/errors';

/**
 * AWS quotas crossfed enforces at synth time.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
 */
export const LIMITS = {
  /** CloudFormation: resources per stack. */
  stackResources: 500,
  /** CloudFormation: template body uploaded through S3 (aws-cdk-lib's own bound). */
  templateBytesS3: 1_000_000,
  /** CloudFormation: template body passed inline (`cdk deploy` without a bootstrap bucket). */
  templateBytesInline: 51_200,
  /** IAM: aggregate inline policy size per role, non-whitespace characters. */
  roleInlinePolicyChars: 10_240,
  /** IAM: managed policies per role by default, and the raised maximum. */
  managedPoliciesDefault: 10,
  managedPoliciesMax: 20,
  /** IAM OIDC provider: client ids and their length. */
  clientIds: 100,
  clientIdChars: 255,
  /** IAM role description length. */
  descriptionChars: 1000,
} as const;

/** Default target load of one stack when crossfed splits an account: half the limit, for growth and hash skew. */
export const DEFAULT_TARGET_RESOURCES_PER_STACK = 250;

/** Throws a CrossfedError with one problem. */
export function fail(where: string, field: string, value: unknown, problem: string, allowed: string | undefined, fix: string): never {
  throw CrossfedError.of({ where, field, value, problem, allowed, fix });
}

/** Size of a policy document as IAM counts it: characters that are not whitespace. */
export function policySize(doc: unknown): number {
  return JSON.stringify(doc).replace(/\s/g, '').length;
}
