/**
 * Downloads of what a cell shows (issue 24, item 5): a table as CSV or TSV — the whole table,
 * not the first rows its output carries — and a drift report as CSV or JSON, read from the live
 * workbook. A workbook nobody has open is started, which runs it as a preview (live/liveWorkbook.ts:
 * nothing recorded, no alert moved), never as a production run.
 *
 * - Editors: `GET /api/v1/workbooks/<path>/cells/<cell>/export.<csv|tsv|json>`, where `<cell>`
 *   is the cell's index or a name it defines (`current` for ```` ```sql current ````).
 * - Share viewers: `GET /s/<token>/cells/<index>/export.<format>`, only when the link was made
 *   with `downloads: true` (403 otherwise), and only for cells the share view shows.
 *
 * `?output=<n>` picks the cell's n-th output (0-based); by default its first table or drift report.
 * Every other query parameter is a workbook param as the page's URL gives it (`?region=eu`): the
 * download reads the session of those params, as the page does, with the same checks
 * (Sessions.open: for a share viewer only `viewer: true` params, the rest ignored).
 * Text starting with = + - @ is written with a leading `'` (see export/delimited.ts).
 */
import { Router, type Response } from "express";
import type { CellView, DriftOutput, Output, TableOutput } from "../../protocol/index.ts";
import { driftJson, driftText, EXPORT_FORMATS, tableText, type ExportFormat } from "../../export/cellExport.ts";
import { delimitedMediaType } from "../../export/delimited.ts";
import type { LiveWorkbook } from "../../live/liveWorkbook.ts";
import type { Sessions } from "../../live/sessions.ts";
import { textParams, type ParamAudience } from "../../live/paramChoices.ts";
import { SharedView } from "../../shares/view.ts";
import type { ShareStore } from "../../shares/store.ts";
import { HttpError } from "../httpError.ts";
import { queryInteger } from "../query.ts";
import { workbookPathOf } from "./workbookPath.ts";

/** How long a download waits for the workbook's cells to settle (a workbook just started runs them all). */
const SETTLE_MS = 30_000;
/** How often the wait looks again when no cell state changes meanwhile. */
const SETTLE_WAIT_MS = 100;

type Exportable = TableOutput | DriftOutput;

export function exportRoutes({ sessions }: { sessions: Sessions }): Router {
  const router = Router();
  router.get("/api/v1/workbooks/*path/cells/:cell/export.:format", async (req, res) => {
    const path = workbookPathOf(req);
    const format = formatOf(req.params.format);
    await whileWatching(sessions, path, textParams({ ...req.query, output: undefined }), "editor", async (live) => {
      const cell = await settledCell(live, () => editorCell(live, req.params.cell));
      const label = cell.name ?? `cell-${cell.index}`;
      await sendExport(res, live, cell, queryInteger(req, "output"), format, `${baseName(path)}-${label}`);
    });
  });
  return router;
}

export function shareExportRoutes({ sessions, shares }: { sessions: Sessions; shares: ShareStore }): Router {
  const router = Router();
  router.get("/s/:token/cells/:cell/export.:format", async (req, res) => {
    const share = shares.resolve(req.params.token);
    if (!share) throw new HttpError(404, "this link is no longer valid");
    if (!share.downloads)
      throw new HttpError(403, "this link does not allow downloads: ask its author for a link that does");
    const format = formatOf(req.params.format);
    await whileWatching(
      sessions,
      share.workbook,
      textParams({ ...req.query, output: undefined }),
      "viewer",
      async (live) => {
        const cell = await settledCell(live, () => sharedCell(live, req.params.cell));
        await sendExport(res, live, cell, queryInteger(req, "output"), format, `cell-${cell.index}`);
      },
    );
  });
  return router;
}

/**
 * Runs `download` on the live workbook at `path` with `params` (for `audience`) as one of its
 * watchers, so it is not closed as idle meanwhile.
 */
async function whileWatching(
  sessions: Sessions,
  path: string,
  params: Record<string, string>,
  audience: ParamAudience,
  download: (live: LiveWorkbook) => Promise<void>,
) {
  const live = await sessions.open(path, params, audience);
  const unsubscribe = live.subscribe(() => undefined);
  try {
    await download(live);
  } finally {
    unsubscribe();
  }
}

/**
 * The cell once it has settled: the host is idle and the cell is neither pending nor running.
 * Both are checked, since a data re-run can be on its way while the host is still idle.
 */
