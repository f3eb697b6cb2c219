import { createHash } from 'crypto';
import { accessEntrySpecs, podIdentitySpecs } from './eks-spec';
import { DEFAULT_TARGET_RESOURCES_PER_STACK, fail, LIMITS } from './limits';
import { AwsAccount, AwsRole } from '../../model/aws';
import { IdentityModel } from '../../model/identity-model';
import { byKey } from '../../model/private/checks';

/** A pinned number of stacks for one account and region. */
export interface StackCountPin {
  readonly account: AwsAccount;
  readonly region?: string;
  readonly stackCount: number;
}

export interface PlanOptions {
  readonly stackNamePrefix?: string;
  readonly targetResourcesPerStack?: number;
  readonly maxTemplateBytes?: number;
  readonly stackCounts?: StackCountPin[];
  readonly accounts?: AwsAccount[];
}

/** One stack crossfed will synthesize. */
export interface StackPlan {
  readonly name: string;
  readonly account: AwsAccount;
  readonly region: string;
  /** Whether this stack is in the account's own region (IAM resources live there). */
  readonly home: boolean;
  /** 0-based position in its family (`<base>`, `<base>-2`, …). */
  readonly index: number;
  /** Number of stacks of its family. */
  readonly familySize: number;
  /** Whether the account's new OIDC providers are rendered here (the first home stack). */
  readonly providers: boolean;
  /** Roles whose IAM part is rendered here (home stacks only). */
  readonly roles: AwsRole[];
  /** Roles whose EKS resources in `region` are rendered here. */
  readonly eksRoles: AwsRole[];
  /** CloudFormation resources in the stack. */
  readonly resources: number;
  /** Estimated template size in bytes. */
  readonly estimatedBytes: number;
}

interface Load { resources: number; bytes: number }

/** Bytes of a template besides its resources (description, braces). */
const STACK_OVERHEAD_BYTES = 400;

/** Bytes of one audit resource (trail, bucket, bucket policy, key) in a template (a generous estimate). */
const AUDIT_RESOURCE_BYTES = 1500;

/** Stack names follow CloudFormation's rule. */
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]*$/;

/**
 * Splits every account of the model into stacks.
 *
 * The rule (docs/aws.md, "Stacks"): IAM resources of an account live in stacks of the account's
 * region, `<prefix>-<account>`, `<prefix>-<account>-2`, …; EKS resources of clusters in another
 * region live in `<prefix>-<account>-<region>`, `…-2`, …. Within a family of N stacks a role goes
 * to stack `jump(sha256(roleName), N)` (jump consistent hash): its place depends on its own name
 * and N only, never on other roles. N is pinned with `stackCounts`, or automatic: the smallest
 * count that keeps the family's average stack at `targetResourcesPerStack` (250, half the limit)
 * and half of `maxTemplateBytes`. When an automatic N grows by one, only the roles that land in
 * the new last stack move. The account's new OIDC providers always live in the first stack.
 */
export function planStacks(model: IdentityModel, options: PlanOptions = {}): StackPlan[] {
  const prefix = options.stackNamePrefix ?? `${model.name}-aws`;
  const target = options.targetResourcesPerStack ?? DEFAULT_TARGET_RESOURCES_PER_STACK;
  const maxBytes = options.maxTemplateBytes ?? LIMITS.templateBytesS3;
  if (!STACK_NAME.test(prefix) || prefix.length > 100) {
    fail('AwsIdentityStack', 'stackNamePrefix', prefix, 'is not a valid stack name prefix', 'a letter, then letters, digits and "-", at most 100 characters', 'use e.g. "platform-identities"');
  }
  if (!Number.isInteger(target) || target < 1 || target > LIMITS.stackResources) {
    fail('AwsIdentityStack', 'targetResourcesPerStack', target, 'is out of range', `a whole number from 1 to ${LIMITS.stackResources}`, `leave it unset (${DEFAULT_TARGET_RESOURCES_PER_STACK}) unless stacks must stay smaller`);
  }
  if (!Number.isInteger(maxBytes) || maxBytes < 10_000 || maxBytes > LIMITS.templateBytesS3) {
    fail('AwsIdentityStack', 'maxTemplateBytes', maxBytes, 'is out of range', `a whole number from 10000 to ${LIMITS.templateBytesS3}`,
      `use ${LIMITS.templateBytesInline} for templates deployed inline (no bootstrap bucket), or leave it unset (${LIMITS.templateBytesS3}, uploaded through S3)`);
  }
  const accounts = options.accounts ?? model.awsAccounts;
  const plans: StackPlan[] = [];
  for (const account of [...accounts].sort(byKey(a => a.name))) plans.push(...planAccount(account, prefix, target, maxBytes, options.stackCounts ?? []));
  const names = new Map<string, StackPlan>();
  for (const p of plans) {
    const other = names.get(p.name.toLowerCase());
    if (other) {
      fail(p.account.sourceLocation, 'name', p.account.name, `gives stack name "${p.name}", which account "${other.account.name}" (region ${other.region}) also uses`, 'unique stack names',
        'rename one of the accounts, or set another stackNamePrefix');
    }
    names.set(p.name.toLowerCase(), p);
  }
  return plans;
}

