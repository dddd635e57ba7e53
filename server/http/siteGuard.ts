/**
 * Keeps other web pages from driving the server, as Jupyter Server, Grafana and Vite do. Two
 * checks run on every request and WebSocket upgrade, before any route or login:
 *
 * - **Host allowlist**, against DNS rebinding: a page at `attacker.example` whose name the
 *   attacker re-points to 127.0.0.1 reaches this server as its own origin, but its requests
 *   still say `Host: attacker.example`. Only this server's names pass: `localhost`, the bound
 *   address, the `--public-url` host, `--allowed-hosts`, and IP literals — rebinding needs a
 *   name the attacker controls, so an address can never be one (Vite's hostCheck.ts allows
 *   them for the same reason). The port is not compared: it proves nothing against
 *   rebinding, and a port mapping (`docker -p 8080:3000`) changes it.
 * - **Same-origin writes**, against cross-site request forgery: a browser names the page that
 *   sent a request in `Origin` and `Sec-Fetch-Site`. A state-changing request (POST, PUT,
 *   PATCH, DELETE) or a WebSocket upgrade from another origin is refused; another port on
 *   localhost is another origin, so `Sec-Fetch-Site: same-site` is refused too. Requests with
 *   neither header (curl, model services, the Python client) are not from a browser and pass.
 *
 * Behind a trusted proxy (`--trust-proxy`, trustedProxies.ts) both checks read the Host and
 * scheme the client used, from the proxy's X-Forwarded-Host and X-Forwarded-Proto: the allowlist
 * checks the public name, not the one the proxy connected to.
 */
import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import type { NextFunction, Request, Response } from "express";
import { HttpError } from "./httpError.ts";
import { TrustedProxies } from "./trustedProxies.ts";

export interface SiteOptions {
  /** The address the server binds (`--host`). */
  boundHost: string;
  /** More names the server answers to (`--allowed-hosts`), such as the name a reverse proxy forwards. */
  allowedHosts?: string[];
  /** The URL people open (`--public-url`): its host is allowed and its origin may write. */
  publicUrl?: string;
  /** The proxies whose X-Forwarded-* headers count (`--trust-proxy`); default none. */
  proxies?: TrustedProxies;
}

/** Why a request is refused: which check, the status and a message saying what to change. */
export interface Refusal {
  check: "host" | "origin";
  status: 400 | 403;
  message: string;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** Sec-Fetch-Site values of requests from this server's own pages, or typed by the user. */
const OWN_FETCH_SITES = new Set(["same-origin", "none"]);

export class SiteGuard {
  private readonly names: Set<string>;
  private readonly publicOrigin: string | undefined;
  readonly proxies: TrustedProxies;

  constructor({ boundHost, allowedHosts = [], publicUrl, proxies = new TrustedProxies() }: SiteOptions) {
    this.proxies = proxies;
    const publicHost = publicUrl === undefined ? undefined : new URL(publicUrl).hostname;
    this.names = new Set(
      ["localhost", boundHost, ...allowedHosts, ...(publicHost ? [publicHost] : [])].map(bareHostname),
    );
    this.publicOrigin = publicUrl === undefined ? undefined : new URL(publicUrl).origin;
  }

  /** Why `req` may not be served, or undefined; `writes` for state-changing requests and upgrades. */
  refusal(req: IncomingMessage, writes: boolean): Refusal | undefined {
    const { host, scheme } = this.proxies.clientOf(req);
    if (!host) return { check: "host", status: 400, message: "the request has no Host header" };
    if (!this.allowsHost(host)) {
      const name = hostnameOf(host);
      return {
        check: "host",
        status: 403,
        message: `Blocked request: "${host}" is not a name of this Driftbook server (a page on another site may be trying to reach it). To serve it under this name, start the server with --allowed-hosts ${name} or --public-url.`,
      };
    }
    return writes ? this.crossSite(req, `${scheme}://${host}`) : undefined;
  }

  /** Express middleware: the Host check on every request, the origin check on writes. */
  middleware(): (req: Request, res: Response, next: NextFunction) => void {
    return (req, res, next) => {
      const refusal = this.refusal(req, !SAFE_METHODS.has(req.method));
      if (!refusal) return next();
      switch (refusal.check) {
        // Plain text, like Vite's: the request may be for a page or the API.
        case "host":
          return void res.status(refusal.status).type("text/plain").send(refusal.message);
        // The API's JSON error, so the app can show it.
        case "origin":
          return next(new HttpError(refusal.status, refusal.message));
        default: {
          const unknown: never = refusal.check;
          throw new Error(`unknown check ${String(unknown)}`);
        }
      }
    };
  }

  private allowsHost(host: string): boolean {
    const name = hostnameOf(host);
    return isIP(name) !== 0 || this.names.has(name);
  }

  /** `own`: the origin the client asked for, scheme and Host. */
  private crossSite(req: IncomingMessage, own: string): Refusal | undefined {
    const what = req.headers.upgrade ? "a WebSocket" : `a ${req.method} request`;
    const site = req.headers["sec-fetch-site"];
    if (site !== undefined && !OWN_FETCH_SITES.has(String(site))) {
      return {
        check: "origin",
        status: 403,
        message: `refused ${what} from another site (Sec-Fetch-Site: ${site}); use the app's own pages`,
      };
    }
    const origin = req.headers.origin;
    if (origin === undefined) return undefined;
    if (origin.toLowerCase() === own.toLowerCase() || origin === this.publicOrigin) return undefined;
    return {
      check: "origin",
      status: 403,
      message: `refused ${what} from another origin (${origin}); behind a proxy or HTTPS, start the server with --public-url set to the URL people open`,
    };
  }
}

/** Why `url` cannot be the server's public URL (`--public-url`), or undefined when it can. */
export function publicUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `--public-url must be a URL such as https://driftbook.example.com, got "${url}"`;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    return `--public-url must be an http or https URL, got "${url}"`;
  if (parsed.pathname !== "/" || parsed.search || parsed.hash || parsed.username || parsed.password) {
    return `--public-url must be the server's origin alone (the app is served at the root), such as ${parsed.origin}; got "${url}"`;
  }
  return undefined;
}

/** The name part of a Host header: `[::1]:3000` → `::1`, `Example.com:80` → `example.com`. */
function hostnameOf(host: string): string {
  const bracketed = /^\[([^\]]*)\](?::\d*)?$/.exec(host);
  if (bracketed) return bracketed[1].toLowerCase();
  const colons = host.split(":").length - 1;
  return (colons === 1 ? host.slice(0, host.indexOf(":")) : host).toLowerCase();
}

/** A configured name as a Host header's name part: brackets and case removed. */
function bareHostname(name: string): string {
  return name.replace(/^\[(.*)\]$/, "$1").toLowerCase();
}
