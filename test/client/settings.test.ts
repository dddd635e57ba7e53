/** The settings panel's checks and schedule explanation, on real croner and cronstrue. */
import { describe, expect, it } from "vitest";
import * as settings from "../../client/settings.ts";

const NOW = new Date("2026-03-28T22:30:00Z");

describe("describeSchedule", () => {
  it("explains the pattern and lists the next three runs in the workbook's time zone", () => {
    const description = settings.describeSchedule({ cron: "0 7 * * *", tz: "Europe/Paris" }, NOW);
    expect(description.error).toBeUndefined();
    if (description.error !== undefined) return;
    expect(description.explanation).toBe("At 07:00");
    // Paris moves to summer time on 29 March 2026: 07:00 is 06:00 UTC before, 05:00 UTC after.
    expect(description.next.map((date) => date.toISOString())).toEqual([
      "2026-03-29T05:00:00.000Z",
      "2026-03-30T05:00:00.000Z",
      "2026-03-31T05:00:00.000Z",
    ]);
  });

  it("says why a pattern or a time zone cannot be scheduled", () => {
    expect(settings.describeSchedule({ cron: "every hour" }, NOW).error).toMatch(
      /^"every hour" is not a cron pattern: /,
    );
    expect(settings.describeSchedule({ cron: "0 61 * * *" }, NOW).error).toMatch(/not a cron pattern/);
    expect(settings.describeSchedule({ cron: "0 * * * *", tz: "Mars/Olympus" }, NOW).error).toBe(
      '"Mars/Olympus" is not a time zone: use an IANA name such as UTC or Europe/Paris',
    );
  });
});

describe("checks", () => {
  it("reads the schedule in both shapes", () => {
    expect(settings.scheduleSetting({ schedule: "0 * * * *" })).toEqual({ cron: "0 * * * *" });
    expect(settings.scheduleSetting({ schedule: { cron: "0 * * * *", tz: "UTC" } })).toEqual({
      cron: "0 * * * *",
      tz: "UTC",
    });
    expect(settings.scheduleSetting({})).toBeUndefined();
  });

  it("refuses negative, zero and unit-less timeouts", () => {
    expect(settings.timeoutError("10m")).toBeUndefined();
    expect(settings.timeoutError("-5m")).toMatch(/^not a duration: "-5m": expected/);
    expect(settings.timeoutError("0s")).toBe("the timeout must be longer than 0");
    expect(settings.timeoutError("10")).toMatch(/not a duration/);
  });

  it("refuses a model the server does not have", () => {
    expect(settings.modelError("credit", ["credit", "fraud"])).toBeUndefined();
    expect(settings.modelError("churn", ["credit", "fraud"])).toBe(
      'the server has no model named "churn" (it has credit, fraud)',
    );
    expect(settings.modelError("Credit", undefined)).toMatch(/not a model name/);
  });

  it("lists plain and declared params with their types and defaults", () => {
    const params = { window: "24h", days: 7, region: { type: "select", options: ["eu", "us"], default: "eu" } };
    expect(settings.paramSettings({ params })).toEqual([
      { name: "window", type: "string", value: "24h", declared: false },
      { name: "days", type: "number", value: 7, declared: false },
      { name: "region", type: "select", value: "eu", declared: true, viewer: false, options: ["eu", "us"] },
    ]);
    expect(settings.paramValue("3.5", "number")).toBe(3.5);
    expect(() => settings.paramValue("many", "number")).toThrow('expects a number, got "many"');
    expect(settings.paramValue("7", "string")).toBe("7");
    expect(settings.paramNameError("window", ["window"])).toBe("there is already a param named window");
    expect(settings.paramNameError("2x", [])).toMatch(/not a name cells can read/);
  });

  it("writes a new param as a plain value or as a declaration readers see as a control", () => {
    const param = (type: settings.NewParamType, value = "", choices = "", viewer = false) =>
      settings.newParamValue({ type, value, choices, viewer });
    expect(param("value", "30")).toBe(30);
    expect(param("value", "24h")).toBe("24h");
    expect(param("select", "eu", "eu, us , asia", true)).toEqual({
      type: "select",
      options: ["eu", "us", "asia"],
      default: "eu",
      viewer: true,
    });
    expect(param("select", "", "1, 7")).toEqual({ type: "select", options: [1, 7] });
    expect(param("range", "0.3", "0, 1, 0.05")).toEqual({ type: "range", min: 0, max: 1, step: 0.05, default: 0.3 });
    expect(param("text", "007")).toEqual({ type: "text", default: "007" });
    expect(param("date", "2026-12-01", "", true)).toEqual({ type: "date", default: "2026-12-01", viewer: true });
    expect(param("checkbox", "true")).toEqual({ type: "checkbox", default: true });
    expect(() => param("select", "eu")).toThrow("a select needs its options, comma-separated: eu, us");
    expect(() => param("select", "fr", "eu, us")).toThrow("the default must be one of the options (eu, us)");
    expect(() => param("range", "", "1, 0")).toThrow(/a range needs min, max/);
    expect(() => param("date", "1 Dec")).toThrow(/YYYY-MM-DD/);
    expect(() => param("checkbox", "yes")).toThrow("the default is true or false");
  });
});
