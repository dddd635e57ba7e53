/**
 * Starts the Driftbook server: the HTTP app on one port (port 0 picks a free one), bound to
 * 127.0.0.1 unless told otherwise, with the live workbook sessions behind it.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Workspace } from "../files/workspace.ts";
import type { HostOptions } from "../runtime/host.ts";
import { createApp } from "./app.ts";
import { Sessions } from "./sessions.ts";

export interface ServerOptions {
  port?: number;
  host?: string;
  workbooksDir: string;
  hostOptions?: HostOptions;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const workspace = new Workspace(options.workbooksDir);
  const sessions = new Sessions(workspace, options.hostOptions ?? {});
  const server = createServer(createApp({ workspace, sessions }));
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 3000, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    close: () =>
      (closing ??= (async () => {
        server.closeAllConnections();
        await Promise.allSettled([new Promise((resolve) => server.close(resolve)), sessions.close()]);
      })()),
  };
}
