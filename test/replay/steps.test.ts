import { describe, expect, it } from "vitest";
import { MAX_REPLAY_STEPS, replaySteps, spanOf } from "../../server/replay/steps.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (iso: string) => Date.parse(iso);

describe("replaySteps", () => {
  it("takes the multiples of the step from the epoch in (since, until]", () => {
    const steps = replaySteps({ since: at("2026-11-20T10:30:00Z"), until: at("2026-11-23T00:00:00Z"), everyMs: DAY });
    expect(steps.map((step) => new Date(step).toISOString())).toEqual([
      "2026-11-21T00:00:00.000Z",
      "2026-11-22T00:00:00.000Z",
      "2026-11-23T00:00:00.000Z",
    ]);
    // `since` itself is excluded even when it is a multiple.
    expect(
      replaySteps({ since: at("2026-11-21T00:00:00Z"), until: at("2026-11-22T12:00:00Z"), everyMs: 12 * HOUR }),
    ).toEqual([at("2026-11-21T12:00:00Z"), at("2026-11-22T00:00:00Z"), at("2026-11-22T12:00:00Z")]);
  });

  it("refuses a range with fewer than two steps, or more than the limit, saying what to change", () => {
    const since = at("2026-11-20T00:00:00Z");
    expect(() => replaySteps({ since, until: since + HOUR, everyMs: DAY })).toThrow(
      /holds 0 step\(s\).*take a shorter step/,
    );
    expect(() => replaySteps({ since, until: since + DAY, everyMs: DAY })).toThrow(/holds 1 step/);
    expect(() => replaySteps({ since, until: since + (MAX_REPLAY_STEPS + 1) * HOUR, everyMs: HOUR })).toThrow(
      /10,001 steps is more than 10,000: take a longer step or a shorter range/,
    );
    expect(replaySteps({ since, until: since + MAX_REPLAY_STEPS * HOUR, everyMs: HOUR })).toHaveLength(
      MAX_REPLAY_STEPS,
    );
    expect(() => replaySteps({ since, until: since - DAY, everyMs: HOUR })).toThrow(/must end after it starts/);
    expect(() => replaySteps({ since, until: since + DAY, everyMs: 0 })).toThrow(/positive duration/);
  });

  it("spans one step's interval per step", () => {
    expect(spanOf([DAY, 2 * DAY, 3 * DAY])).toBe(3 * DAY);
    expect(spanOf([DAY])).toBe(0);
  });
});
