/**
 * The alerts page's filters: state, severity and workbook, kept in the page's URL
 * (`/alerts?state=firing&severity=critical&workbook=daily.md`) so a filtered view can be
 * linked and survives a reload, as Alertmanager's and Grafana's alert lists keep theirs. The
 * choices offered are the states there are and the severities and workbooks the instances have.
 */
import type { AlertInstanceView, AlertState } from "../alertsApi.ts";
import { el } from "../dom.ts";
import { queryFields, replaceQuery } from "../pageQuery.ts";

const STATES: AlertState[] = ["firing", "pending", "normal", "resolved", "nodata", "error"];
const FIELDS = ["state", "severity", "workbook"] as const;
type Field = (typeof FIELDS)[number];

/** What a filtered list shows: each field given must match; an absent one matches all. */
export type AlertFilter = Partial<Record<Field, string>>;

/** The parts of an instance or a transition a filter looks at. */
export interface Filtered {
  workbook: string;
  labels: Record<string, string>;
  state: string;
}

export function matchesFilter(filter: AlertFilter, item: Filtered): boolean {
  return (
    (filter.state === undefined || item.state === filter.state) &&
    (filter.severity === undefined || item.labels.severity === filter.severity) &&
    (filter.workbook === undefined || item.workbook === filter.workbook)
  );
}

export class AlertFilterBar {
  readonly element: HTMLElement;
  filter: AlertFilter;
  private readonly selects: Record<Field, HTMLSelectElement>;

  constructor(private readonly changed: () => void) {
    this.filter = queryFields(FIELDS);
    this.selects = {
      state: this.select("state", "State"),
      severity: this.select("severity", "Severity"),
      workbook: this.select("workbook", "Workbook"),
    };
    this.element = el(
      "form",
      { class: "alert-filters", attrs: { role: "search", "aria-label": "Filter the alerts" } },
      ...FIELDS.map((field) => el("label", {}, `${labelOf(field)} `, this.selects[field])),
    );
    this.setChoices("state", STATES);
  }

  /** Offers the severities and workbooks these instances have (and any chosen in the URL). */
  update(instances: AlertInstanceView[]): void {
    const distinct = (values: (string | undefined)[]) =>
      [...new Set(values.filter((value): value is string => value !== undefined))].sort();
    this.setChoices("severity", distinct(instances.map((instance) => instance.labels.severity)));
    this.setChoices("workbook", distinct(instances.map((instance) => instance.workbook)));
  }

  private select(field: Field, label: string): HTMLSelectElement {
    const select = el("select", { attrs: { name: field, "aria-label": label } });
    select.addEventListener("change", () => {
      if (select.value) this.filter[field] = select.value;
      else delete this.filter[field];
      replaceQuery(this.filter);
      this.changed();
    });
    return select;
  }

  private setChoices(field: Field, values: string[]): void {
    const chosen = this.filter[field];
    const all = chosen === undefined || values.includes(chosen) ? values : [...values, chosen];
    const select = this.selects[field];
    const wanted = JSON.stringify(all);
    if (select.dataset.choices === wanted) return;
    select.dataset.choices = wanted;
    select.replaceChildren(
      el("option", { text: "all", attrs: { value: "" } }),
      ...all.map((value) => el("option", { text: value, attrs: { value } })),
    );
    select.value = chosen ?? "";
  }
}

function labelOf(field: Field): string {
  return field[0]!.toUpperCase() + field.slice(1);
}
