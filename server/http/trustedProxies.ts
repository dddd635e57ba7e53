/**
 * Who sent a request, when a reverse proxy or load balancer stands in front of the server
 * (`--trust-proxy`). The proxy's own connection is all the server sees, so the client's address,
 * the name it asked for and whether it used HTTPS come in `X-Forwarded-For`, `X-Forwarded-Host`
 * and `X-Forwarded-Proto` — headers anyone can write, so they count only when the connection
 * comes from an address the operator trusts, as Express's `trust proxy` and Grafana's
 * `X-Forwarded-*` handling do. The client is the nearest address in `X-Forwarded-For` that is not
 * a trusted proxy, read from the right (each proxy appends the address it saw), so a client
 * cannot pose as another by sending the header itself. Host and scheme take the first value, as
 * Express 5 reads them.
 */
import type { IncomingMessage } from "node:http";
import { BlockList, isIP } from "node:net";
import type { TLSSocket } from "node:tls";

/** A request as its client sent it. */
export interface ClientRequest {
  /** The client's address. */
  address: string;
  /** The Host it asked for (with its port, if any); undefined when it sent none. */
  host: string | undefined;
  scheme: "http" | "https";
}

/** Names for address ranges, as Express's `trust proxy` accepts them. */
const RANGES: Record<string, [string, number, "ipv4" | "ipv6"][]> = {
  loopback: [
    ["127.0.0.0", 8, "ipv4"],
    ["::1", 128, "ipv6"],
  ],
  uniquelocal: [
    ["10.0.0.0", 8, "ipv4"],
    ["172.16.0.0", 12, "ipv4"],
    ["192.168.0.0", 16, "ipv4"],
    ["fc00::", 7, "ipv6"],
  ],
};

export class TrustedProxies {
  private readonly trusted = new BlockList();
  private readonly any: boolean;

  /** `entries`: addresses, CIDR ranges (`10.0.0.0/8`) and the names `loopback` and `uniquelocal`; throws naming a bad one. */
  constructor(entries: readonly string[] = []) {
    this.any = entries.length > 0;
    for (const entry of entries) {
      const ranges = RANGES[entry];
      if (ranges) for (const [network, prefix, type] of ranges) this.trusted.addSubnet(network, prefix, type);
      else this.add(entry);
    }
  }

  /** Whether `address` is a trusted proxy. */
  trusts(address: string | undefined): boolean {
    if (!this.any || !address) return false;
    const bare = unmapped(address);
    const type = isIP(bare) === 6 ? "ipv6" : "ipv4";
    return isIP(bare) !== 0 && this.trusted.check(bare, type);
  }

  /** The request's client, Host and scheme: from the proxy's headers when the connection is a trusted proxy's, else its own. */
  clientOf(req: IncomingMessage): ClientRequest {
    const peer = unmapped(req.socket.remoteAddress ?? "");
    const scheme = (req.socket as TLSSocket).encrypted ? "https" : "http";
    if (!this.trusts(peer)) return { address: peer, host: req.headers.host, scheme };
    const forwarded = headerValues(req.headers["x-forwarded-for"]).map(unmapped);
    let address = peer;
    for (let i = forwarded.length - 1; i >= 0 && this.trusts(address); i--) address = forwarded[i]!;
    const proto = headerValues(req.headers["x-forwarded-proto"])[0]?.toLowerCase();
    return {
      address,
      host: headerValues(req.headers["x-forwarded-host"])[0] ?? req.headers.host,
      scheme: proto === "https" || proto === "http" ? proto : scheme,
    };
  }

  private add(entry: string): void {
    const [network, prefix, ...rest] = entry.split("/");
    const type = isIP(network ?? "");
    const bits = prefix === undefined ? (type === 6 ? 128 : 32) : Number(prefix);
    if (type === 0 || rest.length > 0 || !Number.isInteger(bits) || bits < 0 || bits > (type === 6 ? 128 : 32)) {
      throw new Error(
        `--trust-proxy: "${entry}" is not an IP address, a CIDR range such as 10.0.0.0/8, loopback or uniquelocal`,
      );
    }
    this.trusted.addSubnet(network!, bits, type === 6 ? "ipv6" : "ipv4");
  }
}

/** A header's comma-separated values, trimmed, empty ones dropped. */
function headerValues(header: string | string[] | undefined): string[] {
  const text = Array.isArray(header) ? header.join(",") : (header ?? "");
  return text
    .split(",")
    .map((value) => value.trim())
    .filter(Boolean);
}

/** An IPv4 address as a dual-stack socket reports it (`::ffff:10.0.0.1`) in its plain form. */
function unmapped(address: string): string {
  return address.toLowerCase().startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}
