/**
 * Saving a notebook: Ctrl/Cmd+S saves at once, any edit saves ~1.5 s after the last keystroke,
 * and `flush` saves at once for a tool that needs the edits on disk (a git commit).
 * A save sends the page's whole text with `If-Match` the version it was edited from, so it
 * never overwrites a version the page has not seen. When the file changed elsewhere while the
 * page holds unsaved edits (a 409, or a new version on the socket), the conflict banner shows
 * both and lets the user reload theirs or overwrite with theirs' version as the base.
 * No edit is lost: a save that fails (the server is down, or refused it) leaves the page
 * "unsaved" and is tried again when the socket connects again, and every unsaved state of the
 * page is kept as a draft in the browser's storage (drafts.ts), which the next page on this
 * workbook offers back through the same banner.
 */
import type { CellView, WorkbookFile } from "../../server/protocol/index.ts";
import { ApiError, saveWorkbook } from "../api.ts";
import { DraftStore, type Draft } from "../drafts.ts";
import { blocksFromDraft, blockViews, textOf, type Block } from "../state.ts";
import { conflictBanner, type Conflict } from "./conflictBanner.ts";

const AUTOSAVE_MS = 1500;

/** What the saver needs of the notebook. */
export interface SavedNotebook {
  readonly path: string;
  readonly file: WorkbookFile | undefined;
  readonly blocks: Block[];
  readonly frontMatter: string;
  readonly noticeArea: HTMLElement;
  text(): string;
  isDirty(): boolean;
  cellKeys(): number[];
  adopt(file: WorkbookFile, states: CellView[]): void;
  rebase(file: WorkbookFile, savedKeys: number[], states: CellView[]): boolean;
}

