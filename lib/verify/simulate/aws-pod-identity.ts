/**
 * EKS Pod Identity, as the EKS Auth API's `AssumeRoleForPodIdentity` takes it: the pod's token
 * (audience `pods.eks.amazonaws.com`, issued by the cluster) → the association for the
 * cluster, namespace and service account → the role's trust in the service principal
 * `pods.eks.amazonaws.com` for `sts:AssumeRole` and `sts:TagSession`, with the tags EKS sets.
 * The exception names are the EKS Auth API's; the messages are crossfed's (REFERENCE.md has no
 * verbatim text for Pod Identity).
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_auth_AssumeRoleForPodIdentity.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
 */
import { EKS_POD_IDENTITY_AUDIENCE, EKS_POD_IDENTITY_PRINCIPAL } from '../../model/targets';
import { AwsPodIdentityAssociation, AwsRole, isUnresolved, show, TrustGraph, Val } from '../graph';
import { arnParts, grantText, roleAccount, roleLabel, SimulateOptions, trustDetail } from './aws-web-identity';
import { associationKey, podIdentityIndex } from './graph-index';
import { IamContext } from './iam-conditions';
import { describeStatement, evaluateTrustPolicy, TrustEvaluation } from './iam-policy';
import { ExchangeResult, q, Trace } from './result';
import { cleanGraph, cleanRole, cleanToken } from './sanitize';
import { audiences, kubernetesIdentity, nowSeconds, Token } from './token';

/** The EKS cluster whose pod asks. */
export interface EksCluster {
  readonly name: string;
  /** The cluster's OIDC issuer (its tokens' `iss`). */
  readonly issuer: string;
  /** @default - built from the issuer's region, the account and the name */
  readonly arn?: string;
  /** @default - the role's account */
  readonly accountId?: string;
}

export const POD_IDENTITY_REFUSALS = {
  invalidToken: (why: string) => `InvalidTokenException: the service account token is invalid for EKS Pod Identity (${why})`,
  expired: 'ExpiredTokenException: the service account token is expired',
  noAssociation: (cluster: string, ns: string, sa: string) => `ResourceNotFoundException: no Pod Identity association in cluster ${cluster} for namespace ${ns}, service account ${sa}`,
  otherRole: (arn: string) => `ResourceNotFoundException: the Pod Identity association gives the pod ${arn}, not this role`,
  accessDenied: (action: string) => `AccessDeniedException: ${EKS_POD_IDENTITY_PRINCIPAL} is not authorized to perform ${action} on the role`,
} as const;

/** The cluster ARN: given, or built from the issuer URL's region. */
export function eksClusterArn(cluster: EksCluster, account: string | undefined, partition = 'aws'): string | undefined {
  if (cluster.arn) return cluster.arn;
  const region = /^https:\/\/oidc\.eks\.([a-z0-9-]+)\.amazonaws\.com/.exec(cluster.issuer)?.[1];
  const acct = cluster.accountId ?? account;
  return region && acct ? `arn:${partition}:eks:${region}:${acct}:cluster/${cluster.name}` : undefined;
}

const eq = (v: Val, s: string): boolean | 'unknown' => (isUnresolved(v) ? 'unknown' : v === s);

/** The request context EKS Pod Identity builds (source account and ARN, and the tags it sets). */
export function podIdentityContext(clusterArn: string | undefined, cluster: EksCluster, account: string | undefined, ns: string, sa: string, token: Token): IamContext {
  const tags: Record<string, string> = { 'eks-cluster-name': cluster.name, 'kubernetes-namespace': ns, 'kubernetes-service-account': sa };
  if (clusterArn) tags['eks-cluster-arn'] = clusterArn;
  const pod = token.claims['kubernetes.io']?.pod;
  if (typeof pod?.name === 'string') tags['kubernetes-pod-name'] = pod.name;
  if (typeof pod?.uid === 'string') tags['kubernetes-pod-uid'] = pod.uid;
  const ctx: Record<string, string | readonly string[]> = { 'aws:TagKeys': Object.keys(tags).sort() };
  if (account) ctx['aws:SourceAccount'] = cluster.accountId ?? account;
  if (clusterArn) ctx['aws:SourceArn'] = clusterArn;
  for (const [k, v] of Object.entries(tags)) ctx[`aws:RequestTag/${k}`] = v;
  return ctx;
}

