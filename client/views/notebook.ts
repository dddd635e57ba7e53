/**
 * The notebook view of one workbook: prose and cells in file order, live over the socket.
 * It shows the file version the server last sent and the page's edits on top of it; the
 * Saver writes edits back. A new version from elsewhere replaces the page when it has no
 * unsaved edits, and raises the conflict banner when it has: neither side is dropped silently.
 * The page opens on a draft of unsaved edits this browser kept, if there is one (the Saver
 * asks whether to keep it), and deletes, moves and inserts of cells can be undone. Prose is
 * edited in place (proseBlock.ts) and the front matter through the settings panel.
 */
import type {
  CellKind,
  CellView,
  ReplayEvery,
  ReplayRange,
  WorkbookFile,
  WorkbookTopic,
} from "../../server/protocol/index.ts";
import { encodePath } from "../api.ts";
import { el } from "../dom.ts";
import type { LiveSocket, ReplayMessage, WorkbookMessage } from "../socket.ts";
import {
  blocksFromDraft,
  blocksOfVersion,
  insertCell,
  insertProse,
  isNewer,
  moveCell,
  proseText,
  removeCell,
  sourceOf,
  textOf,
  type Block,
  type NotebookCell,
  type ProseBlock,
  withProseText,
} from "../state.ts";
import { BlockList, type BlockActions } from "./blockList.ts";
import { cellShortcuts } from "./cellKeys.ts";
import type { Panel } from "./collapsiblePanel.ts";
import { notebookChrome } from "./notebookChrome.ts";
import { Saver, type SavedNotebook } from "./saver.ts";
import { SettingsPanel } from "./settingsPanel.ts";
import { StructureUndo, type RestructuredNotebook } from "./structureUndo.ts";
import { ParamsBar, urlParams } from "./paramsBar.ts";
import { askNewCellName, editorUrl, moveWorkbookTo, renameNamedCell, type RenamingNotebook } from "./renames.ts";

export function notebookView(root: HTMLElement, path: string, socket: LiveSocket): () => void {
  const notebook = new Notebook(root, path, socket);
  return () => notebook.dispose();
}

class Notebook implements SavedNotebook, RestructuredNotebook, RenamingNotebook {
  file: WorkbookFile | undefined;
  blocks: Block[] = [];
  /** The front matter the page holds now, edits included. */
  frontMatter = "";
  private readonly title = el("strong", { class: "title", text: "Loading…" });
  readonly noticeArea = el("div", { class: "notices" });
  private readonly problems = el("ul", { class: "problems" });
  private readonly paramsBar: ParamsBar;
  private readonly blockList: BlockList;
  private readonly saver: Saver;
  private readonly undo = new StructureUndo(this);
  /** The block "+ text" added, while its editor is open. */
  private addedProse: ProseBlock | undefined;
  private readonly settings = new SettingsPanel({
    frontMatter: () => this.frontMatter,
    setFrontMatter: (frontMatter) => {
      this.frontMatter = frontMatter;
      this.saver.edited();
      this.settings.show();
    },
  });
  /** The panel that shows each topic the server sends news of. */
  private readonly panels: Record<WorkbookTopic, Panel>;
  /** The file version the socket last brought: each new one may change the file's git status. */
  private heardVersion: string | undefined;
  private readonly disposers: (() => void)[] = [];

  constructor(
    root: HTMLElement,
    readonly path: string,
    private readonly socket: LiveSocket,
  ) {
    this.blockList = new BlockList(this.actions);
    this.paramsBar = new ParamsBar((params) => socket.setParams(path, params));
    const {
      bar,
      saveState,
      connection,
      panels: topicPanels,
      runs,
    } = notebookChrome(path, {
      title: this.title,
      move: () => void moveWorkbookTo(this),
      git: {
        flush: () => this.saver.flush(),
        version: () => this.file?.version,
        replay: (request, listener) => socket.replay(request, listener),
      },
    });
    this.saver = new Saver(this, saveState, () => socket.refresh(path));
    this.panels = topicPanels;
    const panels = Object.values(this.panels);
    root.replaceChildren(
      el(
        "main",
        { class: "notebook" },
        bar,
        this.settings.panel.element,
        ...panels.map((panel) => panel.element),
        this.noticeArea,
        this.problems,
        this.paramsBar.element,
        this.blockList.element,
      ),
    );
    let missedNews = false;
    this.disposers.push(
      socket.subscribe(path, (message) => this.onMessage(message), urlParams()),
      socket.onStatus((status) => {
        connection.textContent =
          status === "open" ? "" : status === "connecting" ? "connecting…" : "offline — reconnecting";
        // News sent while the socket was down is lost: the panels load again once it is back.
        if (status === "closed") missedNews = true;
        else if (status === "open" && missedNews) {
          missedNews = false;
          for (const panel of panels) void panel.refresh();
          this.saver.connectionReturned();
        }
      }),
      cellShortcuts({
        cellKeyAt: (element) => this.blockList.cellKeyAt(element),
        run: (key) => this.runCell(key),
        focusCellAfter: (key) => {
          const keys = this.cellKeys();
          this.blockList.focus(keys[keys.indexOf(key) + 1]);
        },
        runAll: () => {
          runs.panel.element.open = true;
          void this.saver.flush().then(() => runs.runNow());
        },
      }),
      () => this.saver.dispose(),
      () => this.undo.dispose(),
      ...[this.settings.panel, ...panels].map((panel) => () => panel.dispose()),
    );
  }

