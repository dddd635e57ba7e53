import { describe, expect, it } from "vitest";
import type { WorkbookSummary } from "../../../server/protocol/index.ts";
import {
  filterFromQuery,
  matchesFilter,
  modelsOf,
  queryOfFilter,
  type ListFilter,
} from "../../../client/views/listFilter.ts";

const WORKBOOKS: WorkbookSummary[] = [
  { path: "credit/daily.md", title: "Credit daily drift", problems: 0, model: "credit", alertState: "firing" },
  { path: "fraud.md", title: "Fraud", problems: 0, model: "fraud", alertState: "normal" },
  { path: "notes.md", title: "Notes", problems: 1 },
];
const none: ListFilter = { text: "", model: "", state: "" };
const shown = (filter: Partial<ListFilter>) =>
  WORKBOOKS.filter((workbook) => matchesFilter(workbook, { ...none, ...filter })).map((workbook) => workbook.path);

describe("the workbook list's filter", () => {
  it("matches every word of the text against title, path, model and state", () => {
    expect(shown({})).toEqual(["credit/daily.md", "fraud.md", "notes.md"]);
    expect(shown({ text: "DRIFT credit" })).toEqual(["credit/daily.md"]);
    expect(shown({ text: "fraud.md" })).toEqual(["fraud.md"]);
    expect(shown({ text: "firing" })).toEqual(["credit/daily.md"]);
    expect(shown({ text: "credit fraud" })).toEqual([]);
  });

  it("filters by model and by alert state, `none` for workbooks without alert state", () => {
    expect(shown({ model: "fraud" })).toEqual(["fraud.md"]);
    expect(shown({ state: "firing" })).toEqual(["credit/daily.md"]);
    expect(shown({ state: "none" })).toEqual(["notes.md"]);
    expect(modelsOf(WORKBOOKS)).toEqual(["credit", "fraud"]);
  });

  it("round-trips through the query string and ignores an unknown state", () => {
    const filter: ListFilter = { text: "daily drift", model: "credit", state: "firing" };
    expect(filterFromQuery(queryOfFilter(filter))).toEqual(filter);
    expect(queryOfFilter(none)).toBe("");
    expect(filterFromQuery("?state=bogus&q=x")).toEqual({ text: "x", model: "", state: "" });
  });
});