function planAccount(account: AwsAccount, prefix: string, target: number, maxBytes: number, pins: StackCountPin[]): StackPlan[] {
  const where = account.sourceLocation;
  const accountPart = account.name.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || account.accountId;
  const roles = account.roles;
  checkRoles(account, roles);
  const providers = account.oidcProviders;
  const newProviders = providers.filter(p => !p.existing);
  if (providers.length > account.oidcProviderQuota) {
    fail(where, 'oidcProviderQuota', account.oidcProviderQuota, `is exceeded: the account's roles trust ${providers.length} issuers (${newProviders.length} new providers, ${providers.length - newProviders.length} existing)`,
      `at most ${account.oidcProviderQuota} IAM OIDC providers per account`, 'request a higher quota (up to 700) and set oidcProviderQuota, or spread the roles over more accounts');
  }
  // Per region: the roles and their load there.
  const families = new Map<string, { items: { role: AwsRole; load: Load }[]; fixed: Load }>();
  const family = (region: string) => {
    let f = families.get(region);
    if (!f) families.set(region, f = { items: [], fixed: { resources: 0, bytes: 0 } });
    return f;
  };
  const home = family(account.region);
  home.fixed = { resources: newProviders.length, bytes: newProviders.reduce((n, p) => n + estimateBytes({ Url: p.issuer.url, ClientIdList: p.clientIds, ThumbprintList: p.thumbprints }), 0) };
  // The audit trail (and its bucket, bucket policy and key) lives with the providers.
  const audit = roles.length > 0 && account.audit?.createsTrail ? (account.audit.createsBucket ? 4 : 1) : 0;
  home.fixed = { resources: home.fixed.resources + audit, bytes: home.fixed.bytes + audit * AUDIT_RESOURCE_BYTES };
  for (const role of roles) {
    for (const [region, load] of roleLoads(role, account.region)) {
      if (region === account.region || load.resources > 0) family(region).items.push({ role, load });
    }
  }
  const plans: StackPlan[] = [];
  for (const region of [...families.keys()].sort((a, b) => (a === account.region ? -1 : b === account.region ? 1 : a < b ? -1 : 1))) {
    const f = families.get(region)!;
    const isHome = region === account.region;
    const base = isHome ? `${prefix}-${accountPart}` : `${prefix}-${accountPart}-${region}`;
    const total = f.items.reduce((t, i) => ({ resources: t.resources + i.load.resources, bytes: t.bytes + i.load.bytes }), f.fixed);
    const pin = pins.find(p => p.account === account && (p.region ?? account.region) === region);
    if (pin && (!Number.isInteger(pin.stackCount) || pin.stackCount < 1 || pin.stackCount > 1000)) {
      fail(where, 'stackCounts', pin.stackCount, `is not a valid stack count for account "${account.name}" in ${region}`, 'a whole number from 1 to 1000', 'set the number of stacks the account already has');
    }
    const n = pin?.stackCount ?? Math.max(1, Math.ceil(total.resources / target), Math.ceil(total.bytes / (maxBytes / 2)));
    const buckets = Array.from({ length: n }, () => ({ roles: [] as AwsRole[], load: { resources: 0, bytes: 0 } }));
    buckets.forEach(b => { b.load.bytes = STACK_OVERHEAD_BYTES; });
    if (isHome) buckets[0].load = { resources: f.fixed.resources, bytes: f.fixed.bytes + STACK_OVERHEAD_BYTES };
    for (const { role, load } of f.items) {
      const b = buckets[jumpHash(role.roleName, n)];
      b.roles.push(role);
      b.load.resources += load.resources;
      b.load.bytes += load.bytes;
    }
    buckets.forEach((b, index) => {
      const name = index === 0 ? base : `${base}-${index + 1}`;
      if (name.length > 128) fail(where, 'name', account.name, `gives stack name "${name}", longer than 128 characters`, 'stack names of at most 128 characters', 'use a shorter account name or stackNamePrefix');
      const fix = pin
        ? `raise its stackCounts entry for account "${account.name}" to ${n + 1} (moves about 1/${n + 1} of the roles into the new stack), or leave the count automatic`
        : 'lower targetResourcesPerStack to spread the roles over more stacks';
      if (b.load.resources > LIMITS.stackResources) {
        fail(name, 'resources', b.load.resources, `is over CloudFormation's limit of ${LIMITS.stackResources} resources per stack (${b.roles.length} roles${index === 0 && isHome ? `, ${newProviders.length} OIDC providers` : ''})`,
          `at most ${LIMITS.stackResources} resources`, fix);
      }
      if (b.load.bytes > maxBytes) {
        fail(name, 'templateSize', b.load.bytes, `is over the template size limit of ${maxBytes} bytes (estimated)`, `at most ${maxBytes} bytes`, fix);
      }
      // A template without resources cannot be deployed: a stack whose roles need nothing
      // (existing roles without inline statements) is left out.
      if (b.load.resources === 0) return;
      plans.push({
        name, account, region, home: isHome, index, familySize: n, providers: isHome && index === 0,
        roles: isHome ? b.roles : [], eksRoles: b.roles, resources: b.load.resources, estimatedBytes: b.load.bytes,
      });
    });
  }
  return plans;
}

