import { IamWorkloadIdentityPool } from '@cdktf/provider-google/lib/iam-workload-identity-pool';
import { IamWorkloadIdentityPoolProvider } from '@cdktf/provider-google/lib/iam-workload-identity-pool-provider';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { allowedAudiences, checkProvider, requireProject } from './private/checks';
import { nameElement, terraformName } from '../azure/private/terraform';
import { GcpProject } from '../model/gcp';

/** Props of a {@link WorkloadIdentityPool}. */
export interface WorkloadIdentityPoolProps {
  /**
   * The GCP project of the model: its pool id and the providers its grants need
   * (`GcpProject.providers`). Changing the pool id replaces the pool, and a deleted pool id
   * stays unusable for about 30 days.
   * @see https://cloud.google.com/iam/docs/manage-workload-identity-pools-providers
   */
  readonly project: GcpProject;
}

/**
 * A project's workload identity pool (`google_iam_workload_identity_pool`) and one provider
 * per issuer its grants use (`google_iam_workload_identity_pool_provider`): for OIDC issuers
 * the issuer URI exactly as the tokens carry it, the audience written out in
 * `allowed_audiences` (the same string the credential configs use), `jwks_json` for issuers
 * the STS cannot reach; for AWS accounts the AWS provider type, `aws { account_id }`; and the
 * model's attribute mapping and its exact attribute condition over the granted subjects (for
 * AWS roles, over `attribute.aws_role`).
 */
export class WorkloadIdentityPool extends Construct {
  /** The model's project. */
  public readonly project: GcpProject;
  /** The pool's resource name, `projects/<number>/locations/global/workloadIdentityPools/<id>`. */
  public readonly poolName: string;
  /** @internal The pool resource, for `depends_on` of bindings to its principals. */
  public readonly _pool: ITerraformDependable;

  constructor(scope: Construct, id: string, props: WorkloadIdentityPoolProps) {
    super(scope, id);
    const project = requireProject(this.node.path, props.project);
    this.project = project;
    this.poolName = project.poolName;

    const pool = new IamWorkloadIdentityPool(this, 'Resource', {
      project: project.projectId,
      workloadIdentityPoolId: project.poolId,
      displayName: project.poolId,
      description: 'Workload identity federation, managed by crossfed',
    });
    nameElement(pool, terraformName(project.projectId, project.poolId));
    this._pool = pool;

    for (const p of project.providers) {
      checkProvider(this.node.path, p);
      const provider = new IamWorkloadIdentityPoolProvider(this, `Provider-${p.providerId}`, {
        project: project.projectId,
        // The pool id as a literal, ordered by depends_on: reviewers and the checker read
        // the exact value; Terraform still creates the pool first.
        workloadIdentityPoolId: project.poolId,
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
      nameElement(provider, terraformName(project.projectId, project.poolId, p.providerId));
    }
  }
}
