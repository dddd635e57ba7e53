import { createServer, type ServerResponse, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** The status the receiver answered; 0 for a request it held without answering (hang). */
  status: number;
  /** Epoch ms when the request arrived. */
  at: number;
}

/**
 * Checks a request as the receiver's API would; returns why it is refused (answered 400 with
 * that text, as Alertmanager answers a bad request), or undefined to accept it.
 */
export type RequestCheck = (request: Omit<ReceivedRequest, "status" | "at">, text: string) => string | undefined;

/**
 * A webhook receiver on 127.0.0.1 that records every request. It answers 200, or the statuses
 * queued in `failNext`, or 400 when `check` refuses the request; with `hang(true)` it answers
 * nothing (until `hang(false)` drops those connections). `stop()` closes it so connections are refused, `start()` listens
 * again on the same port.
 */
export interface Receiver {
  url: string;
  /** The receiver's base URL, without a path. */
  base: string;
  requests: ReceivedRequest[];
  /** Requests answered 2xx. */
  delivered(): ReceivedRequest[];
  failNext(...statuses: number[]): void;
  hang(on: boolean): void;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startReceiver(options: { check?: RequestCheck } = {}): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const failures: number[] = [];
  const held: ServerResponse[] = [];
  let hanging = false;
  let port = 0;
  let server: Server | undefined;

  const start = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => chunks.push(chunk));
        req.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let body: unknown;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            body = text;
          }
          const received = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body };
          const refusal = options.check?.(received, text);
          if (hanging && !refusal) {
            requests.push({ ...received, at: Date.now(), status: 0 });
            held.push(res);
            return;
          }
          const status = refusal ? 400 : (failures.shift() ?? 200);
          requests.push({ ...received, at: Date.now(), status });
          res
            .writeHead(status, { "content-type": "text/plain", connection: "close" })
            .end(refusal ?? (status < 300 ? "ok" : "unavailable"));
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
    base: `http://127.0.0.1:${port}`,
    requests,
    delivered: () => requests.filter((request) => request.status < 300),
    failNext: (...statuses) => failures.push(...statuses),
    hang(on) {
      hanging = on;
      if (!on) for (const response of held.splice(0)) response.destroy();
    },
    stop,
    start,
  };
}
