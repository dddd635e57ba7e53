/**
 * The workbook settings the editor's panel shows and checks before writing them to the front
 * matter: title, model, schedule (cron and time zone) with its plain-English explanation
 * (cronstrue) and next run times (croner, the scheduler's own cron library, so both agree on
 * what a pattern means), timeout, and params. A value that would not work is refused with a
 * sentence that says why; nothing is written. Pure apart from the clock `now`.
 */
import { Cron } from "croner";
import cronstrue from "cronstrue";
import { parseDuration } from "../server/protocol/index.ts";

/** A model name as the store accepts it (README, "Logging predictions"). */
const MODEL_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/** The schedule as the front matter writes it: `schedule: "<cron>"` or `{cron, tz}`. */
export interface ScheduleSetting {
  cron: string;
  tz?: string;
}

/** What the panel says of a schedule: its explanation and next runs, or why it cannot run. */
export type ScheduleDescription = { explanation: string; next: Date[]; error?: undefined } | { error: string };

/** A param as the panel lists it: a plain `key: value`, or a typed declaration (part C's format), shown by its type. */
export interface ParamSetting {
  name: string;
  /** "number", "string", "boolean", "list", "object", "none", or a declaration's `type`. */
  type: string;
  /** The default value: the plain value, or a declaration's `default`. */
  value: unknown;
  /** True for `{type: …}` declarations: their default is at `params.<name>.default`. */
  declared: boolean;
  /** A `select` declaration's options when they are listed (not read by a query). */
  options?: unknown[];
  /** A declaration's `viewer: true`: share links' readers may set it. */
  viewer?: boolean;
}

/** The schedule in the front matter data, or undefined; a schedule of another shape is reported by `scheduleError`. */
export function scheduleSetting(data: Record<string, unknown>): ScheduleSetting | undefined {
  const value = data.schedule;
  if (typeof value === "string") return { cron: value };
  if (typeof value === "object" && value !== null && typeof (value as ScheduleSetting).cron === "string") {
    const { cron, tz } = value as ScheduleSetting;
    return typeof tz === "string" ? { cron, tz } : { cron };
  }
  return undefined;
}

/** Why `cron` in `tz` cannot be scheduled, or its explanation and next `count` run times after `now`. */
export function describeSchedule({ cron, tz }: ScheduleSetting, now: Date, count = 3): ScheduleDescription {
  const zoneError = tz === undefined ? undefined : timeZoneError(tz);
  if (zoneError) return { error: zoneError };
  let next: Date[];
  try {
    const job = new Cron(cron, { timezone: tz, paused: true });
    next = job.nextRuns(count, now);
    job.stop();
  } catch (error) {
    return { error: `${JSON.stringify(cron)} is not a cron pattern: ${(error as Error).message}` };
  }
  if (next.length === 0) return { error: `${JSON.stringify(cron)} never runs again` };
  let explanation: string;
  try {
    explanation = cronstrue.toString(cron, { use24HourTimeFormat: true });
  } catch {
    // croner takes a few forms cronstrue does not explain (e.g. `L` in days of week); the times still say it.
    explanation = `cron ${cron}`;
  }
  return { explanation, next };
}

/** Why `tz` is not a time zone, or undefined when Intl knows it. */
export function timeZoneError(tz: string): string | undefined {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return undefined;
  } catch {
    return `${JSON.stringify(tz)} is not a time zone: use an IANA name such as UTC or Europe/Paris`;
  }
}

/** Why `timeout` cannot be a run's time limit, or undefined. */
export function timeoutError(timeout: string): string | undefined {
  try {
    if (parseDuration(timeout) > 0) return undefined;
    return "the timeout must be longer than 0";
  } catch (error) {
    return (error as Error).message.replace(/^invalid duration/, "not a duration:");
  }
}

/** Why `model` cannot be the workbook's model, given the models the server has (undefined while unknown). */
export function modelError(model: string, known: string[] | undefined): string | undefined {
  if (!MODEL_NAME.test(model))
    return `${JSON.stringify(model)} is not a model name: lower-case letters, digits and _, starting with a letter`;
  if (known && !known.includes(model))
    return `the server has no model named ${JSON.stringify(model)}${known.length ? ` (it has ${known.join(", ")})` : ""}`;
  return undefined;
}

