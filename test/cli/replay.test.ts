import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS, DRIFT_START_DAY } from "../../server/demo/credit.ts";
import { DEMO_HISTORY_DAYS, seedDemo, type SeedResult } from "../../server/demo/seed.ts";
import type { ReplayResult } from "../../server/replay/types.ts";
import { openDatabase } from "../../server/store/db.ts";
import { PredictionStore } from "../../server/store/store.ts";
import { ROOT, driftbook } from "../helpers/cli.ts";
import { gitIn, tempRepo } from "../helpers/git.ts";
import { TODAY } from "../helpers/demoWorkbook.ts";

let repo: Awaited<ReturnType<typeof tempRepo>>;
let db: string;
let workbook: string;
let seeded: SeedResult;
let demoText: string;

/** Rows in the tables production runs write: runs, metric points, alert state and history, the outbox. */
function recorded(): Record<string, number> {
  const connection = openDatabase(db);
  try {
    const tables = [
      "driftbook_runs",
      "driftbook_metric_points",
      "driftbook_alert_instances",
      "driftbook_alert_history",
      "driftbook_outbox",
    ];
    return Object.fromEntries(
      tables.map((table) => [table, connection.prepare(`select count(*) from ${table}`).pluck().get() as number]),
    );
  } finally {
    connection.close();
  }
}

beforeAll(async () => {
  repo = await tempRepo({ folder: "" });
  db = join(repo.top, "demo.db");
  const store = new PredictionStore(db);
  // The demo's days as whole UTC days, so a daily step's 24-hour window over the first day holds
  // a whole day at any time of day, not the few rows before midnight (which read as drift).
  seeded = seedDemo(store, { now: TODAY })!;
  store.close();
  demoText = await readFile(join(ROOT, "workbooks/credit-drift.md"), "utf8");
  workbook = join(repo.workbooks, "credit-drift.md");
  await writeFile(workbook, demoText);
  await gitIn(repo.top, "add", "credit-drift.md");
  await gitIn(repo.top, "commit", "-qm", "the demo workbook");
});
afterAll(() => repo.cleanup());

