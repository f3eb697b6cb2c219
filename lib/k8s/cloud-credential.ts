import type { AccessMechanism, TargetCloud } from '../model/targets';

/** How pods of one service account get credentials for one target cloud. */
export interface CloudCredential {
  /** The target cloud. */
  readonly cloud: TargetCloud;
  /** The mechanism, as the model decided it. */
  readonly mechanism: AccessMechanism;
  /**
   * Whether crossfed writes the projected token, its mount and the env vars into the pod spec
   * (explicit mode). When false, something outside the pod spec provides the credentials — a
   * mutating webhook (amazon-eks-pod-identity-webhook, azure-workload-identity), the EKS Pod
   * Identity add-on on the node, or the GKE metadata server — and crossfed writes annotations and labels only.
   */
  readonly explicit: boolean;
  /** The identity the pods become: IAM role ARN, Entra client id, Google service account email or federated principal. */
  readonly identity: string;
  /**
   * Audience of the projected token crossfed writes into the pod spec (explicit mode), or
   * asks the IRSA webhook for.
   * @default - none: the webhook, the EKS Pod Identity add-on or the metadata server chooses it
   */
  readonly audience?: string;
  /** Path of the token file in the containers. @default - none: no token file crossfed controls */
  readonly tokenFile?: string;
  /** Lifetime of the projected token crossfed writes or asks for. @default - the webhook's own default */
  readonly tokenExpirationSeconds?: number;
}
