/**
 * `driftbook profile` as a real process over a database `driftbook log` filled: one profile per
 * day whose rows match `select count(*) … group by day`, the JSON shape, a reference set,
 * and errors naming the option.
 */
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { driftbook } from "../helpers/cli.ts";
import { tempDir, writeFiles } from "../helpers/workbooks.ts";

let dir: string;
let db: string;
let cleanup: () => Promise<void>;

/** Rows over five days of June 2024, more each day (day d has 3d rows, spread over its hours). */
function predictions(): string {
  const lines: string[] = [];
  for (let day = 1; day <= 5; day++)
    for (let i = 0; i < 3 * day; i++) {
      const ts = new Date(Date.UTC(2024, 5, day, (i * 5) % 24, i)).toISOString();
      lines.push(
        JSON.stringify({
          id: `d${day}-${i}`,
          ts,
          features: { amount: day * 100 + i, channel: i % 2 ? "web" : "store" },
          prediction: i % 2,
        }),
      );
    }
  return lines.join("\n") + "\n";
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  db = join(dir, "cli.db");
  await writeFiles(dir, {
    "june.ndjson": predictions(),
    "reference.json": JSON.stringify([{ features: { amount: 1, channel: "web" }, prediction: 1 }]),
  });
  expect((await driftbook(["log", "shop", join(dir, "june.ndjson"), "--db", db])).code).toBe(0);
  expect((await driftbook(["reference", "shop", join(dir, "reference.json"), "--db", db])).code).toBe(0);
});
afterAll(() => cleanup());

const profile = async (...args: string[]) => {
  const result = await driftbook(["profile", ...args, "--db", db]);
  return { ...result, json: result.code === 0 ? JSON.parse(result.stdout) : undefined };
};

describe("driftbook profile", () => {
  it("prints one profile per day whose rows match a count by day in SQL", async () => {
    const { code, json } = await profile("shop", "--every", "1d");
    expect(code).toBe(0);
    const connection = new Database(db, { readonly: true });
    const byDay = connection
      .prepare(
        "select strftime('%Y-%m-%dT00:00:00.000Z', ts / 1000, 'unixepoch') as start, count(*) as rows from shop group by 1 order by 1",
      )
      .all();
    connection.close();
    expect(json.model).toBe("shop");
    expect(json.profiles.map(({ start, rows }: { start: string; rows: number }) => ({ start, rows }))).toEqual(byDay);
    expect(byDay.map((day) => (day as { rows: number }).rows)).toEqual([3, 6, 9, 12, 15]);
    expect(json.profiles[0]).toEqual({
      start: "2024-06-01T00:00:00.000Z",
      end: "2024-06-02T00:00:00.000Z",
      rows: 3,
      columns: {
        amount: {
          type: "numeric",
          count: 3,
          missing: 0,
          min: 100,
          max: 102,
          mean: 101,
          std: 1,
          quantiles: {
            "0.01": 100,
            "0.05": 100,
            "0.25": expect.any(Number),
            "0.5": 101,
            "0.75": expect.any(Number),
            "0.95": 102,
            "0.99": 102,
          },
        },
        channel: { type: "categorical", count: 3, missing: 0, counts: { store: 2, web: 1 }, other: 0 },
        prediction: expect.objectContaining({ type: "numeric", count: 3 }),
      },
    });
  });

  it("dispatches rebuild to the store's command, after which the profiles read the same", async () => {
    const before = (await profile("shop", "--every", "1d")).json;
    const rebuild = await driftbook(["profile", "rebuild", "shop", "--db", db]);
    expect(rebuild.code, rebuild.stderr).toBe(0);
    expect((await profile("shop", "--every", "1d")).json.profiles.map((day: { rows: number }) => day.rows)).toEqual(
      before.profiles.map((day: { rows: number }) => day.rows),
    );
  });

  it("prints one entry for a window, and the reference set with --reference", async () => {
    const window = await profile("shop", "--since", "2024-06-02", "--until", "2024-06-04");
    expect(window.json.profiles).toEqual([
      expect.objectContaining({ start: "2024-06-02T00:00:00.000Z", end: "2024-06-04T00:00:00.000Z", rows: 15 }),
    ]);
    const reference = await profile("shop", "--reference");
    expect(reference.json.profiles).toEqual([expect.objectContaining({ start: null, end: null, rows: 1 })]);
    expect((await profile("shop", "--reference", "training")).json.profiles[0].rows).toBe(1);
  });

  it("refuses a bad option, an unknown model and a missing database, naming each", async () => {
    const bad = await profile("shop", "--every", "1x");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^driftbook profile: every: invalid duration "1x"/);
    expect((await profile("shop", "--segment", "=web")).stderr).toMatch(/--segment: expected COLUMN or COLUMN=VALUE/);
    expect((await profile("shop", "--segment", "channel=web")).stderr).toMatch(
      /segment: "channel" is not a segment column of model "shop" \(it declares none/,
    );
    expect((await profile("nope")).stderr).toMatch(/no model named "nope" \(models: shop\)/);
    const missing = await driftbook(["profile", "shop", "--db", join(dir, "none.db")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no database at .*none\.db/);
  });
});
