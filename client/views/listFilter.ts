/**
 * The workbook list's search and filters, as plain data: a text matched against each workbook's
 * title, path, model and states (so typing "firing" finds the firing ones), a model, and a state
 * (an alert state, or `none` for workbooks without stored alert state). The filter lives in the
 * page's query string (`/?q=daily&model=credit&state=firing`), so a filtered list can be linked.
 */
import type { AlertState, WorkbookSummary } from "../../server/protocol/index.ts";

export interface ListFilter {
  text: string;
  /** "" for every model. */
  model: string;
  /** "" for every state. */
  state: AlertState | "none" | "";
}

export const STATE_CHOICES: ListFilter["state"][] = [
  "",
  "firing",
  "pending",
  "error",
  "nodata",
  "resolved",
  "normal",
  "none",
];

export function filterFromQuery(search: string): ListFilter {
  const query = new URLSearchParams(search);
  const state = query.get("state") ?? "";
  return {
    text: query.get("q") ?? "",
    model: query.get("model") ?? "",
    state: (STATE_CHOICES as string[]).includes(state) ? (state as ListFilter["state"]) : "",
  };
}

/** The query string for `filter` ("" when it filters nothing). */
export function queryOfFilter(filter: ListFilter): string {
  const query = new URLSearchParams();
  if (filter.text) query.set("q", filter.text);
  if (filter.model) query.set("model", filter.model);
  if (filter.state) query.set("state", filter.state);
  const text = query.toString();
  return text ? `?${text}` : "";
}

export function matchesFilter(workbook: WorkbookSummary, filter: ListFilter): boolean {
  if (filter.model && workbook.model !== filter.model) return false;
  if (filter.state && (workbook.alertState ?? "none") !== filter.state) return false;
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  const haystack = [workbook.title, workbook.path, workbook.model, workbook.alertState, workbook.lastRun?.status]
    .filter(Boolean)
    .join(" ")
    .toLowerCase();
  return words.every((word) => haystack.includes(word));
}

/** The models the workbooks name, sorted: the model filter's choices. */
export function modelsOf(workbooks: WorkbookSummary[]): string[] {
  return [...new Set(workbooks.flatMap((workbook) => (workbook.model ? [workbook.model] : [])))].sort();
}