export class Saver {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private saving: { text: string; keys: number[] } | undefined;
  private saveAgain = false;
  /** Why the last save failed, until one lands; it is tried again when the socket reconnects. */
  private failure: string | undefined;
  private conflict: Conflict | undefined;
  private banner: ReturnType<typeof conflictBanner> | undefined;
  /** The version "Keep mine" overwrites. */
  private overwrite: string | undefined;
  /** The version a restored draft was edited from, until the user picks a side: the kept draft says so too. */
  private draftBase: string | undefined;
  private readonly drafts: DraftStore;
  /** Why the page's unsaved edits could not be kept in the browser's storage, if they could not. */
  private draftProblem: string | undefined;
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
    this.drafts = new DraftStore(notebook.path);
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
    // Unsaved edits kept as a draft survive the page; only edits the storage refused need the prompt.
    this.listen(
      "beforeunload",
      (event) => {
        if (this.notebook.isDirty() && this.draftProblem !== undefined) event.preventDefault();
      },
      false,
    );
  }

  /** An edit happened: save after a pause. */
  edited(): void {
    clearTimeout(this.timer);
    if (!this.conflict) this.timer = setTimeout(() => void this.save(), AUTOSAVE_MS);
    this.refreshState();
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
    this.refreshState();
    try {
      const result = await saveWorkbook(this.notebook.path, text, base);
      this.failure = undefined;
      this.overwrite = undefined;
      // A 409 naming this very text is an earlier save that landed though its answer was lost.
      const version = result.saved
        ? result.version
        : result.current?.text === text
          ? result.current.version
          : undefined;
      if (version === undefined)
        this.conflicted(
          result.saved || !result.current
            ? { reason: "gone" }
            : { reason: "changed", version: result.current.version, theirs: result.current.text },
        );
      else if (this.notebook.file?.version !== version)
        // The socket has not brought the saved version yet: the page maps itself to it now.
        this.notebook.rebase({ ...file, version, text, frontMatter: this.notebook.frontMatter, blocks }, keys, []);
    } catch (error) {
      this.failure =
        error instanceof ApiError
          ? `the server refused it (${error.message})`
          : "the server cannot be reached; saving when it is back";
    } finally {
      this.saving = undefined;
      this.refreshState();
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
    if (this.conflict) throw new Error("your edits are not saved: choose between them and the file first");
    if (this.failure && this.notebook.isDirty()) throw new Error(`your edits are not saved: ${this.failure}`);
  }

  /** The socket is connected again after a drop: a save that failed meanwhile is tried again. */
  connectionReturned(): void {
    if (this.failure !== undefined) void this.save();
  }

  /**
   * The draft an earlier page kept of this workbook, if its text differs from `file` (the
   * first version this page shows); from now on the page keeps it with its original base.
   */
  takeDraft(file: WorkbookFile): Draft | undefined {
    const draft = this.drafts.read();
    if (!draft) return undefined;
    if (textOf(draft.frontMatter ?? file.frontMatter, blocksFromDraft(draft.blocks, file)) === file.text) {
      this.drafts.discard();
      return undefined;
    }
    this.draftBase = draft.base;
    return draft;
  }

  /** The page now shows the draft from `takeDraft` over `file`: asks whether to save it or keep the file. */
  offerDraft(draft: Draft, file: WorkbookFile): void {
    this.conflicted({
      reason: "draft",
      version: file.version,
      theirs: file.text,
      keptAt: draft.keptAt,
      changedSince: draft.base !== file.version,
    });
  }

  /** A version other than the shown one arrived on the socket (or any version, while reloading). */
  onNewVersion(file: WorkbookFile, states: CellView[]): void {
    if (this.saving?.text === file.text && this.notebook.rebase(file, this.saving.keys, states)) return;
    if (this.reloading || !this.notebook.isDirty() || file.text === this.notebook.text()) {
      this.reloading = false;
      this.draftBase = undefined;
      this.resolve();
      this.notebook.adopt(file, states);
      return;
    }
    this.conflicted({ reason: "changed", version: file.version, theirs: file.text });
  }

  /** Keeps the draft in step with the page and shows where saving stands: saved, unsaved, saving, failed or in conflict. */
  refreshState(): void {
    this.keepDraft();
    const [state, text] = this.conflict
      ? [
          "conflict",
          this.conflict.reason === "draft"
            ? "Not saved: a draft from an earlier visit"
            : "Not saved: the file changed elsewhere",
        ]
      : this.saving
        ? ["saving", "Saving…"]
        : this.failure
          ? ["failed", `Unsaved: ${this.failure}`]
          : this.notebook.isDirty()
            ? ["dirty", "Unsaved changes"]
            : ["saved", "Saved"];
    this.status.textContent = text;
    this.status.dataset.state = state;
    this.status.title =
      this.draftProblem === undefined ? "" : `Unsaved edits are not kept in this browser: ${this.draftProblem}`;
  }

  /** Stops listening; edits not yet saved are saved now, unless they are in conflict. */
  dispose(): void {
    if (this.notebook.isDirty()) void this.save();
    this.banner?.dispose();
    for (const [type, listener, capture] of this.listeners) window.removeEventListener(type, listener, capture);
  }

  /** Keeps the page's unsaved edits in the browser's storage, or drops this page's draft once there are none. */
  private keepDraft(): void {
    const file = this.notebook.file;
    // While reloading, the page's edits are being dropped by the user's choice.
    if (!file || this.reloading) return;
    if (this.notebook.isDirty())
      this.draftProblem = this.drafts.keep(
        this.draftBase ?? file.version,
        blockViews(this.notebook.blocks),
        this.notebook.frontMatter,
      );
    else {
      this.draftProblem = undefined;
      this.drafts.drop();
    }
  }

  private conflicted(conflict: Conflict): void {
    clearTimeout(this.timer);
    this.conflict = conflict;
    this.banner?.dispose();
    this.banner?.element.remove();
    this.banner = conflictBanner(conflict, this.notebook.text(), {
      keepMine: () => this.keepMine(),
      keepTheirs: () => this.reloadTheirs(),
    });
    this.notebook.noticeArea.prepend(this.banner.element);
    this.refreshState();
  }

  /** Drops the page's edits and their draft, and asks the server for its current state, which then replaces the page's. */
  private reloadTheirs(): void {
    this.reloading = true;
    this.drafts.discard();
    this.resolve();
    this.refresh();
  }

  private keepMine(): void {
    if (this.conflict?.reason === "gone") return;
    this.overwrite = this.conflict?.version;
    this.draftBase = undefined;
    this.resolve();
    void this.save();
  }

  private resolve(): void {
    this.conflict = undefined;
    this.banner?.dispose();
    this.banner?.element.remove();
    this.banner = undefined;
    this.refreshState();
  }

  private listen(type: string, listener: EventListener, capture: boolean): void {
    window.addEventListener(type, listener, capture);
    this.listeners.push([type, listener, capture]);
  }
}
