/**
 * The rule catalogue: every rule, one per file under `rules/<cloud>/`, in catalogue order
 * (by cloud, then id). `RULES.md` is generated from it.
 */
import awsBroadPermissions from './aws/broad-permissions';
import awsGoogleTrust from './aws/google-trust';
import awsPodIdentityTrust from './aws/pod-identity-trust';
import awsProviderAudience from './aws/provider-audience';
import awsStackLimits from './aws/stack-limits';
import awsTrustAudMissing from './aws/trust-aud-missing';
import awsTrustAudienceInSub from './aws/trust-audience-in-sub';
import awsTrustForallvalues from './aws/trust-forallvalues';
import awsTrustKeyMismatch from './aws/trust-key-mismatch';
import awsTrustLiteralWildcard from './aws/trust-literal-wildcard';
import awsTrustSize from './aws/trust-size';
import awsTrustSubMissing from './aws/trust-sub-missing';
import awsTrustSubWildcard from './aws/trust-sub-wildcard';
import azureFicAudience from './azure/fic-audience';
import azureFicDuplicate from './azure/fic-duplicate';
import azureFicIssuerMismatch from './azure/fic-issuer-mismatch';
import azureFicLimit from './azure/fic-limit';
import azureFicSubjectMismatch from './azure/fic-subject-mismatch';
import azureFicSubjectWildcard from './azure/fic-subject-wildcard';
import azureScopeBroad from './azure/scope-broad';
import xAuditMissing from './cross-artifact/audit-missing';
import xIntendedRefused from './cross-artifact/intended-refused';
import xIssuerUnknown from './cross-artifact/issuer-unknown';
import xNearMissAccepted from './cross-artifact/near-miss-accepted';
import xUnreachable from './cross-artifact/unreachable';
import xUnresolved from './cross-artifact/unresolved';
import gcpAudienceMismatch from './gcp/audience-mismatch';
import gcpBindingMissing from './gcp/binding-missing';
import gcpBroadRole from './gcp/broad-role';
import gcpConditionMissing from './gcp/condition-missing';
import gcpConditionPrefix from './gcp/condition-prefix';
import gcpPrincipalsetUnmapped from './gcp/principalset-unmapped';
import gcpProviderLimits from './gcp/provider-limits';
import gcpSubjectTooLong from './gcp/subject-too-long';
import k8sAnnotationTypo from './kubernetes/annotation-typo';
import k8sDiscoveryIssuerMismatch from './kubernetes/discovery-issuer-mismatch';
import k8sDiscoveryJwks from './kubernetes/discovery-jwks';
import k8sLegacyToken from './kubernetes/legacy-token';
import k8sSharedAudience from './kubernetes/shared-audience';
import k8sStaticCredentials from './kubernetes/static-credentials';
import k8sSubpathToken from './kubernetes/subpath-token';
import k8sTokenExpiration from './kubernetes/token-expiration';
import k8sWebhookLabelMissing from './kubernetes/webhook-label-missing';
import { Rule } from './rule';

export * from './rule';

/** Every rule, by cloud then id. */
export const RULES: readonly Rule[] = [
  awsBroadPermissions,
  awsGoogleTrust,
  awsPodIdentityTrust,
  awsProviderAudience,
  awsStackLimits,
  awsTrustAudMissing,
  awsTrustAudienceInSub,
  awsTrustForallvalues,
  awsTrustKeyMismatch,
  awsTrustLiteralWildcard,
  awsTrustSize,
  awsTrustSubMissing,
  awsTrustSubWildcard,
  azureFicAudience,
  azureFicDuplicate,
  azureFicIssuerMismatch,
  azureFicLimit,
  azureFicSubjectMismatch,
  azureFicSubjectWildcard,
  azureScopeBroad,
  gcpAudienceMismatch,
  gcpBindingMissing,
  gcpBroadRole,
  gcpConditionMissing,
  gcpConditionPrefix,
  gcpPrincipalsetUnmapped,
  gcpProviderLimits,
  gcpSubjectTooLong,
  k8sAnnotationTypo,
  k8sDiscoveryIssuerMismatch,
  k8sDiscoveryJwks,
  k8sLegacyToken,
  k8sSharedAudience,
  k8sStaticCredentials,
  k8sSubpathToken,
  k8sTokenExpiration,
  k8sWebhookLabelMissing,
  xAuditMissing,
  xIntendedRefused,
  xIssuerUnknown,
  xNearMissAccepted,
  xUnreachable,
  xUnresolved,
];

/** A rule by id. */
export function findRule(id: string): Rule | undefined {
  return RULES.find(r => r.id === id);
}
