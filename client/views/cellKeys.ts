/**
 * The notebook's run shortcuts, as Jupyter and Observable have them. A cell runs when its text
 * reaches the file (the server's runtime follows the file and re-runs what changed and what
 * depends on it), so "run" saves now instead of after the autosave pause, and a cell whose text
 * did not change is asked to run again:
 * - Ctrl/Cmd+Enter: run the cell being edited;
 * - Shift+Enter: run it and move to the next cell;
 * - Ctrl/Cmd+Shift+Enter: run the whole workbook now (the runs panel's Run now: a recorded run).
 * Listened for on the document in the capture phase, so Monaco's own Enter bindings (insert a
 * line) never see these combinations.
 */
import { isTyping } from "./shortcutSheet.ts";

export interface ShortcutTarget {
  /** The key of the cell holding `element`, if it is inside one. */
  cellKeyAt(element: Element): number | undefined;
  /** Saves the page's edits now, which runs the cells they changed, and runs the cell `key` if they did not change it. */
  run(key: number): Promise<void>;
  /** Focuses the editor of the cell after `key`, if there is one. */
  focusCellAfter(key: number): void;
  runAll(): void;
}

export function cellShortcuts(target: ShortcutTarget): () => void {
  const onKey = (event: KeyboardEvent) => {
    if (event.key !== "Enter" || event.altKey || event.isComposing) return;
    const modified = event.ctrlKey || event.metaKey;
    const key = event.target instanceof Element ? target.cellKeyAt(event.target) : undefined;
    if (modified && event.shiftKey && (key !== undefined || !isTyping(event.target))) {
      event.preventDefault();
      event.stopPropagation();
      target.runAll();
    } else if (key !== undefined && (modified || event.shiftKey)) {
      event.preventDefault();
      event.stopPropagation();
      void target.run(key);
      if (!modified) target.focusCellAfter(key);
    }
  };
  document.addEventListener("keydown", onKey, true);
  return () => document.removeEventListener("keydown", onKey, true);
}
