/**
 * The notebook's settings panel: the front matter as a form — title, model (one of the
 * server's), schedule (cron and time zone, explained in words with the next three run times),
 * timeout, and params with their types and defaults. Each field is written when it is left or
 * Enter is pressed, and only that field's value changes in the YAML (frontMatter.ts); the page
 * then saves it as any edit. A value that would not work (a bad cron, an unknown model, a
 * negative timeout) is refused with the reason beside its field and is not written. Typed
 * param declarations (`{type: select, options, default}`) show their type; their default is
 * editable when it is a plain value, their other keys are edited in the file.
 */
import "./settingsPanel.css";
import { Scalar } from "yaml";
import { listModels } from "../api.ts";
import { el } from "../dom.ts";
import { frontMatterData, setField, type FieldPath } from "../frontMatter.ts";
import {
  describeSchedule,
  modelError,
  paramSettings,
  scheduleSetting,
  timeoutError,
  timeZoneError,
} from "../settings.ts";
import { CollapsiblePanel } from "./collapsiblePanel.ts";
import { ParamsSettings } from "./paramsSettings.ts";
import { Field, textInput, type AnyField } from "./settingField.ts";

/** What the panel needs of the notebook. */
export interface SettingsHost {
  /** The page's front matter now, delimiters included ("" for none). */
  frontMatter(): string;
  /** Takes the edited front matter: shown and saved as any edit. */
  setFrontMatter(frontMatter: string): void;
}

export class SettingsPanel {
  readonly panel: CollapsiblePanel<string[]>;
  /** The server's models, once fetched. */
  private models: string[] | undefined;
  private readonly title = new Field("Title", textInput("title"), (field) =>
    this.write(field, ["title"], field.input.value.trim() || undefined),
  );
  private readonly model = new Field("Model", el("select", { attrs: { name: "model" } }), (field) =>
    this.writeChecked(
      field,
      ["model"],
      field.input.value || undefined,
      field.input.value && modelError(field.input.value, this.models),
    ),
  );
  private readonly explanation = el("p", { class: "schedule-explanation", attrs: { "aria-live": "polite" } });
  private readonly cron = new Field(
    "Schedule",
    textInput("cron", "cron, e.g. 0 * * * *; empty: not scheduled"),
    (field) => this.writeCron(field),
  );
  private readonly tz = new Field("Time zone", textInput("tz", "the server's"), (field) => this.writeTimeZone(field));
  private readonly timeout = new Field("Timeout", textInput("timeout", "10m (the default)"), (field) =>
    this.writeChecked(
      field,
      ["timeout"],
      field.input.value.trim() || undefined,
      field.input.value.trim() && timeoutError(field.input.value.trim()),
    ),
  );
  private readonly params = new ParamsSettings((field, path, value) => this.write(field, path, value));

  constructor(private readonly host: SettingsHost) {
    this.panel = new CollapsiblePanel({
      name: "settings-panel",
      title: "Settings",
      what: "the models",
      fetch: async () => (await listModels()).map((model) => model.name),
      show: (models) => {
        this.models = models;
        this.show();
      },
      eager: false,
    });
    const zones = el(
      "datalist",
      { attrs: { id: "time-zones" } },
      ...Intl.supportedValuesOf("timeZone").map((zone) => el("option", { attrs: { value: zone } })),
    );
    this.tz.input.setAttribute("list", "time-zones");
    for (const input of [this.cron.input, this.tz.input]) input.addEventListener("input", () => this.explain());
    this.panel.element.append(
      this.panel.error,
      el(
        "div",
        { class: "settings-fields" },
        this.title.element,
        this.model.element,
        this.cron.element,
        this.tz.element,
        zones,
        this.explanation,
        this.timeout.element,
      ),
      el("h4", { text: "Params" }),
      this.params.element,
    );
  }

  /** Shows the page's front matter: after a new version, an edit, or the models' arrival. */
  show(): void {
    let data: Record<string, unknown>;
    try {
      data = frontMatterData(this.host.frontMatter());
      this.panel.clearError();
    } catch (error) {
      this.panel.fail(`Settings cannot be edited here: ${(error as Error).message}`);
      return;
    }
    const text = (value: unknown) => (typeof value === "string" || typeof value === "number" ? String(value) : "");
    this.title.show(text(data.title));
    this.showModels(text(data.model));
    const schedule = scheduleSetting(data);
    this.cron.show(schedule?.cron ?? "");
    this.tz.show(schedule?.tz ?? "");
    this.timeout.show(text(data.timeout));
    this.explain();
    this.params.show(paramSettings(data));
  }

