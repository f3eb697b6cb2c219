import { fail } from '../../azure/private/terraform';
import { checkPoolOrProviderId, GCP_MAX_CONDITION_CHARS, GCP_MAX_SUBJECT_BYTES, GcpProject, GcpProviderSpec } from '../../model/gcp';

/** Fails unless `project` is a GcpProject of a model whose pool facts GCP would accept; returns it. */
export function requireProject(where: string, project: GcpProject): GcpProject {
  if (!(project instanceof GcpProject)) {
    fail(where, 'project', project, 'is not a GcpProject of a model', 'a project returned by model.addGcpProject() or model.findGcpProject()', 'pass the project object of the model');
  }
  checkProject(where, project);
  return project;
}

/**
 * Checks, again, what GCP enforces on a project's pool before anything is rendered. The model
 * validates every grant; this guard keeps a project assembled any other way from producing a
 * plan that IAM or STS would refuse.
 * @see https://cloud.google.com/iam/docs/workload-identity-federation-with-kubernetes
 */
export function checkProject(where: string, project: GcpProject): void {
  if (typeof project.projectNumber !== 'string' || !/^\d{1,20}$/.test(project.projectNumber)) {
    fail(where, 'projectNumber', project.projectNumber, 'is missing or not numeric: pool principals and audiences use the project number, not the id', 'the project number, digits only',
      `run \`gcloud projects describe ${project.projectId} --format="value(projectNumber)"\``);
  }
  checkPoolOrProviderId(where, 'poolId', project.poolId);
}

/** Checks a provider spec against GCP's limits. @see https://cloud.google.com/iam/docs/reference/rest/v1/projects.locations.workloadIdentityPools.providers */
export function checkProvider(where: string, p: GcpProviderSpec): void {
  checkPoolOrProviderId(where, 'providerId', p.providerId);
  const mapping = p.attributeMapping;
  if (mapping['google.subject'] === undefined) {
    fail(where, 'attributeMapping', mapping, 'does not map google.subject', 'a mapping with "google.subject"', 'map google.subject to assertion.sub');
  }
  const custom = Object.keys(mapping).filter(k => !k.startsWith('google.'));
  const bad = custom.find(k => !/^attribute\.[a-z0-9_]{1,100}$/.test(k));
  if (bad !== undefined) fail(where, 'attributeMapping', bad, 'is not a custom attribute name', 'attribute.<lowercase letters, digits and "_">', 'rename the attribute');
  if (custom.length > 50) fail(where, 'attributeMapping', custom.length, 'maps more than 50 custom attributes', 'at most 50', 'map fewer attributes');
  const condition = p.attributeCondition;
  if (typeof condition !== 'string' || condition.length === 0 || condition.length > GCP_MAX_CONDITION_CHARS) {
    fail(where, 'attributeCondition', condition, `is empty or over ${GCP_MAX_CONDITION_CHARS} characters`, `an exact CEL condition of 1–${GCP_MAX_CONDITION_CHARS} characters`, 'spread the workloads over several pools');
  }
  if (/startsWith|endsWith|matches|contains/.test(condition)) {
    fail(where, 'attributeCondition', condition, 'matches subjects by prefix or pattern', 'exact comparisons (==, in)', 'list the exact subjects');
  }
  if (p.jwksJson !== undefined) checkJwks(where, p.jwksJson);
  if (p.awsAccountId !== undefined) {
    if (!/^\d{12}$/.test(p.awsAccountId)) fail(where, 'awsAccountId', p.awsAccountId, 'is not an AWS account id', '12 digits', 'declare the aws issuer with the account of the roles');
    return;
  }
  const audiences = allowedAudiences(p);
  if (audiences.length > 10 || audiences.some(a => a.length === 0 || a.length > 256)) {
    fail(where, 'allowedAudiences', audiences, 'are not 1–10 audiences of at most 256 characters', 'at most 10 audiences, each 1–256 characters', 'use the provider\'s default audience');
  }
}

/** The JWK fields GCP accepts in `jwks_json`; any other field makes it refuse the provider. */
const JWK_FIELDS = ['kty', 'alg', 'use', 'kid', 'n', 'e', 'x', 'y', 'crv'];

/** `jwks_json` must hold RSA or EC keys with only the fields GCP accepts. */
function checkJwks(where: string, text: string): void {
  let keys: any[] = [];
  try {
    keys = JSON.parse(text).keys;
  } catch {
    keys = [];
  }
  if (!Array.isArray(keys) || keys.length === 0) fail(where, 'jwksJson', text, 'is not a JSON Web Key Set with keys', '{"keys":[…]}', 'paste the output of `kubectl get --raw /openid/v1/jwks`');
  for (const k of keys) {
    const extra = Object.keys(k ?? {}).filter(f => !JWK_FIELDS.includes(f));
    if (extra.length > 0 || !['RSA', 'EC'].includes(k?.kty)) {
      fail(where, 'jwksJson', k?.kid ?? k, extra.length > 0 ? `has a key with fields GCP refuses: ${extra.join(', ')}` : `has a key of type ${JSON.stringify(k?.kty)}`,
        `RSA or EC keys with only ${JWK_FIELDS.join(', ')}`, `remove ${extra.length > 0 ? extra.join(', ') : 'that key'} from the key set`);
    }
  }
}

/** The audiences a provider accepts, written explicitly: the model's list, or its one audience. */
export function allowedAudiences(p: GcpProviderSpec): string[] {
  return p.allowedAudiences.length > 0 ? [...p.allowedAudiences] : [p.audience];
}

/** A pool principal's subject must fit `google.subject` (127 bytes). */
export function checkMember(where: string, member: string): void {
  const m = /^principal:\/\/iam\.googleapis\.com\/projects\/\d+\/locations\/global\/workloadIdentityPools\/[a-z0-9-]+\/subject\/(.*)$/s.exec(member);
  if (m && Buffer.byteLength(m[1], 'utf8') > GCP_MAX_SUBJECT_BYTES) {
    fail(where, 'subject', m[1], `is ${Buffer.byteLength(m[1], 'utf8')} bytes, over GCP's limit of ${GCP_MAX_SUBJECT_BYTES} for google.subject`, `at most ${GCP_MAX_SUBJECT_BYTES} bytes`,
      'shorten the namespace or service account name');
  }
}
