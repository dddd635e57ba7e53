/**
 * Response headers that keep pages from being framed (clickjacking), sniffed or leaking their
 * URL. Every response is `nosniff` with a same-origin referrer. Pages add a Content-Security-
 * Policy with `frame-ancestors 'none'` (nothing frames them, not even the app):
 *
 * - the app's pages (list, editor, alerts), the share view and the login page: scripts and
 *   workers only from this server, no inline script. Inline styles stay allowed: Monaco
 *   writes its styles at run time and Plot's SVG charts carry style attributes.
 * - reports (`/report/…`, stored run reports, a past version's report): no script at all;
 *   their one stylesheet is inline, images only as data: URLs.
 *
 * Pages people outside the team may open (share views, the login page) also send no referrer
 * (a share URL carries its token) and are never cached.
 */
import type { NextFunction, Request, Response } from "express";

const PAGE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export const REPORT_POLICY = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  "img-src data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** On every response. */
export function baseHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.set({ "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin" });
  next();
}

/** A page's policy, and X-Frame-Options for browsers that predate frame-ancestors. */
export function pageHeaders(res: Response, policy: string = PAGE_POLICY): void {
  res.set({ "Content-Security-Policy": policy, "X-Frame-Options": "DENY" });
}

/** A page someone outside the team may open: no referrer, no cache. */
export function securityHeaders(res: Response): void {
  pageHeaders(res);
  res.set({ "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" });
}