  /** The file text the page holds now, edits included. */
  text(): string {
    return textOf(this.frontMatter, this.blocks);
  }

  isDirty(): boolean {
    return this.file !== undefined && this.text() !== this.file.text;
  }

  cellKeys(): number[] {
    return this.blocks.flatMap((block) => (block.type === "cell" ? [block.key] : []));
  }

  /** Shows `file` and its cells' states, replacing the page's text (no edits, or the user chose theirs). */
  adopt(file: WorkbookFile, states: CellView[]): void {
    this.blocks = blocksOfVersion(this.blocks, file);
    this.frontMatter = file.frontMatter;
    for (const block of this.blocks) if (block.type === "cell") this.blockList.update(block, block.value);
    this.undo.clear();
    this.showFile(file, states);
    this.blockList.layout(this.blocks);
  }

  /** Takes the version the page itself saved: the page's blocks stay, now mapped to that version's cells. */
  rebase(file: WorkbookFile, savedKeys: number[], states: CellView[]): boolean {
    const fileCells = file.blocks.flatMap((block) => (block.type === "cell" ? [block] : []));
    if (fileCells.length !== savedKeys.length) return false;
    for (const block of this.blocks) if (block.type === "cell") block.fileIndex = undefined;
    savedKeys.forEach((key, index) => {
      const cell = this.cell(key);
      const saved = fileCells[index];
      if (cell)
        Object.assign(cell, {
          name: saved.name,
          options: saved.options,
          opening: saved.opening,
          closing: saved.closing,
          baseSource: saved.source,
          fileIndex: saved.index,
        });
    });
    this.showFile(file, states);
    return true;
  }

  dispose(): void {
    for (const dispose of this.disposers) dispose();
    this.blockList.dispose();
  }

  private onMessage(message: WorkbookMessage): void {
    switch (message.type) {
      case "workbook":
        this.paramsBar.show(message.params);
        return this.onWorkbook(message.workbook, message.cells);
      case "params":
        return this.paramsBar.show(message.params);
      case "closed": // the socket asks for the session again
        return;
      case "cell": {
        if (message.version !== this.file?.version) return;
        const cell = this.blocks.find(
          (block): block is NotebookCell => block.type === "cell" && block.fileIndex === message.cell.index,
        );
        if (!cell || !isNewer(cell, message.cell)) return;
        cell.state = message.cell;
        return this.blockList.update(cell);
      }
      case "removed":
        if (message.movedTo !== undefined) return this.moved(message.movedTo);
        return this.notice("This workbook was deleted or renamed. Your page keeps its text until you leave it.");
      case "changed":
        return void this.panels[message.topic].refresh();
      case "error":
        return this.notice(message.message);
      default: {
        const unknown: never = message;
        console.warn("driftbook: unknown message", unknown);
      }
    }
  }

  private onWorkbook(file: WorkbookFile, states: CellView[]): void {
    if (this.heardVersion !== undefined && file.version !== this.heardVersion) void this.panels.git.refresh();
    this.heardVersion = file.version;
    if (!this.file) return this.open(file, states);
    if (file.version === this.file.version && !this.saver.reloading) return this.showFile(file, states);
    this.saver.onNewVersion(file, states);
  }

  /** Shows the first version the socket brings, or a draft of unsaved edits this browser kept over it. */
  private open(file: WorkbookFile, states: CellView[]): void {
    const draft = this.saver.takeDraft(file);
    if (!draft) return this.adopt(file, states);
    this.blocks = blocksFromDraft(draft.blocks, file);
    this.frontMatter = draft.frontMatter ?? file.frontMatter;
    this.showFile(file, states);
    this.blockList.layout(this.blocks);
    this.saver.offerDraft(draft, file);
  }

