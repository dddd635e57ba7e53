import { describe, expect, it } from "vitest";
import { ShareStore } from "../../server/shares/store.ts";
import { hashToken, newToken, sameSecret } from "../../server/shares/tokens.ts";
import { ENGINES, openedDatabase } from "../helpers/engines.ts";

const DAY = 86_400_000;

describe("share tokens", () => {
  it("are 32 random bytes in base64url, never twice the same", () => {
    const tokens = new Set(Array.from({ length: 1000 }, newToken));
    expect(tokens.size).toBe(1000);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, "base64url")).toHaveLength(32);
    }
  });

  it("are stored as their SHA-256", () => {
    expect(hashToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("compare equal only when equal, whatever their lengths", () => {
    expect(sameSecret("a-long-secret-token", "a-long-secret-token")).toBe(true);
    expect(sameSecret("a-long-secret-tokem", "a-long-secret-token")).toBe(false);
    expect(sameSecret("short", "a-long-secret-token")).toBe(false);
    expect(sameSecret("", "a-long-secret-token")).toBe(false);
  });
});

describe.each(ENGINES)("ShareStore on %s", (engine) => {
  const database = openedDatabase(engine, "all");

  it("stores only the token's hash and resolves the token to its link until it expires", () => {
    const shares = new ShareStore(database.db);
    const now = Date.parse("2026-11-26T12:00:00Z");
    const { share, token } = shares.create("credit-drift.md", 30 * DAY, now);
    expect(share).toEqual({
      id: expect.any(String),
      workbook: "credit-drift.md",
      createdAt: now,
      expiresAt: now + 30 * DAY,
      downloads: false,
    });
    const stored = database.db.prepare("select * from driftbook_shares where id = ?").get(share.id) as Record<
      string,
      unknown
    >;
    expect(stored.token_hash).toBe(hashToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);

    expect(shares.resolve(token, now + DAY)).toEqual(share);
    expect(shares.resolve(token, now + 30 * DAY)).toBeUndefined();
    expect(shares.resolve(token + "x", now)).toBeUndefined();
    expect(shares.resolve(hashToken(token), now)).toBeUndefined();
    expect(shares.isValid(share.id, now)).toBe(true);
    expect(shares.isValid(share.id, now + 31 * DAY)).toBe(false);
  });

  it("keeps whether a link lets viewers download", () => {
    const shares = new ShareStore(database.db);
    const { share, token } = shares.create("downloads.md", DAY, 1000, true);
    expect(share.downloads).toBe(true);
    expect(shares.resolve(token, 2000)?.downloads).toBe(true);
    expect(shares.list("downloads.md").map((link) => link.downloads)).toEqual([true]);
  });

  it("lists a workbook's links newest first with their last access, and forgets revoked ones at once", () => {
    const shares = new ShareStore(database.db);
    const revoked: string[] = [];
    shares.onRevoke((id) => revoked.push(id));
    const first = shares.create("a.md", DAY, 1000);
    const second = shares.create("a.md", DAY, 2000);
    shares.create("b.md", DAY, 3000);
    shares.touch(first.share.id, 1500);
    expect(shares.list("a.md")).toEqual([second.share, { ...first.share, lastAccessAt: 1500 }]);

    expect(shares.revoke(first.share.id)).toBe(true);
    expect(revoked).toEqual([first.share.id]);
    expect(shares.resolve(first.token, 1600)).toBeUndefined();
    expect(shares.list("a.md")).toEqual([second.share]);
    expect(shares.revoke(first.share.id)).toBe(false);
    expect(shares.revoke("no-such-id")).toBe(false);
    expect(revoked).toEqual([first.share.id]);
  });

  it("bind a link to its workbook's identity: renames move it, a delete or a new workbook at the path ends it", () => {
    const shares = new ShareStore(database.db);
    const ended: [string, string][] = [];
    shares.onRevoke((id, reason) => ended.push([id, reason]));
    const link = shares.create("old.md", DAY, 1000);
    shares.workbookRenamed("old.md", "new.md", 1100);
    expect(shares.resolve(link.token, 1200)).toEqual({ ...link.share, workbook: "new.md" });
    expect(shares.list("old.md")).toEqual([]);

    shares.workbookDeleted("new.md", 1300);
    expect(ended).toEqual([[link.share.id, "removed"]]);
    expect(shares.resolve(link.token, 1400)).toBeUndefined();
    const again = shares.create("new.md", DAY, 1500); // a new workbook at the same path
    expect(shares.resolve(link.token, 1600)).toBeUndefined();
    expect(shares.resolve(again.token, 1600)?.id).toBe(again.share.id);

    // A file deleted outside Driftbook keeps its id until a workbook is created there through it.
    shares.workbookCreated("new.md", 1700);
    expect(shares.resolve(again.token, 1800)).toBeUndefined();
    expect(ended).toEqual([
      [link.share.id, "removed"],
      [again.share.id, "removed"],
    ]);
  });
});
