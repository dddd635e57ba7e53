/**
 * Following a replay on linkedom's DOM (client/views/replayParts.ts): the box's state and the
 * progress line through progress, a result and an error, and episodes as the server words them.
 */
import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import type { ReplayResult } from "../../../server/protocol/index.ts";
import { episodesList, followReplay } from "../../../client/views/replayParts.ts";

const dom = parseHTML("<!doctype html><html><body></body></html>");
// The views build their elements with the global document, as in the browser.
Object.assign(globalThis, { document: dom.document });

const IMPACT: ReplayResult = {
  kind: "impact",
  path: "wb.md",
  commit: "0".repeat(40),
  since: "2026-12-01T00:00:00.000Z",
  until: "2026-12-02T00:00:00.000Z",
  every: "1 hour",
  steps: 24,
  text: "24 steps of 1 hour, 2026-12-01 01:00 to 2026-12-02 00:00 UTC",
  rules: [],
};

function follow() {
  const box = document.createElement("div");
  const progress = document.createElement("span");
  const shown: ReplayResult[] = [];
  const listener = followReplay(box, progress, (result) => shown.push(result));
  return { box, progress, shown, listener };
}

describe("followReplay", () => {
  it("says the steps done while running, then hands on the result", () => {
    const { box, progress, shown, listener } = follow();
    expect([box.dataset.state, progress.textContent]).toEqual(["running", "Replaying…"]);
    listener({ type: "replayProgress", id: 1, done: 12, total: 168 });
    expect(progress.textContent).toBe("Replaying… 12 of 168 steps");
    listener({ type: "replayResult", id: 1, result: IMPACT });
    expect(box.dataset.state).toBe("done");
    expect(shown).toEqual([IMPACT]);
  });

  it("shows a failure as one and a cancellation as a stop, and clears the failure on the next replay", () => {
    const failed = follow();
    failed.listener({
      type: "replayError",
      id: 1,
      message: 'replay: "range" must be one of 24h, 7d, 30d',
      cancelled: false,
    });
    expect(failed.box.dataset.state).toBe("failed");
    expect(failed.progress.textContent).toBe('Replay failed: replay: "range" must be one of 24h, 7d, 30d');
    expect(failed.progress.classList.contains("replay-failed")).toBe(true);

    followReplay(failed.box, failed.progress, () => undefined);
    expect(failed.progress.classList.contains("replay-failed")).toBe(false);

    const stopped = follow();
    stopped.listener({
      type: "replayError",
      id: 2,
      message: "wb.md changed while it replayed: replay again",
      cancelled: true,
    });
    expect(stopped.progress.textContent).toBe("Replay stopped: wb.md changed while it replayed: replay again");
    expect(stopped.progress.classList.contains("replay-failed")).toBe(false);
    expect(stopped.shown).toEqual([]);
  });
});

describe("episodesList", () => {
  it("lists ended and open episodes as the server words them, as text", () => {
    const list = episodesList([
      { start: "2026-12-01 03:00", end: "2026-12-01 05:00", duration: "2 hours", peak: "<b>0.4</b>" },
      { start: "2026-12-02 00:00", end: "still firing", duration: "", peak: "0.3" },
    ]);
    expect([...list.querySelectorAll("li")].map((item) => item.textContent)).toEqual([
      "2026-12-01 03:00 → 2026-12-01 05:00 (2 hours), peak <b>0.4</b>",
      "2026-12-02 00:00 → still firing, peak 0.3",
    ]);
    expect(list.querySelector("b")).toBeNull();
    expect(list.querySelector("strong")?.textContent).toBe("still firing");
  });

  it("says so when the rule never fired", () => {
    expect(episodesList([]).textContent).toBe("Never fired.");
  });
});
