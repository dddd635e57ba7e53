/**
 * Live sessions keyed by workbook and params: viewers asking for the same param values share one
 * session, so a hundred viewers cost what their distinct choices do. Sessions with params other
 * than the defaults are capped (`--max-sessions`); past the cap the least recently used one is
 * closed first, as a cache would evict it. The workbook's default session is not counted: it is
 * the one every editor and plain link shares.
 */

/** The default of `--max-sessions`: parameterised sessions open at once, server-wide. */
export const DEFAULT_MAX_SESSIONS = 8;

/** A session's key: the path alone for the defaults, else the path and the overrides in name order. */
export function sessionKey(path: string, overrides: Record<string, unknown>): string {
  const names = Object.keys(overrides).sort();
  if (names.length === 0) return path;
  return `${path}?${JSON.stringify(names.map((name) => [name, overrides[name]]))}`;
}

/** The parameterised sessions in order of use, least recent first. */
export class SessionCap {
  private readonly order = new Set<string>();

  constructor(readonly max: number) {
    if (!Number.isSafeInteger(max) || max < 1)
      throw new Error(`the session cap must be a whole number of at least 1, got ${max}`);
  }

  /** The session `key` is used now; returns the keys to close, least recently used first, so at most `max` stay open. */
  use(key: string): string[] {
    this.order.delete(key);
    this.order.add(key);
    const evicted: string[] = [];
    for (const oldest of this.order) {
      if (this.order.size - evicted.length <= this.max) break;
      evicted.push(oldest);
    }
    for (const key of evicted) this.order.delete(key);
    return evicted;
  }

  /** The session `key` closed on its own (idle, file removed). */
  forget(key: string): void {
    this.order.delete(key);
  }

  get size(): number {
    return this.order.size;
  }
}
