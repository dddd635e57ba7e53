/**
 * Pieces shared by the notebook's alerts panel and the alerts page: the instances table with
 * its silence forms, the silences table with its lift buttons, and the transition history.
 * Every value from the server goes in as text.
 */
import {
  createSilence,
  liftSilence,
  silenceMatchers,
  type AlertInstanceView,
  type AlertState,
  type StoredAlertTransition,
  type Matcher,
  type SilenceView,
} from "../alertsApi.ts";
import { button, el } from "../dom.ts";
import { compactJson, formatNumber } from "../../server/protocol/index.ts";

/** What a view does after a silence was created or lifted, or an action failed. */
export interface AlertsContext {
  changed(): void;
  failed(message: string): void;
}

/** Most urgent first. */
const URGENCY: AlertState[] = ["firing", "error", "pending", "nodata", "resolved", "normal"];
const DURATIONS = [
  ["1h", "1 hour"],
  ["4h", "4 hours"],
  ["1d", "1 day"],
  ["1w", "1 week"],
];
/** Labels every instance has, shown in their own columns. */
const OWN_COLUMNS = new Set(["alertname", "workbook"]);

export function urgency(state: AlertState): number {
  const index = URGENCY.indexOf(state);
  return index < 0 ? URGENCY.length : index;
}

export function byUrgency(a: AlertInstanceView, b: AlertInstanceView): number {
  return urgency(a.state) - urgency(b.state) || a.rule.localeCompare(b.rule) || a.instance.localeCompare(b.instance);
}

export function stateBadge(state: AlertState): HTMLElement {
  return el("span", { class: `alert-state alert-state-${state}`, text: state });
}

/** A time as "5 min ago" (or "in 3 h"), the full date in its tooltip; refreshTimes keeps the text current. */
export function timeElement(at: number): HTMLTimeElement {
  const date = new Date(at);
  return el("time", {
    text: relativeTime(at),
    title: date.toLocaleString(),
    attrs: { datetime: date.toISOString(), "data-at": String(at) },
  });
}

export function refreshTimes(root: ParentNode): void {
  for (const element of root.querySelectorAll<HTMLTimeElement>("time[data-at]"))
    element.textContent = relativeTime(Number(element.dataset.at));
}

export function relativeTime(at: number, now = Date.now()): string {
  const seconds = Math.round((now - at) / 1000);
  if (Math.abs(seconds) < 10) return "just now";
  // Past times count whole units elapsed; future ones round to the minute first, so a silence
  // of 4 hours "ends in 4 h" and not in 3.
  const size = seconds > 0 || -seconds < 60 ? Math.abs(seconds) : Math.round(-seconds / 60) * 60;
  const amount =
    size < 60
      ? `${size} s`
      : size < 3600
        ? `${Math.floor(size / 60)} min`
        : size < 86_400
          ? `${Math.floor(size / 3600)} h`
          : `${Math.floor(size / 86_400)} d`;
  return seconds > 0 ? `${amount} ago` : `in ${amount}`;
}

export function valueText(value: unknown): string {
  if (value === null || value === undefined) return "—";
  return typeof value === "number" ? formatNumber(value) : compactJson(value);
}

export function matchersText(matchers: Matcher[]): string {
  return matchers.map(({ name, op, value }) => `${name}${op}${JSON.stringify(value)}`).join(", ");
}

/** An instance's key, or "—" for a plain rule, and its labels beyond rule and workbook. */
function instanceCell(instance: { instance: string; labels: Record<string, string> }): HTMLTableCellElement {
  const labels = Object.entries(instance.labels).filter(
    ([name, value]) => !OWN_COLUMNS.has(name) && value !== instance.instance,
  );
  return el(
    "td",
    { class: "alert-instance" },
    el("span", { text: instance.instance || "—" }),
    ...labels.map(([name, value]) => el("span", { class: "alert-label", text: `${name}=${value}` })),
  );
}

function table(headings: string[], rows: HTMLTableRowElement[], className: string): HTMLTableElement {
  return el(
    "table",
    { class: `alerts-table ${className}` },
    el("thead", {}, el("tr", {}, ...headings.map((text) => el("th", { text, attrs: { scope: "col" } })))),
    el("tbody", {}, ...rows),
  );
}

/**
 * The silence control of each instance: a button that opens a form (duration, scope, comment).
 * Open forms outlive re-renders of the table, so a refresh does not drop what is being typed.
 */
export class SilenceForms {
  private readonly open = new Map<string, HTMLFormElement>();

  constructor(readonly context: AlertsContext) {}

  control(instance: AlertInstanceView): HTMLElement {
    const key = `${instance.ruleId}\u0000${instance.instance}`;
    const box = el("div", { class: "silence-control" });
    const opener = button(
      "Silence…",
      () => {
        const form = this.form(instance, () => {
          this.open.delete(key);
          box.replaceChildren(opener);
        });
        this.open.set(key, form);
        box.replaceChildren(form);
        form.querySelector("input")?.focus();
      },
      { title: "Mute this alert's notifications for a while" },
    );
    box.append(this.open.get(key) ?? opener);
    return box;
  }

