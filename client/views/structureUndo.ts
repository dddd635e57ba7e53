/**
 * Undo of the notebook's structure: deleting, moving and adding cells. Each change records the
 * blocks as they were; Ctrl/Cmd+Z outside any text field (a cell's Monaco editor, an input)
 * takes the last one back, and a delete shows a toast with an Undo button for a few seconds.
 * Undoing puts the order back with each cell's current text (state.ts `restoreOrder`), and the
 * notebook saves it as any edit, so the file gets back the bytes it had.
 * Text edits inside a cell are Monaco's own undo, untouched here.
 */
import type { WorkbookFile } from "../../server/protocol/index.ts";
import { button, el } from "../dom.ts";
import { restoreOrder, type Block } from "../state.ts";
import "./saving.css";

/** How long the toast offering to undo a delete stays. */
const TOAST_MS = 10_000;
/** Structural changes remembered; older ones cannot be undone. */
const MAX_UNDO = 100;

/** What undo needs of the notebook. */
export interface RestructuredNotebook {
  readonly file: WorkbookFile | undefined;
  readonly blocks: Block[];
  /** Shows `blocks` and saves them, as after any edit. */
  applyBlocks(blocks: Block[]): void;
}

export class StructureUndo {
  private readonly history: Block[][] = [];
  private toast: { element: HTMLElement; timer: ReturnType<typeof setTimeout> } | undefined;
  private readonly onKey = (event: KeyboardEvent) => {
    if (!(event.ctrlKey || event.metaKey) || event.shiftKey || event.altKey || event.key.toLowerCase() !== "z") return;
    if (isTextField(event.target) || this.history.length === 0) return;
    event.preventDefault();
    this.undo();
  };

  constructor(private readonly notebook: RestructuredNotebook) {
    window.addEventListener("keydown", this.onKey);
  }

  /** The notebook is about to change its structure from `before`; `deleted` names a deleted cell, which gets the toast. */
  record(before: Block[], deleted?: string): void {
    this.history.push(before);
    if (this.history.length > MAX_UNDO) this.history.shift();
    this.hideToast();
    if (deleted !== undefined) this.showToast(`Deleted ${deleted}.`);
  }

  /** Takes the last structural change back. */
  undo(): void {
    const before = this.history.pop();
    const file = this.notebook.file;
    this.hideToast();
    if (before && file) this.notebook.applyBlocks(restoreOrder(before, this.notebook.blocks, file));
  }

  /** Forgets every change: the page took a version from elsewhere, whose blocks the recorded ones no longer describe. */
  clear(): void {
    this.history.length = 0;
    this.hideToast();
  }

  dispose(): void {
    window.removeEventListener("keydown", this.onKey);
    this.hideToast();
  }

  private showToast(text: string): void {
    const element = el(
      "div",
      { class: "toast", attrs: { role: "status" } },
      el("span", { text }),
      button("Undo", () => this.undo(), { title: "Bring the cell back (Ctrl+Z)" }),
    );
    document.body.append(element);
    this.toast = { element, timer: setTimeout(() => this.hideToast(), TOAST_MS) };
  }

  private hideToast(): void {
    if (!this.toast) return;
    clearTimeout(this.toast.timer);
    this.toast.element.remove();
    this.toast = undefined;
  }
}

/** Whether keys typed at `target` edit text, whose own undo must keep working. */
function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable || target.closest(".monaco-editor, input, textarea, select, [contenteditable]") !== null
  );
}
