/**
 * Wrong tokens per client address, from the login page and from `Authorization: Bearer`
 * alike. Past FAILURES_ALLOWED in the window, further wrong attempts from that address are
 * refused (429 with Retry-After) until the oldest failure ages out, so guessing runs at ten
 * tries per five minutes. Only wrong attempts are counted and refused: the right token always
 * gets in, so behind a proxy, where everyone shares one address, an attacker cannot lock the
 * team out. The failures live in the database (`driftbook_login_failures`), so every server
 * sharing it counts them together: guessing against two servers is no faster than against one.
 */
import { writeTransaction, type Db } from "../store/db.ts";
import { holdTransactionLock } from "../store/transactionLock.ts";

const FAILURES_ALLOWED = 10;
const FAILURE_WINDOW_MS = 5 * 60_000;

export class FailureThrottle {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Records a wrong token from `address` and answers 0, or, when the address is over the
   * limit already, records nothing and answers the seconds until it may try again. Failures
   * that have left the window are forgotten on the way, whatever their address.
   */
  fail(address: string): number {
    return writeTransaction(this.db, () => {
      // Two servers counting the same address at once would each see room for one more.
      holdTransactionLock(this.db, `login-failures:${address}`);
      const now = this.now();
      this.db.prepare("delete from driftbook_login_failures where at <= ?").run(now - FAILURE_WINDOW_MS);
      const { failures, oldest } = this.db
        .prepare("select count(*) as failures, min(at) as oldest from driftbook_login_failures where address = ?")
        .get(address) as { failures: number; oldest: number | null };
      if (failures >= FAILURES_ALLOWED) return Math.max(1, Math.ceil((oldest! + FAILURE_WINDOW_MS - now) / 1000));
      this.db.prepare("insert into driftbook_login_failures (address, at) values (?, ?)").run(address, now);
      return 0;
    });
  }
}
