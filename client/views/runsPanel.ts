/**
 * The notebook's runs panel, a collapsible box under the title bar: a "Run now" button and the
 * workbook's latest runs (status, trigger, start, duration, commit, stored report). A click on a
 * run shows its detail: each cell's status and time, and the errors with their lines. It loads
 * at once for its summary, and again whenever the server says a run of the workbook started or
 * ended, whatever started it (the schedule, new data, `driftbook run`, another page).
 */
import { placeText } from "../../server/protocol/index.ts";
import { button, el } from "../dom.ts";
import { listRuns, reportUrl, runNow, type RunCell, type RunError, type RunPage, type RunRecord } from "../runsApi.ts";
import { timeElement } from "./alertParts.ts";
import { CollapsiblePanel } from "./collapsiblePanel.ts";

const LIMIT = 20;

export class RunsPanel {
  readonly panel: CollapsiblePanel<RunPage>;
  private readonly runButton = button("Run now", () => void this.runNow(), { class: "run-now" });
  private readonly content = el("div", { class: "runs-content" });
  private readonly expanded = new Set<number>();
  private runs: RunRecord[] = [];

  constructor(private readonly workbook: string) {
    this.panel = new CollapsiblePanel({
      name: "runs-panel",
      title: "Runs",
      what: "the runs",
      fetch: () => listRuns(workbook, { limit: LIMIT }),
      show: (page) => this.show(page),
      eager: true,
    });
    this.panel.element.append(el("div", { class: "runs-toolbar" }, this.runButton, this.panel.error), this.content);
  }

  /** Runs the workbook (also Ctrl/Cmd+Shift+Enter: cellKeys.ts, which opens the panel to show it); the server's news of the run refreshes the list. */
  runNow(): Promise<void> {
    return this.panel.act(this.runButton, "Running…", "run the workbook", async () => {
      await runNow(this.workbook);
    });
  }

  private show(page: RunPage): void {
    this.runs = page.runs;
    this.panel.setState(page.total ? `${page.total}${page.runs[0] ? `, last ${page.runs[0].status}` : ""}` : undefined);
    this.panel.summary.dataset.status = page.runs[0]?.status ?? "";
    this.draw();
  }

  private draw(): void {
    if (!this.panel.changed([this.runs, [...this.expanded]])) return;
    if (this.runs.length === 0) {
      this.content.replaceChildren(
        el("p", {
          class: "note",
          text: "No run yet. Runs come from the schedule, `driftbook run` and the Run now button.",
        }),
      );
      return;
    }
    const head = el(
      "tr",
      {},
      ...["Status", "Trigger", "Started", "Duration", "Server", "Commit", ""].map((text) => el("th", { text })),
    );
    const body = el("tbody");
    for (const run of this.runs) {
      body.append(this.runRow(run));
      if (this.expanded.has(run.id)) body.append(runDetail(run));
    }
    this.content.replaceChildren(el("table", { class: "runs-table" }, el("thead", {}, head), body));
  }

  private runRow(run: RunRecord): HTMLTableRowElement {
    const open = this.expanded.has(run.id);
    const report = run.reportPath
      ? el("a", { text: "report", attrs: { href: reportUrl(run.id), target: "_blank", rel: "noopener" } })
      : "";
    const row = el(
      "tr",
      {
        class: `run-row${open ? " run-row-open" : ""}`,
        title: "Show the run's cells",
        attrs: { tabindex: "0", "aria-expanded": String(open), "data-id": String(run.id), "data-status": run.status },
      },
      el("td", {}, el("span", { class: `run-status run-status-${run.status}`, text: run.status })),
      el("td", { class: "run-trigger", text: triggerText(run) }),
      el("td", {}, timeElement(run.startedAt)),
      el("td", { class: "run-duration", text: durationText(run.durationMs) }),
      el("td", { class: "run-server", text: run.server ?? "" }),
      el("td", {
        class: "run-commit",
        text: run.gitCommit ? run.gitCommit.slice(0, 7) : "",
        title: run.gitCommit ?? "",
      }),
      el("td", { class: "run-report" }, report),
    );
    const toggle = () => {
      if (this.expanded.has(run.id)) this.expanded.delete(run.id);
      else this.expanded.add(run.id);
      this.draw();
      this.content.querySelector<HTMLElement>(`tr.run-row[data-id="${run.id}"]`)?.focus();
    };
    row.addEventListener("click", (event) => {
      if (!(event.target instanceof Element && event.target.closest("a"))) toggle();
    });
    row.addEventListener("keydown", (event) => {
      if (event.target === row && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        toggle();
      }
    });
    return row;
  }
}

/** The detail row of a run: its cells with their errors, and errors outside any cell. */
function runDetail(run: RunRecord): HTMLTableRowElement {
  const detail = el("div", { class: "run-detail-body" });
  const loose = run.errors.filter((error) => error.cellIndex === undefined);
  for (const error of loose) detail.append(el("p", { class: "run-error", text: errorText(error) }));
  if (run.cells.length) {
    const head = el("tr", {}, ...["#", "Cell", "Status", "Time", "Error"].map((text) => el("th", { text })));
    const rows = run.cells.map((cell) =>
      cellRow(
        cell,
        run.errors.filter((error) => error.cellIndex === cell.index),
      ),
    );
    detail.append(el("table", { class: "run-cells" }, el("thead", {}, head), el("tbody", {}, ...rows)));
  } else if (!loose.length) {
    detail.append(
      el("p", {
        class: "note",
        text: run.status === "skipped" ? "Skipped: the previous run was still going." : "No cell ran.",
      }),
    );
  }
  const meta = [`run #${run.id}`, `file ${run.version.slice(0, 10)}`];
  if (Object.keys(run.params).length) meta.push(`params ${JSON.stringify(run.params)}`);
  if (run.alerts.length) meta.push(`${run.alerts.length} alert transition${run.alerts.length === 1 ? "" : "s"}`);
  detail.append(el("p", { class: "note run-meta", text: meta.join(" · ") }));
  return el(
    "tr",
    { class: "run-detail", attrs: { "data-id": String(run.id) } },
    el("td", { attrs: { colspan: "7" } }, detail),
  );
}

function cellRow(cell: RunCell, errors: RunError[]): HTMLTableRowElement {
  return el(
    "tr",
    { class: "run-cell", attrs: { "data-index": String(cell.index), "data-status": cell.status } },
    el("td", { text: String(cell.index) }),
    el("td", { class: "run-cell-name", text: cell.name ? `${cell.kind} ${cell.name}` : cell.kind }),
    el("td", {}, el("span", { class: `status status-${cell.status}`, text: cell.status })),
    el("td", { class: "run-duration", text: durationText(cell.ms) }),
    el("td", {}, ...errors.map((error) => el("div", { class: "run-error", text: errorText(error) }))),
  );
}

function errorText(error: RunError): string {
  const place = placeText(error);
  return place ? `${place}: ${error.message}` : error.message;
}

export function durationText(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** The run's trigger, and whether it was a what-if, as of which moment when it read the data as it was then. */
function triggerText(run: RunRecord): string {
  if (run.production) return run.trigger;
  const asOf =
    run.asOf === undefined ? "" : ` as of ${new Date(run.asOf).toISOString().slice(0, 16).replace("T", " ")} UTC`;
  return `${run.trigger} · what-if${asOf}`;
}
