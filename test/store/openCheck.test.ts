import { mkdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openChecked } from "../../server/store/openCheck.ts";
import { DatabaseOpenError } from "../../server/store/openError.ts";
import { writeCorruptDatabase, writeDatabase, writeTextFile, writeTruncatedDatabase } from "../helpers/damagedDb.ts";
import { tempDir } from "../helpers/workbooks.ts";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

/** The DatabaseOpenError that opening `path` throws. */
function openError(path: string, check?: "quick" | "full" | "off"): DatabaseOpenError {
  try {
    openChecked(path, check).close();
  } catch (error) {
    expect(error).toBeInstanceOf(DatabaseOpenError);
    return error as DatabaseOpenError;
  }
  throw new Error(`${path} opened`);
}

describe("openChecked", () => {
  it("opens a sound database and creates a missing one with its folder", () => {
    const sound = join(dir, "sound.db");
    writeDatabase(sound, 100);
    const db = openChecked(sound, "full");
    expect(db.prepare("select count(*) from credit").pluck().get()).toBe(100);
    db.close();
    openChecked(join(dir, "new", "folder", "fresh.db")).close();
  });

  it("gives a new file 64 KiB pages and leaves an existing file's page size as it is", () => {
    const fresh = openChecked(join(dir, "fresh.db"));
    fresh.exec("create table t (x real)");
    expect(fresh.pragma("page_size", { simple: true })).toBe(65_536);
    fresh.close();
    const old = join(dir, "old.db");
    const writer = new Database(old);
    writer.exec("create table t (x real)"); // SQLite's default, 4 KiB
    writer.close();
    const reopened = openChecked(old);
    expect(reopened.pragma("page_size", { simple: true })).toBe(4096);
    reopened.close();
  });

  it("refuses pages overwritten by garbage, quoting what quick_check and integrity_check report", () => {
    const path = join(dir, "corrupt.db");
    writeCorruptDatabase(path);
    for (const check of ["quick", "full"] as const) {
      const error = openError(path, check);
      expect(error.message).toMatch(
        new RegExp(
          `^cannot open ${path}: ${check === "quick" ? "quick_check" : "integrity_check"} found damage: .*(page|Page) \\d+`,
        ),
      );
      expect(error.hint).toMatch(/restore it from a backup/);
      expect(error.message.split("; ").length).toBeLessThanOrEqual(7); // at most 5 problems, then the hint
    }
    // The header is intact: with the check off the damage goes unnoticed at open.
    openChecked(path, "off").close();
  });

  it("names a file that is not a database, a truncated one and a directory", () => {
    const text = join(dir, "notes.db");
    writeTextFile(text);
    expect(openError(text).message).toBe(
      `cannot open ${text}: the file is not a SQLite database; restore it from a backup, or move it aside to start an empty one`,
    );
    const truncated = join(dir, "truncated.db");
    writeTruncatedDatabase(truncated);
    expect(openError(truncated, "off").reason).toMatch(/damaged \(database disk image is malformed\)/);
    const folder = join(dir, "folder.db");
    mkdirSync(folder);
    expect(openError(folder).reason).toBe("it is a directory, not a database file");
  });

  it("names a folder that cannot be created, without hanging", () => {
    const text = join(dir, "plain.txt");
    writeTextFile(text);
    expect(openError(join(text, "data", "x.db")).reason).toBe("its folder cannot be created (ENOTDIR)");
    // mkdir under /proc answers ENOENT although /proc exists; recursive mkdirSync loops on that.
    expect(openError("/proc/driftbook-missing/x.db").reason).toBe("its folder cannot be created (ENOENT)");
  });
});