/** The front matter's params, in order. */
export function paramSettings(data: Record<string, unknown>): ParamSetting[] {
  const params = data.params;
  if (typeof params !== "object" || params === null || Array.isArray(params)) return [];
  return Object.entries(params as Record<string, unknown>).map(([name, value]) => {
    if (isDeclaration(value)) {
      const options = Array.isArray(value.options) ? { options: value.options } : {};
      return {
        name,
        type: value.type,
        value: value.default,
        declared: true,
        viewer: value.viewer === true,
        ...options,
      };
    }
    return { name, type: typeOf(value), value, declared: false };
  });
}

function isDeclaration(
  value: unknown,
): value is { type: string; default?: unknown; options?: unknown; viewer?: unknown } {
  return typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string";
}

function typeOf(value: unknown): string {
  if (value === null || value === undefined) return "none";
  if (Array.isArray(value)) return "list";
  return typeof value === "object" ? "object" : typeof value;
}

/** The value of a text field for a param whose default has type `type`: a number stays a number (a number or range param). */
export function paramValue(text: string, type: string): string | number {
  if (type !== "number" && type !== "range") return text;
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value)) throw new Error(`expects a number, got ${JSON.stringify(text)}`);
  return value;
}

/** The types a new param may have: a plain value, or a declaration shown to readers as that control. */
export const NEW_PARAM_TYPES = ["value", "select", "range", "date", "text", "checkbox"] as const;
export type NewParamType = (typeof NEW_PARAM_TYPES)[number];

/** What the panel's "New param" row holds, as typed. */
export interface NewParam {
  type: NewParamType;
  /** The default, as typed ("" for none). */
  value: string;
  /** A select's options, or a range's `min, max[, step]`, comma-separated. */
  choices: string;
  /** Whether share links' readers may set it (`viewer: true`). */
  viewer: boolean;
}

/**
 * The front matter value of a new param: the default itself for a plain value, else a
 * declaration in the format the server reads (server/workbook/paramDeclarations.ts), e.g.
 * `{type: select, options: [eu, us], default: eu, viewer: true}`. Throws saying what is missing.
 */
export function newParamValue({ type, value, choices, viewer }: NewParam): unknown {
  const typed = (text: string) => (text !== "" && Number.isFinite(Number(text)) ? Number(text) : text);
  const text = value.trim();
  if (type === "value") return typed(text);
  const declaration: Record<string, unknown> = { type };
  const listed = choices
    .split(",")
    .map((choice) => choice.trim())
    .filter((choice) => choice !== "");
  if (type === "select") {
    if (listed.length === 0) throw new Error("a select needs its options, comma-separated: eu, us");
    declaration.options = listed.map(typed);
    if (text !== "" && !listed.includes(text))
      throw new Error(`the default must be one of the options (${listed.join(", ")})`);
  }
  if (type === "range") {
    const [min, max, step] = listed.map(Number);
    if (listed.length < 2 || listed.length > 3 || listed.some((n) => !Number.isFinite(Number(n))) || !(min! < max!))
      throw new Error("a range needs min, max and optionally step, comma-separated: 0, 1, 0.05");
    Object.assign(declaration, { min, max }, step === undefined ? {} : { step });
    if (text !== "" && !Number.isFinite(Number(text)))
      throw new Error(`the default must be a number, got ${JSON.stringify(text)}`);
  }
  if (type === "checkbox") {
    if (text !== "" && text !== "true" && text !== "false") throw new Error("the default is true or false");
    if (text !== "") declaration.default = text === "true";
  } else if (text !== "")
    declaration.default = type === "range" ? Number(text) : type === "select" ? typed(text) : text;
  if (type === "date" && text !== "" && !/^\d{4}-\d{2}-\d{2}$/.test(text))
    throw new Error(`a date's default is written YYYY-MM-DD, got ${JSON.stringify(text)}`);
  if (viewer) declaration.viewer = true;
  return declaration;
}

/** Whether `name` can be a param: a JavaScript identifier, as cells read `params.<name>`. */
export function paramNameError(name: string, taken: string[]): string | undefined {
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) return `${JSON.stringify(name)} is not a name cells can read as params.${name}`;
  if (taken.includes(name)) return `there is already a param named ${name}`;
  return undefined;
}
