/**
 * Delivers the outbox (outbox.ts): a loop that claims the entries due, sends each rule's
 * entries for one channel as one notification, and records how the attempt went. A failed
 * attempt is retried with exponential backoff (1 s doubling to 5 min, with jitter) until it
 * lands or expires (24 h by default), `firing` and `resolved` alike; a 4xx answer rejects it for
 * good. Every attempt has its own time limit and channels are attempted concurrently, so a
 * hanging receiver holds only its own entries, and no run ever waits for one: `serve` keeps the
 * loop going in the background, `driftbook run` while it works and for a bounded time after
 * (drain). Firing alerts to Alertmanager are re-posted every `resendMs` while they stay open.
 */
import type { Db } from "../store/db.ts";
import { PermanentFailure, DEFAULT_ATTEMPT_TIMEOUT_MS, type Sender } from "./notify.ts";
import { Outbox, type AttemptResult, type NewEntry, type Outcome, type OutboxEntry } from "./outbox.ts";
import type { AlertNotification } from "./payloads.ts";

export interface Backoff {
  /** The wait after the first failure; it doubles after each further one. */
  firstMs: number;
  maxMs: number;
  /** The share of each wait taken off at random, so many entries that failed together spread out. */
  jitter: number;
}

export const DEFAULT_BACKOFF: Backoff = { firstMs: 1000, maxMs: 5 * 60_000, jitter: 0.2 };
export const DEFAULT_EXPIRE_MS = 24 * 3_600_000;
/** Prometheus's default `--rules.alert.resend-delay`. */
const DEFAULT_RESEND_MS = 60_000;

/** The wait after `failures` consecutive failures (≥ 1): firstMs·2^(failures−1), at most maxMs, less up to `jitter` of it. */
export function backoffDelay(
  failures: number,
  backoff: Backoff = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const full = Math.min(backoff.maxMs, backoff.firstMs * 2 ** Math.min(failures - 1, 40));
  return Math.round(full * (1 - backoff.jitter * random()));
}

/** What the loop counts, by channel, since the process started (GET /metrics). */
export interface DeliveryCounters {
  failedAttempts: Record<string, number>;
  /** Notifications rejected by their receiver or expired undelivered. */
  givenUp: Record<string, number>;
}

export interface DeliveryOptions {
  db: Db;
  sender: Sender;
  /** An undelivered notification is given up this long after it was queued; default 24 h. */
  expireMs?: number;
  backoff?: Partial<Backoff>;
  /** Re-post firing alerts to Alertmanager this often; default 1 min. */
  resendMs?: number;
  /** How long an attempt holds its entries; default the attempt time limit plus 5 s. */
  leaseMs?: number;
  /** Look for entries other processes queued this often; default 2 s. */
  pollMs?: number;
  /** Finished entries are forgotten this long after they were queued; default 7 days. */
  keepMs?: number;
  counters?: DeliveryCounters;
  now?: () => number;
  random?: () => number;
  onError?: (message: string, error: unknown) => void;
}

export class Delivery {
  readonly outbox: Outbox;
  readonly counters: DeliveryCounters;
  private readonly backoff: Backoff;
  private readonly now: () => number;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly stopping = new AbortController();
  /** Ids of the entries this process queued, for drain. */
  private readonly queued: number[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private nextPrune = 0;

  constructor(private readonly options: DeliveryOptions) {
    this.outbox = new Outbox(options.db);
    this.counters = options.counters ?? { failedAttempts: {}, givenUp: {} };
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.now = options.now ?? Date.now;
  }

  /**
   * Queues notifications; an entry for a channel this process cannot use is stored rejected
   * with the reason. Call it inside the transaction that stores their transitions: the loop
   * looks for them once the current task ends. Returns each touched transition's outcome.
   */
  enqueue(entries: Omit<NewEntry, "unusable">[]): Map<number, Outcome> {
    const checked = entries.map((entry) => {
      const unusable = this.options.sender.problem(entry.channel);
      return unusable === undefined ? entry : { ...entry, unusable };
    });
    const { ids, outcomes } = this.outbox.enqueue(checked, this.now(), this.options.expireMs ?? DEFAULT_EXPIRE_MS);
    this.queued.push(...ids);
    this.wake();
    return outcomes;
  }

  /** Starts the loop with a pass now: what is due starts its attempts before start() returns. */
  start(): void {
    this.running = true;
    this.pass();
  }

  /**
   * Waits, at most `timeoutMs`, until each entry this process queued was delivered once or
   * ended and no attempt is in flight; returns how many of its entries are left undelivered.
   */
  async drain(timeoutMs: number): Promise<number> {
    const deadline = this.now() + timeoutMs;
    for (;;) {
      const left = this.outbox.undelivered(this.queued);
      const remaining = deadline - this.now();
      if ((left === 0 && this.inFlight.size === 0) || remaining <= 0) return left;
      await new Promise((resolve) => setTimeout(resolve, Math.min(50, remaining)));
    }
  }

  /** Stops the loop; attempts in flight end now (recorded as failed with `reason`, to be retried later). */
  async stop(reason = "delivery stopped: the process is shutting down"): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.stopping.abort(reason);
    await Promise.allSettled([...this.inFlight]);
  }

