/**
 * The alerts page (`/alerts`): every rule instance of every workbook, grouped by workbook with
 * the workbooks that have something firing first, each with its silence control; every
 * silence (expired ones too, for five days) with a lift button; the latest transitions.
 * It reloads when the server says a workbook's alert rules were evaluated, or a silence was
 * made or lifted here. Instances and transitions can be filtered by state, severity and
 * workbook, in the URL (alertFilters.ts).
 */
import { encodePath } from "../api.ts";
import {
  alertHistory,
  listAlerts,
  listSilences,
  type AlertInstanceView,
  type StoredAlertTransition,
  type SilenceView,
} from "../alertsApi.ts";
import { coalesced } from "../coalesce.ts";
import { el } from "../dom.ts";
import { AlertFilterBar, matchesFilter } from "./alertFilters.ts";
import type { LiveSocket } from "../socket.ts";
import {
  byUrgency,
  historyTable,
  instancesTable,
  refreshTimes,
  section,
  SilenceForms,
  silencesTable,
  urgency,
  type AlertsContext,
} from "./alertParts.ts";

const HISTORY_LIMIT = 50;

export function alertsView(root: HTMLElement, socket: LiveSocket): () => void {
  const status = el("p", { class: "note", text: "Loading…", attrs: { role: "status" } });
  const error = el("p", { class: "form-error", attrs: { role: "alert" } });
  const content = el("div", { class: "alerts-page-content" });
  const filters = new AlertFilterBar(() => void refresh());
  root.replaceChildren(
    el(
      "main",
      { class: "alerts-page" },
      el("div", { class: "page-bar" }, el("a", { text: "← Workbooks", attrs: { href: "/" } })),
      el("h1", { text: "Alerts" }),
      filters.element,
      status,
      error,
      content,
    ),
  );
  document.title = "Alerts · Driftbook";

  let disposed = false;
  let shown = "";
  const context: AlertsContext = {
    changed: () => void refresh(),
    failed: (message) => {
      error.textContent = message;
    },
  };
  const forms = new SilenceForms(context);

  async function load(): Promise<void> {
    try {
      const [all, silences, allHistory] = await Promise.all([
        listAlerts(),
        listSilences(),
        alertHistory({ limit: HISTORY_LIMIT }),
      ]);
      if (disposed) return;
      filters.update(all);
      const instances = all.filter((instance) => matchesFilter(filters.filter, instance));
      const history = allHistory.filter((transition) =>
        matchesFilter(filters.filter, { ...transition, state: transition.to }),
      );
      error.textContent = "";
      const firing = instances.filter((instance) => instance.state === "firing").length;
      status.textContent = `${instances.length} instance${instances.length === 1 ? "" : "s"}, ${firing} firing, ${silences.filter((s) => s.status === "active").length} active silence(s)`;
      const serialized = JSON.stringify([instances, silences, history, filters.filter]);
      if (serialized !== shown) {
        shown = serialized;
        const focused = document.activeElement;
        const none = all.length
          ? "No instance matches these filters."
          : "No alert rule has been evaluated on a run yet.";
        content.replaceChildren(...render(instances, silences, history, forms, context, none));
        if (focused instanceof HTMLElement && focused !== document.activeElement && content.contains(focused))
          focused.focus();
      }
    } catch (failure) {
      if (!disposed) error.textContent = `Could not load the alerts: ${(failure as Error).message}`;
    } finally {
      refreshTimes(content);
    }
  }

  /** A refresh asked for while one runs follows it. */
  const refresh = coalesced(load, () => disposed);
  const stopWatching = socket.watchAlerts(() => void refresh());
  void refresh();
  return () => {
    disposed = true;
    stopWatching();
  };
}

function render(
  instances: AlertInstanceView[],
  silences: SilenceView[],
  history: StoredAlertTransition[],
  forms: SilenceForms,
  context: AlertsContext,
  none: string,
): HTMLElement[] {
  const byWorkbook = new Map<string, AlertInstanceView[]>();
  for (const instance of instances)
    byWorkbook.set(instance.workbook, [...(byWorkbook.get(instance.workbook) ?? []), instance]);
  const groups = [...byWorkbook].map(([workbook, list]) => ({ workbook, list: list.sort(byUrgency) }));
  groups.sort((a, b) => urgency(a.list[0].state) - urgency(b.list[0].state) || a.workbook.localeCompare(b.workbook));
  const workbooks = groups.map(({ workbook, list }) =>
    el(
      "section",
      { class: "alerts-workbook", attrs: { "data-workbook": workbook } },
      el("h2", {}, el("a", { text: workbook, attrs: { href: `/w/${encodePath(workbook)}` } })),
      instancesTable(list, forms),
    ),
  );
  return [
    ...(workbooks.length ? workbooks : [el("p", { class: "note", text: none })]),
    section("Silences", silences.length ? silencesTable(silences, context) : undefined, "No silence.", "h2"),
    section("Recent transitions", history.length ? historyTable(history, true) : undefined, "No transition yet.", "h2"),
  ];
}
