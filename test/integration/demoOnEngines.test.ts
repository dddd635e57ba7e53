// The example workbooks' cells over the same seeded demo data on SQLite and on PostgreSQL: every
// cell settles, and every output is the same on both, byte for byte, so a workbook that keeps to
// portable SQL runs unchanged on either engine. (Their queries order the rows they feed to
// order-sensitive statistics, `order by ts, id`: without an `order by` the engines return rows
// in different orders.) Both runs read as of the seed's end (store/asOf.ts), so `since()` and
// `now` count from the same moment on both.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Output } from "../../server/protocol/index.ts";
import { seedDemo } from "../../server/demo/seed.ts";
import { RuntimeHost } from "../../server/runtime/host.ts";
import { PredictionStore } from "../../server/store/store.ts";
import { workbookFromText } from "../../server/workspace/workbookFile.ts";
import { ROOT } from "../helpers/cli.ts";
import { TODAY } from "../helpers/demoWorkbook.ts";
import { ENGINES, engineDatabases } from "../helpers/engines.ts";

const WORKBOOKS = ["credit-drift.md", "credit-performance.md", "credit-text.md", "credit-online.md"];

/** Each workbook's cells' outputs, by engine. */
const outputs = new Map<string, Map<string, Output[][]>>();

describe.each(ENGINES)("the example workbooks on %s", (engine) => {
  const databases = engineDatabases(engine);
  let location: string;
  beforeAll(async () => {
    location = await databases.location();
    const store = new PredictionStore(location);
    seedDemo(store, { now: TODAY });
    store.close();
  }, 180_000);

  it.each(WORKBOOKS)(
    "runs every cell of %s",
    async (workbook) => {
      const loaded = workbookFromText(workbook, readFileSync(join(ROOT, "workbooks", workbook), "utf8"));
      const host = new RuntimeHost({ dbPath: location, workbookId: workbook, asOf: TODAY, cellTimeoutMs: 120_000 });
      try {
        host.load(loaded.analysis, loaded.paramDefaults);
        await host.whenIdle();
        const cells = host.snapshot();
        expect(cells.filter((cell) => cell.status !== "fulfilled")).toEqual([]);
        const byEngine = outputs.get(workbook) ?? new Map<string, Output[][]>();
        byEngine.set(
          engine,
          cells.map((cell) => cell.outputs),
        );
        outputs.set(workbook, byEngine);
      } finally {
        await host.close();
      }
    },
    180_000,
  );
});

describe("SQLite and PostgreSQL", () => {
  afterAll(() => outputs.clear());
  it.each(WORKBOOKS)("give %s the same outputs", (workbook) => {
    const byEngine = outputs.get(workbook);
    expect(byEngine?.size, "both engines ran it").toBe(2);
    expect(byEngine!.get("postgres")).toEqual(byEngine!.get("sqlite"));
  });
});
