/**
 * The description of the routes that are not the JSON API: health, Prometheus metrics, login,
 * share pages, the browser app and its files, and this description itself (app.ts, auth.ts,
 * routes/prometheus.ts, shares.ts, client.ts, openapi.ts). Those open to all say `security: []`.
 */
import { WORKBOOK_PATH, empty, html, inPath, json, operation, type PathItem } from "./operation.ts";
import { object, text, type Schema } from "./schemas.ts";

const OPEN = { security: [] };
const REDIRECT = { 303: empty("to the page named by next (or the login page)") };
const app = (summary: string, parameters: unknown[] = []) =>
  operation("pages", summary, { 200: html("the browser app") }, { parameters });
const invalidLink = { 404: html("this link is no longer valid") };
const loginForm = {
  required: true,
  content: {
    "application/x-www-form-urlencoded": { schema: object({ token: text }, { next: text }) satisfies Schema },
  },
};

export const PAGE_PATHS: Record<string, PathItem> = {
  "/healthz": {
    get: operation(
      "pages",
      "whether the database can be read and is still the file opened",
      {
        200: json(object({ ok: { const: true } })),
        503: json(object({ ok: { const: false }, error: text }), "not healthy"),
      },
      OPEN,
    ),
  },
  "/favicon.ico": { get: operation("pages", "no icon", { 204: empty("none") }, OPEN) },
  "/metrics": {
    get: operation("pages", "Prometheus metrics of this process, its database, runs, alerts and outbox", {
      200: { description: "Prometheus text format 0.0.4", content: { "text/plain": { schema: { type: "string" } } } },
    }),
  },
  "/api/v1/openapi.json": {
    get: operation("pages", "this description", { 200: json({ type: "object" }, "OpenAPI 3.1") }, OPEN),
  },
  "/login": {
    get: operation(
      "pages",
      "the login page (a redirect when no token is set)",
      { 200: html("the login form"), ...REDIRECT },
      OPEN,
    ),
    post: operation(
      "pages",
      "exchange the editors' token for a session cookie",
      { ...REDIRECT, 401: html("not the server's token"), 429: html("too many wrong tokens: Retry-After") },
      { ...OPEN, requestBody: loginForm },
    ),
  },
  "/logout": { post: operation("pages", "end the browser's session", REDIRECT, OPEN) },
  "/s/{token}": {
    get: operation(
      "pages",
      "a share link's read-only view",
      { 200: html("the share view"), ...invalidLink },
      {
        ...OPEN,
        parameters: [inPath("token", "the link's secret token")],
      },
    ),
  },
  "/s": { get: operation("pages", "no link: the same page as an invalid one", invalidLink, OPEN) },
  "/assets/{file}": {
    get: operation(
      "pages",
      "the browser app's built files",
      { 200: { description: "the file" } },
      { ...OPEN, parameters: [inPath("file", "a file of the built app")] },
    ),
  },
  "/": { get: app("the workbook list") },
  "/w/{path}": { get: app("a workbook's editor", [WORKBOOK_PATH]) },
  "/alerts": { get: app("the alerts page") },
  "/audit": { get: app("the audit page: who changed what") },
};
