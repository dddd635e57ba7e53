/**
 * The notebook's alerts panel, a collapsible box under the title bar: the workbook's rule
 * instances with a silence control each, the silences that concern it with a lift button, and
 * its last transitions. It reloads when the server says the workbook's alert rules were
 * evaluated, or a silence was made or lifted here, and stays hidden for a workbook that has no
 * alert state at all. It opens by itself when an instance starts firing.
 */
import {
  alertHistory,
  listAlerts,
  listSilences,
  type AlertInstanceView,
  type StoredAlertTransition,
  type SilenceView,
} from "../alertsApi.ts";
import { el } from "../dom.ts";
import { byUrgency, historyTable, instancesTable, section, SilenceForms, silencesTable } from "./alertParts.ts";
import { CollapsiblePanel } from "./collapsiblePanel.ts";

const HISTORY_LIMIT = 20;

interface PanelData {
  instances: AlertInstanceView[];
  silences: SilenceView[];
  history: StoredAlertTransition[];
}

export class AlertsPanel {
  readonly panel: CollapsiblePanel<PanelData>;
  private readonly content = el("div", { class: "alerts-content" });
  private readonly forms: SilenceForms;
  private firing = 0;

  constructor(private readonly workbook: string) {
    this.panel = new CollapsiblePanel({
      name: "alerts-panel",
      title: "Alerts",
      what: "the alerts",
      fetch: () => this.fetch(),
      show: (data) => this.show(data),
      eager: true,
      hidden: true,
    });
    this.forms = new SilenceForms({
      changed: () => void this.panel.refresh(),
      failed: (message) => this.panel.fail(message),
    });
    this.panel.element.append(this.panel.error, this.content);
  }

  private async fetch(): Promise<PanelData> {
    const [instances, silences, history] = await Promise.all([
      listAlerts(this.workbook),
      listSilences(),
      alertHistory({ workbook: this.workbook, limit: HISTORY_LIMIT }),
    ]);
    const muting = new Set(instances.flatMap((instance) => instance.silencedBy));
    const mine = silences.filter(
      (silence) =>
        silence.status !== "expired" &&
        (muting.has(silence.id) ||
          silence.matchers.some((m) => m.name === "workbook" && m.op === "=" && m.value === this.workbook)),
    );
    return { instances: [...instances].sort(byUrgency), silences: mine, history };
  }

  private show(data: PanelData): void {
    const { element, summary } = this.panel;
    element.hidden = data.instances.length === 0 && data.silences.length === 0 && data.history.length === 0;
    const firing = data.instances.filter((instance) => instance.state === "firing").length;
    if (firing > this.firing) element.open = true;
    this.firing = firing;
    const counts = new Map<string, number>();
    for (const { state } of data.instances) counts.set(state, (counts.get(state) ?? 0) + 1);
    const silenced = data.instances.filter((instance) => instance.silencedBy.length > 0).length;
    const parts = [...counts].map(([state, count]) => `${count} ${state}`);
    if (silenced) parts.push(`${silenced} silenced`);
    this.panel.setState(parts.join(", "));
    summary.dataset.firing = String(firing);

    if (!this.panel.changed(data)) return;
    const focused = document.activeElement;
    this.content.replaceChildren(
      data.instances.length
        ? instancesTable(data.instances, this.forms)
        : el("p", { class: "note", text: "No rule has been evaluated on a run yet." }),
      section(
        "Silences",
        data.silences.length ? silencesTable(data.silences, this.forms.context) : undefined,
        "No silence concerns this workbook.",
      ),
      section(
        "Recent transitions",
        data.history.length ? historyTable(data.history, false) : undefined,
        "No transition yet.",
      ),
    );
    if (focused instanceof HTMLElement && focused !== document.activeElement && this.content.contains(focused))
      focused.focus();
  }
}
