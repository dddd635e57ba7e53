/** The description of renames (routes/workbookNames.ts): moving a workbook and renaming an alert rule, with what is stored under them. */
import { WORKBOOK_PATH, inPath, json, jsonBody, operation, type PathItem } from "./operation.ts";
import { integer, object, text } from "./schemas.ts";

const alertsMoved = { instances: integer, history: integer, silences: integer };

/** A moved workbook's new path and how many stored rows followed it. */
export const MOVED = json(object({ path: text, moved: object({ runs: integer, ...alertsMoved }) }));

export const NAME_PATHS: Record<string, PathItem> = {
  "/api/v1/workbooks/{path}/move": {
    post: operation(
      "workbooks",
      "rename or move a workbook inside the workbooks folder (never over a file); its runs, metric points, alert state, history, silences and share links follow",
      { 200: MOVED },
      { parameters: [WORKBOOK_PATH], requestBody: jsonBody(object({ to: text })) },
    ),
  },
  "/api/v1/workbooks/{path}/alerts/{rule}/rename": {
    post: operation(
      "alerts",
      "rename an alert rule: its fence is rewritten if the file is still at `version` (else 409), and its state, history and silences follow in the same step; a name taken by another rule is 409",
      { 200: json(object({ path: text, rule: text, version: text, moved: object(alertsMoved) })) },
      {
        parameters: [WORKBOOK_PATH, inPath("rule", "the rule's name now")],
        requestBody: jsonBody(object({ to: text, version: text })),
      },
    ),
  },
};
