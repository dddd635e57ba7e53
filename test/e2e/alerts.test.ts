import { join } from "node:path";
import type { Locator } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS } from "../helpers/browser.ts";
import { cell, EVENTUALLY, startApp, type App } from "./app.ts";

const MARKUP = "<img src=x onerror=alert(1)>";
const WORKBOOK = `---
title: Scores alerting
on: data
every: 100ms
---

# Scores alerting

\`\`\`js
const rows = (await sql\`select segment, prediction from scores\`).objects();
const shareOf = (list) => list.filter((row) => row.prediction === 1).length / list.length;
const share = shareOf(rows);
const segments = Array.from(new Set(rows.map((row) => row.segment))).sort().map((segment) => ({segment, share: shareOf(rows.filter((row) => row.segment === segment))}));
\`\`\`

\`\`\`alert high-share
when: share >= 0.5
severity: critical
\`\`\`

\`\`\`alert segment-share
each: segments
key: item.segment
keyLabel: segment
when: item.share >= 0.5
\`\`\`
`;

/** A rule that must hold for two production runs: opening and editing only preview it. */
const GATED = `---
title: Gated
---

\`\`\`js
const rows = (await sql\`select count(*) as n from scores\`).get("n", 0);
\`\`\`

\`\`\`alert enough-rows
when: rows > 3
for: 2 runs
message: "{{value}} rows logged"
\`\`\`
`;

let app: App;

beforeAll(async () => {
  app = await startApp({ "scores.md": WORKBOOK, "gated.md": GATED });
  // Segment "a" has 2 of 3 positive, the other 1 of 3: the workbook's share is 0.5.
  await app.log(
    "scores",
    [1, 1, 0].map((prediction) => ({ features: { segment: "a" }, prediction })),
  );
  await app.log(
    "scores",
    [0, 0, 1].map((prediction) => ({ features: { segment: MARKUP }, prediction })),
  );
});
afterEach(() => {
  expect(app.errors).toEqual([]);
  expect(app.dialogs.map((dialog) => dialog.message())).toEqual([]);
});
afterAll(async () => {
  await app?.close();
});

/** The instance rows of a table of instances, as `rule/instance: state[ silenced]`. */
function instanceRows(scope: Locator): Promise<string[]> {
  return scope.locator("tr.alert-row").evaluateAll((rows) =>
    rows.map((row) => {
      const silenced = row.querySelector(".alert-silenced") ? " silenced" : "";
      return `${row.getAttribute("data-rule")}/${row.getAttribute("data-instance")}: ${row.getAttribute("data-state")}${silenced}`;
    }),
  );
}

function row(scope: Locator, rule: string, instance = ""): Locator {
  return scope.locator(`tr.alert-row[data-rule="${rule}"][data-instance="${instance}"]`);
}

/** Fills and sends an instance's silence form; `screenshot` names a picture of the filled form. */
async function silence(
  target: Locator,
  options: { duration: string; comment: string; scope?: "instance" | "rule"; screenshot?: string },
): Promise<void> {
  await target.getByRole("button", { name: "Silence…" }).click();
  const form = target.locator("form.silence-form");
  await form.getByLabel("Silence for").selectOption(options.duration);
  if (options.scope) await form.getByLabel("Silence which").selectOption(options.scope);
  await form.getByLabel("Comment").fill(options.comment);
  if (options.screenshot) await target.page().screenshot({ path: join(ARTIFACTS, options.screenshot), fullPage: true });
  await form.getByRole("button", { name: "Silence", exact: true }).click();
  await expect.poll(() => form.count(), EVENTUALLY).toBe(0);
}