function checkRoles(account: AwsAccount, roles: AwsRole[]): void {
  const byLower = new Map<string, AwsRole>();
  const associations = new Map<string, AwsRole>();
  for (const role of roles) {
    const other = byLower.get(role.roleName.toLowerCase());
    if (other) {
      fail(account.sourceLocation, 'roleName', role.roleName, `differs from role "${other.roleName}" only in case, but IAM role names are case-insensitive`, 'role names unique ignoring case', 'use one spelling for both grants, or another name');
    }
    byLower.set(role.roleName.toLowerCase(), role);
    for (const p of podIdentitySpecs(role)) {
      const key = `${p.cluster.url}\n${p.namespace}\n${p.serviceAccount}`;
      const prev = associations.get(key);
      if (prev && prev !== role) {
        fail(p.access.workload.sourceLocation, 'roleName', role.roleName, `associates service account ${p.namespace}/${p.serviceAccount} of cluster "${p.cluster.name}" with a second role ("${prev.roleName}")`,
          'one Pod Identity association per (cluster, namespace, service account)', 'grant both permission sets through one role name');
      }
      associations.set(key, role);
    }
  }
}

/** Resources and estimated template bytes a role adds, per region. */
function roleLoads(role: AwsRole, homeRegion: string): Map<string, Load> {
  const loads = new Map<string, Load>([[homeRegion, { resources: 0, bytes: 0 }]]);
  const add = (region: string, bytes: number) => {
    const l = loads.get(region) ?? { resources: 0, bytes: 0 };
    loads.set(region, { resources: l.resources + 1, bytes: l.bytes + bytes });
  };
  const statements = role.statements;
  if (!role.existing) {
    add(homeRegion, estimateBytes({ AssumeRolePolicyDocument: role.trustPolicy, ManagedPolicyArns: role.managedPolicyArns, Policies: statements, RoleName: role.roleName, Description: role.description ?? 'x'.repeat(120) }));
  } else if (statements.length > 0) {
    add(homeRegion, estimateBytes({ PolicyDocument: statements, Roles: [role.roleName] }));
  }
  for (const p of podIdentitySpecs(role)) add(p.region, estimateBytes({ c: p.clusterName, n: p.namespace, s: p.serviceAccount, r: p.roleArn }));
  for (const e of accessEntrySpecs(role, role.account.sourceLocation)) add(e.region, estimateBytes({ e: e.accessPolicies, g: e.kubernetesGroups, c: e.clusterName, p: e.principalArn }));
  return loads;
}

/** Bytes a resource with these properties takes in an indented template (a generous estimate). */
function estimateBytes(properties: unknown): number {
  const text = JSON.stringify(properties, undefined, 1) ?? '';
  return Math.ceil(text.length * 1.2) + 200;
}

/**
 * Jump consistent hash (Lamping & Veach, 2014) of a name's SHA-256 into `buckets` buckets:
 * growing from n to n+1 buckets moves only the keys that land in the new bucket.
 */
export function jumpHash(name: string, buckets: number): number {
  let key = BigInt(`0x${createHash('sha256').update(name).digest('hex').slice(0, 16)}`);
  let b = -1;
  let j = 0;
  while (j < buckets) {
    b = j;
    key = BigInt.asUintN(64, key * 2862933555777941757n + 1n);
    j = Math.floor((b + 1) * (2 ** 31 / Number(key / 2n ** 33n + 1n)));
  }
  return b;
}
