/**
 * One delivery attempt to a configured channel: `webhook` (an Alertmanager-shaped JSON POST),
 * `alertmanager` (a POST to Alertmanager's own API), `slack` (an incoming webhook) and `log` (one
 * JSON line appended to a file). An attempt either lands or throws; whether and when to try
 * again is the outbox's business (delivery.ts), so nothing here waits or retries.
 */
import { appendFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import type { AlertConfig, ChannelConfig } from "./config.ts";
import { alertmanagerBody, slackBody, webhookBody, type AlertNotification } from "./payloads.ts";

/** An attempt that must not be repeated: the receiver answered 4xx (other than 408 and 429). */
export class PermanentFailure extends Error {}

export interface AttemptOptions {
  /** Ends the attempt early (the process stops waiting); its reason is the error. */
  signal?: AbortSignal;
  /** A firing alert's end for receivers that expire alerts not re-posted (Alertmanager). */
  validUntil: number;
}

export interface Sender {
  /** Delivers `notification` to channel `name` once; throws why it did not land. */
  send(name: string, notification: AlertNotification, options: AttemptOptions): Promise<void>;
  /** True when the channel must hear a firing alert again and again while it fires (Alertmanager). */
  reposts(name: string): boolean;
  /** Why channel `name` cannot be used by this process, or undefined when it can. */
  problem(name: string): string | undefined;
}

export interface SenderOptions {
  fetch?: typeof fetch;
  now?: () => number;
  /** Per-attempt time limit of an HTTP delivery. Default 10 s. */
  timeoutMs?: number;
  /** The server's base URL, as Alertmanager's `externalURL`. */
  externalURL?: string;
}

export const DEFAULT_ATTEMPT_TIMEOUT_MS = 10_000;

export function createSender(config: AlertConfig, options: SenderOptions = {}): Sender {
  const post = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
  const channelOf = (name: string): ChannelConfig | undefined =>
    Object.hasOwn(config.channels, name) ? config.channels[name] : undefined;
  const problem = (name: string): string | undefined =>
    config.unavailable?.[name] ?? (channelOf(name) ? undefined : `no channel named "${name}" in driftbook.config.json`);

  async function postJson(
    url: string,
    body: unknown,
    headers: Record<string, string>,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const timeout = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await post(url, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "driftbook", ...headers },
        body: JSON.stringify(body),
        signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
      });
    } catch (error) {
      if (signal?.aborted) throw new Error(String(signal.reason));
      throw new Error(timeout.aborted ? `no answer within ${timeoutMs / 1000} s` : causeOf(error));
    }
    const text = await response.text().catch(() => "");
    if (response.ok) return;
    const failure = `HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ""}`;
    const retryable = response.status >= 500 || response.status === 429 || response.status === 408;
    throw retryable ? new Error(failure) : new PermanentFailure(failure);
  }

  function attempt(
    name: string,
    channel: ChannelConfig,
    notification: AlertNotification,
    { signal, validUntil }: AttemptOptions,
  ): Promise<void> {
    switch (channel.type) {
      case "webhook":
        return postJson(channel.url, webhookBody(notification, name, options.externalURL), channel.headers, signal);
      case "alertmanager":
        return postJson(
          `${channel.url.replace(/\/+$/, "")}/api/v2/alerts`,
          alertmanagerBody(notification, validUntil),
          channel.headers,
          signal,
        );
      case "slack":
        return postJson(channel.url, slackBody(notification), {}, signal);
      case "log": {
        const line = JSON.stringify({
          at: new Date(now()).toISOString(),
          ...webhookBody(notification, name, options.externalURL),
        });
        return mkdir(dirname(channel.path), { recursive: true }).then(() => appendFile(channel.path, `${line}\n`));
      }
      default: {
        const unknown: never = channel;
        throw new Error(`unknown channel type ${JSON.stringify(unknown)}`);
      }
    }
  }

  return {
    async send(name, notification, attemptOptions) {
      const channel = channelOf(name);
      const reason = problem(name);
      if (reason !== undefined || !channel) throw new Error(reason);
      await attempt(name, channel, notification, attemptOptions);
    },
    reposts: (name) => channelOf(name)?.type === "alertmanager",
    problem,
  };
}

/** fetch's "fetch failed" hides the reason (ECONNREFUSED…) in `cause`. */
function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
