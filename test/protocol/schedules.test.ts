import { describe, expect, it } from "vitest";
import { readSchedule } from "../../server/protocol/schedules.ts";

describe("readSchedule", () => {
  it("reads a pattern alone and a pattern with its time zone", () => {
    expect(readSchedule("0 * * * *")).toEqual({ cron: "0 * * * *" });
    expect(readSchedule({ cron: "0 6 * * *", tz: "Europe/Paris" })).toEqual({ cron: "0 6 * * *", tz: "Europe/Paris" });
  });

  it("takes no key, and null, as no schedule", () => {
    expect(readSchedule(undefined)).toBeUndefined();
    expect(readSchedule(null)).toBeUndefined();
  });

  it("names both shapes when the value has neither", () => {
    for (const value of [5, { tz: "UTC" }, { cron: "0 * * * *", tz: 2 }, ["0 * * * *"]]) {
      expect(readSchedule(value), JSON.stringify(value)).toEqual({
        error: 'schedule must be a cron pattern like "0 * * * *" or {cron: "0 * * * *", tz: "Europe/Paris"}',
      });
    }
  });
});
