/**
 * One cell of the notebook: a toolbar (kind, name and its rename control, run status and duration, move and delete),
 * its Monaco editor, its outputs, for an alert cell its Replay control (replayControl.ts), and a
 * bar to add a cell or text after it. Errors are shown in the outputs with their line in the cell and
 * marked on that line of its editor.
 */
import type { CellKind, ErrorOutput, Output } from "../../server/protocol/index.ts";
import { button, el } from "../dom.ts";
import { createCellEditor, type CellEditor } from "../editor/monaco.ts";
import { renderWithDownloads, type ExportSource } from "../outputs/downloads.ts";
import type { NotebookCell } from "../state.ts";
import { ReplayControl, type RuleReplayer } from "./replayControl.ts";

export interface CellActions {
  edit(key: number, value: string): void;
  insertAfter(key: number, kind: CellKind): void;
  insertTextAfter(key: number): void;
  remove(key: number): void;
  move(key: number, direction: -1 | 1): void;
  /** Asks a named (sql or alert) cell's new name. */
  rename(key: number): void;
  replay: RuleReplayer;
  /** Where the downloads of the cell at this index (of the file's cells) come from. */
  exportSource(index: number, name: string | undefined): ExportSource;
}

export const CELL_KINDS: CellKind[] = ["js", "sql", "alert"];

export class CellComponent {
  readonly element: HTMLElement;
  private readonly editor: CellEditor;
  private readonly label = el("span", { class: "cell-label" });
  private readonly status = el("span", { class: "status" });
  private readonly duration = el("span", { class: "duration" });
  private readonly outputs = el("div", { class: "outputs" });
  private renderedOutputs = "";
  private readonly replay: ReplayControl | undefined;

  constructor(
    cell: NotebookCell,
    private readonly actions: CellActions,
  ) {
    const { key } = cell;
    const editorBox = el("div", { class: "editor" });
    const tools = el(
      "span",
      { class: "cell-tools" },
      button("↑", () => actions.move(key, -1), { title: "Move up", attrs: { "aria-label": "Move cell up" } }),
      button("↓", () => actions.move(key, 1), { title: "Move down", attrs: { "aria-label": "Move cell down" } }),
      button("✕", () => actions.remove(key), { title: "Delete cell", attrs: { "aria-label": "Delete cell" } }),
    );
    const insert = el(
      "div",
      { class: "insert-bar" },
      ...CELL_KINDS.map((kind) =>
        button(`+ ${kind}`, () => actions.insertAfter(key, kind), { title: `Add a ${kind} cell below` }),
      ),
      button("+ text", () => actions.insertTextAfter(key), { title: "Add Markdown text below" }),
    );
    this.element = el(
      "section",
      { class: `cell cell-${cell.kind}`, attrs: { "data-kind": cell.kind } },
      el(
        "header",
        { class: "cell-bar" },
        this.label,
        ...(cell.kind === "js"
          ? []
          : [button("✎", () => actions.rename(key), { title: "Rename", attrs: { "aria-label": "Rename cell" } })]),
        this.status,
        this.duration,
        tools,
      ),
      editorBox,
      this.outputs,
    );
    if (cell.kind === "alert") {
      this.replay = new ReplayControl(this.element, actions.replay);
      this.element.append(this.replay.element);
    }
    this.element.append(insert);
    this.editor = createCellEditor(editorBox, cell.kind, cell.value, (value) => actions.edit(key, value));
    this.update(cell);
  }

  /** Shows the cell's latest state. */
  update(cell: NotebookCell): void {
    this.label.textContent = cell.name ? `${cell.kind} ${cell.name}` : cell.kind;
    this.replay?.setRule(cell.name);
    const state = cell.state;
    const status = state?.status ?? "unsaved";
    this.element.dataset.status = status;
    this.element.dataset.run = String(state?.run ?? 0);
    this.status.className = `status status-${status}`;
    this.status.textContent = status;
    this.status.title = state ? `run ${state.run}` : "not saved yet, so not run";
    this.duration.textContent = state?.ms === undefined ? "" : formatMs(state.ms);
    const outputs = state?.outputs ?? [];
    this.outputs.classList.toggle("stale", status === "pending" || status === "running");
    const serialized = JSON.stringify([state?.index, cell.name, outputs]);
    if (serialized !== this.renderedOutputs) {
      this.renderedOutputs = serialized;
      const source = state && this.actions.exportSource(state.index, cell.name);
      this.outputs.replaceChildren(...renderWithDownloads(outputs, source));
      this.editor.setErrors(editorErrors(outputs, cell.value));
    }
  }

  /** Takes a newer file version's text for this cell. */
  setValue(value: string): void {
    this.editor.setValue(value);
  }

  focusAll(): void {
    this.editor.focusAll();
  }

  focus(): void {
    this.editor.focus();
  }

  dispose(): void {
    this.replay?.dispose();
    this.editor.dispose();
  }
}

/** Error outputs placed in this cell's source, at their lines of its editor. */
function editorErrors(outputs: Output[], value: string) {
  const lines = value.split("\n").length;
  return outputs
    .filter((output): output is ErrorOutput => output.kind === "error" && output.cellLine !== undefined)
    .map((output) => ({ line: output.cellLine!, column: output.cellColumn, message: output.message }))
    .filter(({ line }) => line <= lines);
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
