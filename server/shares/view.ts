/**
 * What a share link shows of a live workbook: the editor's messages, reduced. Prose and the
 * outputs of visible cells pass; the file text, front matter, cell sources, names and options
 * never do; `hidden` cells are left out entirely; a failed cell says only SHARED_FAILURE, since
 * error messages quote source and data. One instance per share connection: it remembers the
 * version and the hidden cells of the last `workbook` message. Of the param controls, only those
 * of params the author marked `viewer: true` pass.
 */
import {
  SHARED_FAILURE,
  type CellView,
  type ParamControl,
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
        return this.workbook(message.workbook, message.cells, message.params);
      case "params":
        return { type: "params", params: viewerParams(message.params) };
      case "closed":
        return { type: "closed" };
      case "cell":
        return this.hidden.has(message.cell.index)
          ? undefined
          : { type: "cell", version: message.version, cell: sharedCell(message.cell) };
      case "removed": // a viewer never learns the path, only that the view is to be opened again
        return { type: "ended", reason: message.movedTo === undefined ? "removed" : "moved" };
      case "changed": // runs, alerts, links and commits are the editors' business
      case "error":
      case "replayProgress": // replays answer the editor that asked
      case "replayResult":
      case "replayError":
        return undefined;
      default: {
        // Checked when compiled; at run time an unknown message is not for viewers, and throwing
        // here, inside a broadcast, would skip the subscribers after this one.
        const unknown: never = message;
        void unknown;
        return undefined;
      }
    }
  }

  private workbook(file: WorkbookFile, cells: CellView[], params: ParamControl[]): ShareMessage {
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
      params: viewerParams(params),
    };
  }
}

/** The controls of `viewer: true` params, without a failed options query's error (it may quote the query). */
function viewerParams(params: ParamControl[]): ParamControl[] {
  return params.filter((param) => param.viewer).map(({ error: _error, ...param }) => param);
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
