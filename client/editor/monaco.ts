/**
 * Monaco, trimmed to what cell editors use: the core editor with suggestions and parameter
 * hints; JavaScript (with the cell library's types), SQL and YAML. Importing the core instead
 * of `editor.main` keeps every other language and contribution out of the bundle (hovers alone
 * would add 85 kB gzipped; a cell's errors show under it anyway).
 * Workers are separate bundles (see client/build.ts), started as ES modules. The same core
 * gives the side-by-side comparison the conflict banner shows.
 */
import * as monaco from "monaco-editor/editor/editor.api.js";
import "monaco-editor/editor/contrib/suggest/browser/suggestController.js";
import "monaco-editor/features/parameterHints/register.js";
import "monaco-editor/features/bracketMatching/register.js";
import "monaco-editor/features/comment/register.js";
import "monaco-editor/features/wordHighlighter/register.js";
import "monaco-editor/features/codicon/register.js";
import "monaco-editor/languages/definitions/javascript/register.js";
import "monaco-editor/languages/definitions/sql/register.js";
import "monaco-editor/languages/definitions/yaml/register.js";
import { javascriptDefaults } from "monaco-editor/languages/features/typescript/register.js";
import type { CellKind } from "../../server/protocol/index.ts";
import { followTheme } from "../theme.ts";
import { CELL_LIB } from "./cellLib.ts";

self.MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    const script = label === "javascript" || label === "typescript" ? "ts.worker.js" : "editor.worker.js";
    return new Worker(`/assets/${script}`, { type: "module", name: label });
  },
};

// Cells run on the server (no DOM); every cell's model is shared with the service so names
// defined in one cell complete in the others. Semantic checks stay off: a cell's inputs are
// other cells' variables, which a single-file checker would flag.
javascriptDefaults.setCompilerOptions({ allowJs: true, allowNonTsExtensions: true, target: 99, lib: ["es2023"] });
javascriptDefaults.setEagerModelSync(true);
javascriptDefaults.addExtraLib(CELL_LIB, "file:///driftbook/cellLib.d.ts");

const LANGUAGES: Record<CellKind, string> = { js: "javascript", sql: "sql", alert: "yaml" };

// Monaco's theme is global: every editor turns with the page (theme.ts).
followTheme((dark) => monaco.editor.setTheme(dark ? "vs-dark" : "vs"));

export interface CellEditor {
  getValue(): string;
  /** Replaces the text (a newer file version), keeping the undo stack. */
  setValue(value: string): void;
  /** Marks errors on lines of this editor (1-based), replacing earlier marks. */
  setErrors(errors: { line: number; column?: number; message: string }[]): void;
  /** Focuses the editor with all its text selected, so typing replaces a new cell's starter text. */
  focusAll(): void;
  /** Focuses the editor, its cursor where it was. */
  focus(): void;
  dispose(): void;
}

/** An editor for one cell, as tall as its text, calling `onChange` with the new text on every edit. */
export function createCellEditor(
  container: HTMLElement,
  kind: CellKind,
  value: string,
  onChange: (value: string) => void,
): CellEditor {
  const editor = monaco.editor.create(container, {
    value,
    language: LANGUAGES[kind],
    automaticLayout: true,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    scrollbar: { vertical: "hidden", alwaysConsumeMouseWheel: false },
    overviewRulerLanes: 0,
    hideCursorInOverviewRuler: true,
    renderLineHighlight: "none",
    lineNumbersMinChars: 3,
    folding: false,
    fontSize: 13,
    tabSize: 2,
    padding: { top: 6, bottom: 6 },
    fixedOverflowWidgets: true,
    wordWrap: "on",
  });
  const model = editor.getModel()!;
  const fit = () => {
    container.style.height = `${Math.max(editor.getContentHeight(), 32)}px`;
  };
  editor.onDidContentSizeChange(fit);
  fit();
  editor.onDidChangeModelContent(() => onChange(model.getValue()));
  return {
    getValue: () => model.getValue(),
    setValue(next) {
      if (next !== model.getValue())
        model.pushEditOperations([], [{ range: model.getFullModelRange(), text: next }], () => null);
    },
    setErrors(errors) {
      const markers = errors.map(({ line, column, message }) => ({
        severity: monaco.MarkerSeverity.Error,
        message,
        startLineNumber: line,
        startColumn: column ?? 1,
        endLineNumber: line,
        endColumn: model.getLineMaxColumn(Math.min(Math.max(line, 1), model.getLineCount())),
      }));
      monaco.editor.setModelMarkers(model, "driftbook", markers);
    },
    focusAll() {
      editor.setSelection(model.getFullModelRange());
      editor.focus();
    },
    focus() {
      editor.focus();
    },
    dispose() {
      editor.dispose();
      model.dispose();
    },
  };
}

/** A read-only side-by-side comparison of two texts: changes marked, long unchanged stretches folded. */
export function createComparison(container: HTMLElement, original: string, modified: string): { dispose(): void } {
  const models = { original: monaco.editor.createModel(original), modified: monaco.editor.createModel(modified) };
  const editor = monaco.editor.createDiffEditor(container, {
    readOnly: true,
    originalEditable: false,
    automaticLayout: true,
    hideUnchangedRegions: { enabled: true },
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    renderOverviewRuler: false,
    lineNumbersMinChars: 3,
    fontSize: 13,
    wordWrap: "on",
  });
  // Owning the view model lets dispose cancel a diff still being computed: Monaco would
  // otherwise finish it against disposed models and throw "no diff result available".
  const viewModel = editor.createViewModel(models);
  editor.setModel(viewModel);
  return {
    dispose() {
      viewModel.dispose();
      editor.dispose();
      models.original.dispose();
      models.modified.dispose();
    },
  };
}
