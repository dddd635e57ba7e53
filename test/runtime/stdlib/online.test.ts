/**
 * online() in cells, through real runs on a real SQLite file (runs/execute.ts): production runs
 * store the state and advance the checkpoint, and a later run feeds only the rows logged since,
 * giving exactly what one run over all the rows gives; what-if and as-of runs work on a copy;
 * a changed configuration starts fresh; a calibration is found again by configuration.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Delivery } from "../../../server/alerts/delivery.ts";
import { createSender } from "../../../server/alerts/notify.ts";
import { executeRun } from "../../../server/runs/execute.ts";
import { PredictionStore } from "../../../server/store/store.ts";
import { workbookFromText } from "../../../server/workspace/workbookFile.ts";
import { seeded } from "../../helpers/profileData.ts";
import { tempDir, workbookText } from "../../helpers/workbooks.ts";

let dir: string;
let cleanup: () => Promise<void>;
let store: PredictionStore;
let dbPath: string;
let clock = 1_000_000;
let logged = 0;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  dbPath = join(dir, "driftbook.db");
  store = new PredictionStore(dbPath, { now: () => clock });
});
afterAll(async () => {
  store.close();
  await cleanup();
});

/** Logs `n` rows whose features are shifted by `shift` (0: the reference's distribution). */
function logRows(n: number, shift = 0): void {
  const random = seeded(logged + 7);
  const rows = Array.from({ length: n }, () => {
    logged += 1;
    return { row: logged, id: `p${logged}`, ts: logged, features: { x: random() + shift, y: random() }, prediction: 1 };
  });
  store.log("m", rows);
}

function workbook(windowSize: number): string {
  return workbookText(
    "const random = ((s) => () => (s = (s * 16807) % 2147483647) / 2147483647)(11);\n" +
      "const reference = Array.from({length: 120}, () => ({x: random(), y: random()}));",
    `const watch = online("m", "mmd", {columns: ["x", "y"], reference, ert: 50, windowSize: ${windowSize}, nBootstraps: 300, seed: 3, state: "xy"});`,
    "watch",
  );
}

interface Watch {
  drift: boolean;
  latest: { time: number; distance: number; threshold: number } | null;
  fired: { rowid: number; time: number }[];
  fed: number;
  checkpoint: number;
  fresh: boolean;
}

async function run(id: string, options: { production?: boolean; asOf?: number; windowSize?: number } = {}) {
  const { report } = await executeRun({
    workbook: workbookFromText(id, workbook(options.windowSize ?? 10)),
    id,
    file: join(dir, id),
    params: {},
    trigger: "manual",
    production: options.production ?? true,
    ...(options.asOf !== undefined && { asOf: options.asOf }),
    db: store.db,
    dbPath,
    notifications: new Delivery({ db: store.db, sender: createSender({ channels: {} }) }),
  });
  const cell = report.cells[2]!;
  expect(cell.status, JSON.stringify(cell.outputs)).toBe("fulfilled");
  return (cell.outputs[0] as { value: Watch }).value;
}

const stored = (id: string) =>
  store.db.prepare("select checkpoint, state, fired from driftbook_online_states where workbook = ?").get(id) as
    { checkpoint: number; state: string; fired: string } | undefined;

describe("online() in workbooks", () => {
  it("continues from the checkpoint run after run, exactly as one run over every row", async () => {
    logRows(150);
    const first = await run("a.md");
    expect(first).toMatchObject({ fresh: true, fed: 150, checkpoint: 150 });
    expect(stored("a.md")?.checkpoint).toBe(150);
    clock += 1000;
    logRows(100, 0.6);
    const second = await run("a.md");
    expect(second).toMatchObject({ fresh: false, fed: 100, checkpoint: 250 });
    // The shifted rows make it fire (x moves by about 2σ of the uniform reference).
    expect(second.drift).toBe(true);
    const once = await run("b.md");
    expect(once).toMatchObject({ fresh: true, fed: 250 });
    expect(second.fired).toEqual(once.fired);
    expect(second.latest).toEqual(once.latest);
    // One calibration for the two states of one configuration.
    expect(store.db.prepare("select count(*) from driftbook_online_calibrations").pluck().get()).toBe(1);
  });

  it("what-if and as-of runs work on a copy: they feed rows but store nothing", async () => {
    const before = stored("a.md");
    clock += 1000;
    const asOfBeforeTheseRows = clock - 1;
    logRows(40);
    const whatIf = await run("a.md", { production: false });
    expect(whatIf).toMatchObject({ fresh: false, fed: 40, checkpoint: 290 });
    const asOf = await run("a.md", { production: false, asOf: asOfBeforeTheseRows });
    expect(asOf).toMatchObject({ fresh: false, fed: 0, checkpoint: 250 });
    expect(stored("a.md")).toEqual(before);
  });

  it("starts a fresh state when the detector's configuration changes", async () => {
    const changed = await run("a.md", { windowSize: 12 });
    expect(changed).toMatchObject({ fresh: true, fed: 290, checkpoint: 290 });
    expect(store.db.prepare("select count(*) from driftbook_online_calibrations").pluck().get()).toBe(2);
  });

  it("says which option is wrong", async () => {
    const { report } = await executeRun({
      workbook: workbookFromText(
        "bad.md",
        workbookText(
          'online("m", "mmd", {columns: ["x", "nope"], reference: [{x: 1, y: 2}], ert: 50, windowSize: 10, state: "s"})',
        ),
      ),
      id: "bad.md",
      file: join(dir, "bad.md"),
      params: {},
      trigger: "manual",
      production: true,
      db: store.db,
      dbPath,
      notifications: new Delivery({ db: store.db, sender: createSender({ channels: {} }) }),
    });
    expect(report.cells[0]!.error?.message).toBe('online: the reference has no column "nope"');
  });
});
