/**
 * The trading page's HTTP security headers, declared once: the local gateway sends them with the page (so the
 * browser tests run the page under the very policy a deployment serves) and the CDK's CloudFront response headers
 * policy sends them on AWS. The page holds an API secret in memory, so the policy is strict: scripts and styles
 * only from the page's own origin (no inline code), network connections only to the origins given (the exchange's
 * REST and WebSocket APIs), no framing, no referrer.
 */
export function contentSecurityPolicy(connectSources: readonly string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    `connect-src 'self' ${connectSources.join(' ')}`.trim(),
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Every header but the CSP, as name → value (CloudFront sets the standard ones through typed options). */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/**
 * Caching: file names under assets/ carry a hash of their content, so they never change and are cached for a
 * year; index.html and config.json are revalidated on every load, so a deployment shows at once.
 */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';
