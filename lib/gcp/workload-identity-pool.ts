import { IamWorkloadIdentityPool } from '@cdktf/provider-google/lib/iam-workload-identity-pool';
import { IamWorkloadIdentityPoolProvider } from '@cdktf/provider-google/lib/iam-workload-identity-pool-provider';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { allowedAudiences, checkProvider, requireProject } from './private/checks';
import { nameElement, terraformName } from '../azure/private/terraform';
import { checkPoolOrProviderId, GcpProject } from '../model/gcp';

/** Props of a {@link WorkloadIdentityPool}. */
export interface WorkloadIdentityPoolProps {
  /**
   * The GCP project of the model: its pools and the providers its grants need
   * (`GcpProject.pools`). Changing the pool id replaces the pool, and a deleted pool id
   * stays unusable for about 30 days.
   * @see https://cloud.google.com/iam/docs/manage-workload-identity-pools-providers
   */
  readonly project: GcpProject;
}

/**
 * A project's workload identity pools (`google_iam_workload_identity_pool`) and one provider
 * per issuer its grants use (`google_iam_workload_identity_pool_provider`), each in the pool
 * the model puts it in (`GcpProject.pools`): the project's pool, or a pool of its own for a
 * provider whose condition falls back to namespaces. For OIDC issuers the issuer URI exactly
 * as the tokens carry it, the audience written out in `allowed_audiences` (the same string the
 * credential configs use), `jwks_json` for issuers the STS cannot reach; for AWS accounts the
 * AWS provider type, `aws { account_id }`; and the model's attribute mapping and its exact
 * attribute condition over the granted subjects (for AWS roles, over `attribute.aws_role`).
 */
export class WorkloadIdentityPool extends Construct {
  /** The model's project. */
  public readonly project: GcpProject;
  /** The project's pool's resource name, `projects/<number>/locations/global/workloadIdentityPools/<id>`. */
  public readonly poolName: string;
  /** The resource names of every pool rendered, sorted by pool id. */
  public readonly poolNames: string[];
  /** Pool resource by pool resource name, for `depends_on` of bindings to its principals. */
  private readonly _pools = new Map<string, ITerraformDependable>();

  constructor(scope: Construct, id: string, props: WorkloadIdentityPoolProps) {
    super(scope, id);
    const project = requireProject(this.node.path, props.project);
    this.project = project;
    this.poolName = project.poolName;
    const pools = project.pools.length > 0 ? project.pools : [{ poolId: project.poolId, poolName: project.poolName, providers: [] }];
    this.poolNames = pools.map(p => p.poolName);

    for (const spec of pools) {
      checkPoolOrProviderId(this.node.path, 'poolId', spec.poolId);
      const pool = new IamWorkloadIdentityPool(this, spec.poolId === project.poolId ? 'Resource' : `Resource-${spec.poolId}`, {
        project: project.projectId,
        workloadIdentityPoolId: spec.poolId,
        displayName: spec.poolId,
        description: spec.poolId === project.poolId ? 'Workload identity federation, managed by crossfed'
          : `Workload identity federation for ${spec.providers.map(p => p.issuer.name).join(', ')} alone (its condition admits namespaces), managed by crossfed`,
      });
      nameElement(pool, terraformName(project.projectId, spec.poolId));
      this._pools.set(spec.poolName, pool);

      for (const p of spec.providers) {
        checkProvider(this.node.path, p);
        const provider = new IamWorkloadIdentityPoolProvider(this, `Provider-${p.providerId}`, {
          project: project.projectId,
          // The pool id as a literal, ordered by depends_on: reviewers and the checker read
          // the exact value; Terraform still creates the pool first.
          workloadIdentityPoolId: spec.poolId,
          workloadIdentityPoolProviderId: p.providerId,
          displayName: p.issuer.name,
          description: `crossfed: ${p.issuer.kind} issuer ${p.issuer.name}`,
          attributeMapping: { ...p.attributeMapping },
          attributeCondition: p.attributeCondition,
          // AWS roles: GCP's AWS provider type has AWS verify the signed GetCallerIdentity request
          // and takes only tokens of this account; everything else is an OIDC provider.
          ...(p.awsAccountId !== undefined
            ? { aws: { accountId: p.awsAccountId } }
            : { oidc: { issuerUri: p.issuer.url, allowedAudiences: allowedAudiences(p), jwksJson: p.jwksJson } }),
          dependsOn: [pool],
        });
        nameElement(provider, terraformName(project.projectId, spec.poolId, p.providerId));
      }
    }
  }

  /** @internal The pool resource a pool member (`principal://…`, `principalSet://…`) belongs to, for `depends_on`; none for other members. */
  public _dependencyFor(member: string): ITerraformDependable[] {
    const m = /^principal(?:Set)?:\/\/iam\.googleapis\.com\/(projects\/[^/]+\/locations\/global\/workloadIdentityPools\/[^/]+)\//.exec(member);
    const pool = m ? this._pools.get(m[1]) : undefined;
    return pool ? [pool] : [];
  }
}
