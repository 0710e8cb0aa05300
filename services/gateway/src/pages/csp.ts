/**
 * Only this origin's own files: no inline scripts or styles, no eval, no framing. `connect-src`
 * covers the pages' fetch and EventSource calls to the JSON API.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');
