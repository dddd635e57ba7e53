import { describe, expect, it } from "vitest";
import {
  alertText,
  type AlertStanding,
  barWidths,
  compactJson,
  driftNotes,
  driftValuesText,
  driftVerdict,
  formatCount,
  formatNumber,
  rowCountText,
  type DriftFeature,
  type DriftStatus,
  type TableOutput,
} from "../../server/protocol/index.ts";

const table = (shown: number, totalRows: number): TableOutput => ({
  kind: "table",
  columns: [],
  rows: Array.from({ length: shown }, () => []),
  totalRows,
});
const feature = (
  statistic: number | null,
  drift = false,
  status: DriftStatus = drift ? "drifted" : "stable",
): DriftFeature => ({
  feature: "f",
  method: "ks",
  status,
  statistic,
  pValue: null,
  threshold: null,
  drift,
});

describe("output wording, shared by the browser and the static report", () => {
  it("formats numbers, counts and one-line JSON", () => {
    expect([
      formatNumber(null),
      formatNumber(0),
      formatNumber(0.123456),
      formatNumber(0.00001234),
      formatNumber(12345.6),
    ]).toEqual(["—", "0", "0.1235", "1.23e-5", "12350"]);
    expect(formatCount(1234567)).toBe("1,234,567");
    expect(compactJson({ a: [1, 2] })).toBe('{"a":[1,2]}');
    expect(compactJson("x".repeat(300))).toHaveLength(201);
  });

  it("counts a table's rows, saying when only some are shown", () => {
    expect(rowCountText(table(1, 1))).toBe("1 row");
    expect(rowCountText(table(12, 12))).toBe("12 rows");
    expect(rowCountText(table(1000, 2500))).toBe("showing 1,000 of 2,500 rows");
  });

  it("words a drift report's verdict and scales its bars to the largest statistic", () => {
    expect(
      driftVerdict({
        kind: "drift",
        method: "auto",
        features: [feature(0.2, true), feature(0.1)],
        share: 0.5,
        tested: 2,
        drift: true,
      }),
    ).toEqual({
      verdict: "drift detected",
      share: " — 50% of 2 features drifted",
    });
    expect(barWidths([feature(-0.4), feature(0.1), feature(null)])).toEqual([100, 25, 0]);
    expect(barWidths([feature(0), feature(null)])).toEqual([0, 0]);
  });

  it("says what a drift report's share leaves out, and gives no verdict when nothing could be tested", () => {
    const insufficient = feature(null, false, "insufficient");
    expect(
      driftVerdict({
        kind: "drift",
        method: "auto",
        features: [feature(0.1), insufficient, insufficient, feature(null, false, "skipped")],
        share: 0,
        tested: 1,
        drift: false,
        referenceRows: 5000,
        currentRows: 1234,
      }),
    ).toEqual({
      verdict: "no drift",
      share: " — 0% of 1 feature drifted; 2 with too few values, 1 skipped (5,000 reference rows, 1,234 current)",
    });
    expect(
      driftVerdict({ kind: "drift", method: "auto", features: [insufficient], share: 0, tested: 0, drift: false }),
    ).toEqual({ verdict: "no verdict", share: " — no feature could be tested; 1 with too few values" });
  });

  it("words a drift report's values and notes: the reason, then new and missing categories", () => {
    expect(driftValuesText(feature(0.1))).toBe("");
    expect(driftValuesText({ ...feature(0.1), referenceRows: 5000, currentRows: 29 })).toBe("5,000 / 29");
    expect(driftNotes(feature(0.1))).toBe("");
    expect(
      driftNotes({
        ...feature(null, true),
        newCategories: {
          categories: [
            { category: "medical", count: 1250 },
            { category: "crypto", count: 5 },
          ],
          distinct: 4,
        },
        missingCategories: { categories: [{ category: "boat", count: 20 }], distinct: 1 },
      }),
    ).toBe("new in current: medical (1,250), crypto (5) and 2 more; not in current: boat (20 in reference)");
    expect(
      driftNotes({
        ...feature(null, false, "insufficient"),
        reason: "too few",
        newCategories: { categories: [], distinct: 0 },
      }),
    ).toBe("too few");
  });

  it("words an alert rule without a known state by whether its condition held, never as firing", () => {
    expect(
      alertText({ kind: "alert", name: "a", severity: "critical", instances: [{ condition: true, value: 0.4 }] }),
    ).toEqual({ state: "holds", preview: false, status: "condition holds (critical) · value 0.4" });
    expect(alertText({ kind: "alert", name: "a", instances: [] })).toEqual({
      state: "unknown",
      preview: false,
      status: "unknown",
    });
    expect(
      alertText({
        kind: "alert",
        name: "a",
        instances: [
          { key: "age", condition: false, value: null },
          { key: "income", condition: true, value: 0.3 },
        ],
      }),
    ).toEqual({
      state: "holds",
      preview: false,
      status: "2 instances: 1 holding the condition, 1 ok",
      items: [
        { state: "ok", text: "age: ok" },
        { state: "holds", text: "income: condition holds · value 0.3" },
      ],
    });
  });

  const at = Date.parse("2026-11-26T09:00:00Z");
  const standing = (overrides: Partial<AlertStanding>): AlertStanding => ({
    preview: false,
    state: "pending",
    since: at,
    activeSince: null,
    pendingCount: 1,
    hold: { runs: 2 },
    ...overrides,
  });
  const rule = (...standings: AlertStanding[]) =>
    alertText({
      kind: "alert",
      name: "a",
      instances: standings.map((each, index) => ({
        ...(standings.length > 1 && { key: `k${index}` }),
        condition: true,
        value: 0.4,
        standing: each,
      })),
    });

  it("words a rule's state: pending with the runs left, firing with its start, and the rendered message", () => {
    expect(rule(standing({ message: "40% drifted" }))).toEqual({
      state: "pending",
      preview: false,
      status: "pending 1/2 · would fire after 1 more run · value 0.4 — 40% drifted",
    });
    expect(rule(standing({ hold: { runs: 3 } })).status).toBe("pending 1/3 · would fire after 2 more runs · value 0.4");
    expect(rule(standing({ hold: { ms: 30 * 60_000 } })).status).toBe(
      "pending since 2026-11-26 09:00 UTC · would fire from 2026-11-26 09:30 UTC · value 0.4",
    );
    expect(rule(standing({ state: "firing", activeSince: at, pendingCount: 2 }))).toEqual({
      state: "firing",
      preview: false,
      status: "firing since 2026-11-26 09:00 UTC · value 0.4",
    });
  });

  it("marks a preview and names the stored state it starts from, so a pending rule never reads as firing", () => {
    const stored = (state: AlertStanding["state"], pendingCount = 0) => ({ stored: { state, pendingCount } });
    expect(rule(standing({ preview: true, ...stored("normal") })).status).toBe(
      "preview: pending 1/2 · would fire after 1 more run · stored: normal · value 0.4",
    );
    expect(
      rule(standing({ preview: true, state: "firing", activeSince: at, pendingCount: 2, ...stored("pending", 1) })),
    ).toEqual({ state: "firing", preview: true, status: "preview: would fire · stored: pending 1/2 · value 0.4" });
    expect(
      rule(standing({ preview: true, state: "firing", activeSince: at, pendingCount: 2, ...stored("firing", 2) }))
        .status,
    ).toBe("preview: firing since 2026-11-26 09:00 UTC · value 0.4");
    expect(rule(standing({ preview: true, state: "resolved", ...stored("firing", 2) })).status).toBe(
      "preview: would resolve · stored: firing · value 0.4",
    );
    expect(rule(standing({}), standing({ state: "firing", activeSince: at }), standing({}))).toMatchObject({
      state: "firing",
      status: "3 instances: 1 firing, 2 pending",
    });
  });
});