/** Presents a pod's token to EKS Pod Identity for a role. */
export function evaluateEksPodIdentity(graphIn: TrustGraph, tokenIn: Token, cluster: EksCluster, roleIn: AwsRole, options: SimulateOptions = {}): ExchangeResult {
  const graph = cleanGraph(graphIn); const token = cleanToken(tokenIn); const role = cleanRole(roleIn);
  const now = options.now ?? nowSeconds();
  const c = token.claims;
  const t = new Trace('aws', roleLabel(role), 'EKS Pod Identity');

  // 1. The pod's token: EKS checks it is the cluster's, for Pod Identity, unexpired.
  if (c.iss !== cluster.issuer) return t.refuse('token issued by the cluster', `iss ${q(c.iss)} is not cluster ${cluster.name}'s issuer ${q(cluster.issuer)}`, POD_IDENTITY_REFUSALS.invalidToken('issuer'));
  t.pass('token issued by the cluster', `iss is cluster ${cluster.name}'s issuer`);
  const aud = audiences(c);
  if (!aud.includes(EKS_POD_IDENTITY_AUDIENCE)) return t.refuse('token audience', `aud ${q(c.aud)} does not include ${q(EKS_POD_IDENTITY_AUDIENCE)}`, POD_IDENTITY_REFUSALS.invalidToken('audience'));
  t.pass('token audience', `aud includes ${q(EKS_POD_IDENTITY_AUDIENCE)}`);
  if (c.exp === undefined || c.exp <= now) return t.refuse('token expiry (exp)', c.exp === undefined ? 'the token has no exp claim' : `exp ${c.exp} is not after now (${now})`, POD_IDENTITY_REFUSALS.expired);
  t.pass('token expiry (exp)', `exp ${c.exp} is ${c.exp - now} s from now`);
  const who = kubernetesIdentity(c);
  if (!who) return t.refuse('service account of the token', `sub ${q(c.sub)} is not system:serviceaccount:<namespace>:<name>`, POD_IDENTITY_REFUSALS.invalidToken('subject'));

  // 2. The association for (cluster, namespace, service account).
  const matches = (a: AwsPodIdentityAssociation) => [eq(a.clusterName, cluster.name), eq(a.namespace, who.namespace), eq(a.serviceAccount, who.serviceAccount)];
  const index = podIdentityIndex(graph);
  const key = associationKey(cluster.name, who.namespace, who.serviceAccount);
  const association = key === undefined ? graph.aws.podIdentityAssociations.find(a => matches(a).every(x => x === true)) : index.byKey.get(key);
  if (!association) {
    if ((key === undefined ? graph.aws.podIdentityAssociations : index.partlyUnresolved).some(a => matches(a).every(x => x !== false))) t.markUndecided();
    return t.refuse('Pod Identity association', `no association for ${cluster.name}/${who.namespace}/${who.serviceAccount}${index.known}`,
      POD_IDENTITY_REFUSALS.noAssociation(cluster.name, who.namespace, who.serviceAccount));
  }
  if (isUnresolved(association.roleArn) || isUnresolved(role.arn)) t.markUndecided();
  if (association.roleArn !== role.arn) {
    return t.refuse('Pod Identity association', `${association.ref.resource} names role ${show(association.roleArn)}`, POD_IDENTITY_REFUSALS.otherRole(show(association.roleArn)));
  }
  t.pass('Pod Identity association', `${association.ref.resource} maps ${cluster.name}/${who.namespace}/${who.serviceAccount} to this role`);

  // 3. The role trusts the service principal for both actions, with this request context.
  const account = roleAccount(role);
  const clusterArn = eksClusterArn(cluster, account, arnParts(role.arn)?.partition);
  const context = podIdentityContext(clusterArn, cluster, account, who.namespace, who.serviceAccount, token);
  const evaluations: Array<[string, TrustEvaluation]> = ['sts:AssumeRole', 'sts:TagSession'].map(action => [action, evaluateTrustPolicy(role.trustPolicy, { principal: { type: 'Service', value: EKS_POD_IDENTITY_PRINCIPAL }, action, context })]);
  for (const [action, evaluation] of evaluations) {
    if (evaluation.decision !== 'allow') {
      if (evaluation.decision === 'undecided') t.markUndecided();
      return t.refuse(`role trust policy (${action})`, trustDetail(context, evaluation), POD_IDENTITY_REFUSALS.accessDenied(action));
    }
    t.pass(`role trust policy (${action})`, describeStatement(evaluation.decisive!));
  }
  const roleName = typeof role.roleName === 'string' ? role.roleName : role.ref.resource;
  return t.accept(`Pod Identity association ${association.ref.resource} and ${grantText(roleName, evaluations[0][1])}`, association.ref);
}
