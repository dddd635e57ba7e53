/**
 * The keyboard shortcut sheet, opened by `?` anywhere outside a text field or editor (as in
 * Jupyter, GitHub and Grafana) or by the corner's `?` button; Escape or the Close button closes
 * it. It lists the notebook's run shortcuts (cellKeys.ts) and the save shortcut (saver.ts).
 */
import { button, el } from "../dom.ts";

const MOD = /Mac|iPhone|iPad/.test(navigator.platform) ? "⌘" : "Ctrl";

const SHORTCUTS: [keys: string, what: string][] = [
  ["Shift+Enter", "Run the cell and move to the next one"],
  [`${MOD}+Enter`, "Run the cell"],
  [`${MOD}+Shift+Enter`, "Run the whole workbook now (recorded, like Run now)"],
  [`${MOD}+S`, "Save now (edits also save by themselves after a pause)"],
  ["?", "Show this sheet (outside an editor)"],
  ["Escape", "Close this sheet"],
];

/** True when keys typed at `target` are text: an input, a text area, a select, an editor. */
export function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof Element &&
    target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true'], .monaco-editor") !== null
  );
}

export class ShortcutSheet {
  private readonly dialog = el(
    "dialog",
    { class: "shortcut-sheet", attrs: { "aria-labelledby": "shortcut-sheet-title" } },
    el("h2", { text: "Keyboard shortcuts", attrs: { id: "shortcut-sheet-title" } }),
    el(
      "table",
      {},
      el(
        "tbody",
        {},
        ...SHORTCUTS.map(([keys, what]) =>
          el("tr", {}, el("th", { attrs: { scope: "row" } }, el("kbd", { text: keys })), el("td", { text: what })),
        ),
      ),
    ),
    button("Close", () => this.dialog.close(), { class: "shortcut-sheet-close" }),
  );

  constructor() {
    document.body.append(this.dialog);
    document.addEventListener("keydown", (event) => {
      if (event.key !== "?" || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      event.preventDefault();
      this.open();
    });
  }

  open(): void {
    if (!this.dialog.open) this.dialog.showModal();
  }
}
