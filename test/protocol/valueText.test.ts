/** Numbers by magnitude and instants as dates, as every viewer shows a table's values. */
import { describe, expect, it } from "vitest";
import { cellText, instantText, isInstantText, numberText } from "../../server/protocol/index.ts";

describe("numberText", () => {
  it("rounds by magnitude and gives the exact value only when it rounded", () => {
    expect(numberText(0.30000000000000004)).toEqual({ text: "0.3", full: "0.30000000000000004" });
    expect(numberText(12.3456)).toEqual({ text: "12.35", full: "12.3456" });
    expect(numberText(123456.78)).toEqual({ text: "123,457", full: "123456.78" });
    expect(numberText(12345)).toEqual({ text: "12,345" });
    expect(numberText(-0.5)).toEqual({ text: "-0.5" });
    expect(numberText(1.23456e-7)).toEqual({ text: "1.23e-7", full: "1.23456e-7" });
    expect(numberText(1.5e-7)).toEqual({ text: "1.50e-7" });
    expect(numberText(4.5678e18)).toEqual({ text: "4.57e+18", full: "4567800000000000000" });
  });
});

describe("instantText", () => {
  it("reads an instant in the viewer's zone, to the second only when it has seconds", () => {
    expect(instantText("2026-03-01T13:45:00.000Z", "Europe/Paris").text).toBe("2026-03-01 14:45 GMT+1");
    expect(instantText("2026-07-01T13:45:12.000Z", "America/New_York")).toEqual({
      text: "2026-07-01 09:45:12 EDT",
      full: "2026-07-01T13:45:12.000Z",
    });
  });

  it("reads midnight UTC as that day in every zone", () => {
    expect(instantText("2026-03-01T00:00:00.000Z", "America/Los_Angeles").text).toBe("2026-03-01");
  });

  it("knows the server's instants from other text", () => {
    expect(isInstantText("2026-03-01T00:00:00.000Z")).toBe(true);
    expect(isInstantText("2026-03-01")).toBe(false);
    expect(isInstantText("on 2026-03-01T00:00:00.000Z")).toBe(false);
  });
});

describe("cellText", () => {
  const number = (name: string) => ({ name, type: "number" });

  it("reads epoch milliseconds in a time column (ts, *_ts, *_at) as an instant, the number on hover", () => {
    const ms = Date.UTC(2026, 2, 1, 13, 45);
    expect(cellText(ms, number("ts"), "UTC")).toEqual({
      kind: "date",
      text: "2026-03-01 13:45 UTC",
      full: `${ms} (2026-03-01T13:45:00.000Z)`,
    });
    expect(cellText(ms, number("label_ingested_at"), "UTC").kind).toBe("date");
    expect(cellText(ms, number("count"), "UTC")).toEqual({ kind: "number", text: "1,772,372,700,000" });
  });

  it("leaves other values as text", () => {
    expect(cellText("eu", { name: "region", type: "string" })).toEqual({ kind: "text", text: "eu" });
    expect(cellText(true, undefined)).toEqual({ kind: "text", text: "true" });
  });
});