  private showModels(current: string): void {
    const names = [...(this.models ?? [])];
    if (current && !names.includes(current)) names.push(current);
    const options = ["", ...names].map((name) =>
      el("option", { text: name === "" ? "(none)" : name, attrs: { value: name } }),
    );
    this.model.input.replaceChildren(...options);
    this.model.input.value = current;
    const error = current && this.models ? modelError(current, this.models) : undefined;
    if (error) this.model.fail(error);
    else this.model.clear();
  }

  /** Says what the schedule in the fields means, as it is typed; the summary says it when the panel is closed. */
  private explain(): void {
    const cron = this.cron.input.value.trim();
    const tz = this.tz.input.value.trim() || undefined;
    if (cron === "") {
      this.explanation.textContent = "Not scheduled: it runs when opened, on run-now, or with driftbook run.";
      this.panel.setState("not scheduled");
      return;
    }
    const description = describeSchedule({ cron, tz }, new Date());
    if (description.error !== undefined) {
      this.explanation.textContent = description.error;
      return;
    }
    const format = new Intl.DateTimeFormat(undefined, {
      timeZone: tz,
      weekday: "short",
      month: "short",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      timeZoneName: "short",
    });
    const zone =
      tz ??
      `your browser's time zone (${Intl.DateTimeFormat().resolvedOptions().timeZone}); the server runs it in its own unless a time zone is set`;
    this.explanation.textContent = `${description.explanation}. Next runs: ${description.next.map((date) => format.format(date)).join(" · ")} — in ${zone}.`;
    this.panel.setState(description.explanation);
  }

  private writeCron(field: Field): void {
    const cron = field.input.value.trim();
    const data = this.dataFor(field);
    if (!data) return;
    if (cron === "") return this.write(field, ["schedule"], undefined);
    const { error } = describeSchedule({ cron, tz: this.tz.input.value.trim() || undefined }, new Date());
    if (error) return field.fail(error);
    // A new schedule is quoted as the README writes it; an existing one keeps its quotes.
    if (isMapping(data.schedule)) this.write(field, ["schedule", "cron"], cron);
    else this.write(field, ["schedule"], data.schedule === undefined ? quoted(cron) : cron);
  }

  private writeTimeZone(field: Field): void {
    const tz = field.input.value.trim();
    const data = this.dataFor(field);
    if (!data) return;
    const schedule = scheduleSetting(data);
    const isMap = isMapping(data.schedule);
    if (tz === "") return isMap ? this.write(field, ["schedule", "tz"], undefined) : field.clear();
    const error = timeZoneError(tz) ?? (schedule ? undefined : "set a schedule first: the time zone is the schedule's");
    if (error) return field.fail(error);
    if (isMap) this.write(field, ["schedule", "tz"], tz);
    else this.write(field, ["schedule"], { cron: quoted(schedule!.cron), tz });
  }

  /** Writes `value` unless `error` says why not. */
  private writeChecked(field: AnyField, path: FieldPath, value: unknown, error: string | undefined | ""): void {
    if (error) field.fail(error);
    else this.write(field, path, value);
  }

  /** The front matter's data, or undefined after showing on `field` why it cannot be read (bad YAML). */
  private dataFor(field: AnyField): Record<string, unknown> | undefined {
    try {
      return frontMatterData(this.host.frontMatter());
    } catch (error) {
      field.fail((error as Error).message);
      return undefined;
    }
  }

  /** Sets one field of the front matter, or shows why it cannot be set. */
  private write(field: AnyField, path: FieldPath, value: unknown): void {
    try {
      const edited = setField(this.host.frontMatter(), path, value);
      field.clear();
      if (edited !== this.host.frontMatter()) this.host.setFrontMatter(edited);
    } catch (error) {
      field.fail((error as Error).message);
    }
  }
}

function isMapping(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A double-quoted YAML string, as schedules are written in the README's examples. */
function quoted(text: string): Scalar {
  const scalar = new Scalar(text);
  scalar.type = "QUOTE_DOUBLE";
  return scalar;
}
