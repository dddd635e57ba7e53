import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RunStore } from "../../server/runs/store.ts";
import { openDatabase } from "../../server/store/db.ts";
import { driftbook } from "../helpers/cli.ts";
import { gitIn, tempRepo } from "../helpers/git.ts";
import { tempDir, workbookText } from "../helpers/workbooks.ts";
import type { Provenance } from "../../server/protocol/index.ts";

let repo: Awaited<ReturnType<typeof tempRepo>>;
let data: Awaited<ReturnType<typeof tempDir>>;
let first: string;
beforeAll(async () => {
  repo = await tempRepo({ folder: "monitoring" });
  data = await tempDir();
  await writeFile(join(repo.workbooks, "daily.md"), workbookText("const threshold = 0.1;", "threshold * 100"));
  await gitIn(repo.top, "add", "-A");
  await gitIn(repo.top, "commit", "-q", "-m", "first");
  first = (await gitIn(repo.top, "rev-parse", "HEAD")).trim();
  await writeFile(join(repo.workbooks, "daily.md"), workbookText("const threshold = 0.2;", "threshold * 100"));
  await gitIn(repo.top, "commit", "-q", "-am", "second");
});
afterAll(async () => {
  await repo.cleanup();
  await data.cleanup();
});

const file = () => join(repo.workbooks, "daily.md");
const db = () => join(data.dir, "runs.db");

describe("driftbook run --rev", () => {
  it("runs a past version of the workbook on today's data and records its commit", async () => {
    const json = join(data.dir, "old.json");
    const result = await driftbook([
      "run",
      file(),
      "--rev",
      first.slice(0, 8),
      "--json",
      json,
      "--db",
      db(),
      "--workbooks",
      repo.workbooks,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`as of commit ${first.slice(0, 7)}`);
    const report = JSON.parse(await readFile(json, "utf8")) as {
      cells: { outputs: unknown[] }[];
      provenance: Provenance;
    };
    expect(report.cells[1].outputs).toEqual([{ kind: "json", value: 10 }]);
    expect(report.provenance).toMatchObject({ gitCommit: first, gitStatus: "clean", trigger: "cli" });
    expect(await readFile(file(), "utf8")).toContain("0.2");

    const current = await driftbook(["run", file(), "--json", json, "--db", db(), "--workbooks", repo.workbooks]);
    expect(current.code).toBe(0);
    expect((JSON.parse(await readFile(json, "utf8")) as { cells: { outputs: unknown[] }[] }).cells[1].outputs).toEqual([
      { kind: "json", value: 20 },
    ]);

    const store = openDatabase(db());
    try {
      const [latest, past] = new RunStore(store).list("daily.md").runs;
      expect(past.gitCommit).toBe(first);
      expect([past.production, latest.production]).toEqual([false, true]); // a past version is a what-if
      expect(latest.gitCommit).toBe((await gitIn(repo.top, "rev-parse", "HEAD")).trim());
    } finally {
      store.close();
    }
  }, 30_000);

  it("refuses hostile and unknown revisions without running git options", async () => {
    const marker = join(data.dir, "pwned");
    for (const rev of [`--output=${marker}`, ";rm -rf /", `$(touch ${marker})`, "HEAD:../x", "0000000000"]) {
      const result = await driftbook(["run", file(), `--rev=${rev}`, "--db", db()]);
      expect(result.code, rev).toBe(2);
      expect(result.stderr, rev).toMatch(/--rev: .*(revision is a commit hash|names no commit)/);
    }
    expect(existsSync(marker)).toBe(false);
    const outside = await tempDir();
    try {
      await writeFile(join(outside.dir, "a.md"), workbookText("1"));
      const result = await driftbook(["run", join(outside.dir, "a.md"), "--rev", "HEAD", "--db", db()]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/not in a git repository/);
    } finally {
      await outside.cleanup();
    }
  }, 30_000);
});
