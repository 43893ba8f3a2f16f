import { randomBytes } from 'node:crypto';

/**
 * Security headers, built once at start rather than per request (see
 * docs/decisions/0013-security-headers-built-once.md). Every response gets the fixed set and a
 * strict default Content-Security-Policy; an HTML page replaces that policy with one naming the
 * nonce of its own inline script.
 */

export type SecurityHeaders = Readonly<{
  /** On every response, JSON and files included. */
  fixed: Readonly<Record<string, string>>;
  /** Added to HTML pages, with the page's own Content-Security-Policy. */
  page: (nonce: string) => Readonly<Record<string, string>>;
}>;

const policy = (directives: Record<string, string>) =>
  Object.entries(directives)
    .map(([name, value]) => (value ? `${name} ${value}` : name))
    .join('; ');

export function securityHeaders(options: { https: boolean }): SecurityHeaders {
  const upgrade: Record<string, string> = options.https ? { 'upgrade-insecure-requests': '' } : {};
  const page = {
    'default-src': "'self'",
    'base-uri': "'none'",
    'connect-src': "'self'",
    'font-src': "'self'",
    'form-action': "'self'",
    'frame-ancestors': "'none'",
    'img-src': "'self' data:",
    'object-src': "'none'",
    'script-src-attr': "'none'",
    'style-src': "'self'",
    ...upgrade,
  };
  // The set OWASP recommends for every response, API ones included.
  const fixed: Record<string, string> = {
    // Anything that is not a page (JSON, CSS, scripts) may load nothing at all.
    'content-security-policy': policy({
      'default-src': "'none'",
      'frame-ancestors': "'none'",
      'base-uri': "'none'",
    }),
    'cross-origin-resource-policy': 'same-origin',
    'referrer-policy': 'same-origin',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    ...(options.https ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
  // What only a document needs: its own browsing-context and process isolation.
  const documentOnly = {
    'cross-origin-opener-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'x-dns-prefetch-control': 'off',
    'x-permitted-cross-domain-policies': 'none',
  };
  return {
    fixed,
    page: (nonce) => ({
      ...documentOnly,
      'content-security-policy': policy({ ...page, 'script-src': `'self' 'nonce-${nonce}'` }),
    }),
  };
}

export const newNonce = (): string => randomBytes(16).toString('base64');
