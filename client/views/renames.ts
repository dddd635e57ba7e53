/**
 * Naming in the editor: a new `sql` or `alert` cell is named as it is added (a suggested free
 * name, checked as typed), a named cell is renamed from its header, and the workbook itself is
 * renamed or moved from the page bar. A `sql` cell's rename is an edit like any other, saved with
 * the page. A saved alert rule's rename goes through the server (POST …/alerts/<rule>/rename),
 * which rewrites the fence and moves the rule's stored state, history and silences in one step;
 * the dialog says so, with the state it will carry, before the user accepts.
 */
import type { NamedCellKind, WorkbookFile } from "../../server/protocol/index.ts";
import { encodePath, moveWorkbook, renameRule } from "../api.ts";
import { listAlerts } from "../alertsApi.ts";
import { nameProblem, renameCell, suggestedName, type Block, type NotebookCell } from "../state.ts";
import { askName } from "./nameDialog.ts";

/** What renaming needs of the notebook page. */
export interface RenamingNotebook {
  readonly path: string;
  readonly file: WorkbookFile | undefined;
  readonly blocks: Block[];
  /** Takes new blocks as an edit, to be saved. */
  applyBlocks(blocks: Block[]): void;
  /** Saves pending edits now; rejects when they cannot be saved. */
  flush(): Promise<void>;
}

/** Asks the name of a new cell of `kind`; undefined when the user cancels. */
export function askNewCellName(blocks: Block[], kind: NamedCellKind): Promise<string | undefined> {
  return askName({
    title: kind === "sql" ? "New SQL cell" : "New alert rule",
    label: kind === "sql" ? "Variable name" : "Rule name",
    value: suggestedName(blocks, kind),
    note:
      kind === "sql"
        ? "Other cells use the query's result by this name."
        : "Notifications, silences and the alerts page name the rule by this.",
    problem: (name) => nameProblem(blocks, kind, name),
  });
}

/** Renames a named cell, asking its new name; a saved alert rule takes its state with it. */
export async function renameNamedCell(notebook: RenamingNotebook, cell: NotebookCell): Promise<void> {
  if (cell.kind === "js" || cell.name === undefined) return;
  const { kind, name: from } = cell;
  const saved = kind === "alert" && cell.fileIndex !== undefined && savedRuleNames(notebook.file).includes(from);
  const problem = (name: string) =>
    name === from ? "Type a new name." : nameProblem(notebook.blocks, kind, name, from);
  if (!saved) {
    const to = await askName({
      title: `Rename ${kind} ${from}`,
      label: "New name",
      value: from,
      accept: "Rename",
      problem,
    });
    if (to !== undefined) notebook.applyBlocks(renameCell(notebook.blocks, cell.key, to));
    return;
  }
  await askName({
    title: `Rename alert rule ${from}`,
    label: "New name",
    value: from,
    accept: "Rename rule",
    note: await ruleRenameNote(notebook.path, from),
    problem,
    submit: async (to) => {
      await notebook.flush();
      const version = notebook.file?.version;
      if (version === undefined) throw new Error("the workbook is not loaded yet");
      await renameRule(notebook.path, from, to, version);
    },
  });
}

/** Asks a workbook's new path and moves it there; resolves with the new path, or undefined when cancelled. */
export async function moveWorkbookTo(notebook: RenamingNotebook): Promise<string | undefined> {
  return askName({
    title: "Rename or move workbook",
    label: "Path",
    value: notebook.path,
    accept: "Move",
    note: "Its run history, alert state and history, silences and share links follow it to the new path.",
    problem: (to) =>
      !to.endsWith(".md") ? "A workbook path ends in .md." : to === notebook.path ? "Type a new path." : undefined,
    submit: async (to) => {
      await notebook.flush();
      await moveWorkbook(notebook.path, to);
    },
  });
}

/** The page address of a workbook's editor. */
export function editorUrl(path: string): string {
  return `/w/${encodePath(path)}`;
}

function savedRuleNames(file: WorkbookFile | undefined): string[] {
  return (file?.blocks ?? []).flatMap((block) =>
    block.type === "cell" && block.kind === "alert" && block.name ? [block.name] : [],
  );
}

/** What renaming the rule does, with the state it carries now. */
async function ruleRenameNote(path: string, rule: string): Promise<string> {
  const instances = await listAlerts(path).then(
    (all) => all.filter((instance) => instance.rule === rule),
    () => [],
  );
  const states = [...new Set(instances.map((instance) => instance.state))];
  const now = states.length === 0 ? "It has no stored state yet." : `It is ${states.join(", ")} now and stays so.`;
  return (
    `Its state, its history and the silences that name it move to the new name, in the same step as the file changes. ${now} ` +
    "Notifications already sent keep the old name."
  );
}
