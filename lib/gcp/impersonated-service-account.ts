import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { addBindings, serviceAccountResourceName, WORKLOAD_IDENTITY_USER } from './private/bindings';
import { checkMember, checkProject } from './private/checks';
import { WorkloadIdentityPool } from './workload-identity-pool';
import { fail, nameElement, shortHash, terraformName } from '../azure/private/terraform';
import { GcpServiceAccount } from '../model/gcp';

/** Props of an {@link ImpersonatedServiceAccount}. */
export interface ImpersonatedServiceAccountProps {
  /**
   * The service account as the model computed it (`GcpProject.serviceAccounts`): who may
   * impersonate it and which roles it holds. Changing the id of a new service account
   * replaces it.
   * @see https://cloud.google.com/iam/docs/workload-identity-federation-with-kubernetes#use-service-account-impersonation
   */
  readonly serviceAccount: GcpServiceAccount;
  /**
   * The project's pool, when it is in the same stack: bindings for pool principals then wait
   * for it (`depends_on`).
   * @default - no dependency on a pool
   * @see https://cloud.google.com/iam/docs/workload-identity-federation-with-kubernetes
   */
  readonly pool?: WorkloadIdentityPool;
}

/**
 * A Google service account that workloads impersonate: a new `google_service_account` (or an
 * existing one), a `google_service_account_iam_member` with `roles/iam.workloadIdentityUser`
 * for each exact member the model allows — a pool principal
 * (`principal://…/subject/<subject>`; for AWS roles the principal set
 * `principalSet://…/attribute.aws_role/arn:aws:sts::<account>:assumed-role/<role>`) or a GKE service account
 * (`serviceAccount:<project>.svc.id.goog[<ns>/<ksa>]`) — and its roles, bound on the resources
 * the model names.
 */
export class ImpersonatedServiceAccount extends Construct {
  /** The model's service account. */
  public readonly serviceAccount: GcpServiceAccount;
  /** Its email (also in the credential configs' impersonation URL). */
  public readonly email: string;
  /** Its resource name, `projects/<project>/serviceAccounts/<email>`. */
  public readonly resourceName: string;

  constructor(scope: Construct, id: string, props: ImpersonatedServiceAccountProps) {
    super(scope, id);
    const sa = props.serviceAccount;
    if (!(sa instanceof GcpServiceAccount)) {
      fail(this.node.path, 'serviceAccount', sa, 'is not a GcpServiceAccount of a model', 'an entry of GcpProject.serviceAccounts', 'pass the service account object of the model');
    }
    const project = sa.project;
    checkProject(this.node.path, project);
    this.serviceAccount = sa;
    this.email = sa.email;
    this.resourceName = serviceAccountResourceName(this.node.path, sa.email);

    const accountDeps: ITerraformDependable[] = [];
    if (!sa.existing) {
      const account = new ServiceAccount(this, 'Resource', {
        project: project.projectId,
        accountId: sa.accountId,
        displayName: sa.accountId,
        description: 'Impersonated through workload identity federation, managed by crossfed',
      });
      nameElement(account, terraformName(project.projectId, sa.accountId));
      accountDeps.push(account);
    }

    for (const member of sa.workloadIdentityUsers) {
      checkMember(this.node.path, member);
      const deps = [...accountDeps, ...(props.pool?._dependencyFor(member) ?? [])];
      const hash = shortHash(member);
      const binding = new ServiceAccountIamMember(this, `WorkloadIdentityUser-${hash}`, {
        serviceAccountId: this.resourceName,
        role: WORKLOAD_IDENTITY_USER,
        member,
        dependsOn: deps.length > 0 ? deps : undefined,
      });
      nameElement(binding, terraformName(project.projectId, sa.accountId, 'workload_identity_user', hash));
    }

    const member = `serviceAccount:${sa.email}`;
    addBindings(this, project, sa.accountId, sa.roles.map(role => ({ member, role })), accountDeps);
  }
}
