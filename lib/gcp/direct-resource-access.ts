import { Construct } from 'constructs';
import { addBindings } from './private/bindings';
import { checkMember, requireProject } from './private/checks';
import { WorkloadIdentityPool } from './workload-identity-pool';
import { fail, terraformName } from '../azure/private/terraform';
import { GcpProject } from '../model/gcp';
import { AccessMechanism } from '../model/targets';
import { Workload } from '../model/workload';

/** Props of a {@link DirectResourceAccess}. */
export interface DirectResourceAccessProps {
  /** The project whose pool the workload's principal belongs to. */
  readonly project: GcpProject;
  /** The workload whose direct grants (`direct: true`) in the project to render. */
  readonly workload: Workload;
  /**
   * The project's pool, when it is in the same stack (bindings wait for it).
   * @default - no dependency on a pool
   * @see https://cloud.google.com/iam/docs/workload-identity-federation-with-kubernetes
   */
  readonly pool?: WorkloadIdentityPool;
}

/**
 * Direct resource access: the roles of a workload's `direct: true` grants bound to its pool
 * principal itself (`principal://…/subject/<subject>`), on the resources the model names — no
 * service account in between. Not every Google service accepts federated principals.
 * @see https://cloud.google.com/iam/docs/workload-identity-federation#access_management
 */
export class DirectResourceAccess extends Construct {
  /** The member the roles are bound to. */
  public readonly member: string;

  constructor(scope: Construct, id: string, props: DirectResourceAccessProps) {
    super(scope, id);
    const project = requireProject(this.node.path, props.project);
    const workload = props.workload;
    const accesses = (workload?.gcpAccess ?? []).filter(a => a.project === project && a.mechanism === AccessMechanism.GCP_DIRECT);
    if (accesses.length === 0) {
      fail(this.node.path, 'workload', workload?.id, `has no direct grant in GCP project "${project.name}"`, 'a workload granted with direct: true', 'grant it with grantGcp(project, { direct: true, … })');
    }
    this.member = accesses[0].member;
    checkMember(this.node.path, this.member);
    const bindings = accesses.flatMap(a => a.directRoles.map(role => ({ member: a.member, role })));
    addBindings(this, project, terraformName('direct', workload.issuer.name, workload.name), bindings, props.pool?._dependencyFor(this.member) ?? []);
  }
}
