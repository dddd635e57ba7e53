/**
 * Wrong tokens per client address, from the login page and from `Authorization: Bearer`
 * alike. Past FAILURES_ALLOWED in the window, further wrong attempts from that address are
 * refused (429 with Retry-After) until the oldest failure ages out, so guessing runs at ten
 * tries per five minutes. Only wrong attempts are counted and refused: the right token always
 * gets in, so behind a proxy, where everyone shares one address, an attacker cannot lock the
 * team out.
 */

const FAILURES_ALLOWED = 10;
const FAILURE_WINDOW_MS = 5 * 60_000;
/** Addresses remembered before expired entries are swept, so a spray from many addresses stays bounded. */
const SWEEP_AT_ADDRESSES = 10_000;

export class FailureThrottle {
  /** Times of the failures in the window, oldest first, per address. */
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Records a wrong token from `address` and answers 0, or, when the address is over the
   * limit already, records nothing and answers the seconds until it may try again.
   */
  fail(address: string): number {
    const recent = this.recent(address);
    if (recent.length >= FAILURES_ALLOWED)
      return Math.max(1, Math.ceil((recent[0] + FAILURE_WINDOW_MS - this.now()) / 1000));
    if (this.failures.size >= SWEEP_AT_ADDRESSES) this.sweep();
    this.failures.set(address, [...recent, this.now()]);
    return 0;
  }

  private recent(address: string): number[] {
    const since = this.now() - FAILURE_WINDOW_MS;
    return (this.failures.get(address) ?? []).filter((at) => at > since);
  }

  private sweep(): void {
    for (const address of this.failures.keys()) {
      if (this.recent(address).length === 0) this.failures.delete(address);
    }
  }
}
