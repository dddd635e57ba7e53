/**
 * The HTTP and WebSocket server: the app (app.ts) and the live channels (ws.ts) listening on
 * one port (port 0 picks a free one), made from the parts the composition root
 * (server/compose.ts) assembled. It translates; it builds nothing of its own.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createApp, type AppDeps } from "./app.ts";
import { attachWebSocket } from "./ws.ts";

export interface HttpOptions {
  port: number;
  host: string;
  /** What the routes and sockets call; the count of connected sockets is added here. */
  app: Omit<AppDeps, "clients">;
}

export interface HttpServer {
  url: string;
  /** How many browser sockets are connected. */
  clients: () => number;
  /** Ends every socket and connection and stops listening. */
  close(): Promise<void>;
}

/** Listens on `host:port`; rejects when it cannot (the port is in use). */
export async function listenHttp({ port, host, app: deps }: HttpOptions): Promise<HttpServer> {
  let sockets: ReturnType<typeof attachWebSocket> | undefined;
  const server = createServer(createApp({ ...deps, clients: () => sockets?.clients() ?? 0 }));
  sockets = attachWebSocket(server, deps);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  const open = sockets;
  return {
    url: `http://${urlHost}:${address}`,
    clients: open.clients,
    close: async () => {
      await open.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
