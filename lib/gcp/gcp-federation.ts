import { Construct } from 'constructs';
import { DirectResourceAccess } from './direct-resource-access';
import { ImpersonatedServiceAccount } from './impersonated-service-account';
import { requireProject } from './private/checks';
import { TokenExchangeAudit } from './token-exchange-audit';
import { WorkloadIdentityPool } from './workload-identity-pool';
import { GcpProject } from '../model/gcp';
import { AccessMechanism } from '../model/targets';
import { Workload } from '../model/workload';

/** Props of a {@link GcpFederation}. */
export interface GcpFederationProps {
  /** The GCP project of the model to render. */
  readonly project: GcpProject;
}

/**
 * Everything one GCP project of the model needs: its {@link WorkloadIdentityPool} (when a grant
 * goes through the pool), an {@link ImpersonatedServiceAccount} per service account, a
 * {@link DirectResourceAccess} per workload with direct grants, and the {@link TokenExchangeAudit}
 * recording its token exchanges when the model's audit setting asks for it. Add it to a stack of your own
 * that has the `google` provider, or use {@link GcpStack}.
 */
export class GcpFederation extends Construct {
  /** The project. */
  public readonly project: GcpProject;
  /** The pool, when any grant of the project goes through it (GKE native grants do not). */
  public readonly pool?: WorkloadIdentityPool;
  /** One construct per service account, in the order of `GcpProject.serviceAccounts`. */
  public readonly serviceAccounts: ImpersonatedServiceAccount[];
  /** One construct per workload with direct grants, by workload id. */
  public readonly directAccess: DirectResourceAccess[];
  /** The audit configs (and sink) recording the project's token exchanges, when its audit setting asks for them. */
  public readonly audit?: TokenExchangeAudit;

  constructor(scope: Construct, id: string, props: GcpFederationProps) {
    super(scope, id);
    const project = requireProject(this.node.path, props.project);
    this.project = project;
    this.pool = project.providers.length > 0 ? new WorkloadIdentityPool(this, 'Pool', { project }) : undefined;
    this.serviceAccounts = project.serviceAccounts.map(serviceAccount =>
      new ImpersonatedServiceAccount(this, serviceAccount.email, { serviceAccount, pool: this.pool }));
    const direct = new Map<string, Workload>();
    for (const a of project.accesses) if (a.mechanism === AccessMechanism.GCP_DIRECT) direct.set(a.workload.id, a.workload);
    this.directAccess = [...direct.keys()].sort().map(workloadId =>
      new DirectResourceAccess(this, `Direct-${workloadId}`, { project, workload: direct.get(workloadId)!, pool: this.pool }));
    if (project.accesses.length > 0 && (project.audit?.createsAuditConfigs || project.audit?.createsSink)) this.audit = new TokenExchangeAudit(this, 'Audit', { project });
  }
}