  private wake(): void {
    if (!this.running) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.pass(), 0);
  }

  /** Claims what is due and starts its attempts without waiting for them, then sleeps until the next entry is due. */
  private pass(): void {
    const now = this.now();
    const { outbox } = this;
    try {
      if (now >= this.nextPrune) {
        outbox.prune(now - (this.options.keepMs ?? 7 * 86_400_000));
        this.nextPrune = now + 3_600_000;
      }
      const { claimed, expired } = outbox.claimDue(now, this.options.leaseMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS + 5000);
      for (const entry of expired) count(this.counters.givenUp, entry.channel);
      for (const group of groupsOf(claimed)) {
        const attempt = this.attempt(group).finally(() => this.inFlight.delete(attempt));
        this.inFlight.add(attempt);
      }
    } catch (error) {
      this.report("delivering notifications", error);
    }
    if (!this.running) return;
    let next: number | undefined;
    try {
      next = outbox.nextDue(now);
    } catch (error) {
      this.report("reading the outbox", error);
    }
    const pollMs = this.options.pollMs ?? 2000;
    this.timer = setTimeout(() => this.pass(), Math.min(pollMs, Math.max(0, (next ?? Infinity) - this.now())));
    this.timer.unref?.();
  }

  /** One attempt for one rule's entries to one channel, recorded entry by entry. */
  private async attempt(entries: OutboxEntry[]): Promise<void> {
    const [{ ruleId, rule, workbook, link, channel, evaluationIntervalMs }] = entries;
    const { sender } = this.options;
    const resendMs = this.options.resendMs ?? DEFAULT_RESEND_MS;
    const notification: AlertNotification = {
      ruleId,
      rule,
      workbook,
      ...(link && { link }),
      alerts: entries.map((entry) => entry.alert),
    };
    const validUntil = this.now() + 4 * Math.max(resendMs, evaluationIntervalMs ?? 0);
    let resultOf: (entry: OutboxEntry) => AttemptResult;
    try {
      await sender.send(channel, notification, { signal: this.stopping.signal, validUntil });
      const reposts = sender.reposts(channel);
      resultOf = (entry) => ({
        kind: "delivered",
        ...(reposts && entry.alert.status === "firing" && { repostAt: this.now() + resendMs }),
      });
    } catch (error) {
      const message = (error as Error).message;
      count(this.counters.failedAttempts, channel);
      if (error instanceof PermanentFailure) count(this.counters.givenUp, channel, entries.length);
      resultOf =
        error instanceof PermanentFailure
          ? () => ({ kind: "rejected", error: message })
          : (entry) => ({
              kind: "failed",
              error: message,
              retryAt: this.now() + backoffDelay(entry.failures + 1, this.backoff, this.options.random),
            });
    }
    try {
      for (const entry of entries) this.outbox.record(entry, resultOf(entry), this.now());
    } catch (error) {
      this.report(`recording a delivery to ${channel}`, error);
    }
    this.wake();
  }

  private report(message: string, error: unknown): void {
    (this.options.onError ?? ((text, cause) => console.error(`${text}:`, cause)))(message, error);
  }
}

/** Claimed entries by rule and channel: each group is one notification. */
function groupsOf(entries: OutboxEntry[]): OutboxEntry[][] {
  const groups = new Map<string, OutboxEntry[]>();
  for (const entry of entries) {
    const key = JSON.stringify([entry.ruleId, entry.channel]);
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  return [...groups.values()];
}

function count(counter: Record<string, number>, channel: string, by = 1): void {
  counter[channel] = (counter[channel] ?? 0) + by;
}
