import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { driftbook, ROOT } from "../helpers/cli.ts";
import { tempDir, writeFiles } from "../helpers/workbooks.ts";

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  await writeFiles(dir, {
    "batch.csv": "id,age,region,prediction\nr1,30,north,1\nr2,40,south,0\n",
    "more.ndjson": '{"id":"r3","features":{"age":50,"region":"east"},"prediction":1}\n',
    "bad.csv": "id,age,region,prediction\nr4,51,west,1\nr5,old,north,1\n",
    "reference.json": JSON.stringify([{ features: { age: 35, region: "north" }, prediction: 1 }]),
  });
});
afterAll(() => cleanup());

const rows = (db: string, table: string) => {
  const connection = new Database(db, { readonly: true });
  try {
    return connection.prepare(`select count(*) from ${table}`).pluck().get();
  } finally {
    connection.close();
  }
};

describe("driftbook log and reference", () => {
  it("sets a new model's segments with --segments, and refuses to change those of a model with rows", async () => {
    const db = join(dir, "segments.db");
    expect((await driftbook(["log", "seg", join(dir, "batch.csv"), "--db", db, "--segments", "region"])).code).toBe(0);
    const connection = new Database(db, { readonly: true });
    try {
      expect(
        connection.prepare("select segments from driftbook_model_settings where model = 'seg'").pluck().get(),
      ).toBe('["region"]');
      const values = connection
        .prepare(
          "select segment_value from driftbook_profiles where segment = 'region' and grain = 'day' and column_name = '@rows' order by 1",
        )
        .pluck()
        .all();
      expect(values).toEqual(["north", "south"]);
    } finally {
      connection.close();
    }
    const again = await driftbook(["log", "seg", join(dir, "more.ndjson"), "--db", db, "--segments", "age"]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(
      '--segments: model seg has rows already, segmented by ["region"]: change them with PUT /api/v1/models/seg/settings',
    );
    const bad = await driftbook(["log", "other", join(dir, "batch.csv"), "--db", db, "--segments", "label"]);
    expect(bad.stderr).toContain('--segments: segments: "label" cannot be a segment');
  });

  it("logs CSV and NDJSON files, refuses a bad file whole, and sets the reference set", async () => {
    const db = join(dir, "cli.db");
    const first = await driftbook(["log", "credit", join(dir, "batch.csv"), "--db", db]);
    expect(first.stdout).toMatch(/logged 2 rows for credit/);
    expect((await driftbook(["log", "credit", join(dir, "more.ndjson"), "--db", db])).code).toBe(0);
    const bad = await driftbook(["log", "credit", join(dir, "bad.csv"), "--db", db]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.csv: row 2: field "age" expects a number .* nothing was written/);
    expect(rows(db, "credit")).toBe(3);
    const reference = await driftbook(["reference", "credit", join(dir, "reference.json"), "--db", db]);
    expect(reference.stdout).toMatch(/reference set to 1 rows for credit \(training, version 1\)/);
    expect(rows(db, "credit_reference")).toBe(1);
    const named = await driftbook(["reference", "credit", join(dir, "batch.csv"), "--name", "recent", "--db", db]);
    expect(named.stdout).toMatch(/reference set to 2 rows for credit \(recent, version 1\)/);
    const again = await driftbook(["reference", "credit", join(dir, "reference.json"), "--name", "recent", "--db", db]);
    expect(again.stdout).toMatch(/\(recent, version 2\)/);
    expect([rows(db, "credit_reference_recent"), rows(db, "credit_reference_recent__1")]).toEqual([1, 2]);
    const badName = await driftbook(["reference", "credit", join(dir, "batch.csv"), "--name", "No", "--db", db]);
    expect(badName.code).toBe(2);
    expect(badName.stderr).toMatch(/--name: reference name "No" must be/);
  });

  it("logs the README's example files (docs/example-predictions.*) to the same rows, CSV and NDJSON alike", async () => {
    const stored = [];
    for (const format of ["csv", "ndjson"]) {
      const db = join(dir, `example-${format}.db`);
      const file = join(ROOT, "docs", `example-predictions.${format}`);
      const logged = await driftbook(["log", "credit", file, "--db", db]);
      expect(logged.code, logged.stderr).toBe(0);
      const connection = new Database(db, { readonly: true });
      try {
        stored.push(
          connection
            .prepare(
              "select id, ts, age, income, region, prediction, score, proba_approve, proba_decline, label from credit order by id",
            )
            .all(),
        );
      } finally {
        connection.close();
      }
    }
    expect(stored[0]).toHaveLength(5);
    expect(stored[0]![2]).toEqual({
      id: "p-0003",
      ts: Date.parse("2026-11-20T09:01:10Z"),
      age: 23,
      income: null,
      region: "eu",
      prediction: "decline",
      score: 0.27,
      proba_approve: 0.27,
      proba_decline: 0.73,
      label: null,
    });
    expect(stored[1]).toEqual(stored[0]);
  });

  it("names an unknown file format and a missing file", async () => {
    expect((await driftbook(["log", "credit", join(dir, "data.xlsx")])).stderr).toMatch(/cannot tell the format/);
    expect((await driftbook(["log", "credit", join(dir, "missing.csv")])).stderr).toMatch(/no such file/);
  });
});
