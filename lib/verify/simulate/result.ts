/**
 * What an exchange simulation returns: the verdict, the reason in the cloud's own words, and
 * the checks in the order the cloud makes them.
 */

/** A target cloud, as `explain` names it. */
export type Cloud = 'aws' | 'azure' | 'gcp';

/** One check of an exchange, in the cloud's order. */
export interface Step {
  /** What was checked, e.g. `OIDC provider for the token's issuer`. */
  readonly check: string;
  /** Whether the check passed. */
  readonly ok: boolean;
  /** What was compared with what. */
  readonly detail: string;
}

/** The verdict of one token presented to one cloud identity. */
export interface ExchangeResult {
  readonly cloud: Cloud;
  /** The identity the token was presented to: role ARN, Entra identity, service account email, principal. */
  readonly identity: string;
  /** Which path: `AssumeRoleWithWebIdentity`, `EKS Pod Identity`, `federated identity credential`, `workload identity federation`, `GKE workload identity`. */
  readonly path: string;
  readonly accepted: boolean;
  /** Accepted: what lets the token in. Refused: the cloud's own error text. */
  readonly reason: string;
  readonly steps: readonly Step[];
  /**
   * What lets the token in, for findings: the trust statement and its conditions, the
   * federated credential, the provider condition and the binding.
   */
  readonly grantedBy?: string;
  /** Where that grant is written (file and resource), when the graph knows. */
  readonly grantedAt?: { readonly file: string; readonly resource: string; readonly line?: number };
  /** True when an unresolved value kept crossfed from deciding (the token is then counted as refused). */
  readonly undecided?: boolean;
}

/** Collects steps and ends with a verdict. */
export class Trace {
  private readonly steps: Step[] = [];
  private undecided = false;

  constructor(private readonly cloud: Cloud, private readonly identity: string, private readonly path: string) {}

  /** Records a passed check. */
  public pass(check: string, detail: string): this {
    this.steps.push({ check, ok: true, detail });
    return this;
  }

  /** Records a failed check that does not end the exchange (e.g. one of several candidates). */
  public note(check: string, ok: boolean, detail: string): this {
    this.steps.push({ check, ok, detail });
    return this;
  }

  /** Marks that an unresolved value was involved in the decision. */
  public markUndecided(): this {
    this.undecided = true;
    return this;
  }

  /** Records the failed check and ends with a refusal in the cloud's words. */
  public refuse(check: string, detail: string, reason: string): ExchangeResult {
    this.steps.push({ check, ok: false, detail });
    return this.end(false, reason);
  }

  /** Ends with an acceptance: `grantedBy` names what lets the token in. */
  public accept(grantedBy: string, grantedAt?: ExchangeResult['grantedAt']): ExchangeResult {
    return { ...this.end(true, `accepted: ${grantedBy}`), grantedBy, ...(grantedAt ? { grantedAt } : {}) };
  }

  private end(accepted: boolean, reason: string): ExchangeResult {
    return {
      cloud: this.cloud, identity: this.identity, path: this.path, accepted, reason, steps: [...this.steps],
      ...(this.undecided && !accepted ? { undecided: true } : {}),
    };
  }
}

/** Quotes a value for step details: JSON string form, `<absent>` for undefined. */
export function q(v: unknown): string {
  if (v === undefined) return '<absent>';
  return JSON.stringify(v);
}
