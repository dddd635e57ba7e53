import { join } from "node:path";
import { startServer, type RunningServer, type ServerOptions } from "../../server/compose.ts";
import { tempDir, writeFiles } from "./workbooks.ts";

/**
 * A real Driftbook server on a free loopback port (or on `port`, to start one again where a
 * stopped one served); its database defaults to a file in the workbooks folder.
 */
export function startTestServer(options: Omit<ServerOptions, "port" | "host">, port = 0): Promise<RunningServer> {
  return startServer({ dbPath: join(options.workbooksDir, "driftbook.db"), ...options, port, host: "127.0.0.1" });
}

/** A test server over a fresh temporary folder holding `files` (path → text); `close` stops it and removes the folder. */
export async function startServerWith(
  files: Record<string, string>,
  options: Omit<ServerOptions, "port" | "host" | "workbooksDir"> = {},
): Promise<{ server: RunningServer; dir: string; close: () => Promise<void> }> {
  const { dir, cleanup } = await tempDir();
  await writeFiles(dir, files);
  const server = await startTestServer({ workbooksDir: dir, ...options });
  return {
    server,
    dir,
    close: async () => {
      await server.close();
      await cleanup();
    },
  };
}
