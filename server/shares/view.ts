/**
 * What a share link shows of a live workbook: the editor's messages, reduced. Prose and the
 * outputs of visible cells pass; the file text, front matter, cell sources, names and options
 * never do; `hidden` cells are left out entirely; a failed cell says only SHARED_FAILURE, since
 * error messages quote source and data. One instance per share connection: it remembers the
 * version and the hidden cells of the last `workbook` message.
 */
import {
  SHARED_FAILURE,
  type CellView,
  type ServerMessage,
  type ShareMessage,
  type SharedBlock,
  type SharedCell,
  type WorkbookFile,
} from "../protocol/index.ts";

export class SharedView {
  private hidden = new Set<number>();

  /** The share message for an editor message, or undefined when it shows nothing to share. */
  translate(message: ServerMessage): ShareMessage | undefined {
    switch (message.type) {
      case "workbook":
        return this.workbook(message.workbook, message.cells);
      case "cell":
        return this.hidden.has(message.cell.index)
          ? undefined
          : { type: "cell", version: message.version, cell: sharedCell(message.cell) };
      case "removed": // a viewer never learns the path, only that the view is to be opened again
        return { type: "ended", reason: message.movedTo === undefined ? "removed" : "moved" };
      case "changed": // runs, alerts, links and commits are the editors' business
      case "error":
        return undefined;
    }
  }

  private workbook(file: WorkbookFile, cells: CellView[]): ShareMessage {
    this.hidden = new Set(
      file.blocks.flatMap((block) => (block.type === "cell" && block.options.hidden ? [block.index] : [])),
    );
    const blocks: SharedBlock[] = file.blocks.flatMap((block): SharedBlock[] => {
      if (block.type === "prose") return [{ type: "prose", markdown: block.markdown }];
      return this.hidden.has(block.index) ? [] : [{ type: "cell", index: block.index }];
    });
    return {
      type: "workbook",
      title: file.title,
      version: file.version,
      blocks,
      cells: cells.filter((cell) => !this.hidden.has(cell.index)).map(sharedCell),
    };
  }
}

function sharedCell(cell: CellView): SharedCell {
  const failed =
    cell.status === "rejected" || cell.status === "timeout" || cell.outputs.some((output) => output.kind === "error");
  return {
    index: cell.index,
    status: cell.status,
    outputs: failed ? [{ kind: "error", message: SHARED_FAILURE }] : cell.outputs,
  };
}
