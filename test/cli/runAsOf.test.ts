/**
 * As-of runs of `driftbook run --as-of` (issue 19): the workbook sees the data as it was at T —
 * rows and labels that had arrived by then, since(), now and metrics() counting from T — and the
 * run is a what-if: it previews its alert rules, records no metric point, moves no alert and
 * queues nothing in the outbox; its record and reports say "as of T". A real CLI process, a real
 * database.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AlertStore } from "../../server/alerts/state.ts";
import type { Provenance } from "../../server/protocol/index.ts";
import type { RunReport } from "../../server/runtime/runWorkbook.ts";
import { RunStore } from "../../server/runs/store.ts";
import { openDatabase } from "../../server/store/db.ts";
import { PredictionStore } from "../../server/store/store.ts";
import { driftbook, runInFolder } from "../helpers/cli.ts";
import { tempDir, workbookText, writeFiles } from "../helpers/workbooks.ts";

const H = 3_600_000;
/** Two days ago, on the hour: the data's first prediction. */
const BASE = Math.floor(Date.now() / H) * H - 48 * H;
const AS_OF = BASE + 5 * H;

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  await writeFiles(dir, {
    "asof.md": workbookText(
      '```sql recent\nselect count(*) as n from credit where ts >= ${since("2h")}\n```',
      'const n = recent.get("n", 0);',
      '(await sql`select count(label) as labelled from credit`).get("labelled", 0)',
      'metrics("n").numRows()',
      'metric("n", n)',
      "now",
      "```alert many\nwhen: n >= 2\nnotify: [log]\n```",
    ),
    "driftbook.config.json": JSON.stringify({ channels: { log: { type: "log", path: join(dir, "alerts.log") } } }),
  });
  // One prediction an hour for ten hours, each logged as it happened; p0..p2 labelled at hour 4, the rest at hour 12.
  let clock = BASE;
  const store = new PredictionStore(join(dir, "asof.db"), { now: () => clock });
  for (let hour = 0; hour < 10; hour++) {
    clock = BASE + hour * H;
    store.log("credit", [{ row: 1, id: `p${hour}`, ts: clock, features: { income: hour }, prediction: 1 }]);
  }
  const label = (hours: number[]) => hours.map((hour) => ({ row: 1, id: `p${hour}`, label: 1 }));
  clock = BASE + 4 * H;
  store.attachLabels("credit", label([0, 1, 2]));
  clock = BASE + 12 * H;
  store.attachLabels("credit", label([3, 4, 5, 6, 7, 8, 9]));
  store.close();
});
afterAll(() => cleanup());

const run = (...args: string[]) => runInFolder(dir, "asof", ...args);

function stored() {
  const db = openDatabase(join(dir, "asof.db"));
  try {
    return {
      instances: new AlertStore(db).instances({ workbook: "asof.md" }),
      runs: new RunStore(db).list("asof.md").runs.reverse(),
      points: db.prepare("select at from driftbook_metric_points").pluck().all(),
      outbox: db.prepare("select count(*) from driftbook_outbox").pluck().get(),
    };
  } finally {
    db.close();
  }
}

/** The value each cell displayed, by cell index. */
async function shown(): Promise<{ values: unknown[]; report: RunReport & { provenance: Provenance } }> {
  const report = JSON.parse(await readFile(join(dir, "out.json"), "utf8")) as RunReport & { provenance: Provenance };
  const values = report.cells.map((cell) => {
    const [output] = cell.outputs;
    return output?.kind === "json" ? output.value : undefined;
  });
  return { values, report };
}

describe("driftbook run --as-of", () => {
  it("reads the data, since(), now and metrics() as of T, previews its rules, and records nothing but the run", async () => {
    const production = await run();
    expect(production.code).toBe(0); // nothing in the last 2 hours now: the rule stays normal
    expect(stored().points).toHaveLength(1);

    const asOf = await run("--as-of", new Date(AS_OF).toISOString().replace(":00.000Z", "Z"));
    expect(asOf.stdout).toContain(`as of ${new Date(AS_OF).toISOString()}: the data as it was then`);
    expect(asOf.stdout).toContain("what-if run: alert rules previewed from the stored state");
    expect(asOf.stdout).toContain("would fire  asof.md#many");
    expect(asOf.code).toBe(1);
    const { values, report } = await shown();
    // p3..p5 since 2 h before T; 3 labels had arrived (p0..p2); the point recorded now is after T.
    expect(values.slice(2, 6)).toEqual([3, 0, 3, AS_OF]);
    expect(report.asOf).toBe(AS_OF);
    expect(report.provenance).toMatchObject({ production: false, asOf: AS_OF });
    const html = await readFile(join(dir, "out.html"), "utf8");
    expect(html).toContain("As of");
    expect(html).toContain("the data as it was then");

    const after = stored();
    expect(after.instances.map((instance) => instance.state)).toEqual(["normal"]);
    expect(after.runs.map(({ production, asOf }) => ({ production, asOf }))).toEqual([
      { production: true, asOf: undefined },
      { production: false, asOf: AS_OF },
    ]);
    expect(after.runs[1].alerts).toEqual([
      expect.objectContaining({ from: "normal", to: "firing", notification: "preview", at: AS_OF }),
    ]);
    expect(after.points).toHaveLength(1); // the as-of run recorded none
    expect(after.outbox).toBe(0);
    expect(existsSync(join(dir, "alerts.log"))).toBe(false);

    const epoch = await run("--as-of", String(BASE + 12 * H));
    expect(epoch.code).toBe(0); // by hour 12 every label had arrived, and no row in the 2 hours before
    expect((await shown()).values.slice(2, 4)).toEqual([10, 0]);
  }, 60_000);

  it.each([
    [["--as-of", "yesterday"], '--as-of: "yesterday" is neither an ISO time with a zone'],
    [["--as-of", "2026-11-20T12:00"], '--as-of: "2026-11-20T12:00" is neither an ISO time with a zone'],
    [["--as-of", "2999-01-01T00:00Z"], "--as-of: 2999-01-01T00:00:00.000Z is in the future"],
    [["--as-of", String(BASE), "--alerts"], "--as-of runs are what-ifs: they move no alert and notify nobody"],
  ])("refuses %j, naming --as-of", async (args, message) => {
    const result = await run(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it("refuses --as-of with --all", async () => {
    const result = await driftbook(["run", "--all", "--as-of", String(BASE), "--workbooks", dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--all takes no workbook, --param, --rev, --alerts, --as-of, --json or --html");
  });
});
