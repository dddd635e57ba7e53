/**
 * Headers for the pages people outside the team may open (share views, the login page): scripts
 * only from this server, no inline script, no framing, no referrer (a share URL carries its
 * token), nothing cached. Inline styles stay allowed: Plot's SVG charts carry style attributes.
 */
import type { Response } from "express";

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export function securityHeaders(res: Response): void {
  res.set({
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
  });
}