  /** Records the shown version and applies the server's full cell states to the cells mapped to it. */
  private showFile(file: WorkbookFile, states: CellView[]): void {
    this.file = file;
    this.title.textContent = file.title;
    document.title = `${file.title} · Driftbook`;
    const general = file.problems.filter((problem) => problem.cellIndex === undefined);
    this.problems.replaceChildren(
      ...general.map((problem) => el("li", { text: `Line ${problem.line}: ${problem.message}` })),
    );
    for (const block of this.blocks) {
      if (block.type !== "cell") continue;
      const state = block.fileIndex === undefined ? undefined : states.find((view) => view.index === block.fileIndex);
      if (state) block.state = state;
      this.blockList.update(block);
    }
    this.settings.show();
    this.saver.refreshState();
  }

  private readonly actions: BlockActions = {
    edit: (key: number, value: string) => {
      const cell = this.cell(key);
      if (!cell || cell.value === value) return;
      cell.value = value;
      this.saver.edited();
    },
    insertAfter: async (key: number | undefined, kind: CellKind) => {
      const name = kind === "js" ? undefined : await askNewCellName(this.blocks, kind);
      if (kind !== "js" && name === undefined) return;
      const before = new Set(this.cellKeys());
      this.restructure(insertCell(this.blocks, key, kind, name));
      const added = this.cellKeys().find((candidate) => !before.has(candidate));
      this.blockList.focus(added, { selectAll: true });
    },
    insertTextAfter: (key: number | undefined) => {
      const { blocks, prose } = insertProse(this.blocks, key);
      if (blocks !== this.blocks) this.addedProse = prose;
      this.restructure(blocks);
      this.blockList.editProse(prose);
    },
    closedProse: (block: ProseBlock) => {
      const added = this.addedProse === block;
      this.addedProse = undefined;
      // Text added and left empty goes again, with the blank line it brought.
      if (added && proseText(block.markdown) === "") this.undo.undo();
    },
    editProse: (block: ProseBlock, text: string) => {
      const follows = this.blocks.indexOf(block) < this.blocks.length - 1;
      const markdown = withProseText(block.markdown, text, follows);
      if (markdown === block.markdown) return;
      block.markdown = markdown;
      this.saver.edited();
    },
    remove: (key: number) => {
      const cell = this.cell(key);
      const what = cell && (cell.name ? `${cell.kind} ${cell.name}` : `a ${cell.kind} cell`);
      this.restructure(removeCell(this.blocks, key), what);
    },
    move: (key: number, direction: -1 | 1) => this.restructure(moveCell(this.blocks, key, direction)),
    rename: (key: number) => {
      const cell = this.cell(key);
      if (cell) void renameNamedCell(this, cell);
    },
    replay: (rule: string, range: ReplayRange, every: ReplayEvery, listener: (message: ReplayMessage) => void) =>
      this.socket.replay({ kind: "rule", path: this.path, rule, range, every }, listener),
    exportSource: (index: number, name: string | undefined) => ({
      base: `/api/v1/workbooks/${encodePath(this.path)}/cells/${index}/export`,
      name: `${this.path.replace(/^.*\//, "").replace(/\.md$/, "")}-${name ?? `cell-${index}`}`,
    }),
  };

  /** A run key: saves the page's edits (which run the cells they change); an unchanged cell is run again. */
  private async runCell(key: number): Promise<void> {
    const cell = this.cell(key);
    const unchanged = cell !== undefined && cell.fileIndex !== undefined && sourceOf(cell) === cell.baseSource;
    await this.saver.save();
    if (unchanged && cell.fileIndex !== undefined) this.socket.runCell(this.path, cell.fileIndex);
  }

  /** Takes a new structure (`deleted` names a deleted cell), which can be undone. */
  private restructure(blocks: Block[], deleted?: string): void {
    if (blocks === this.blocks) return;
    this.undo.record(this.blocks, deleted);
    this.applyBlocks(blocks);
  }

  applyBlocks(blocks: Block[]): void {
    this.blocks = blocks;
    this.blockList.layout(this.blocks);
    this.saver.edited();
  }

  private cell(key: number): NotebookCell | undefined {
    return this.blocks.find((block): block is NotebookCell => block.type === "cell" && block.key === key);
  }

  flush(): Promise<void> {
    return this.saver.flush();
  }

  /** The workbook moved: the page follows it, unless it holds edits the move did not take. */
  private moved(to: string): void {
    if (!this.isDirty()) return location.assign(editorUrl(to));
    this.notice(`This workbook was moved to ${to}. Your page keeps its unsaved text until you leave it.`);
  }

  private notice(text: string): void {
    this.noticeArea.append(el("p", { class: "notice", text, attrs: { role: "status" } }));
  }
}
