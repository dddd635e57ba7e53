/**
 * The wire format between the server and browsers: the JSON of the HTTP API and the WebSocket
 * messages. The client imports nothing else of the server; so that it stays that way, the
 * protocol imports nothing but its own files. One name per concept, on the wire and in the code
 * on both sides:
 *
 * - `path`: a workbook's path relative to the workbooks folder, which is its name in the API.
 * - `version`: the content hash of a workbook file's text: `WorkbookFile.version` (the `If-Match`
 *   of a save), `RunRecord.version` (what a run ran; the database column is `content_hash`), and
 *   the share and `cell` messages, which a browser drops when they describe another version.
 * - `text`: a whole workbook file; `markdown`: one prose block of it, exactly as written.
 * - `index`: a cell's 0-based position among the workbook's cells, on the cell itself
 *   (`CellView`, `BlockView`, `RunCell`, `SharedBlock`); `cellIndex`: that number on what points
 *   at a cell (`Problem`, `RunError`). A cell's `id` is its content id.
 * - run: one execution of a workbook, recorded as a `RunRecord` with its `RunTrigger`; a data run
 *   is a run of an `on: data` workbook caused by new data (trigger `data`). A production run moves
 *   alert state; a preview (a live re-run, a report, a what-if run with `production: false`)
 *   only shows where the rules would go (`AlertStanding`). `CellView.run` counts a cell's runs.
 * - transition: one change of an alert instance's state, `from` → `to`: an `AlertTransition` as a
 *   run records it, a `StoredAlertTransition` once the history holds it (with its id). Inside
 *   server/alerts, the state machine's `Transition` and the evaluation's `PlannedTransition` are
 *   the same change before it is recorded.
 * - topic: what an editor shows of a workbook beside its cells, each from its own API
 *   (`WorkbookTopic`: runs, alerts, shares, git); a `changed` message says one changed.
 * - `…View`: a shape as the API answers it, with what is derived when answering
 *   (`AlertInstanceView.silencedBy`, `SilenceView.status`, `CellView`, `BlockView`).
 */
export * from "./outputs.ts";
export * from "./valueText.ts";
export * from "./qualityText.ts";
export * from "./cells.ts";
export * from "./messages.ts";
export * from "./alerts.ts";
export * from "./runs.ts";
export * from "./shares.ts";
export * from "./params.ts";
export * from "./git.ts";
export * from "./replay.ts";
export * from "./outputText.ts";
export * from "./duration.ts";
export * from "./audit.ts";
export * from "./cellNames.ts";
