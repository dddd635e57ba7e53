/**
 * Share links in the database (SQLite or PostgreSQL, so any server sharing it opens them): one row per link with the SHA-256 of its token (never the token), the
 * identity of the workbook it opens (see workbookIds.ts: never its path, which another workbook
 * may take later), when it was created, when it expires, when it was last opened and whether it
 * was revoked. A revoked or expired link, or one whose workbook was deleted, resolves to nothing,
 * at once. Each write is one short statement or transaction on the server's main thread (see
 * "Main-thread writes" in store/db.ts).
 */
import { randomBytes } from "node:crypto";
import type { Share, ShareEnd } from "../protocol/index.ts";
import type { Db } from "../store/db.ts";
import { hashToken, newToken } from "./tokens.ts";
import { WorkbookIds } from "./workbookIds.ts";

export type { Share };

export const DEFAULT_SHARE_LIFETIME_MS = 30 * 86_400_000;
export const MAX_SHARE_LIFETIME_MS = 365 * 86_400_000;

/** A link's row joined with where its workbook is now. */
interface ShareRow {
  id: string;
  workbook: string;
  created_at: number;
  expires_at: number;
  last_access_at: number | null;
  downloads: number;
}

/** Links not revoked whose workbook still exists, with the path it is at now. */
const LIVE_SHARES = `select s.*, w.path as workbook from driftbook_shares s join driftbook_workbook_ids w on w.id = s.workbook_id
  where s.revoked_at is null`;

export class ShareStore {
  private readonly revokeListeners = new Set<(id: string, reason: ShareEnd) => void>();
  private readonly workbooks: WorkbookIds;

  constructor(private readonly db: Db) {
    this.workbooks = new WorkbookIds(db);
  }

  /**
   * A new link to the workbook now at `workbook` that works for `lifetimeMs`, letting viewers
   * download when `downloads` is set; the token is returned here only.
   */
  create(workbook: string, lifetimeMs: number, now = Date.now(), downloads = false): { share: Share; token: string } {
    const token = newToken();
    const share: Share = {
      id: randomBytes(9).toString("base64url"),
      workbook,
      createdAt: now,
      expiresAt: now + lifetimeMs,
      downloads,
    };
    this.db
      .prepare(
        "insert into driftbook_shares (id, token_hash, workbook_id, created_at, expires_at, downloads) values (?, ?, ?, ?, ?, ?)",
      )
      .run(
        share.id,
        hashToken(token),
        this.workbooks.idOf(workbook),
        share.createdAt,
        share.expiresAt,
        downloads ? 1 : 0,
      );
    return { share, token };
  }

  /** Links not revoked, newest first (those of one millisecond by id), of the workbook now at `workbook` or of all. */
  list(workbook?: string): Share[] {
    const rows = this.db
      .prepare(`${LIVE_SHARES} and (cast(? as text) is null or w.path = ?) order by s.created_at desc, s.id`)
      .all(workbook ?? null, workbook ?? null) as ShareRow[];
    return rows.map(shareOf);
  }

  /** The link this token opens now, or undefined when it is unknown, revoked, expired or its workbook was deleted. */
  resolve(token: string, now = Date.now()): Share | undefined {
    const row = this.db
      .prepare(`${LIVE_SHARES} and s.token_hash = ? and s.expires_at > ?`)
      .get(hashToken(token), now) as ShareRow | undefined;
    return row && shareOf(row);
  }

  /** The link still works at `now`: not revoked, not expired, its workbook not deleted. */
  isValid(id: string, now = Date.now()): boolean {
    return this.db.prepare(`${LIVE_SHARES} and s.id = ? and s.expires_at > ?`).get(id, now) !== undefined;
  }

  /** A workbook was created through Driftbook at `path`: links to a former workbook there end. */
  workbookCreated(path: string, now = Date.now()): void {
    this.revokeAllOf(this.workbooks.created(path), now);
  }

  /** Driftbook renamed a workbook: its links follow it; links to a former workbook at `to` end. */
  workbookRenamed(from: string, to: string, now = Date.now()): void {
    this.revokeAllOf(this.workbooks.renamed(from, to), now);
  }

  /** Driftbook deleted a workbook: its links are revoked and its open share views end. */
  workbookDeleted(path: string, now = Date.now()): void {
    this.revokeAllOf(this.workbooks.removed(path), now);
  }

  /** Records that the link was opened. */
  touch(id: string, now = Date.now()): void {
    this.db.prepare("update driftbook_shares set last_access_at = ? where id = ?").run(now, id);
  }

  /** Revokes a link at once; false when there is no such link or it was already revoked. */
  revoke(id: string, now = Date.now()): boolean {
    const { changes } = this.db
      .prepare("update driftbook_shares set revoked_at = ? where id = ? and revoked_at is null")
      .run(now, id);
    if (changes === 0) return false;
    for (const listener of this.revokeListeners) listener(id, "revoked");
    return true;
  }

  /** Calls `listener` with the id of every link revoked and why its views end; returns the unsubscribe function. */
  onRevoke(listener: (id: string, reason: ShareEnd) => void): () => void {
    this.revokeListeners.add(listener);
    return () => this.revokeListeners.delete(listener);
  }

  /** Revokes every link of a workbook that is gone; its views end as "removed". */
  private revokeAllOf(workbookId: string | undefined, now: number): void {
    if (workbookId === undefined) return;
    const ids = this.db
      .prepare("update driftbook_shares set revoked_at = ? where workbook_id = ? and revoked_at is null returning id")
      .pluck()
      .all(now, workbookId) as string[];
    for (const id of ids) for (const listener of this.revokeListeners) listener(id, "removed");
  }
}

function shareOf(row: ShareRow): Share {
  const share: Share = {
    id: row.id,
    workbook: row.workbook,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    downloads: Number(row.downloads) === 1,
  };
  if (row.last_access_at !== null) share.lastAccessAt = row.last_access_at;
  return share;
}
