/**
 * Share links in SQLite: one row per link with the SHA-256 of its token (never the token), the
 * workbook it opens, when it was created, when it expires, when it was last opened and whether
 * it was revoked. A revoked or expired link resolves to nothing, at once. Each write is one
 * statement on the server's main thread (see "Main-thread writes" in store/db.ts).
 */
import { randomBytes } from "node:crypto";
import type { Share } from "../protocol/index.ts";
import type { Db } from "../store/db.ts";
import { hashToken, newToken } from "./tokens.ts";

export type { Share };

export const DEFAULT_SHARE_LIFETIME_MS = 30 * 86_400_000;
export const MAX_SHARE_LIFETIME_MS = 365 * 86_400_000;

interface ShareRow {
  id: string;
  workbook: string;
  created_at: number;
  expires_at: number;
  last_access_at: number | null;
}

export class ShareStore {
  private readonly revokeListeners = new Set<(id: string) => void>();

  constructor(private readonly db: Db) {}

  /** A new link to `workbook` that works for `lifetimeMs`; the token is returned here only. */
  create(workbook: string, lifetimeMs: number, now = Date.now()): { share: Share; token: string } {
    const token = newToken();
    const share: Share = { id: randomBytes(9).toString("base64url"), workbook, createdAt: now, expiresAt: now + lifetimeMs };
    this.db
      .prepare("insert into driftbook_shares (id, token_hash, workbook, created_at, expires_at) values (?, ?, ?, ?, ?)")
      .run(share.id, hashToken(token), workbook, share.createdAt, share.expiresAt);
    return { share, token };
  }

  /** Links not revoked, newest first, of one workbook or of all. */
  list(workbook?: string): Share[] {
    const rows = this.db
      .prepare("select * from driftbook_shares where revoked_at is null and (? is null or workbook = ?) order by created_at desc, rowid desc")
      .all(workbook ?? null, workbook ?? null) as ShareRow[];
    return rows.map(shareOf);
  }

  /** The link this token opens now, or undefined when it is unknown, revoked or expired. */
  resolve(token: string, now = Date.now()): Share | undefined {
    const row = this.db
      .prepare("select * from driftbook_shares where token_hash = ? and revoked_at is null and expires_at > ?")
      .get(hashToken(token), now) as ShareRow | undefined;
    return row && shareOf(row);
  }

  /** The link still works at `now`: not revoked, not expired. */
  isValid(id: string, now = Date.now()): boolean {
    return this.db.prepare("select 1 from driftbook_shares where id = ? and revoked_at is null and expires_at > ?").get(id, now) !== undefined;
  }

  /** Records that the link was opened. */
  touch(id: string, now = Date.now()): void {
    this.db.prepare("update driftbook_shares set last_access_at = ? where id = ?").run(now, id);
  }

  /** Revokes a link at once; false when there is no such link or it was already revoked. */
  revoke(id: string, now = Date.now()): boolean {
    const { changes } = this.db.prepare("update driftbook_shares set revoked_at = ? where id = ? and revoked_at is null").run(now, id);
    if (changes === 0) return false;
    for (const listener of this.revokeListeners) listener(id);
    return true;
  }

  /** Calls `listener` with the id of every link revoked; returns the unsubscribe function. */
  onRevoke(listener: (id: string) => void): () => void {
    this.revokeListeners.add(listener);
    return () => this.revokeListeners.delete(listener);
  }
}

function shareOf(row: ShareRow): Share {
  const share: Share = { id: row.id, workbook: row.workbook, createdAt: row.created_at, expiresAt: row.expires_at };
  if (row.last_access_at !== null) share.lastAccessAt = row.last_access_at;
  return share;
}
