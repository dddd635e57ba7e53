import { describe, expect, it } from "vitest";
import { ProfileReadError, timeOf } from "../../server/store/profileOptions.ts";

const NOW = Date.UTC(2024, 4, 10, 12);

describe("timeOf", () => {
  it("reads ISO times as logged times are read: without an offset as UTC, with one as given", () => {
    expect(timeOf("since", "2024-05-01", NOW)).toBe(Date.UTC(2024, 4, 1));
    expect(timeOf("since", "2024-05-01T12:00:00", NOW)).toBe(Date.UTC(2024, 4, 1, 12));
    expect(timeOf("since", "2024-05-01T12:00:00+02:00", NOW)).toBe(Date.UTC(2024, 4, 1, 10));
  });

  it("reads durations before now, epoch ms and Dates", () => {
    expect(timeOf("since", "24h", NOW)).toBe(NOW - 86_400_000);
    expect(timeOf("until", 1_700_000_000_000, NOW)).toBe(1_700_000_000_000);
    expect(timeOf("until", new Date(NOW), NOW)).toBe(NOW);
  });

  it.each(["2023-02-29", "2024-13-01", "yesterday", "", "12"])("refuses %j naming the option", (text) => {
    expect(() => timeOf("until", text, NOW)).toThrow(ProfileReadError);
    expect(() => timeOf("until", text, NOW)).toThrow(/^until: /);
  });
});
