import { spawn } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { driftbook, ROOT } from "../helpers/cli.ts";
import { tempDir } from "../helpers/workbooks.ts";

const INGEST_LOOP = fileURLToPath(new URL("../helpers/ingestLoop.ts", import.meta.url));
const BATCH = 2000;

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir()));
afterAll(() => cleanup());

describe("driftbook backup", () => {
  it("copies the database while another process logs batches: the copy is whole and holds whole batches", async () => {
    const db = join(dir, "live.db");
    const loop = spawn(process.execPath, ["--import", "tsx", INGEST_LOOP, db, String(BATCH)], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let logged = 0;
    const warm = new Promise<void>((resolve) =>
      loop.stdout.on("data", (chunk: Buffer) => {
        logged += chunk.toString().split("\n").filter(Boolean).length;
        if (logged >= 5) resolve();
      }),
    );
    try {
      await warm;
      const atStart = logged;
      const copy = join(dir, "copy.db");
      const result = await driftbook(["backup", copy, "--db", db]);
      expect(result.stderr).toBe("");
      expect(result.stdout).toMatch(/^backed up .*live\.db to .*copy\.db: [\d.]+ MB \(\d+ pages\) in [\d.]+ s\n$/);
      expect(logged).toBeGreaterThan(atStart); // the loop kept committing while the copy was taken

      const copied = new Database(copy, { readonly: true });
      try {
        expect(copied.pragma("integrity_check", { simple: true })).toBe("ok");
        const perBatch = copied.prepare("select ts, count(*) as rows from loop group by ts order by ts").all() as {
          ts: number;
          rows: number;
        }[];
        // A consistent prefix: batches 0..n-1, each with all its rows.
        expect(perBatch.length).toBeGreaterThanOrEqual(atStart);
        expect(perBatch).toEqual(perBatch.map((_, ts) => ({ ts, rows: BATCH })));
      } finally {
        copied.close();
      }
      expect(readdirSync(dir).filter((name) => name.includes(".partial-"))).toEqual([]);
    } finally {
      loop.kill();
    }
  });

  it("refuses to overwrite a file without --force, and names a missing or damaged database", async () => {
    const db = join(dir, "small.db");
    const first = new Database(db);
    first.exec("create table t (x); insert into t values (1)");
    first.close();
    const copy = join(dir, "small-copy.db");
    writeFileSync(copy, "keep me");
    const refused = await driftbook(["backup", copy, "--db", db]);
    expect([refused.code, refused.stderr]).toEqual([
      2,
      `driftbook backup: ${copy} exists: pass --force to overwrite it\n`,
    ]);
    expect((await driftbook(["backup", copy, "--db", db, "--force"])).code).toBe(0);
    const copied = new Database(copy, { readonly: true });
    expect(copied.prepare("select x from t").pluck().all()).toEqual([1]);
    copied.close();

    const missing = await driftbook(["backup", join(dir, "x.db"), "--db", join(dir, "none.db")]);
    expect(missing.stderr).toMatch(/no database at .*none\.db/);
    writeFileSync(join(dir, "text.db"), "not a database at all, just some text that is long enough".repeat(20));
    const damaged = await driftbook(["backup", join(dir, "y.db"), "--db", join(dir, "text.db")]);
    expect(damaged.stderr).toMatch(/cannot open .*text\.db: the file is not a SQLite database/);
    expect(existsSync(join(dir, "y.db"))).toBe(false);
    expect((await driftbook(["backup", db, "--db", db])).stderr).toMatch(/is the database itself/);
    expect((await driftbook(["backup", join(dir, "no", "such.db"), "--db", db])).stderr).toMatch(
      /folder .* does not exist/,
    );
  });
});
