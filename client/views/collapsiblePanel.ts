/**
 * One collapsible panel of the notebook (alerts, runs, share links, git): a `<details>` whose
 * summary shows its title and, after it, a count or state; an error line; and the body its
 * owner appends. It fetches its data and hands it to `show` at once when its summary needs the
 * data, else on its first open; then on each open (so what the server sends no news of, such as
 * when a link was last opened, is current when looked at) and on each refresh(), which the
 * notebook calls when the server says the panel's topic changed: no timer polls. A refresh
 * asked for while one runs follows it (coalesce.ts). A 404 from its API means the workbook is
 * gone (deleted or renamed while the page is open) or the server has no such API: there is
 * nothing to show, so the panel hides rather than repeat an error on every refresh.
 */
import "./collapsiblePanel.css";
import { ApiError } from "../api.ts";
import { coalesced } from "../coalesce.ts";
import { el } from "../dom.ts";
import { refreshTimes } from "./alertParts.ts";

export interface PanelOptions<T> {
  /** The class that names the panel, e.g. "runs-panel". */
  name: string;
  title: string;
  /** What a failed fetch says it could not load, e.g. "the runs". */
  what: string;
  /** Fetches the panel's data from its API. */
  fetch: () => Promise<T>;
  /** Shows fetched data: summary state, body, visibility. Never called once the panel is disposed. */
  show: (data: T) => void;
  /** Fetch at once, for a summary that shows a count or state, or for a panel shown only when it has something; else on the first open. */
  eager: boolean;
  /** Hidden until `show` says otherwise. */
  hidden?: boolean;
  /** Stops what the owner started for the panel (a replay) once the panel is disposed. */
  onDispose?: () => void;
}

/** What the notebook does with a panel, whatever its data. */
export interface Panel {
  readonly element: HTMLDetailsElement;
  refresh(): Promise<void>;
  dispose(): void;
}

export class CollapsiblePanel<T> implements Panel {
  readonly element = el("details", { class: "panel" });
  readonly summary = el("summary");
  readonly error = el("p", { class: "form-error", attrs: { role: "alert" } });
  private disposedFlag = false;
  private started = false;
  /** Whether the error shown came from fetching: the next good fetch clears it, while an action's stays until the next action. */
  private fetchFailed = false;
  private drawn = "";
  private readonly load = coalesced(
    () => this.fetchAndShow(),
    () => this.disposedFlag,
  );

  constructor(private readonly options: PanelOptions<T>) {
    this.element.classList.add(options.name);
    this.element.hidden = options.hidden ?? false;
    this.setState(undefined);
    this.element.append(this.summary);
    this.element.addEventListener("toggle", () => {
      if (this.element.open && !this.disposedFlag) void this.refreshNow();
    });
    if (options.eager) void this.refreshNow();
  }

  get disposed(): boolean {
    return this.disposedFlag;
  }

  /** Fetches and shows the data again, once the panel has loaded at all (a lazy panel loads fresh on its first open). */
  refresh(): Promise<void> {
    return this.started ? this.load() : Promise.resolve();
  }

  /** The summary: the title, then " · " and `state` when there is one. */
  setState(state: string | Node | undefined): void {
    this.summary.replaceChildren(this.options.title, ...(state === undefined || state === "" ? [] : [" · ", state]));
  }

  /** True when `data` differs (as JSON) from what the body last showed: the caller then draws it. */
  changed(data: unknown): boolean {
    const serialized = JSON.stringify(data);
    if (serialized === this.drawn) return false;
    this.drawn = serialized;
    return true;
  }

  /** Shows a failure: an action's stays until the next action; one `whileFetching` goes with the next good fetch. */
  fail(message: string, whileFetching = false): void {
    if (this.disposedFlag) return;
    this.error.textContent = message;
    this.fetchFailed = whileFetching;
  }

  clearError(): void {
    this.error.textContent = "";
    this.fetchFailed = false;
  }

  /**
   * Runs a button's `action` with the button disabled and saying `busy`, the error line cleared;
   * a failure shows as "Could not `what`: …".
   */
  async act(control: HTMLButtonElement, busy: string, what: string, action: () => Promise<void>): Promise<void> {
    const label = control.textContent;
    control.disabled = true;
    control.textContent = busy;
    this.clearError();
    try {
      await action();
    } catch (failure) {
      this.fail(`Could not ${what}: ${(failure as Error).message}`);
    } finally {
      control.disabled = false;
      control.textContent = label;
    }
  }

  dispose(): void {
    this.disposedFlag = true;
    this.options.onDispose?.();
  }

  private refreshNow(): Promise<void> {
    this.started = true;
    return this.load();
  }

  private async fetchAndShow(): Promise<void> {
    try {
      const data = await this.options.fetch();
      if (this.disposedFlag) return;
      if (this.fetchFailed) this.clearError();
      this.options.show(data);
    } catch (failure) {
      if (this.disposedFlag) return;
      if (failure instanceof ApiError && failure.status === 404) {
        this.element.hidden = true;
        return;
      }
      this.element.hidden = false;
      this.fail(`Could not load ${this.options.what}: ${(failure as Error).message}`, true);
    } finally {
      refreshTimes(this.element);
    }
  }
}
