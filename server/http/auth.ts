/**
 * Who may do what. With no `DRIFTBOOK_TOKEN` the server is for this machine alone (it binds
 * 127.0.0.1) and editors need no login. With one, every editor route, API and WebSocket needs
 * it: API clients send `Authorization: Bearer <token>`, and browsers exchange it once on the
 * login page for an HttpOnly, SameSite=Strict cookie. The cookie holds an HMAC of the token,
 * so changing the token signs every browser out and the cookie never reveals the token.
 * Ingest (predictions, labels, reference sets) also accepts `DRIFTBOOK_INGEST_TOKEN`, so a
 * model service can log without editor rights; when either token is set, ingest needs one.
 * Wrong tokens are throttled per client address (failureThrottle.ts, counted in the database so
 * that servers sharing it count together; behind a trusted proxy, the address it forwards:
 * trustedProxies.ts); the right one always gets in.
 * Share links are checked by their own routes, never here.
 */
import { createHmac } from "node:crypto";
import type { IncomingMessage } from "node:http";
import express, { Router, type NextFunction, type Request, type Response } from "express";
import { escapeHtml } from "../render/escape.ts";
import { sameSecret } from "../shares/tokens.ts";
import type { Db } from "../store/db.ts";
import { FailureThrottle } from "./failureThrottle.ts";
import { HttpError } from "./httpError.ts";
import { TrustedProxies } from "./trustedProxies.ts";
import { securityHeaders } from "./securityHeaders.ts";

export interface AuthConfig {
  /** The editors' token (`DRIFTBOOK_TOKEN`); unset means no login. */
  token?: string;
  /** The ingest-only token (`DRIFTBOOK_INGEST_TOKEN`). */
  ingestToken?: string;
}

const SESSION_COOKIE = "driftbook_session";
/** Tokens shorter than this are refused at startup: a token is all that guards the data. */
const MIN_TOKEN_LENGTH = 16;

/** What a request may do as an editor or ingest client; `throttled` after too many wrong tokens from its address. */
export type Access = { type: "allowed" } | { type: "denied" } | { type: "throttled"; retryAfterSeconds: number };

/** Why the configured tokens cannot protect the server, or undefined when they can. */
export function authProblem(auth: AuthConfig, host: string): string | undefined {
  for (const [name, value] of [
    ["DRIFTBOOK_TOKEN", auth.token],
    ["DRIFTBOOK_INGEST_TOKEN", auth.ingestToken],
  ] as const) {
    if (value === undefined) continue;
    // A Bearer header cannot carry whitespace, and 16 spaces guard nothing.
    if (/\s/.test(value))
      return `${name} must not contain spaces or other whitespace; make one with: openssl rand -base64 32`;
    if (value.length < MIN_TOKEN_LENGTH)
      return `${name} must be at least ${MIN_TOKEN_LENGTH} characters; make one with: openssl rand -base64 32`;
  }
  if (!auth.token && !isLoopback(host)) {
    return `binding ${host} makes the editor reachable from other machines: set DRIFTBOOK_TOKEN (make one with: openssl rand -base64 32), or bind 127.0.0.1`;
  }
  return undefined;
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Seconds a wrong token waits when its failure cannot be counted (the database is busy or unreachable). */
const UNCOUNTED_RETRY_AFTER_S = 5;

export class Auth {
  private readonly session: string | undefined;
  private readonly throttle: FailureThrottle;

  /** `db` keeps the wrong-token counts, shared by every server on it. */
  constructor(
    readonly config: AuthConfig,
    db: Db,
    private readonly proxies = new TrustedProxies(),
  ) {
    this.throttle = new FailureThrottle(db);
    this.session =
      config.token && createHmac("sha256", config.token).update("driftbook editor session").digest("base64url");
  }

  get enabled(): boolean {
    return this.config.token !== undefined;
  }

  /** True when the request (or WebSocket upgrade) carries the editors' token or their session cookie. */
  private isEditor(req: IncomingMessage): boolean {
    const { token } = this.config;
    if (!token) return true;
    const bearer = bearerOf(req);
    if (bearer !== undefined && sameSecret(bearer, token)) return true;
    const cookie = cookieOf(req, SESSION_COOKIE);
    return cookie !== undefined && sameSecret(cookie, this.session!);
  }

  /** True when the request may log data: an editor, or the ingest token, or no token configured at all. */
  private mayIngest(req: IncomingMessage): boolean {
    const { token, ingestToken } = this.config;
    if (!token && !ingestToken) return true;
    if (token && this.isEditor(req)) return true;
    const bearer = bearerOf(req);
    return ingestToken !== undefined && bearer !== undefined && sameSecret(bearer, ingestToken);
  }

  /** Whether `req` may act as an editor (or log data, for `ingest`); a wrong Bearer token counts as a failed attempt. */
  access(req: IncomingMessage, role: "editor" | "ingest"): Access {
    if (role === "ingest" ? this.mayIngest(req) : this.isEditor(req)) return { type: "allowed" };
    if (bearerOf(req) === undefined) return { type: "denied" };
    const retryAfterSeconds = this.failed(req);
    return retryAfterSeconds ? { type: "throttled", retryAfterSeconds } : { type: "denied" };
  }

  /**
   * Counts a wrong token from the request's address; returns the seconds it must wait, or 0.
   * A failure that cannot be counted is refused for a few seconds rather than let through
   * uncounted (a wrong token is refused anyway), and never throws: a WebSocket upgrade has no
   * error handler to catch it.
   */
  private failed(req: IncomingMessage): number {
    try {
      return this.throttle.fail(this.proxies.clientOf(req).address);
    } catch (error) {
      console.warn(`could not count a wrong token: ${(error as Error).message}`);
      return UNCOUNTED_RETRY_AFTER_S;
    }
  }

  /** The login and logout pages: open to all, of course. */
  routes(): Router {
    const router = Router();
    router.get("/login", (req, res) => {
      if (!this.enabled) return res.redirect(303, "/");
      sendLoginPage(res, 200, localPath(req.query.next));
    });
    router.post("/login", express.urlencoded({ extended: false, limit: "4kb" }), (req, res) => {
      const next = localPath(req.body?.next);
      if (!this.enabled) return res.redirect(303, next);
      const given = typeof req.body?.token === "string" ? req.body.token.trim() : "";
      if (!sameSecret(given, this.config.token!)) {
        const retryAfterSeconds = this.failed(req);
        if (!retryAfterSeconds) return sendLoginPage(res, 401, next, "That is not the server's token.");
        res.set("Retry-After", String(retryAfterSeconds));
        return sendLoginPage(
          res,
          429,
          next,
          "Too many wrong tokens from this address. Wait a few minutes and try again.",
        );
      }
      res.cookie(SESSION_COOKIE, this.session, { httpOnly: true, sameSite: "strict", secure: req.secure, path: "/" });
      res.redirect(303, next);
    });
    router.post("/logout", (req, res) => {
      res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: "strict", secure: req.secure, path: "/" });
      res.redirect(303, "/login");
    });
    return router;
  }

  /** Lets editors through; ingest routes also take the ingest token. Others: the login page, or 401. */
  requireEditor(): (req: Request, res: Response, next: NextFunction) => void {
    return (req, res, next) => {
      const access = this.access(req, isIngest(req) ? "ingest" : "editor");
      if (access.type === "allowed") return next();
      if (access.type === "denied" && req.method === "GET" && isAppPage(req.path)) {
        return res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
      }
      const refusal = refusalOf(
        access,
        isIngest(req) ? "DRIFTBOOK_TOKEN or DRIFTBOOK_INGEST_TOKEN" : "DRIFTBOOK_TOKEN",
      );
      res.set(refusal.headers);
      next(new HttpError(refusal.status, refusal.message));
    };
  }
}

