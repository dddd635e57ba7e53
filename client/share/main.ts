/**
 * The read-only share view at `/s/<token>`: a workbook's title, prose and cell outputs, live
 * over the share socket, for someone who has no access to the editor. It shows no source, no
 * workbook path and no link back. Kept apart from the editor (no Monaco, no notebook view) so
 * the page stays small; strings from the server go in as text, except Markdown rendered with
 * raw HTML off and the svg/html outputs the server sanitized.
 */
import "./share.css";
import type { ShareEnd, SharedBlock, SharedCell, ShareMessage } from "../../server/protocol/shares.ts";
import { el } from "../dom.ts";
import { renderMarkdown } from "../markdown.ts";
import { renderWithDownloads } from "../outputs/downloads.ts";
import { openShareSocket } from "./socket.ts";
import { ParamsBar } from "../views/paramsBar.ts";
import { applyTheme, storedTheme, themeToggle } from "../theme.ts";

const BUSY_NOTES: Partial<Record<SharedCell["status"], string>> = { pending: "Waiting to run…", running: "Running…" };

/** One shared cell: its outputs, dimmed under a note while it waits or runs again. */
class SharedCellView {
  private readonly note = el("p", { class: "shared-cell-note" });
  private readonly outputs = el("div", { class: "outputs" });
  readonly element = el("section", { class: "shared-cell" }, this.note, this.outputs);
  private shownOutputs = "";

  show(cell: SharedCell): void {
    const busy = BUSY_NOTES[cell.status];
    this.element.dataset.status = cell.status;
    this.note.textContent = busy ?? "";
    this.outputs.classList.toggle("stale", busy !== undefined);
    // Outputs are rebuilt only when they change, so a status change keeps a table's sort and open JSON nodes.
    const serialized = JSON.stringify(cell.outputs);
    if (serialized === this.shownOutputs) return;
    this.shownOutputs = serialized;
    const source = downloads
      ? { base: `${sharePath}/cells/${cell.index}/export`, name: `cell-${cell.index}` }
      : undefined;
    this.outputs.replaceChildren(...renderWithDownloads(cell.outputs, source));
  }
}

const root = document.getElementById("app")!;
const title = el("h1");
const updatedAt = el("time");
const updated = el("span", {}, " · last updated ", updatedAt);
const connection = el("span", { class: "share-connection", attrs: { role: "status" } });
const blocks = el("div", { class: "share-blocks" }, el("p", { class: "note", text: "Loading…" }));
// A change asks for the session of the new values: the socket reconnects with the page's new query.
const paramsBar = new ParamsBar(() => socket.reconnect());
updated.hidden = true;
root.replaceChildren(
  el(
    "main",
    { class: "share" },
    el(
      "header",
      { class: "share-header" },
      title,
      el("p", { class: "note share-meta" }, "Read-only view · updates live", updated, connection),
    ),
    paramsBar.element,
    blocks,
  ),
);

let version: string | undefined;
/** Whether the link lets this viewer download (the server checks it again on every download). */
let downloads = false;
const sharePath = location.pathname.replace(/\/+$/, "");
let cellViews = new Map<number, SharedCellView>();

function showWorkbook(message: Extract<ShareMessage, { type: "workbook" }>): void {
  version = message.version;
  paramsBar.show(message.params);
  downloads = message.downloads === true;
  title.textContent = message.title;
  document.title = message.title;
  const cells = new Map(message.cells.map((cell) => [cell.index, cell]));
  const previous = cellViews;
  cellViews = new Map();
  const blockElement = (block: SharedBlock): HTMLElement => {
    if (block.type === "prose") {
      const prose = el("div", { class: "prose" });
      renderMarkdown(prose, block.markdown);
      return prose;
    }
    const view = previous.get(block.index) ?? new SharedCellView();
    cellViews.set(block.index, view);
    const cell = cells.get(block.index);
    if (cell) view.show(cell);
    return view.element;
  };
  blocks.replaceChildren(...message.blocks.map(blockElement));
  // Most workbooks open with their title as a heading: show it once.
  const heading = blocks.querySelector(":scope > .prose:first-child > h1:first-child");
  title.hidden = heading?.textContent?.trim() === message.title.trim();
}

function stampUpdated(): void {
  const now = new Date();
  updatedAt.dateTime = now.toISOString();
  updatedAt.textContent = now.toLocaleTimeString();
  updated.hidden = false;
}

/** Replaces the page with why the link stopped working; a moved workbook's view opens again instead. */
function showEnded(reason: ShareEnd | undefined): void {
  if (reason === "moved") return location.reload(); // the link follows its workbook
  const [heading, ...details] =
    reason === "removed"
      ? ["This workbook no longer exists."]
      : ["This link is no longer valid.", "The person who shared it can send you a new one."];
  document.title = heading;
  root.replaceChildren(
    el(
      "main",
      { class: "share share-ended" },
      el("h1", { text: heading }),
      ...details.map((text) => el("p", { class: "note", text })),
    ),
  );
}

applyTheme(storedTheme());
document.body.append(el("div", { class: "app-corner" }, themeToggle()));

const socket = openShareSocket(sharePath, {
  update(message) {
    switch (message.type) {
      case "workbook":
        showWorkbook(message);
        break;
      case "cell":
        if (message.version !== version) return;
        cellViews.get(message.cell.index)?.show(message.cell);
        break;
      case "params":
        return paramsBar.show(message.params);
      case "closed": // the socket closes and reconnects
        return;
      default: {
        const unknown: never = message;
        return console.warn("driftbook: unknown message", unknown);
      }
    }
    stampUpdated();
  },
  ended: showEnded,
  connection(open) {
    connection.textContent = open ? "" : "reconnecting…";
  },
});