  private form(instance: AlertInstanceView, close: () => void): HTMLFormElement {
    const duration = el(
      "select",
      { attrs: { name: "duration", "aria-label": "Silence for" } },
      ...DURATIONS.map(([value, text]) => el("option", { text, attrs: { value } })),
    );
    const scope = el(
      "select",
      { attrs: { name: "scope", "aria-label": "Silence which" } },
      el("option", { text: "this instance", attrs: { value: "instance" } }),
      el("option", { text: "every instance of the rule", attrs: { value: "rule" } }),
    );
    const comment = el("input", {
      attrs: { name: "comment", required: "", placeholder: "Why: incident, deploy…", "aria-label": "Comment" },
    });
    const error = el("span", { class: "form-error", attrs: { role: "alert" } });
    const submit = el("button", { text: "Silence", attrs: { type: "submit" } });
    const form = el(
      "form",
      { class: "silence-form" },
      duration,
      ...(instance.instance ? [scope] : []),
      comment,
      submit,
      button("Cancel", close),
      error,
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      error.textContent = "";
      submit.disabled = true;
      try {
        await createSilence({
          matchers: silenceMatchers(instance, instance.instance && scope.value === "instance" ? "instance" : "rule"),
          duration: duration.value,
          comment: comment.value.trim(),
        });
        close();
        this.context.changed();
      } catch (failure) {
        error.textContent = (failure as Error).message;
      } finally {
        submit.disabled = false;
      }
    });
    return form;
  }
}

export function instancesTable(instances: AlertInstanceView[], forms: SilenceForms): HTMLTableElement {
  const rows = instances.map((instance) =>
    el(
      "tr",
      {
        class: `alert-row alert-row-${instance.state}`,
        attrs: { "data-rule": instance.rule, "data-instance": instance.instance, "data-state": instance.state },
      },
      el("td", { class: "alert-rule", text: instance.rule }),
      instanceCell(instance),
      el(
        "td",
        {},
        stateBadge(instance.state),
        ...(instance.silencedBy.length
          ? [
              el("span", {
                class: "alert-silenced",
                text: "silenced",
                title: `muted by ${instance.silencedBy.length} silence(s)`,
              }),
            ]
          : []),
      ),
      el("td", { class: "alert-value", text: valueText(instance.lastValue) }),
      el("td", {}, timeElement(instance.since)),
      el("td", {}, forms.control(instance)),
    ),
  );
  return table(["Rule", "Instance", "State", "Value", "Since", ""], rows, "alert-instances");
}

export function silencesTable(silences: SilenceView[], context: AlertsContext): HTMLTableElement {
  const rows = silences.map((silence) => {
    const lift = button(
      "Lift",
      async () => {
        lift.disabled = true;
        try {
          await liftSilence(silence.id);
          context.changed();
        } catch (failure) {
          lift.disabled = false;
          context.failed(`Could not lift the silence: ${(failure as Error).message}`);
        }
      },
      { title: "End this silence now" },
    );
    const ends = silence.status === "expired" ? "ended " : silence.status === "pending" ? "starts " : "ends ";
    return el(
      "tr",
      {
        class: `silence-row silence-${silence.status}`,
        attrs: { "data-silence": silence.id, "data-status": silence.status },
      },
      el("td", { class: "silence-matchers", text: matchersText(silence.matchers) }),
      el("td", {
        class: "silence-comment",
        text: silence.comment + (silence.createdBy ? ` — ${silence.createdBy}` : ""),
      }),
      el("td", { class: "silence-status", text: silence.status }),
      el("td", {}, ends, timeElement(silence.status === "pending" ? silence.startsAt : silence.endsAt)),
      el("td", {}, ...(silence.status === "expired" ? [] : [lift])),
    );
  });
  return table(["Matchers", "Comment", "Status", "When", ""], rows, "alert-silences");
}

export function historyTable(entries: StoredAlertTransition[], showWorkbook: boolean): HTMLTableElement {
  const rows = entries.map((entry) =>
    el(
      "tr",
      { attrs: { "data-to": entry.to } },
      el("td", {}, timeElement(entry.at)),
      ...(showWorkbook ? [el("td", { class: "path", text: entry.workbook })] : []),
      el("td", { text: entry.rule }),
      instanceCell(entry),
      el("td", { class: "alert-transition" }, stateBadge(entry.from), " → ", stateBadge(entry.to)),
      el("td", { class: "alert-value", text: valueText(entry.value) }),
      el("td", { text: entry.trigger + (entry.reason ? ` (${entry.reason})` : "") }),
      el("td", {
        text: entry.notification + (entry.deliveryError ? `: ${entry.deliveryError}` : ""),
        title: `${entry.attempts} delivery attempt(s)`,
      }),
    ),
  );
  return table(
    [
      "When",
      ...(showWorkbook ? ["Workbook"] : []),
      "Rule",
      "Instance",
      "Transition",
      "Value",
      "Trigger",
      "Notification",
    ],
    rows,
    "alert-history",
  );
}

/** A section heading with its content, or a note when there is nothing to show. */
export function section(
  title: string,
  content: HTMLElement | undefined,
  empty: string,
  heading: "h2" | "h3" = "h3",
): HTMLElement {
  return el(
    "section",
    { class: "alerts-section" },
    el(heading, { text: title }),
    content ?? el("p", { class: "note", text: empty }),
  );
}
