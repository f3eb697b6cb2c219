/**
 * The port through which rules ask whether a cloud would accept a token. The checker ships a
 * static evaluator (`staticExchange`) that decides what the artifacts decide without doubt and
 * answers `unknown` otherwise; a full simulator (every cloud's documented evaluation order and
 * error texts) can be passed to `checkArtifacts` in its place.
 */
import { CredentialTarget } from './credentials';
import { TrustGraph } from './graph';

/** A token as the cloud receives it. */
export interface PresentedToken {
  readonly iss: string;
  readonly sub: string;
  /** The `aud` claim; empty when the token has none (a legacy token). */
  readonly aud: readonly string[];
  /** Kubernetes claims (`kubernetes.io`), for attribute mappings. */
  readonly kubernetes?: { readonly namespace: string; readonly serviceAccount: string };
  /** `exp - iat`, when known. */
  readonly lifetimeSeconds?: number;
}

/** The step of an exchange that decided. */
export type ExchangeStep = 'token' | 'provider' | 'audience' | 'trust' | 'credential' | 'mapping' | 'condition' | 'binding' | 'lifetime';

/** What a cloud would answer. */
export interface ExchangeVerdict {
  /** `unknown` when the artifacts leave it open (an unresolved value, an identity not in the set). */
  readonly accepted: boolean | 'unknown';
  /** The step that refused (or could not decide). */
  readonly step?: ExchangeStep;
  /** The cloud's own words, then what in the artifacts made it say them. */
  readonly reason?: string;
}

/** Evaluates token exchanges against a trust graph. */
export interface ExchangeSimulator {
  exchange(graph: TrustGraph, token: PresentedToken, target: CredentialTarget): ExchangeVerdict;
}
