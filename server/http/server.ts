/**
 * Starts the Driftbook server: the HTTP app on one port (port 0 picks a free one), bound to
 * 127.0.0.1 unless told otherwise, with the live workbook sessions behind it.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { Workspace } from "../files/workspace.ts";
import { DEFAULT_DB_PATH } from "../store/db.ts";
import { PredictionStore } from "../store/store.ts";
import { loadAlertConfig } from "../alerts/config.ts";
import { createNotifier } from "../alerts/notify.ts";
import { AlertStore } from "../alerts/state.ts";
import type { HostOptions } from "../runtime/host.ts";
import { buildClient } from "../../client/build.ts";
import { createApp } from "./app.ts";
import { attachWebSocket } from "./ws.ts";
import { Sessions } from "./sessions.ts";

export interface ServerOptions {
  port?: number;
  host?: string;
  workbooksDir: string;
  /** The SQLite file; default ./data/driftbook.db. */
  dbPath?: string;
  /** Largest request body accepted, in bytes; default 64 MB. */
  maxBodyBytes?: number;
  hostOptions?: Omit<HostOptions, "dbPath">;
  /** driftbook.config.json (alert channels); default: that file in the working directory, if any. */
  configPath?: string;
}

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface RunningServer {
  url: string;
  /** How many browser sockets are connected. */
  clients: () => number;
  store: PredictionStore;
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const workspace = new Workspace(options.workbooksDir);
  const dbPath = resolve(options.dbPath ?? DEFAULT_DB_PATH);
  const alertConfig = await loadAlertConfig({ path: options.configPath });
  const store = new PredictionStore(dbPath);
  const alerts = new AlertStore(store.db);
  const sessions = new Sessions(workspace, { ...options.hostOptions, dbPath });
  const unsubscribe = store.onChange((model) => sessions.dataChanged(model));
  const stopWatching = store.watchOtherWriters();
  const { outdir: clientDir } = await buildClient();
  const app = createApp({ workspace, sessions, store, alerts, clientDir, maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES });
  const server = createServer(app);
  const sockets = attachWebSocket(server, sessions);
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
  const url = `http://${urlHost}:${port}`;
  sessions.enableAlerts({ store: alerts, notifier: createNotifier(alertConfig, { externalURL: url }), baseUrl: url });
  let closing: Promise<void> | undefined;
  return {
    url,
    clients: sockets.clients,
    store,
    close: () =>
      (closing ??= (async () => {
        unsubscribe();
        stopWatching();
        await sockets.close();
        server.closeAllConnections();
        await Promise.allSettled([new Promise((resolve) => server.close(resolve)), sessions.close()]);
        store.close();
      })()),
  };
}
