/** What the checker can tell about an issuer from its URL alone (REFERENCE.md, token sources). */

export type IssuerForm = 'eks' | 'aks' | 'gke' | 'github-actions' | 'gitlab' | 'azure-devops' | 'entra' | 'google' | 'other';

const FORMS: ReadonlyArray<[IssuerForm, RegExp]> = [
  ['eks', /^https:\/\/oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/id\/[A-Za-z0-9]+\/?$/i],
  ['aks', /^https:\/\/[a-z0-9-]+\.oic\.prod-aks\.azure\.(com|us|cn)\/[^/]+\/[^/]+\/?$/i],
  ['gke', /^https:\/\/container\.googleapis\.com\/v1\/projects\/[^/]+\/locations\/[^/]+\/clusters\/[^/]+\/?$/i],
  ['github-actions', /^https:\/\/token\.actions\.githubusercontent\.com(\/[^/]+)?\/?$/i],
  ['gitlab', /^https:\/\/gitlab\.com\/?$/i],
  ['azure-devops', /^https:\/\/vstoken\.dev\.azure\.com\/[^/]+\/?$/i],
  ['entra', /^https:\/\/login\.microsoftonline\.com\/[^/]+\/v2\.0\/?$/i],
  ['entra', /^https:\/\/sts\.windows\.net\/[^/]+\/?$/i],
  ['google', /^https:\/\/accounts\.google\.com\/?$/i],
];

/** The kind of issuer a URL has the form of. */
export function issuerForm(url: string): IssuerForm {
  return FORMS.find(([, re]) => re.test(url))?.[0] ?? 'other';
}

/** Whether tokens of many tenants share the issuer (every trust must pin the exact subject). */
export function isSharedIssuer(url: string): boolean {
  return ['github-actions', 'gitlab', 'azure-devops', 'entra', 'google'].includes(issuerForm(url));
}

/** The issuer without its scheme: the IAM OIDC provider's name and the prefix of its condition keys. */
export function hostPath(url: string): string {
  return url.replace(/^https?:\/\//i, '');
}

/**
 * How two issuer strings differ when they name the same issuer but are not byte-equal:
 * a trailing slash, the scheme, letter case or spaces. Undefined when equal or unrelated.
 */
export function issuerNearMiss(written: string, actual: string): string | undefined {
  if (written === actual) return undefined;
  const norm = (s: string) => s.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/+$/, '');
  if (norm(written) !== norm(actual)) return undefined;
  if (written.trim() !== written) return 'has leading or trailing spaces';
  const slash = (s: string) => s.endsWith('/');
  if (slash(written) !== slash(actual)) return slash(actual) ? 'lacks the trailing "/" the tokens carry' : 'has a trailing "/" the tokens do not carry';
  if (!/^https:\/\//.test(written)) return /^http:\/\//i.test(written) ? 'uses http:// instead of https://' : 'lacks the https:// scheme';
  return 'differs in letter case';
}
