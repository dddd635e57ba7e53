/**
 * The browser's table on linkedom's DOM: numbers by magnitude with the exact value on hover,
 * instants as dates, nested values in Observable's inspector, and data as text.
 */
import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { renderTable } from "../../../client/outputs/table.ts";
import type { TableOutput } from "../../../server/protocol/index.ts";

const dom = parseHTML("<!doctype html><html><body></body></html>");
// The renderer (and the inspector) build elements with the browser's globals.
Object.assign(globalThis, {
  document: dom.document,
  window: dom.window,
  Element: dom.Element,
  Node: dom.Node,
  Text: dom.Text,
});

const MARKUP = "<img src=x onerror=alert(1)>";
const output: TableOutput = {
  kind: "table",
  columns: [
    { name: "score", type: "number" },
    { name: "day", type: "date" },
    { name: "meta", type: "object" },
    { name: "note", type: "string" },
  ],
  rows: [
    [0.123456789, "2026-03-01T00:00:00.000Z", JSON.stringify({ region: "eu", tags: [1, 2] }), MARKUP],
    [1234567.891, null, null, "plain"],
  ],
  totalRows: 31,
};

describe("renderTable in the browser", () => {
  const table = renderTable(output);
  const cells = [...table.querySelectorAll("tbody tr")].map((row) => [...row.querySelectorAll("td")]);

  it("rounds numbers by magnitude and keeps the exact value on hover", () => {
    expect(cells[0][0].textContent).toBe("0.1235");
    expect(cells[0][0].getAttribute("title")).toBe("0.123456789");
    expect(cells[1][0].textContent).toBe("1,234,568");
    expect(cells[1][0].getAttribute("title")).toBe("1234567.891");
  });

  it("shows a midnight-UTC instant as its day, the instant on hover", () => {
    expect(cells[0][1].textContent).toBe("2026-03-01");
    expect(cells[0][1].getAttribute("title")).toBe("2026-03-01T00:00:00.000Z");
  });

  it("opens nested values in an inspector, and shows data as text", () => {
    const inspector = cells[0][2].querySelector(".observablehq--inspect");
    expect(inspector?.textContent).toContain("region");
    expect(inspector?.textContent).toContain('"eu"');
    expect(cells[0][3].textContent).toBe(MARKUP);
    expect(table.querySelector("img")).toBeNull();
  });

  it("says how many rows there are before layout tells what is in view", () => {
    expect(table.querySelector(".note")?.textContent).toBe("showing 2 of 31 rows");
  });
});
