import { LoggingProjectBucketConfig } from '@cdktf/provider-google/lib/logging-project-bucket-config';
import { LoggingProjectSink } from '@cdktf/provider-google/lib/logging-project-sink';
import { ProjectIamAuditConfig } from '@cdktf/provider-google/lib/project-iam-audit-config';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { requireProject } from './private/checks';
import { fail, nameElement, terraformName } from '../azure/private/terraform';
import { GCP_TOKEN_EXCHANGE_LOG_FILTER } from '../model/audit';
import { GcpProject } from '../model/gcp';

/** Props of a {@link TokenExchangeAudit}. */
export interface TokenExchangeAuditProps {
  /**
   * The project of the model whose `audit` setting asks crossfed to record its token exchanges.
   * @see https://cloud.google.com/iam/docs/audit-logging/examples-workload-identity
   */
  readonly project: GcpProject;
}

/**
 * Data Access audit logs for the project's token exchanges, which GCP does not write by
 * default: a `google_project_iam_audit_config` with `ADMIN_READ`, `DATA_READ` and `DATA_WRITE`
 * for `sts.googleapis.com` on each project whose pool exchanges tokens (`ExchangeToken` is an
 * ADMIN_READ method) and for `iamcredentials.googleapis.com` on each project whose service
 * accounts workloads impersonate (`GenerateAccessToken` is DATA_READ) — `GcpProject.auditConfigs`.
 *
 * When the model asks, a `google_logging_project_sink` routes those entries to an existing
 * destination (whose owner grants the sink's writer identity, a Terraform output) or to a
 * `google_logging_project_bucket_config` this construct creates with the model's retention.
 *
 * An audit config is authoritative for its service on its project: if another configuration
 * manages the same service's audit config, keep one of them (`organizationAuditConfig: true`
 * when it is set above the project).
 */
export class TokenExchangeAudit extends Construct {
  /** The audit configs, one per (project, service). */
  public readonly auditConfigs: ProjectIamAuditConfig[];
  /** The sink, when the model routes the entries. */
  public readonly sink?: LoggingProjectSink;
  /** The log bucket, when crossfed creates it. */
  public readonly logBucket?: LoggingProjectBucketConfig;

  constructor(scope: Construct, id: string, props: TokenExchangeAuditProps) {
    super(scope, id);
    const project = requireProject(this.node.path, props.project);
    const audit = project.audit;
    if (!audit?.createsAuditConfigs && !audit?.createsSink) {
      fail(this.node.path, 'project', project.name, audit ? `has audit settings under which crossfed creates nothing (${audit.destination})` : 'has no audit setting',
        'a project whose audit setting lets crossfed write audit configs or a sink', 'render TokenExchangeAudit only for projects with audit.createsAuditConfigs or audit.createsSink');
    }
    this.auditConfigs = audit.createsAuditConfigs ? project.auditConfigs.map(c => {
      const config = new ProjectIamAuditConfig(this, `AuditConfig-${c.project}-${c.service}`, {
        project: c.project,
        service: c.service,
        auditLogConfig: c.logTypes.map(logType => ({ logType })),
      });
      nameElement(config, terraformName(c.project, c.service.replace(/\.googleapis\.com$/, ''), 'audit'));
      return config;
    }) : [];
    if (audit.createsLogBucket) {
      this.logBucket = new LoggingProjectBucketConfig(this, 'LogBucket', {
        project: project.projectId,
        location: 'global',
        bucketId: audit.logBucketId,
        retentionDays: audit.logBucketRetentionDays,
        description: 'Token exchanges and service account impersonation (Data Access audit logs), managed by crossfed',
      });
      nameElement(this.logBucket, terraformName(project.projectId, audit.logBucketId));
    }
    if (audit.createsSink) {
      this.sink = new LoggingProjectSink(this, 'Sink', {
        project: project.projectId,
        name: 'crossfed-token-exchanges',
        destination: audit.sinkDestination!,
        filter: GCP_TOKEN_EXCHANGE_LOG_FILTER,
        uniqueWriterIdentity: true,
        description: 'Routes token exchanges and service account impersonation (Data Access audit logs), managed by crossfed',
        dependsOn: this.logBucket ? [this.logBucket] : undefined,
      });
      nameElement(this.sink, terraformName(project.projectId, 'crossfed_token_exchanges'));
      if (!this.logBucket) {
        const output = new TerraformOutput(this, 'SinkWriterIdentity', {
          value: this.sink.writerIdentity,
          description: `Writer identity of the token-exchange log sink of project ${project.projectId}: grant it write access on ${audit.sinkDestination} (crossfed)`,
        });
        nameElement(output, `gcp_audit_sink_writer_${project.projectId.replace(/-/g, '_')}`);
      }
    }
  }
}
