import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** The status the receiver answered. */
  status: number;
}

/**
 * A webhook receiver on 127.0.0.1 that records every request. It answers 200, or the statuses
 * queued in `failNext`; `stop()` closes it so connections are refused, `start()` listens again
 * on the same port.
 */
export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** Requests answered 2xx. */
  delivered(): ReceivedRequest[];
  failNext(...statuses: number[]): void;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const failures: number[] = [];
  let port = 0;
  let server: Server | undefined;

  const start = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => chunks.push(chunk));
        req.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          const status = failures.shift() ?? 200;
          requests.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: text ? JSON.parse(text) : undefined, status });
          res.writeHead(status, { "content-type": "text/plain", connection: "close" }).end(status < 300 ? "ok" : "unavailable");
        });
      });
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        port = (server!.address() as AddressInfo).port;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      server?.closeAllConnections();
      server?.close(() => resolve());
    });

  await start();
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    delivered: () => requests.filter((request) => request.status < 300),
    failNext: (...statuses) => failures.push(...statuses),
    stop,
    start,
  };
}
