import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { storedReport } from "../../server/runs/reports.ts";
import { RunStore } from "../../server/runs/store.ts";
import { isBusy, openDatabase, openSqlite, writeTransaction } from "../../server/store/db.ts";
import { ROOT } from "../helpers/cli.ts";
import { EARLIEST_UNDONE, rollBackBefore, type Migration } from "../helpers/schemaHistory.ts";
import { tempDir } from "../helpers/workbooks.ts";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

/** Another connection that holds the database's write lock until released. */
function holdWriteLock(path: string): () => void {
  const holder = new Database(path);
  holder.exec("begin immediate");
  return () => {
    holder.exec("rollback");
    holder.close();
  };
}

/** A separate process that holds the write lock for `ms`; resolves once it holds it. */
function holdWriteLockElsewhere(path: string, ms: number): Promise<void> {
  const script = `const db = new (require("better-sqlite3"))(${JSON.stringify(path)}); db.exec("begin immediate");
    console.log("held"); setTimeout(() => db.exec("commit"), ${ms});`;
  const child = spawn(process.execPath, ["-e", script], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.stdout.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`the lock holder exited with ${code}`)));
  });
}

describe("openDatabase", () => {
  it("opens a database with a current schema while another connection holds the write lock", () => {
    const path = join(dir, "current.db");
    openDatabase(path).close();
    const release = holdWriteLock(path);
    try {
      const started = Date.now();
      const db = openSqlite(path, { busyTimeoutMs: 0 });
      expect(Date.now() - started).toBeLessThan(1000);
      expect(db.pragma("user_version", { simple: true })).toBeGreaterThan(0);
      db.close();
    } finally {
      release();
    }
  });
});

/** The schema as SQLite keeps it: every table, index and column definition. */
function schemaOf(path: string): unknown[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare("select type, name, tbl_name, sql from sqlite_schema order by type, name").all();
  } finally {
    db.close();
  }
}

describe("migrations", () => {
  it.each<Migration>([EARLIEST_UNDONE, "profiles", "shareDownloads"])(
    "run again from before %s, give today's schema (the tests' undo list has every migration)",
    (migration) => {
      const fresh = join(dir, "fresh.db");
      openDatabase(fresh).close();
      const path = join(dir, `${migration}.db`);
      openDatabase(path).close();
      const raw = new Database(path);
      rollBackBefore(raw, migration);
      raw.close();
      openDatabase(path).close();
      expect(schemaOf(path)).toEqual(schemaOf(fresh));
    },
  );

  it("renames a stored run error's `cell` to `cellIndex`, keeping the errors' order and fields", () => {
    const path = join(dir, "old.db");
    openDatabase(path).close();
    const raw = new Database(path);
    const old = [{ cell: 2, line: 4, message: "b" }, { message: "outside" }, { cell: 0, message: "a" }];
    raw
      .prepare(
        `insert into driftbook_runs (workbook, content_hash, git_commit, params, trigger, started_at, duration_ms, status, cells, errors, alerts)
       values ('w.md', 'h', null, '{}', 'cli', 1, 1, 'failed', '[]', ?, '[]')`,
      )
      .run(JSON.stringify(old));
    rollBackBefore(raw, "cellIndex");
    raw.close();
    const db = openDatabase(path);
    const { errors } = db.prepare("select errors from driftbook_runs").get() as { errors: string };
    db.close();
    expect(JSON.parse(errors)).toEqual([
      { cellIndex: 2, line: 4, message: "b" },
      { message: "outside" },
      { cellIndex: 0, message: "a" },
    ]);
  });
});

describe("the runs' production migration", () => {
  it("records the runs stored before it as production runs", () => {
    const path = join(dir, "before-production.db");
    openDatabase(path).close();
    const raw = new Database(path);
    rollBackBefore(raw, "production");
    raw
      .prepare(
        `insert into driftbook_runs (workbook, content_hash, git_commit, params, trigger, started_at, duration_ms, status, cells, errors, alerts)
       values ('w.md', 'h', null, '{}', 'cli', 1, 1, 'ok', '[]', '[]', '[]')`,
      )
      .run();
    raw.close();
    const db = openDatabase(path);
    expect(new RunStore(db).list("w.md").runs).toEqual([expect.objectContaining({ production: true })]);
    db.close();
  });
});

describe("the several-servers migration", () => {
  it("moves the run reports earlier versions wrote as files into the database", async () => {
    const path = join(dir, "reports-as-files.db");
    openDatabase(path).close();
    const raw = new Database(path);
    rollBackBefore(raw, "severalServers");
    const insert = raw.prepare(
      `insert into driftbook_runs (workbook, content_hash, params, trigger, started_at, duration_ms, status, cells, errors, alerts, report_path)
       values ('w.md', 'h', '{}', 'schedule', 1, 1, 'ok', '[]', '[]', '[]', ?)`,
    );
    await writeFile(join(dir, "1.html"), "<h1>run 1</h1>");
    const kept = Number(insert.run(join(dir, "1.html")).lastInsertRowid);
    const lost = Number(insert.run(join(dir, "2.html")).lastInsertRowid); // its file was deleted by hand
    raw.close();
    const db = openDatabase(path);
    expect(storedReport(db, kept)).toBe("<h1>run 1</h1>");
    expect(storedReport(db, lost)).toBeUndefined();
    const runs = new RunStore(db);
    expect([runs.get(kept)?.reportPath, runs.get(lost)?.reportPath]).toEqual([
      `/api/v1/runs/${kept}/report`,
      undefined,
    ]);
    db.close();
  });
});

describe("writeTransaction", () => {
  it("answers SQLITE_BUSY once the busy timeout has passed, having written nothing", () => {
    const path = join(dir, "busy.db");
    const db = openDatabase(path, { busyTimeoutMs: 50 });
    db.exec("create table t (x)");
    const release = holdWriteLock(path);
    try {
      let error: unknown;
      try {
        writeTransaction(db, () => db.prepare("insert into t values (1)").run());
      } catch (caught) {
        error = caught;
      }
      expect(isBusy(error)).toBe(true);
    } finally {
      release();
    }
    expect(db.prepare("select count(*) from t").pluck().get()).toBe(0);
    db.close();
  });

  it("waits and tries again while the connection's retryBusy allows", async () => {
    const path = join(dir, "retry.db");
    const attempts: number[] = [];
    const db = openDatabase(path, {
      busyTimeoutMs: 20,
      retryBusy: (attempt) => (attempts.push(attempt), attempt < 50 ? 50 : undefined),
    });
    db.exec("create table t (x)");
    await holdWriteLockElsewhere(path, 300);
    // A read first, then a write: with a deferred transaction this fails at once whatever the timeout.
    writeTransaction(db, () => db.prepare("insert into t select count(*) from t").run());
    expect(attempts.length).toBeGreaterThan(0);
    expect(db.prepare("select x from t").pluck().all()).toEqual([0]);
    db.close();
  });
});