/** How to answer a request that `access` refuses; `who` names the tokens that would do. */
export function refusalOf(
  access: Exclude<Access, { type: "allowed" }>,
  who: string,
): { status: 401 | 429; message: string; headers: Record<string, string> } {
  switch (access.type) {
    case "denied":
      return { status: 401, message: `authentication required: send "Authorization: Bearer <${who}>"`, headers: {} };
    case "throttled": {
      const seconds = access.retryAfterSeconds;
      return {
        status: 429,
        message: `too many wrong tokens from this address: try again in ${seconds} s`,
        headers: { "Retry-After": String(seconds) },
      };
    }
    default: {
      const unknown: never = access;
      throw new Error(`unknown access ${JSON.stringify(unknown)}`);
    }
  }
}

/** The browser app's pages, where a person is sent to the login page instead of a 401. */
function isAppPage(path: string): boolean {
  return path === "/" || path === "/alerts" || path.startsWith("/w/");
}

/** The routes a model service calls to log data. */
function isIngest(req: Request): boolean {
  return (
    (req.method === "POST" && /^\/api\/v1\/models\/[^/]+\/(predictions|labels)$/.test(req.path)) ||
    (req.method === "PUT" && /^\/api\/v1\/models\/[^/]+\/reference$/.test(req.path))
  );
}

function bearerOf(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
  return match?.[1];
}

function cookieOf(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return undefined;
}

/** `next` when it is a path on this server; "/" otherwise, so the login page cannot send anyone elsewhere. */
function localPath(next: unknown): string {
  return typeof next === "string" && /^\/(?![/\\])/.test(next) && !/[\r\n\\]/.test(next) ? next : "/";
}

function sendLoginPage(res: Response, status: number, next: string, error?: string): void {
  securityHeaders(res);
  res.status(status).type("html").send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · Driftbook</title>
<style>body{font:16px system-ui,sans-serif;max-width:28rem;margin:15vh auto;padding:0 1rem;color:#1f2328}
input{font:inherit;width:100%;box-sizing:border-box;padding:.4rem;margin:.5rem 0}button{font:inherit;padding:.4rem 1rem}
.error{color:#cf222e}.note{color:#59636e;font-size:.9rem}</style></head>
<body><h1>Driftbook</h1>
<form method="post" action="/login">
<label for="token">Server token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
<input type="hidden" name="next" value="${escapeHtml(next)}">
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ""}
<button type="submit">Sign in</button>
</form>
<p class="note">The token is the server's DRIFTBOOK_TOKEN; ask whoever runs it.</p>
</body></html>`);
}
