/**
 * What a rule is: a stable id, a severity, a description and a fix — owned by the rule's own
 * file (STYLE.md) — and a check over the trust graph that reports findings.
 */
import type { IdentityModel } from '../../model/identity-model';
import { PodCredential } from '../credentials';
import { SourceRef, TrustGraph } from '../graph';
import { ExchangeSimulator, PresentedToken } from '../simulator';

/** How bad a finding is: `error` fails `crossfed check` (exit 1). */
export type Severity = 'error' | 'warning' | 'info';

/** The order of severities, worst first. */
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** What a rule is about. */
export type RuleCloud = 'aws' | 'azure' | 'gcp' | 'kubernetes' | 'cross-artifact';

/** One problem in one resource. */
export interface Finding {
  /** The rule id, e.g. `aws-trust-sub-missing`. */
  readonly rule: string;
  readonly severity: Severity;
  /** The resource: CloudFormation logical id, Terraform `type.name`, Kubernetes `Kind/namespace/name`. */
  readonly resource: string;
  /** The file, as the user named it. */
  readonly file: string;
  /** 1-based line of the resource, when known. */
  readonly line?: number;
  /** What is wrong, naming the field and the value. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
}

/** What a rule can read. */
export interface RuleContext {
  readonly graph: TrustGraph;
  /** The identity model, when given. */
  readonly model?: IdentityModel;
  /** Evaluates token exchanges (the checker's static evaluator unless a simulator is given). */
  readonly simulator: ExchangeSimulator;
  /** Every cloud credential of every container (derived once). */
  readonly credentials: readonly PodCredential[];
  /** Issuer URLs tokens are known to carry: the clusters' (from options, annotations, model) and the model's CI issuers. */
  readonly knownIssuers: readonly string[];
  /** Whether tokens of many tenants share an issuer (the model says, else its URL form). */
  isShared(issuer: string): boolean;
  /** The token a credential presents, when its issuer and audience are known. */
  tokenOf(credential: PodCredential): PresentedToken | undefined;
}

/** Reports a finding of the running rule. */
export type Report = (ref: SourceRef, message: string, options?: { readonly severity?: Severity; readonly fix?: string }) => void;

/** What a rule's file declares. */
export interface RuleSpec {
  /** Stable id, `<cloud>-<what>` (never renamed: users suppress and search by it). */
  readonly id: string;
  readonly cloud: RuleCloud;
  /** The severity of its findings (some rules report a lesser one for milder cases, as their description says). */
  readonly severity: Severity;
  /** One line: what the rule catches. */
  readonly title: string;
  /** Why it matters, in the clouds' terms. */
  readonly description: string;
  /** The general fix (findings may give a more precise one). */
  readonly fix: string;
  /** Documentation of the cloud behaviour the rule relies on. */
  readonly see?: string;
  check(ctx: RuleContext, report: Report): void;
}

/** A rule of the catalogue. */
export interface Rule extends Omit<RuleSpec, 'check'> {
  /** Runs the rule; findings in the order reported. */
  run(ctx: RuleContext): Finding[];
}

/** Declares a rule. */
export function defineRule(spec: RuleSpec): Rule {
  const { check, ...meta } = spec;
  return {
    ...meta,
    run(ctx: RuleContext): Finding[] {
      const out: Finding[] = [];
      check(ctx, (ref, message, o) => {
        out.push({ rule: spec.id, severity: o?.severity ?? spec.severity, resource: ref.resource, file: ref.file, line: ref.line, message, fix: o?.fix ?? spec.fix });
      });
      return out;
    },
  };
}
