/**
 * The notebook's alerts panel, a collapsible box under the title bar: the workbook's rule
 * instances with a silence control each, the silences that concern it with a lift button, and
 * its last transitions. It refreshes every 10 s and soon after an alert cell shows a new output
 * (the server evaluates the rules once the run ends), and stays hidden for a workbook that has
 * no alert state at all. It opens by itself when an instance starts firing.
 */
import { ApiError } from "../api.ts";
import { alertHistory, listAlerts, listSilences, type AlertInstanceView, type StoredAlertTransition, type SilenceView } from "../alertsApi.ts";
import { coalesced } from "../coalesce.ts";
import { el } from "../dom.ts";
import { byUrgency, historyTable, instancesTable, refreshTimes, section, SilenceForms, silencesTable, type AlertsContext } from "./alertParts.ts";

const POLL_MS = 10_000;
/** After an alert cell's output: once the run's evaluation is likely stored, and again later. */
const AFTER_OUTPUT_MS = [600, 3000];
const HISTORY_LIMIT = 20;

interface PanelData {
  instances: AlertInstanceView[];
  silences: SilenceView[];
  history: StoredAlertTransition[];
}

export class AlertsPanel {
  readonly element = el("details", { class: "alerts-panel", attrs: { hidden: "" } });
  private readonly summary = el("summary", { text: "Alerts" });
  private readonly content = el("div", { class: "alerts-content" });
  private readonly error = el("p", { class: "form-error", attrs: { role: "alert" } });
  private readonly forms: SilenceForms;
  private readonly poll: ReturnType<typeof setInterval>;
  private soon: ReturnType<typeof setTimeout>[] = [];
  private shown = "";
  private firing = 0;
  private disposed = false;
  /** Loads and shows the workbook's alert state; a refresh asked for while one runs follows it. */
  readonly refresh = coalesced(() => this.load(), () => this.disposed);

  constructor(private readonly workbook: string) {
    const context: AlertsContext = {
      changed: () => void this.refresh(),
      failed: (message) => {
        this.error.textContent = message;
      },
    };
    this.forms = new SilenceForms(context);
    this.element.append(this.summary, this.error, this.content);
    this.poll = setInterval(() => void this.refresh(), POLL_MS);
    void this.refresh();
  }

  /** Refreshes shortly, after an alert cell produced a new output. */
  refreshSoon(): void {
    for (const timer of this.soon) clearTimeout(timer);
    this.soon = AFTER_OUTPUT_MS.map((ms) => setTimeout(() => void this.refresh(), ms));
  }

  dispose(): void {
    this.disposed = true;
    clearInterval(this.poll);
    for (const timer of this.soon) clearTimeout(timer);
  }

  private async load(): Promise<void> {
    try {
      const [instances, silences, history] = await Promise.all([listAlerts(this.workbook), listSilences(), alertHistory({ workbook: this.workbook, limit: HISTORY_LIMIT })]);
      if (this.disposed) return;
      this.error.textContent = "";
      const muting = new Set(instances.flatMap((instance) => instance.silencedBy));
      const mine = silences.filter((silence) => silence.status !== "expired" && (muting.has(silence.id) || silence.matchers.some((m) => m.name === "workbook" && m.op === "=" && m.value === this.workbook)));
      this.show({ instances: [...instances].sort(byUrgency), silences: mine, history });
    } catch (failure) {
      if (this.disposed) return;
      // A server without the alerts API: nothing to show.
      if (failure instanceof ApiError && failure.status === 404) return;
      this.error.textContent = `Could not load the alerts: ${(failure as Error).message}`;
    } finally {
      refreshTimes(this.element);
    }
  }

  private show(data: PanelData): void {
    this.element.hidden = data.instances.length === 0 && data.silences.length === 0 && data.history.length === 0;
    const firing = data.instances.filter((instance) => instance.state === "firing").length;
    if (firing > this.firing) this.element.open = true;
    this.firing = firing;
    const counts = new Map<string, number>();
    for (const { state } of data.instances) counts.set(state, (counts.get(state) ?? 0) + 1);
    const silenced = data.instances.filter((instance) => instance.silencedBy.length > 0).length;
    const parts = [...counts].map(([state, count]) => `${count} ${state}`);
    if (silenced) parts.push(`${silenced} silenced`);
    this.summary.textContent = `Alerts${parts.length ? ` · ${parts.join(", ")}` : ""}`;
    this.summary.dataset.firing = String(firing);

    const serialized = JSON.stringify(data);
    if (serialized === this.shown) return;
    this.shown = serialized;
    const focused = document.activeElement;
    this.content.replaceChildren(
      data.instances.length ? instancesTable(data.instances, this.forms) : el("p", { class: "note", text: "No rule has been evaluated on a run yet." }),
      section("Silences", data.silences.length ? silencesTable(data.silences, this.forms.context) : undefined, "No silence concerns this workbook."),
      section("Recent transitions", data.history.length ? historyTable(data.history, false) : undefined, "No transition yet."),
    );
    if (focused instanceof HTMLElement && focused !== document.activeElement && this.content.contains(focused)) focused.focus();
  }
}
