/**
 * The workbook list: every workbook with its title, path (and git status, when not clean), model,
 * alert state, schedule and next run, last run and problem count; a search and filters by model
 * and state (listFilter.ts, kept in the page's URL); a link to the alerts page; and a form that
 * creates a new one from a template and opens it.
 */
import type { WorkbookSummary } from "../../server/protocol/index.ts";
import { createWorkbook, encodePath, listWorkbooks } from "../api.ts";
import { el } from "../dom.ts";
import { gitStatusBadge } from "./gitPanel.ts";
import {
  filterFromQuery,
  matchesFilter,
  modelsOf,
  queryOfFilter,
  STATE_CHOICES,
  type ListFilter,
} from "./listFilter.ts";
import "./names.css";

export function listView(root: HTMLElement, navigate: (url: string) => void): void {
  const table = el("tbody");
  const status = el("p", { class: "note", text: "Loading…" });
  let workbooks: WorkbookSummary[] = [];
  const filter = filterFromQuery(location.search);
  const search = el("input", {
    attrs: { type: "search", placeholder: "Search title, path, model, state", "aria-label": "Search workbooks" },
  });
  search.value = filter.text;
  const model = el("select", { attrs: { "aria-label": "Model" } });
  const state = el(
    "select",
    { attrs: { "aria-label": "Alert state" } },
    ...STATE_CHOICES.map((choice) =>
      el("option", {
        text: choice === "" ? "any state" : choice === "none" ? "no alerts" : choice,
        attrs: { value: choice },
      }),
    ),
  );
  state.value = filter.state;
  const show = () => {
    if (!root.contains(table)) return; // the page moved on before the list came
    const shown = workbooks.filter((workbook) => matchesFilter(workbook, filter));
    table.replaceChildren(...shown.map(row));
    status.textContent =
      workbooks.length === 0
        ? "No workbooks yet: create one below."
        : shown.length === workbooks.length
          ? ""
          : `Showing ${shown.length} of ${workbooks.length} workbooks.`;
    history.replaceState(history.state, "", `${location.pathname}${queryOfFilter(filter)}`);
  };
  search.addEventListener("input", () => ((filter.text = search.value), show()));
  model.addEventListener("change", () => ((filter.model = model.value), show()));
  state.addEventListener("change", () => ((filter.state = state.value as ListFilter["state"]), show()));
  root.replaceChildren(
    el(
      "main",
      { class: "list" },
      el(
        "header",
        { class: "list-header" },
        el("h1", { text: "Workbooks" }),
        el("a", { class: "alerts-link", text: "Alerts", attrs: { href: "/alerts" } }),
        el("a", { class: "audit-link", text: "Audit", attrs: { href: "/audit" } }),
      ),
      el("div", { class: "list-filters" }, search, model, state),
      status,
      el(
        "table",
        { class: "workbooks" },
        el(
          "thead",
          {},
          el(
            "tr",
            {},
            ...["Title", "Path", "Model", "Alerts", "Schedule", "Next run", "Last run", "Problems"].map((name) =>
              el("th", { text: name, attrs: { scope: "col" } }),
            ),
          ),
        ),
        table,
      ),
      newWorkbookForm(navigate),
    ),
  );
  document.title = "Workbooks · Driftbook";
  listWorkbooks().then(
    (listed) => {
      workbooks = listed;
      const models = modelsOf(listed);
      if (filter.model && !models.includes(filter.model)) models.push(filter.model);
      model.replaceChildren(
        el("option", { text: "any model", attrs: { value: "" } }),
        ...models.map((name) => el("option", { text: name, attrs: { value: name } })),
      );
      model.value = filter.model;
      show();
    },
    (error: Error) => {
      status.textContent = `Could not list the workbooks: ${error.message}`;
    },
  );
}

function row(workbook: WorkbookSummary): HTMLTableRowElement {
  const problems = workbook.problems === 0 ? "" : `${workbook.problems} problem${workbook.problems === 1 ? "" : "s"}`;
  return el(
    "tr",
    {},
    el(
      "td",
      {},
      el("a", { text: workbook.title || workbook.path, attrs: { href: `/w/${encodePath(workbook.path)}` } }),
    ),
    el(
      "td",
      { class: "path" },
      workbook.path,
      ...(workbook.git && workbook.git !== "clean" ? [gitStatusBadge(workbook.git)] : []),
    ),
    el("td", { class: "model", text: workbook.model ?? "" }),
    el("td", {
      class: workbook.alertState ? `alert-state alert-state-${workbook.alertState}` : "alert-state",
      text: workbook.alertState ?? "",
    }),
    el("td", {
      text: workbook.schedule ?? workbook.scheduleError ?? "",
      class: workbook.scheduleError ? "problems-count" : "",
    }),
    el("td", {
      class: "next-run",
      text: workbook.nextRun === undefined ? "" : new Date(workbook.nextRun).toLocaleString(),
    }),
    el(
      "td",
      {},
      ...(workbook.lastRun
        ? [el("span", { class: `run-status run-status-${workbook.lastRun.status}`, text: workbook.lastRun.status })]
        : []),
    ),
    el("td", { class: problems ? "problems-count" : "", text: problems }),
  );
}

function newWorkbookForm(navigate: (url: string) => void): HTMLFormElement {
  const path = el("input", {
    attrs: { name: "path", required: "", placeholder: "monitoring/daily.md", pattern: ".+\\.md" },
  });
  const title = el("input", { attrs: { name: "title", placeholder: "Daily drift" } });
  const template = el(
    "select",
    { attrs: { name: "template" } },
    el("option", { text: "Blank", attrs: { value: "blank" } }),
    el("option", { text: "Drift report", attrs: { value: "drift" } }),
  );
  const error = el("p", { class: "form-error", attrs: { role: "alert" } });
  const form = el(
    "form",
    { class: "new-workbook" },
    el("h2", { text: "New workbook" }),
    el("label", {}, "Path ", path),
    el("label", {}, "Title ", title),
    el("label", {}, "Template ", template),
    el("button", { text: "Create", attrs: { type: "submit" } }),
    error,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    try {
      const created = await createWorkbook({
        path: path.value.trim(),
        title: title.value.trim() || undefined,
        template: template.value as "blank" | "drift",
      });
      navigate(`/w/${encodePath(created.path)}`);
    } catch (failure) {
      error.textContent = (failure as Error).message;
    }
  });
  return form;
}
