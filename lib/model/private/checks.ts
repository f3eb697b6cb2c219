import { createHash } from 'crypto';
import { CrossfedError } from '../errors';

/** Throws a CrossfedError for one problem. */
export function fail(where: string, field: string, value: unknown, problem: string, allowed: string | undefined, fix: string): never {
  throw CrossfedError.of({ where, field, value, problem, allowed, fix });
}

export const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function requireGuid(where: string, field: string, value: string, what: string): void {
  if (typeof value !== 'string' || !GUID.test(value)) {
    fail(where, field, value, 'is not a GUID', `a ${what} in the form 00000000-0000-0000-0000-000000000000`, `copy the ${what} from the Azure portal or \`az\` output`);
  }
}

/** Kubernetes namespace names are DNS-1123 labels (≤63). */
export function requireDnsLabel(where: string, field: string, value: string): void {
  if (typeof value !== 'string' || value.length > 63 || !DNS1123_LABEL.test(value)) {
    fail(where, field, value, 'is not a valid DNS-1123 label', 'lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters',
      `rename it${typeof value === 'string' ? `, e.g. "${suggestDns(value, 63)}"` : ''}`);
  }
}

/** Kubernetes service account names are DNS-1123 subdomains (≤253). */
export function requireDnsSubdomain(where: string, field: string, value: string): void {
  if (typeof value !== 'string' || value.length > 253 || !DNS1123_SUBDOMAIN.test(value)) {
    fail(where, field, value, 'is not a valid DNS-1123 subdomain', 'lowercase letters, digits, "-" and ".", each part starting and ending with a letter or digit, at most 253 characters',
      `rename it${typeof value === 'string' ? `, e.g. "${suggestDns(value, 253)}"` : ''}`);
  }
}

export function suggestDns(value: string, max: number): string {
  const s = value.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, max).replace(/-+$/, '');
  return s || 'name';
}

export function requireHttpsUrl(where: string, field: string, value: string): URL {
  if (typeof value !== 'string' || value.length === 0) {
    fail(where, field, value, 'is missing', 'an https:// URL', 'set it to the issuer URL exactly as the tokens carry it in `iss`');
  }
  if (/\s/.test(value)) {
    fail(where, field, value, 'contains whitespace', 'an https:// URL without spaces or line breaks', `remove the whitespace: "${value.replace(/\s+/g, '')}"`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(where, field, value, 'is not a URL', 'an https:// URL', 'copy the issuer URL from the cluster or the CI system (the `iss` claim of a token)');
  }
  if (url.protocol !== 'https:') {
    fail(where, field, value, 'is not https', 'an https:// URL (every cloud refuses plain-http issuers)', `use "${value.replace(/^[a-z]+:\/\//i, 'https://')}"`);
  }
  if (url.search || url.hash) {
    fail(where, field, value, 'has a query or fragment', 'an https:// URL without "?" or "#"', 'remove the query and fragment');
  }
  if (value.length > 600) {
    fail(where, field, value, `is ${value.length} characters long`, 'at most 600 characters (Entra ID limit for issuers)', 'use a shorter issuer URL');
  }
  return url;
}

/** A short, stable, lowercase hex hash (first 8 hex digits of SHA-256) for name suffixes. */
export function shortHash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 8);
}

/**
 * Fits `base` into `max` characters: unchanged when it fits, otherwise truncated with a
 * stable hash of the full value appended, so distinct long inputs stay distinct.
 */
export function fitName(base: string, max: number, sep = '-'): string {
  if (base.length <= max) return base;
  const hash = shortHash(base);
  return `${base.slice(0, max - hash.length - sep.length).replace(/[-_.]+$/, '')}${sep}${hash}`;
}

export function byKey<T>(key: (t: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
}

export function uniqueSorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}
