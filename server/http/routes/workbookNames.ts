/**
 * Renames through the API, each carrying what is stored under the old name (workspace/workbookMove.ts):
 * a workbook moved to a new path (`POST …/move {to}`, and `PATCH {path}` as before) takes its run
 * history, metric points, alert state and share links; an alert rule renamed (`POST
 * …/alerts/<rule>/rename {to, version}`) takes its state, history and silences, and its fence in
 * the file is rewritten in the same step. Editors of a moved workbook hear where it went.
 * Mounted before the workbook routes, whose `/api/v1/workbooks/*path` would take these paths.
 */
import { Router, type Request } from "express";
import { WorkbookMoves } from "../../workspace/workbookMove.ts";
import { CellRenameError, renameCell } from "../../workbook/cellRename.ts";
import type { Sessions } from "../../live/sessions.ts";
import type { PredictionStore } from "../../store/store.ts";
import type { ShareStore } from "../../shares/store.ts";
import type { AuditTrail } from "../auditTrail.ts";
import { HttpError } from "../httpError.ts";
import { ConflictError, type Workspace } from "../../workspace/workspace.ts";
import { JSON_TYPES, readBody } from "../requestBody.ts";
import { workbookPathOf } from "./workbookPath.ts";

export function workbookNameRoutes({
  workspace,
  sessions,
  store,
  shares,
  audit,
}: {
  workspace: Workspace;
  sessions: Sessions;
  store: PredictionStore;
  shares: ShareStore;
  audit: AuditTrail;
}): Router {
  const router = Router();
  const json = readBody(JSON_TYPES, "64kb", "for a rename");
  const moves = new WorkbookMoves(workspace, store.db, shares);

  const move = async (req: Request, from: string, to: string) => {
    const moved = await moves.move(from, to);
    audit.record(req, "workbook.rename", { workbook: from, target: to });
    await sessions.fileChanged(from, null, to);
    await sessions.fileChanged(to);
    return { path: to, moved };
  };

  router.post("/api/v1/workbooks/*path/move", json, async (req, res) => {
    res.json(await move(req, workbookPathOf(req), textField(req, "to", '{"to": "team/new-name.md"}')));
  });

  router.patch("/api/v1/workbooks/*path", json, async (req, res) => {
    res.json(await move(req, workbookPathOf(req), textField(req, "path", '{"path": "new/name.md"}')));
  });

  router.post("/api/v1/workbooks/*path/alerts/:rule/rename", json, async (req, res) => {
    const path = workbookPathOf(req);
    const from = req.params.rule as string;
    const to = textField(req, "to", RENAME_EXAMPLE);
    const version = textField(req, "version", RENAME_EXAMPLE);
    const file = await workspace.read(path);
    if (!file) throw new HttpError(404, `no such workbook: ${path}`);
    if (file.version !== version) throw new ConflictError(`${path} changed since version ${version}`, file);
    let text: string;
    try {
      text = renameCell(file.text, "alert", from, to);
    } catch (error) {
      if (!(error instanceof CellRenameError)) throw error;
      throw new HttpError(RENAME_STATUS[error.reason], error.message, { field: error.field });
    }
    const renamed = await moves.renameRule(path, { from, to, text, version });
    audit.record(req, "rule.rename", { workbook: path, target: `${from} → ${to}` });
    await sessions.fileChanged(path, text);
    res.json({ path, rule: to, ...renamed });
  });

  return router;
}

const RENAME_EXAMPLE = '{"to": "new-rule-name", "version": "<the version you last saw>"}';

const RENAME_STATUS: Record<CellRenameError["reason"], number> = {
  missing: 404,
  ambiguous: 400,
  invalid: 400,
  taken: 409,
};

/** The body's text field `name`, or a 400 naming it and showing `example`. */
function textField(req: Request, name: string, example: string): string {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  if (typeof value !== "string" || value === "")
    throw new HttpError(400, `send ${name} as JSON: ${example}`, { field: name });
  return value;
}