describe("driftbook replay on the demo data", () => {
  it("prints each day's state: inputs-drifted normal on the first days, firing from the drift in one episode; records nothing", async () => {
    const before = recorded();
    const json = join(repo.top, "replay.json");
    const html = join(repo.top, "replay.html");
    const result = await driftbook([
      "replay",
      workbook,
      "--since",
      "6d",
      "--every",
      "1d",
      "--db",
      db,
      "--json",
      json,
      "--html",
      html,
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^replaying .*credit-drift\.md over 6 steps of 1 day/);

    const replay = JSON.parse(await readFile(json, "utf8")) as ReplayResult;
    expect(Object.keys(replay)).toEqual(["workbook", "steps", "rules"]);
    expect(replay.steps).toHaveLength(6);
    const states = replay.steps.map((step) => step.alerts["inputs-drifted"].state);
    const driftStart = seeded.to - DEMO_HISTORY_DAYS * DAY_MS + (DRIFT_START_DAY - 1) * DAY_MS;
    const firstFiring = replay.steps.find((step) => step.alerts["inputs-drifted"].state === "firing")!;
    // Normal until the drift's rows fill enough of the 24 h window, firing from then to the end.
    expect(Date.parse(firstFiring.at)).toBeGreaterThan(driftStart);
    expect(Date.parse(firstFiring.at)).toBeLessThanOrEqual(driftStart + 2 * DAY_MS);
    const firingFrom = states.indexOf("firing");
    expect(states.slice(0, firingFrom).every((state) => state === "normal")).toBe(true);
    expect(states.slice(firingFrom).every((state) => state === "firing")).toBe(true);
    expect(firingFrom).toBeGreaterThanOrEqual(2);
    expect(replay.rules["inputs-drifted"].episodes).toEqual([
      { start: firstFiring.at, end: null, peak: expect.any(Number) },
    ]);
    expect(replay.rules["inputs-drifted"].timeFiring).toBeCloseTo((6 - firingFrom) / 6, 4);
    // An `each` rule has one entry per instance; the workbook's metric() is a series by step.
    expect(replay.rules).toHaveProperty(["region-drifted[south]"]);
    expect(replay.steps[firingFrom].metrics.drift_share).toBe(replay.steps[firingFrom].alerts["inputs-drifted"].value);

    // The terminal shows the same: a line per day, the episode and the rates.
    const printed = result.stdout.split("\n\n").find((block) => block.startsWith("inputs-drifted:"))!;
    expect(printed).toMatch(/^inputs-drifted: 1 episode, 5 firings per 30 days, firing \d+% of the time/);
    expect(printed.match(/^ {2}\d{4}-\d\d-\d\d 00:00 {2}(normal|firing)/gm)).toHaveLength(6);
    expect(printed).toContain(`episode: fired ${firstFiring.at.slice(0, 16).replace("T", " ")}, still firing`);

    const report = await readFile(html, "utf8");
    expect(report).toContain("<h2>inputs-drifted</h2>");
    expect(report.match(/<svg/g)!.length).toBeGreaterThanOrEqual(Object.keys(replay.rules).length);
    expect(recorded()).toEqual(before);
  });

  it("--compare reports what a changed threshold would change", async () => {
    await writeFile(workbook, demoText.replace("when: drift.share >= 0.2", "when: drift.share >= 0.9"));
    try {
      const result = await driftbook(["replay", workbook, "--since", "6d", "--every", "1d", "--db", db, "--compare"]);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/impact of the edit \(commit [0-9a-f]{7} → this version\):/);
      expect(result.stdout).toContain("inputs-drifted: would have fired 0 times instead of 1 in the last 6 days");
      expect(result.stdout).toMatch(/ {2}would not fire: fired \d{4}-\d\d-\d\d 00:00, still firing/);
      expect(result.stdout).toContain("region-drifted[south]: would have fired once, as before, in the last 6 days");
    } finally {
      await writeFile(workbook, demoText);
    }
  });

  it("check --replay fails naming a rule over its budget, and passes within it", async () => {
    const budgeted = (budget: string) =>
      writeFile(workbook, demoText.replace("severity: critical\n", `severity: critical\nbudget: ${budget}\n`));
    try {
      await budgeted("0 per 7d");
      const over = await driftbook(["check", workbook, "--replay", "--every", "1d", "--db", db]);
      expect(over.stdout).toContain(
        "over budget: inputs-drifted would have fired once in the last 7 days, over its budget of 0 per 7 days",
      );
      expect(over.stdout).toMatch(/1 rule\(s\) over budget\n$/);
      expect(over.code).toBe(1);
      await budgeted("1 per 7d");
      const within = await driftbook(["check", workbook, "--replay", "--every", "1d", "--db", db]);
      expect(within.stdout).toContain("ok: inputs-drifted would have fired once in the last 7 days, within its budget");
      expect(within.code).toBe(0);
    } finally {
      await writeFile(workbook, demoText);
    }
  });

  it("refuses a bad range with an error naming the option", async () => {
    const noSince = await driftbook(["replay", workbook, "--db", db]);
    expect(noSince.stderr).toMatch(/--since is required/);
    const zoneless = await driftbook(["replay", workbook, "--since", "2026-11-01T00:00", "--db", db]);
    expect(zoneless.stderr).toMatch(/--since: "2026-11-01T00:00" is neither an ISO time with a zone/);
    const future = await driftbook(["replay", workbook, "--since", "1d", "--until", "2999-01-01T00:00Z", "--db", db]);
    expect(future.stderr).toMatch(/--until: 2999-01-01T00:00:00.000Z is in the future/);
    const tooFew = await driftbook(["replay", workbook, "--since", "1d", "--every", "1d", "--db", db]);
    expect(tooFew.stderr).toMatch(/--since\/--until\/--every: .*fewer than 2/);
    expect(tooFew.code).toBe(2);
  });

  it("ends quietly when its reader closes the pipe early, as `| head` does", async () => {
    // Closing stdout at the first line leaves the rest of the report to a closed pipe.
    const result = await driftbook(["replay", workbook, "--since", "6d", "--every", "1d", "--db", db], {
      onStart: (child) => child.stdout!.once("data", () => child.stdout!.destroy()),
    });
    expect(result.stderr).not.toMatch(/EPIPE/);
    expect(result.code).toBe(0);
  });
});
