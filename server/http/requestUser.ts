/**
 * Who made a request, behind a single-sign-on proxy (oauth2-proxy, an ingress with OIDC): the
 * proxy signs people in and names them in a header (`--auth-proxy-header X-Forwarded-User`).
 * Anyone can send that header, so it counts only on a connection from a `--trust-proxy`
 * address — the proxy's own, not an address it forwards — and is ignored from anywhere else,
 * as Grafana's auth proxy requires its `whitelist`
 * (https://grafana.com/docs/grafana/latest/setup-grafana/configure-security/configure-authentication/auth-proxy/).
 * Without a proxy user the request is `local`'s. The name is only recorded (audit trail,
 * commit author, silence creator); editor access still needs the token, if one is set.
 */
import type { IncomingMessage } from "node:http";
import { LOCAL_USER } from "../protocol/index.ts";
import type { TrustedProxies } from "./trustedProxies.ts";

/** A user name longer than this is cut: it is a label, and it ends up in a git commit. */
const MAX_USER_LENGTH = 200;

/** Why `--auth-proxy-header` cannot be used as given, or undefined when it can. */
export function authProxyProblem(
  header: string | undefined,
  trustProxy: readonly string[] | undefined,
): string | undefined {
  if (header === undefined) return undefined;
  // An HTTP field name is a token (RFC 9110 §5.1).
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(header))
    return `--auth-proxy-header must be a header name such as X-Forwarded-User, got "${header}"`;
  if (!trustProxy?.length)
    return "--auth-proxy-header needs --trust-proxy: the header is believed only from the proxy's addresses, since anyone else can send it";
  return undefined;
}

export class RequestUser {
  private readonly header: string | undefined;

  constructor(
    header: string | undefined,
    private readonly proxies: TrustedProxies,
  ) {
    this.header = header?.toLowerCase();
  }

  /** The proxy's user for a request from a trusted proxy that names one, else `local`. */
  of(req: IncomingMessage): string {
    if (!this.header || !this.proxies.trusts(req.socket.remoteAddress)) return LOCAL_USER;
    const sent = req.headers[this.header];
    // Control characters would let a name forge lines of a log or a commit.
    const name = (Array.isArray(sent) ? sent[0] : sent)?.replace(/[\u0000-\u001f\u007f]/g, "").trim();
    return name ? name.slice(0, MAX_USER_LENGTH) : LOCAL_USER;
  }
}
