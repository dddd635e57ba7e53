import { describe, expect, it } from "vitest";
import { since } from "../../../server/runtime/stdlib/since.ts";

const SECOND = 1000;
const MINUTE = 60 * SECOND;

describe("since", () => {
  const now = Date.UTC(2024, 5, 1, 12);

  it("gives the epoch milliseconds a duration before now", () => {
    expect(since("24h", now)).toBe(Date.UTC(2024, 4, 31, 12));
    expect(since("1h30m", now)).toBe(Date.UTC(2024, 5, 1, 10, 30));
    expect(since(60_000, now)).toBe(now - 60_000);
  });

  it("defaults to the current time", () => {
    const before = Date.now();
    const start = since("1m");
    expect(start).toBeGreaterThanOrEqual(before - MINUTE);
    expect(start).toBeLessThanOrEqual(Date.now() - MINUTE);
  });

  it("refuses a bad duration", () => {
    expect(() => since("yesterday", now)).toThrow('invalid duration "yesterday"');
  });
});