describe("alerts in Chromium", () => {
  it("previews a `for: 2 runs` rule as pending in the editor, and as firing only once production runs have moved it", async () => {
    const page = await app.open("/w/gated.md");
    const output = cell(page, 1).locator(".output-alert");
    await expect
      .poll(() => output.textContent(), EVENTUALLY)
      .toBe(
        "alert enough-rows: preview: pending 1/2 · would fire after 1 more run · stored: normal · value 6 — 6 rows logged",
      );
    expect(await output.getAttribute("class")).toContain("alert-pending");
    const panel = page.locator("details.alerts-panel");
    expect(await panel.locator("tr.alert-row").count()).toBe(0); // a preview stores nothing
    const runs = page.locator("details.runs-panel");
    await runs.locator("summary").click();
    await runs.getByRole("button", { name: "Run now" }).click();
    await expect
      .poll(() => output.textContent(), EVENTUALLY)
      .toBe("alert enough-rows: preview: would fire · stored: pending 1/2 · value 6 — 6 rows logged");
    await expect.poll(() => instanceRows(panel), EVENTUALLY).toEqual(["enough-rows/: pending"]);
    await page.screenshot({ path: join(ARTIFACTS, "alert-preview-pending.png"), fullPage: true });
    await page.close();
  });

  it("shows a workbook's firing instances in its panel, silences one from the page and lifts it", async () => {
    const page = await app.open("/w/scores.md");
    const panel = page.locator("details.alerts-panel");
    await expect
      .poll(() => instanceRows(panel), EVENTUALLY)
      .toEqual(["high-share/: firing", "segment-share/a: firing", `segment-share/${MARKUP}: normal`]);
    expect(await panel.evaluate((element) => element.hasAttribute("open"))).toBe(true);
    expect(await panel.locator("summary").textContent()).toBe("Alerts · 2 firing, 1 normal");
    expect(await row(panel, "high-share").locator(".alert-value").textContent()).toBe("0.5");
    expect(await row(panel, "segment-share", "a").locator(".alert-value").textContent()).toBe("0.6667");
    // A label value that looks like markup is text.
    expect(await row(panel, "segment-share", MARKUP).locator(".alert-instance").textContent()).toContain(MARKUP);
    expect(await page.locator(".alerts-panel img").count()).toBe(0);
    const history = panel.locator("table.alert-history tbody tr");
    await expect.poll(() => history.count(), EVENTUALLY).toBe(2);

    await silence(row(panel, "high-share"), {
      duration: "4h",
      comment: "deploy in progress",
      screenshot: "alerts-silence-form.png",
    });
    const silences = panel.locator("table.alert-silences tbody tr");
    await expect.poll(() => silences.count(), EVENTUALLY).toBe(1);
    expect(await silences.locator(".silence-matchers").textContent()).toBe(
      'workbook="scores.md", alertname="high-share"',
    );
    expect(await silences.locator(".silence-comment").textContent()).toBe("deploy in progress");
    expect(await silences.locator(".silence-status").textContent()).toBe("active");
    expect(await silences.locator("time").textContent()).toBe("in 4 h");
    await expect
      .poll(() => instanceRows(panel), EVENTUALLY)
      .toEqual(["high-share/: firing silenced", "segment-share/a: firing", `segment-share/${MARKUP}: normal`]);
    await page.screenshot({ path: join(ARTIFACTS, "alerts-panel-silenced.png"), fullPage: true });

    await silences.getByRole("button", { name: "Lift" }).click();
    await expect.poll(() => silences.count(), EVENTUALLY).toBe(0);
    await expect
      .poll(() => instanceRows(panel), EVENTUALLY)
      .toEqual(["high-share/: firing", "segment-share/a: firing", `segment-share/${MARKUP}: normal`]);

    // One instance of the each rule only.
    await silence(row(panel, "segment-share", "a"), {
      duration: "1d",
      comment: "segment a is being relabelled",
      scope: "instance",
    });
    await expect
      .poll(() => instanceRows(panel), EVENTUALLY)
      .toEqual(["high-share/: firing", "segment-share/a: firing silenced", `segment-share/${MARKUP}: normal`]);
    expect(await silences.locator(".silence-matchers").textContent()).toBe(
      'workbook="scores.md", alertname="segment-share", segment="a"',
    );

    // New data clears the workbook's share: the panel follows without a reload.
    await app.log(
      "scores",
      [0, 0, 0].map((prediction) => ({ features: { segment: MARKUP }, prediction })),
    );
    await expect
      .poll(() => instanceRows(panel), EVENTUALLY)
      .toEqual(["segment-share/a: firing silenced", "high-share/: resolved", `segment-share/${MARKUP}: normal`]);
    await expect.poll(() => history.first().getAttribute("data-to"), EVENTUALLY).toBe("resolved");
    await page.screenshot({ path: join(ARTIFACTS, "alerts-panel.png"), fullPage: true });
    await page.close();
  });

  it("lists every workbook's alerts on the alerts page, reached from the list, with the silences to lift", async () => {
    const page = await app.open("/");
    await page.getByRole("link", { name: "Alerts", exact: true }).click();
    await expect.poll(() => page.locator("h1").textContent(), EVENTUALLY).toBe("Alerts");
    expect(new URL(page.url()).pathname).toBe("/alerts");
    const group = page.locator('section.alerts-workbook[data-workbook="scores.md"]');
    await expect
      .poll(() => instanceRows(group), EVENTUALLY)
      .toEqual(["segment-share/a: firing silenced", "high-share/: resolved", `segment-share/${MARKUP}: normal`]);
    const silences = page.locator("table.alert-silences tbody tr");
    // The lifted silence stays listed as expired, without a lift button.
    await expect
      .poll(() => silences.locator(".silence-status").allTextContents(), EVENTUALLY)
      .toEqual(["expired", "active"]);
    expect(await silences.getByRole("button", { name: "Lift" }).count()).toBe(1);
    expect(await silences.nth(1).locator("td").nth(3).textContent()).toBe("ends in 1 d");
    const transitions = page.locator("table.alert-history tbody tr");
    // Newest first: gated.md's one production run (the first test) came between scores.md's.
    expect(await transitions.evaluateAll((rows) => rows.map((row) => row.getAttribute("data-to")))).toEqual([
      "resolved",
      "pending",
      "firing",
      "firing",
    ]);
    expect(await page.locator("main img").count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, "alerts-page.png"), fullPage: true });

    await silences.getByRole("button", { name: "Lift" }).click();
    await expect
      .poll(() => silences.locator(".silence-status").allTextContents(), EVENTUALLY)
      .toEqual(["expired", "expired"]);
    await expect
      .poll(() => instanceRows(group), EVENTUALLY)
      .toEqual(["segment-share/a: firing", "high-share/: resolved", `segment-share/${MARKUP}: normal`]);

    // The page is served on a direct visit too, and its workbook link opens the notebook.
    await page.goto(page.url());
    await page.locator('section.alerts-workbook[data-workbook="scores.md"] h2 a').click();
    await expect.poll(() => new URL(page.url()).pathname, EVENTUALLY).toBe("/w/scores.md");
    await expect
      .poll(() => page.locator("details.alerts-panel summary").textContent(), EVENTUALLY)
      .toBe("Alerts · 1 firing, 1 resolved, 1 normal");
    await page.close();
  });

  it("follows new alert states on the alerts page without a reload: the server tells it, nothing polls", async () => {
    const page = await app.open("/alerts");
    const group = page.locator('section.alerts-workbook[data-workbook="scores.md"]');
    await expect
      .poll(() => instanceRows(group), EVENTUALLY)
      .toEqual(["segment-share/a: firing", "high-share/: resolved", `segment-share/${MARKUP}: normal`]);
    // Segment "b" all positive: the workbook's share is 6 of 12 again, and "b" fires too.
    await app.log(
      "scores",
      [1, 1, 1].map((prediction) => ({ features: { segment: "b" }, prediction })),
    );
    await expect
      .poll(() => instanceRows(group), { timeout: 3000 })
      .toEqual([
        "high-share/: firing",
        "segment-share/a: firing",
        "segment-share/b: firing",
        `segment-share/${MARKUP}: normal`,
      ]);
    await page.close();
  });
});
