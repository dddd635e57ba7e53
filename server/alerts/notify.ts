/**
 * Delivers notifications to the configured channels: `webhook` (an Alertmanager-shaped JSON
 * POST), `slack` (an incoming webhook) and `log` (one JSON line appended to a file). A failed
 * attempt — refused, timed out, a 5xx or 429 answer, a write error — is retried with backoff;
 * the outcome is returned, never thrown, so a dead receiver never fails a run.
 */
import { appendFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import type { AlertConfig, ChannelConfig } from "./config.ts";
import { slackBody, webhookBody, type AlertNotification } from "./payloads.ts";

/** How one channel's delivery went. `attempts` is 0 when the channel is not configured. */
export interface Delivery {
  channel: string;
  ok: boolean;
  attempts: number;
  error?: string;
}

export interface Notifier {
  /** Sends to every named channel at once; resolves when each has succeeded or given up. */
  send(channels: string[], notification: AlertNotification): Promise<Delivery[]>;
}

export interface NotifierOptions {
  fetch?: typeof fetch;
  now?: () => number;
  /** Waits between attempts; their count plus one is the number of attempts. Default 1 s, then 2 s. */
  retryDelaysMs?: number[];
  /** Per-attempt time limit of an HTTP delivery. Default 10 s. */
  timeoutMs?: number;
  /** The server's base URL, as Alertmanager's `externalURL`. */
  externalURL?: string;
  sleep?: (ms: number) => Promise<void>;
}

/** An attempt that must not be repeated (a 4xx answer other than 429). */
class PermanentFailure extends Error {}

export function createNotifier(config: AlertConfig, options: NotifierOptions = {}): Notifier {
  const post = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const delays = options.retryDelaysMs ?? [1000, 2000];
  const timeoutMs = options.timeoutMs ?? 10_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<void> {
    let response: Response;
    try {
      response = await post(url, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "driftbook", ...headers },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const timedOut = (error as Error).name === "TimeoutError";
      throw new Error(timedOut ? `no answer within ${timeoutMs / 1000} s` : causeOf(error));
    }
    const text = await response.text().catch(() => "");
    if (response.ok) return;
    const failure = `HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ""}`;
    throw response.status >= 500 || response.status === 429 ? new Error(failure) : new PermanentFailure(failure);
  }

  function attempt(name: string, channel: ChannelConfig, notification: AlertNotification): Promise<void> {
    switch (channel.type) {
      case "webhook":
        return postJson(channel.url, webhookBody(notification, name, options.externalURL), channel.headers);
      case "slack":
        return postJson(channel.url, slackBody(notification));
      case "log": {
        const line = JSON.stringify({ at: new Date(now()).toISOString(), ...webhookBody(notification, name, options.externalURL) });
        return mkdir(dirname(channel.path), { recursive: true }).then(() => appendFile(channel.path, `${line}\n`));
      }
      default: {
        const unknown: never = channel;
        throw new Error(`unknown channel type ${JSON.stringify(unknown)}`);
      }
    }
  }

  async function deliver(name: string, notification: AlertNotification): Promise<Delivery> {
    const channel = Object.hasOwn(config.channels, name) ? config.channels[name] : undefined;
    const unavailable = config.unavailable?.[name];
    if (unavailable) return { channel: name, ok: false, attempts: 0, error: unavailable };
    if (!channel) return { channel: name, ok: false, attempts: 0, error: `no channel named "${name}" in driftbook.config.json` };
    for (let attempts = 1; ; attempts++) {
      try {
        await attempt(name, channel, notification);
        return { channel: name, ok: true, attempts };
      } catch (error) {
        if (error instanceof PermanentFailure || attempts > delays.length) {
          return { channel: name, ok: false, attempts, error: (error as Error).message };
        }
        await sleep(delays[attempts - 1]);
      }
    }
  }

  return {
    send: (channels, notification) => Promise.all(channels.map((name) => deliver(name, notification))),
  };
}

/** fetch's "fetch failed" hides the reason (ECONNREFUSED…) in `cause`. */
function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
