import { startServer, type RunningServer, type ServerOptions } from "../../server/http/server.ts";

/** A real Driftbook server on a free loopback port. */
export function startTestServer(options: Omit<ServerOptions, "port" | "host">): Promise<RunningServer> {
  return startServer({ ...options, port: 0, host: "127.0.0.1" });
}
