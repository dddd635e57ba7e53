import { join } from "node:path";
import { startServer, type RunningServer, type ServerOptions } from "../../server/compose.ts";

/**
 * A real Driftbook server on a free loopback port (or on `port`, to start one again where a
 * stopped one served); its database defaults to a file in the workbooks folder.
 */
export function startTestServer(options: Omit<ServerOptions, "port" | "host">, port = 0): Promise<RunningServer> {
  return startServer({ dbPath: join(options.workbooksDir, "driftbook.db"), ...options, port, host: "127.0.0.1" });
}
