/**
 * The trust graph of a model's artifacts, built by hand from the facts the renderers write
 * (trust policies, providers, credentials, pool providers, bindings) — what the parsers would
 * read back from `crossfed synth`'s output.
 */
import { IdentityModel } from '../../../lib/model/identity-model';
import { AccessMechanism } from '../../../lib/model/targets';
import { emptyGraph, SourceRef, TrustGraph } from '../../../lib/verify/graph';

const cfn = (resource: string): SourceRef => ({ file: 'cloudformation/crossfed-aws.template.json', resource });
const tf = (stack: string, resource: string): SourceRef => ({ file: `terraform/${stack}/cdk.tf.json`, resource });

export function graphFromModel(model: IdentityModel): TrustGraph {
  const g = emptyGraph();
  for (const account of model.awsAccounts) {
    for (const p of account.oidcProviders) {
      g.aws.providers.push({ ref: cfn(p.existing ? `existing:${p.issuer.name}` : `OidcProvider${p.issuer.name}`), url: p.issuer.url, arn: p.arn, clientIds: p.clientIds, thumbprints: p.thumbprints });
    }
    for (const role of account.roles) {
      g.aws.roles.push({ ref: cfn(`Role${role.roleName}`), roleName: role.roleName, arn: role.arn, trustPolicy: JSON.parse(JSON.stringify(role.trustPolicy)), managedPolicyArns: role.managedPolicyArns, policies: [], accountId: account.accountId });
      for (const grant of role.podIdentityGrants) {
        const w = grant.workload;
        g.aws.podIdentityAssociations.push({ ref: cfn(`PodIdentity${w.name}`), clusterName: w.issuer.clusterName!, namespace: w.namespace!, serviceAccount: w.serviceAccount!, roleArn: role.arn });
      }
    }
  }
  for (const tenant of model.azureTenants) {
    for (const identity of tenant.identities) {
      const id = `${identity.kind}:${identity.key}`;
      g.azure.identities.push({ ref: tf('azure', id), id, kind: identity.kind === 'managed-identity' ? 'managed-identity' : 'application', displayName: identity.displayName, ...(identity.clientId ? { clientId: identity.clientId } : { clientId: { unresolved: `\${${identity.slug}.client_id}` } }) });
      for (const c of identity.credentials) {
        g.azure.credentials.push({ ref: tf('azure', `fic_${c.name}`), parent: id, name: c.name, issuer: c.issuer, subject: c.subject, audiences: [c.audience] });
      }
    }
  }
  for (const project of model.gcpProjects) {
    for (const spec of project.pools) {
      const pool = `google_iam_workload_identity_pool.${spec.poolId}`;
      g.gcp.pools.push({ ref: tf('gcp', pool), id: pool, poolId: spec.poolId, project: project.projectId });
      for (const p of spec.providers) {
        g.gcp.providers.push({
          ref: tf('gcp', `google_iam_workload_identity_pool_provider.${p.providerId}`), id: p.providerId, pool, poolId: spec.poolId, providerId: p.providerId,
          projectNumber: project.projectNumber, ...(p.awsAccountId !== undefined ? { awsAccountId: p.awsAccountId } : { issuerUri: p.issuer.url }),
          allowedAudiences: p.allowedAudiences, attributeMapping: p.attributeMapping, attributeCondition: p.attributeCondition,
        });
      }
    }
    for (const sa of project.serviceAccounts) {
      g.gcp.serviceAccounts.push({ ref: tf('gcp', `google_service_account.${sa.accountId}`), id: sa.accountId, email: sa.email, project: project.projectId });
      for (const member of sa.workloadIdentityUsers) {
        g.gcp.bindings.push({ ref: tf('gcp', `google_service_account_iam_member.${sa.accountId}`), resourceType: 'service-account', resource: sa.email, role: 'roles/iam.workloadIdentityUser', member });
      }
    }
    for (const a of project.accesses.filter(x => x.mechanism === AccessMechanism.GCP_DIRECT)) {
      for (const r of a.directRoles) g.gcp.bindings.push({ ref: tf('gcp', `direct_${r.resourceType}_${r.resource}`), resourceType: r.resourceType, resource: r.resource, role: r.role, member: a.member });
    }
  }
  return g;
}