async function settledCell(live: LiveWorkbook, pick: () => CellView): Promise<CellView> {
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    let stop = () => {};
    const changed = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.max(0, Math.min(SETTLE_WAIT_MS, deadline - Date.now())));
      const unsubscribe = live.host.subscribe(() => resolve());
      stop = () => (clearTimeout(timer), unsubscribe());
    });
    const idle = await Promise.race([live.host.whenIdle().then(() => true), changed.then(() => false)]);
    stop();
    const cell = pick();
    if (idle && cell.status !== "pending" && cell.status !== "running") return cell;
    if (Date.now() >= deadline)
      throw new HttpError(503, "the workbook is still running: try the download again in a moment");
  }
}

/** The editor's cell: by index, or the cell that defines the name. */
function editorCell(live: LiveWorkbook, ref: string): CellView {
  const { cells } = live.view();
  const compiled = live.workbook.analysis.cells.find((cell) =>
    /^\d+$/.test(ref) ? cell.index === Number(ref) : cell.name === ref || cell.outputs.includes(ref),
  );
  const cell = compiled && cells.find((view) => view.id === compiled.id);
  if (!cell)
    throw new HttpError(404, `no cell ${JSON.stringify(ref)}: give a cell's index or a name it defines`, {
      field: "cell",
    });
  return cell;
}

/** A cell as the share view shows it: hidden cells do not exist there, and failed ones show only that they failed. */
function sharedCell(live: LiveWorkbook, ref: string): CellView {
  const message = new SharedView().translate({ type: "workbook", ...live.view() });
  const shared = message?.type === "workbook" ? message.cells.find((cell) => String(cell.index) === ref) : undefined;
  const cell = shared && live.view().cells.find((view) => view.index === shared.index);
  if (!shared || !cell) throw new HttpError(404, `no cell ${JSON.stringify(ref)} in this view`, { field: "cell" });
  return { ...cell, outputs: shared.outputs };
}

async function sendExport(
  res: Response,
  live: LiveWorkbook,
  cell: CellView,
  wanted: number | undefined,
  format: ExportFormat,
  name: string,
): Promise<void> {
  if (cell.status !== "fulfilled")
    throw new HttpError(409, `cell ${cell.index} has no result to download: it is ${cell.status}`, { field: "cell" });
  const { output, index } = exportable(cell.outputs, wanted);
  const disposition = (extension: string) => `attachment; filename="${name.replace(/[^\w.-]+/g, "_")}.${extension}"`;
  res.set("Cache-Control", "no-store");
  if (output.kind === "drift") {
    res.set("Content-Disposition", disposition(format));
    if (format === "json") res.type("application/json; charset=utf-8").send(driftJson(output));
    else res.type(delimitedMediaType(format)).send(driftText(output, format));
    return;
  }
  if (format === "json") throw new HttpError(400, "a table downloads as csv or tsv", { field: "format" });
  const chunks = tableText((offset, limit, shown) => live.host.tableRows(cell.id, index, offset, limit, shown), format);
  const first = await chunks.next().catch((error: Error) => {
    throw new HttpError(409, `cannot read the table of cell ${cell.index}: ${error.message}`, { field: "cell" });
  });
  res.set("Content-Disposition", disposition(format)).type(delimitedMediaType(format));
  res.write(first.value);
  try {
    for await (const chunk of chunks) {
      if (res.destroyed) return; // the viewer went away: stop reading pages
      // Back-pressure: the next page is read once the viewer has taken this one (or has gone).
      if (!res.write(chunk))
        await new Promise<void>((resolve) => {
          const done = () => (res.off("drain", done), res.off("close", done), resolve());
          res.on("drain", done).on("close", done);
        });
    }
    res.end();
  } catch (error) {
    // Part of the table is sent: all that can be said now is that the download failed.
    console.error(`exporting cell ${cell.index} of ${live.path}:`, (error as Error).message);
    res.destroy(error as Error);
  }
}

/** The output to download: the one asked for, else the cell's first table or drift report. */
function exportable(outputs: Output[], wanted: number | undefined): { output: Exportable; index: number } {
  const index = wanted ?? outputs.findIndex((output) => output.kind === "table" || output.kind === "drift");
  const output = outputs[index];
  if (output?.kind === "table" || output?.kind === "drift") return { output, index };
  throw new HttpError(
    409,
    wanted === undefined
      ? "the cell shows no table or drift report to download"
      : `output ${wanted} of the cell is not a table or drift report`,
    { field: "output" },
  );
}

function formatOf(format: string): ExportFormat {
  if ((EXPORT_FORMATS as readonly string[]).includes(format)) return format as ExportFormat;
  throw new HttpError(400, `unknown format ${JSON.stringify(format)}: use csv, tsv or json`, { field: "format" });
}

const baseName = (path: string) => path.replace(/^.*\//, "").replace(/\.md$/, "");
