/**
 * Saving a notebook: Ctrl/Cmd+S saves at once, any edit saves ~1.5 s after the last keystroke,
 * and `flush` saves at once for a tool that needs the edits on disk (a git commit).
 * A save sends the page's whole text with `If-Match` the version it was edited from, so it
 * never overwrites a version the page has not seen. When the file changed elsewhere while the
 * page holds unsaved edits (a 409, or a new version on the socket), the conflict banner lets
 * the user reload theirs or overwrite with theirs' version as the base.
 */
import type { CellView, WorkbookFile } from "../../server/protocol/index.ts";
import { saveWorkbook } from "../api.ts";
import { button, el } from "../dom.ts";
import { blockViews, type Block } from "../state.ts";

const AUTOSAVE_MS = 1500;

/** What the saver needs of the notebook. */
export interface SavedNotebook {
  readonly path: string;
  readonly file: WorkbookFile | undefined;
  readonly blocks: Block[];
  readonly noticeArea: HTMLElement;
  text(): string;
  isDirty(): boolean;
  cellKeys(): number[];
  adopt(file: WorkbookFile, states: CellView[]): void;
  rebase(file: WorkbookFile, savedKeys: number[], states: CellView[]): boolean;
}

interface Conflict {
  /** The version on disk, which "Keep mine" overwrites; undefined when the file is gone. */
  version?: string;
}

export class Saver {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private saving: { text: string; keys: number[] } | undefined;
  private saveAgain = false;
  private failure: string | undefined;
  private conflict: Conflict | undefined;
  private banner: HTMLElement | undefined;
  /** The version "Keep mine" overwrites. */
  private overwrite: string | undefined;
  /** Set by "Reload theirs" until the server's current state arrives, which then replaces the page's. */
  reloading = false;
  private readonly listeners: [string, EventListener, boolean][] = [];
  /** Resolvers of `flush` calls waiting for the saves under way to end. */
  private readonly flushed: (() => void)[] = [];

  constructor(
    private readonly notebook: SavedNotebook,
    private readonly status: HTMLElement,
    private readonly refresh: () => void,
  ) {
    this.listen(
      "keydown",
      (event) => {
        const key = event as KeyboardEvent;
        if ((key.ctrlKey || key.metaKey) && key.key.toLowerCase() === "s") {
          key.preventDefault();
          void this.save();
        }
      },
      true,
    );
    this.listen(
      "beforeunload",
      (event) => {
        if (this.notebook.isDirty()) event.preventDefault();
      },
      false,
    );
  }

  /** An edit happened: save after a pause. */
  edited(): void {
    clearTimeout(this.timer);
    if (!this.conflict) this.timer = setTimeout(() => void this.save(), AUTOSAVE_MS);
    this.showState();
  }

  async save(): Promise<void> {
    clearTimeout(this.timer);
    const file = this.notebook.file;
    if (!file || this.conflict) return;
    if (this.saving) {
      this.saveAgain = true;
      return;
    }
    const text = this.notebook.text();
    const base = this.overwrite ?? file.version;
    if (text === file.text && base === file.version) return;
    const keys = this.notebook.cellKeys();
    const blocks = blockViews(this.notebook.blocks);
    this.saving = { text, keys };
    this.showState();
    try {
      const result = await saveWorkbook(this.notebook.path, text, base);
      this.failure = undefined;
      this.overwrite = undefined;
      if (!result.saved) {
        this.conflicted({ version: result.current?.version });
      } else if (this.notebook.file?.version !== result.version) {
        // The socket has not brought the saved version yet: the page maps itself to it now.
        this.notebook.rebase({ ...file, version: result.version, text, blocks }, keys, []);
      }
    } catch (error) {
      this.failure = (error as Error).message;
    } finally {
      this.saving = undefined;
      this.showState();
      if (this.saveAgain) {
        this.saveAgain = false;
        void this.save();
      }
      if (!this.saving) for (const resolve of this.flushed.splice(0)) resolve();
    }
  }

  /** Saves pending edits now and resolves once the page's text is on disk; rejects when it cannot be saved. */
  async flush(): Promise<void> {
    void this.save();
    if (this.saving) await new Promise<void>((resolve) => this.flushed.push(resolve));
    if (this.conflict) throw new Error("your edits are not saved: the file changed elsewhere");
    if (this.failure && this.notebook.isDirty()) throw new Error(`your edits are not saved: ${this.failure}`);
  }

  /** A version other than the shown one arrived on the socket (or any version, while reloading). */
  onNewVersion(file: WorkbookFile, states: CellView[]): void {
    if (this.saving?.text === file.text && this.notebook.rebase(file, this.saving.keys, states)) return;
    if (this.reloading || !this.notebook.isDirty() || file.text === this.notebook.text()) {
      this.reloading = false;
      this.resolve();
      this.notebook.adopt(file, states);
      return;
    }
    this.conflicted({ version: file.version });
  }

  /** Shows where saving stands: saved, unsaved, saving, failed or in conflict. */
  showState(): void {
    const [state, text] = this.conflict
      ? ["conflict", "Not saved: the file changed elsewhere"]
      : this.saving
        ? ["saving", "Saving…"]
        : this.failure
          ? ["failed", `Save failed: ${this.failure}`]
          : this.notebook.isDirty()
            ? ["dirty", "Unsaved changes"]
            : ["saved", "Saved"];
    this.status.textContent = text;
    this.status.dataset.state = state;
  }

  /** Stops listening; edits not yet saved are saved now, unless they are in conflict. */
  dispose(): void {
    if (this.notebook.isDirty()) void this.save();
    for (const [type, listener, capture] of this.listeners) window.removeEventListener(type, listener, capture);
  }

  private conflicted(conflict: Conflict): void {
    clearTimeout(this.timer);
    this.conflict = conflict;
    this.banner?.remove();
    const gone = conflict.version === undefined;
    this.banner = el(
      "div",
      { class: "conflict", attrs: { role: "alert" } },
      el("p", {
        text: gone
          ? "This workbook no longer exists on disk. Your edits are still on this page."
          : "This workbook changed elsewhere while you had unsaved edits.",
      }),
      button("Reload theirs", () => this.reloadTheirs(), { title: "Discard your edits and show the newer version" }),
      ...(gone
        ? []
        : [button("Keep mine (overwrite)", () => this.keepMine(), { title: "Save your version over the newer one" })]),
    );
    this.notebook.noticeArea.prepend(this.banner);
    this.showState();
  }

  /** Asks the server for its current state (cell results included), which then replaces the page's. */
  private reloadTheirs(): void {
    this.resolve();
    this.reloading = true;
    this.refresh();
  }

  private keepMine(): void {
    this.overwrite = this.conflict?.version;
    this.resolve();
    void this.save();
  }

  private resolve(): void {
    this.conflict = undefined;
    this.banner?.remove();
    this.banner = undefined;
    this.showState();
  }

  private listen(type: string, listener: EventListener, capture: boolean): void {
    window.addEventListener(type, listener, capture);
    this.listeners.push([type, listener, capture]);
  }
}
