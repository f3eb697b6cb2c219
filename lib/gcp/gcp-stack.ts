import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { TerraformBackend, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { GcpFederation } from './gcp-federation';
import { GcsIssuerHosting, GcsIssuerHostingProps } from './issuer-hosting';
import { defaultBackend, fail } from '../azure/private/terraform';
import { GcpProject } from '../model/gcp';

/** Props of a {@link GcpStack}. */
export interface GcpStackProps {
  /** The GCP project of the model to render. */
  readonly project: GcpProject;
  /**
   * Self-managed issuers whose documents the project publishes (`IssuerHosting.gcs` naming this
   * project), each a {@link GcsIssuerHosting}.
   * @default - none
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#service-account-issuer-discovery
   */
  readonly issuerHostings?: GcsIssuerHostingProps[];
}

/**
 * A Terraform stack with one GCP project's federation: the `google` provider for the project
 * (declared explicitly: cdktf adds no provider on its own) and a {@link GcpFederation}.
 *
 * Unless you add a backend to the stack, state goes to `terraform.tfstate` beside the
 * synthesized file (a relative path, so the output is the same on every machine).
 */
export class GcpStack extends TerraformStack {
  /** The stack name crossfed uses for a project: `gcp-<project>` (the CLI writes `terraform/<name>/cdk.tf.json`). */
  public static stackName(project: GcpProject): string {
    return `gcp-${project.name.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}`;
  }

  /** The project's federation. */
  public readonly federation: GcpFederation;
  /** The issuer hostings of the project. */
  public readonly issuerHostings: GcsIssuerHosting[];

  constructor(scope: Construct, id: string, props: GcpStackProps) {
    super(scope, id);
    // Credentials come from the environment (ADC); every resource names its project too.
    new GoogleProvider(this, 'google', { project: props.project.projectId });
    this.federation = new GcpFederation(this, 'Gcp', { project: props.project });
    this.issuerHostings = (props.issuerHostings ?? []).map(h => {
      if (h.issuer?.hosting?.gcpProject !== props.project) {
        fail(this.node.path, 'issuerHostings', h.issuer?.name, `is not hosted in project "${props.project.name}"`, 'issuers whose GCS hosting names this project', 'render each hosting in the stack of its own project');
      }
      return new GcsIssuerHosting(this, `Issuer-${h.issuer.name}`, h);
    });
  }

  /** The backend you added, or a local one at the relative path `terraform.tfstate`. */
  public ensureBackendExists(): TerraformBackend {
    return defaultBackend(this);
  }
}
