/** The description of the workbook routes: files, runs, metrics, git and reports (routes/workbooks.ts, runs.ts, metrics.ts, git.ts). */
import { TEMPLATES } from "../../workspace/templates.ts";
import { WORKBOOK_PATH, empty, html, inPath, inQuery, json, jsonBody, operation, type PathItem } from "./operation.ts";
import { MOVED } from "./namePaths.ts";
import { arrayOf, boolean, integer, object, oneOf, ref, text } from "./schemas.ts";

const IF_MATCH = {
  name: "If-Match",
  in: "header",
  required: true,
  description: 'the version last seen, "<version>": a newer save is never overwritten (409 answers the current one)',
  schema: { type: "string" },
};

const gitStatus = oneOf("clean", "modified", "untracked", "added", "deleted");
const lineDiff = arrayOf(object({ op: oneOf("same", "add", "del"), text }));
const REV = inQuery("rev", "a commit, branch or tag (default HEAD)");

export const WORKBOOK_PATHS: Record<string, PathItem> = {
  "/api/v1/workbooks": {
    get: operation("workbooks", "every workbook with its title, problems, schedule, last run and git state", {
      200: json(arrayOf(ref("WorkbookSummary"))),
    }),
    post: operation(
      "workbooks",
      "create a workbook from a template",
      { 201: json(object({ path: text, version: text }), "created") },
      { requestBody: jsonBody(object({ path: text }, { template: oneOf(...Object.keys(TEMPLATES)), title: text })) },
    ),
  },
  "/api/v1/workbooks/{path}": {
    get: operation(
      "workbooks",
      "a workbook's text, blocks and problems; its ETag is the version",
      { 200: json(ref("WorkbookFile")) },
      {
        parameters: [WORKBOOK_PATH],
      },
    ),
    put: operation(
      "workbooks",
      "save a workbook's text, if it is still the version in If-Match",
      { 200: json(ref("Saved")) },
      { parameters: [WORKBOOK_PATH, IF_MATCH], requestBody: jsonBody(object({ text })) },
    ),
    patch: operation(
      "workbooks",
      "rename (move) a workbook: as POST {path}/move with {to}",
      { 200: MOVED },
      {
        parameters: [WORKBOOK_PATH],
        requestBody: jsonBody(object({ path: text })),
      },
    ),
    delete: operation("workbooks", "delete a workbook", { 204: empty("deleted") }, { parameters: [WORKBOOK_PATH] }),
  },
  "/api/v1/workbooks/{path}/runs": {
    get: operation(
      "runs",
      "the workbook's recorded runs, newest first",
      { 200: json(object({ runs: arrayOf(ref("RunRecord")), total: integer, limit: integer, offset: integer })) },
      {
        parameters: [
          WORKBOOK_PATH,
          inQuery("limit", "1 to 200, default 50", { type: "integer" }),
          inQuery("offset", "default 0", { type: "integer" }),
        ],
      },
    ),
    post: operation(
      "runs",
      "run the workbook now (a what-if when params differ from the front matter's, unless alerts is true; asOf reads the data as it was then)",
      {
        201: json(ref("RunRecord"), "the finished run"),
        409: json(ref("Error"), "the workbook is running: runId names that run"),
      },
      {
        parameters: [WORKBOOK_PATH],
        requestBody: jsonBody(
          object({}, { params: { type: "object" }, alerts: boolean, asOf: { type: ["string", "integer"] } }),
          false,
        ),
      },
    ),
  },
  "/api/v1/workbooks/{path}/metrics": {
    get: operation(
      "runs",
      "the metric points the workbook's production runs recorded (metric(name, value) in cells), oldest first; 404 for a path with neither a file nor recorded runs",
      {
        200: {
          description: "JSON, or CSV: at (ISO 8601 UTC), run, name, value, then a label.<key> column per label key",
          content: {
            "application/json": { schema: ref("MetricExport") },
            "text/csv": { schema: { type: "string" } },
          },
        },
      },
      {
        parameters: [
          WORKBOOK_PATH,
          inQuery("since", "a duration back from now (30d), an ISO time with a zone, or epoch ms; default every point"),
          inQuery("format", "default json", oneOf("csv", "json")),
        ],
      },
    ),
  },
  "/api/v1/runs/{id}": {
    get: operation("runs", "one run", { 200: json(ref("RunRecord")) }, { parameters: [inPath("id", "the run's id")] }),
  },
  "/api/v1/runs/{id}/report": {
    get: operation(
      "runs",
      "the run's stored HTML report, while retention keeps it",
      { 200: html("the report") },
      {
        parameters: [inPath("id", "the run's id")],
      },
    ),
  },
  "/api/v1/workbooks/{path}/git": {
    get: operation(
      "git",
      "the workbook's git status and history, or repository: false outside git",
      {
        200: json({
          oneOf: [
            object({ repository: { const: false } }),
            object({
              repository: { const: true },
              status: gitStatus,
              history: arrayOf(
                object(
                  { commit: text, shortCommit: text, author: text, email: text, date: text, message: text },
                  { body: text },
                ),
              ),
            }),
          ],
        }),
      },
      { parameters: [WORKBOOK_PATH] },
    ),
  },
  "/api/v1/workbooks/{path}/git/diff": {
    get: operation(
      "git",
      "a past version against the working file, block by block",
      {
        200: json(
          object({
            commit: text,
            existed: boolean,
            diff: object({
              frontMatter: object({ before: text, after: text, changed: boolean }, { lines: lineDiff }),
              blocks: arrayOf(
                object(
                  { change: oneOf("same", "changed", "added", "removed"), type: oneOf("prose", "cell") },
                  { kind: text, name: text, before: text, after: text, lines: lineDiff },
                ),
              ),
            }),
          }),
        ),
      },
      { parameters: [WORKBOOK_PATH, REV] },
    ),
  },
  "/api/v1/workbooks/{path}/git/commit": {
    post: operation(
      "git",
      "commit the workbook's working file",
      { 201: json(object({ commit: text, shortCommit: text })) },
      {
        parameters: [WORKBOOK_PATH],
        requestBody: jsonBody(object({ message: text })),
      },
    ),
  },
  "/api/v1/workbooks/{path}/git/restore": {
    post: operation(
      "git",
      "make a past version the working file (a conditional save)",
      { 200: json(ref("Saved")) },
      {
        parameters: [WORKBOOK_PATH, IF_MATCH],
        requestBody: jsonBody(object({ rev: text })),
      },
    ),
  },
  "/api/v1/workbooks/{path}/git/report": {
    get: operation(
      "git",
      "a past version run once, unrecorded, as an HTML report",
      { 200: html("the report") },
      {
        parameters: [WORKBOOK_PATH, REV],
      },
    ),
  },
  "/report/{path}": {
    get: operation(
      "pages",
      "the live workbook's static HTML report",
      { 200: html("the report") },
      { parameters: [WORKBOOK_PATH] },
    ),
  },
};
