/**
 * The Replay control in Chromium (issue 19's "Done when"): on the demo data, where income and
 * purpose drift from day five, replaying `inputs-drifted` over 7 days draws its timeline and one
 * episode that starts at the drift; with a budget of none per 7 days, the cell warns it is over.
 * Under the git diff, a threshold the drift never reaches shows it would have fired no more.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS } from "../helpers/browser.ts";
import { gitIn, initRepo } from "../helpers/git.ts";
import { EVENTUALLY, SLOW, save, startDemoApp, typeInCell, type App } from "./app.ts";
import { TODAY } from "../helpers/demoWorkbook.ts";

/** The demo's inputs-drifted among the notebook's cells. */
const RULE_CELL = 15;
const RULE = `when: drift.share >= 0.2
severity: critical
notify: [log]
budget: 0 per 7d
message: "{{value}} of the credit model's features drifted in the last {{params.window}}"`;

let app: App;

beforeAll(async () => {
  // The demo's days as whole UTC days, so the first daily step's 24-hour window holds a whole
  // day, not the few rows of the hours before midnight (which read as drift at any time of day late enough).
  app = await startDemoApp({ seededUntil: TODAY });
  await initRepo(app.dir, { name: "Risk Analyst", email: "analyst@example.com" });
}, 60_000);
afterAll(async () => {
  await app?.close();
});

describe("replaying an alert rule in the editor", () => {
  it("draws inputs-drifted's timeline over 7 days with one episode, from the drift on", async () => {
    const page = await app.open("/w/credit-drift.md");
    const rule = page.locator('.cell[data-kind="alert"]').filter({ hasText: "alert inputs-drifted" });
    const replay = rule.locator(".replay");
    await expect.poll(() => replay.getByRole("button", { name: "Replay" }).isEnabled(), SLOW).toBe(true);
    await replay.getByRole("combobox", { name: "Replay over" }).selectOption("7d");
    await replay.getByRole("combobox", { name: "Evaluate every" }).selectOption("1d");
    await replay.getByRole("button", { name: "Replay" }).click();
    await expect.poll(() => replay.getAttribute("data-state"), SLOW).toBe("done");

    expect(await replay.locator(".replay-result .output-svg svg").count()).toBe(1);
    const episodes = replay.locator(".replay-episode");
    expect(await episodes.count()).toBe(1);
    expect(await episodes.first().textContent()).toMatch(/^\d{4}-\d\d-\d\d 00:00 → still firing, peak \d/);
    expect(await replay.locator(".replay-rate").textContent()).toMatch(
      /^1 episode, [\d.]+ firings per 30 days, firing \d+% of the time$/,
    );
    expect(await replay.locator(".replay-progress").textContent()).toMatch(
      /^Replayed 7 steps of 1 day, \d{4}-\d\d-\d\d 00:00 to \d{4}-\d\d-\d\d 00:00 UTC$/,
    );
    // The rule has no budget: no verdict shows.
    expect(await replay.locator(".replay-budget").isHidden()).toBe(true);
    await rule.scrollIntoViewIfNeeded();
    await rule.screenshot({ path: join(ARTIFACTS, "replay.png") });

    await typeInCell(page, RULE_CELL, RULE);
    await save(page);
    await replay.getByRole("button", { name: "Replay" }).click();
    await expect.poll(() => rule.getAttribute("data-budget"), SLOW).toBe("over");
    expect(await replay.locator(".replay-budget").textContent()).toBe(
      "Over its alarm budget: inputs-drifted would have fired once in the last 7 days, over its budget of 0 per 7 days",
    );
    await rule.screenshot({ path: join(ARTIFACTS, "replay-budget.png") });
    expect(app.errors).toEqual([]);
  }, 120_000);

  it("shows under the diff with HEAD that a threshold the drift never reaches would have fired no more", async () => {
    await gitIn(app.dir, "add", "credit-drift.md");
    await gitIn(app.dir, "commit", "-q", "-m", "inputs-drifted with a budget");
    const page = await app.open("/w/credit-drift.md");
    const panel = page.locator("details.git-panel");
    await expect.poll(() => panel.locator("summary").textContent(), EVENTUALLY).toBe("Git · clean");
    await typeInCell(page, RULE_CELL, RULE.replace("drift.share >= 0.2", "drift.share >= 0.9"));
    await save(page);
    await expect.poll(() => panel.locator("summary").textContent(), EVENTUALLY).toBe("Git · modified");
    await panel.locator("summary").click();
    await panel.locator("button.diff-head").click();
    const impact = panel.locator(".diff-impact");
    await expect.poll(() => impact.getAttribute("data-state"), { timeout: 90_000 }).toBe("done");
    expect(await impact.locator(".replay-progress").textContent()).toMatch(
      /^Both versions replayed: 168 steps of 1 hour, .+ UTC\.$/,
    );
    const rule = impact.locator('.impact-rule[data-rule="inputs-drifted"]');
    expect(await rule.locator(".impact-summary").textContent()).toMatch(
      /^(\d+) → 0 episodes: would have fired 0 times instead of \1 in the last 7 days \(\1 ended\)$/,
    );
    await impact.screenshot({ path: join(ARTIFACTS, "replay-impact.png") });
    expect(app.errors).toEqual([]);
  }, 150_000);
});
