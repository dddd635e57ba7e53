import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqlite } from "../../server/store/db.ts";
import { PredictionStore } from "../../server/store/store.ts";
import { driftbook, ROOT } from "../helpers/cli.ts";
import { exactProfiles, storedProfiles } from "../helpers/profiles.ts";
import { NUMERIC_COLUMNS, profileRows, seeded } from "../helpers/profileData.ts";
import { expectProfilesMatchSql } from "../helpers/profileSql.ts";
import { rollBackBefore } from "../helpers/schemaHistory.ts";
import { startServeProcess } from "../helpers/serveProcess.ts";
import { tempDir } from "../helpers/workbooks.ts";

const COLUMNS = { numeric: NUMERIC_COLUMNS, categorical: ["five", "many", "flag", "region"] };
const FROM = Date.UTC(2026, 2, 1);

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir()));
afterAll(() => cleanup());

/** A database as Driftbook wrote it before profiles: the schema before theirs, and rows without ingested_at. */
function oldDatabase(path: string): void {
  const store = new PredictionStore(path);
  store.log("old", profileRows(seeded(11), 3000, { from: FROM, hours: 30, idPrefix: "old" }));
  store.close();
  const db = openSqlite(path);
  rollBackBefore(db, "profiles");
  db.exec("alter table old drop column ingested_at; alter table old drop column label_ingested_at");
  db.close();
}

describe("driftbook profile rebuild", () => {
  it("serve says a database logged before profiles needs a rebuild, and the rebuild brings its profiles", async () => {
    const path = join(dir, "old.db");
    oldDatabase(path);
    const server = await startServeProcess(["--db", path, "--workbooks", dir]);
    try {
      const models = (await (await fetch(`${server.url}/api/v1/models`)).json()) as {
        name: string;
        profiles: string;
      }[];
      expect(models).toMatchObject([{ name: "old", profiles: "rebuild-needed" }]);
      expect(server.output()).toContain(
        "The profiles of model old need a rebuild: run `driftbook profile rebuild old`",
      );
    } finally {
      await server.stop();
    }
    const rebuilt = await driftbook(["profile", "rebuild", "old", "--db", path]);
    expect(rebuilt.stderr).toMatch(/rebuilding profiles: 3,000 rows, 100% of the table/);
    expect(rebuilt).toMatchObject({ code: 0, stdout: "rebuilt the profiles of old from 3,000 rows\n" });
    const store = new PredictionStore(path);
    try {
      expect(store.model("old")!.profiles).toBe("current");
      expectProfilesMatchSql(store.db, "old", COLUMNS);
      // Old rows have no ingested_at; the first write adds the column, and the new rows fill it.
      store.log("old", profileRows(seeded(12), 10, { from: FROM, hours: 30, idPrefix: "new" }));
      expect(store.db.prepare("select count(ingested_at) from old").pluck().get()).toBe(10);
      expectProfilesMatchSql(store.db, "old", COLUMNS);
    } finally {
      store.close();
    }
  });

  it("refuses a model that is not there, naming it", async () => {
    const path = join(dir, "empty.db");
    new PredictionStore(path).close();
    const result = await driftbook(["profile", "rebuild", "nope", "--db", path]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`driftbook profile: no model named "nope" with predictions in ${path}`);
  });

  it("after kill -9 of driftbook log mid-file, every profile's exact fields equal a rebuild from the rows", async () => {
    const path = join(dir, "killed.db");
    const file = join(dir, "stream.ndjson");
    const rows = profileRows(seeded(13), 60_000, { from: FROM, hours: 48, idPrefix: "k" });
    await writeFile(
      file,
      rows
        .map(({ id, ts, features, prediction, score }) => JSON.stringify({ id, ts, features, prediction, score }))
        .join("\n"),
    );
    const child = spawn(
      process.execPath,
      [join(ROOT, "bin/driftbook.js"), "log", "killed", file, "--db", path, "--chunk-mb", "0.2"],
      {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const exited = new Promise((resolve) => child.once("exit", resolve));
    await new Promise<void>((resolve) => {
      let stderr = "";
      child.stderr.on("data", (chunk) => {
        stderr += chunk;
        if (/logging: [\d,]+ rows, [2-9]\d% of the file/.test(stderr)) resolve();
      });
    });
    child.kill("SIGKILL");
    await exited;
    const store = new PredictionStore(path);
    try {
      const logged = store.db.prepare("select count(*) from killed").pluck().get() as number;
      expect(logged).toBeGreaterThan(0);
      expect(logged).toBeLessThan(rows.length);
      const atKill = exactProfiles(store.db, "killed", NUMERIC_COLUMNS);
      expectProfilesMatchSql(store.db, "killed", COLUMNS);
      const rebuilt = await driftbook(["profile", "rebuild", "killed", "--db", path]);
      expect(rebuilt.code).toBe(0);
      expect(exactProfiles(store.db, "killed", NUMERIC_COLUMNS)).toEqual(atKill);
      expect(storedProfiles(store.db, "killed").length).toBe(atKill.size);
    } finally {
      store.close();
    }
  });
});
