/**
 * The workbook API: list, read, conditional save, create and delete files in the
 * workbooks folder, plus the static report of a live workbook. Every path is resolved inside
 * the folder by the Workspace; handlers only translate. Create and delete tell the share links,
 * which follow a workbook's identity rather than its path; renames are workbookNames.ts'.
 */
import { Router } from "express";
import type { Workspace } from "../../workspace/workspace.ts";
import { TEMPLATES } from "../../workspace/templates.ts";
import { workbookFromText } from "../../workspace/workbookFile.ts";
import { worstAlertState, type AlertState, type WorkbookSummary } from "../../protocol/index.ts";
import type { AlertStore } from "../../alerts/state.ts";
import { WorkbookRepo } from "../../git/repo.ts";
import { renderReport } from "../../render/report.ts";
import { reportProvenance } from "../../runs/provenance.ts";
import { nextTickAt, scheduleOf } from "../../runs/schedule.ts";
import type { RunStore } from "../../runs/store.ts";
import type { ShareStore } from "../../shares/store.ts";
import type { AuditTrail } from "../auditTrail.ts";
import { HttpError } from "../httpError.ts";
import { workbookPathOf } from "./workbookPath.ts";
import { JSON_TYPES, readBody } from "../requestBody.ts";
import { pageHeaders, REPORT_POLICY } from "../securityHeaders.ts";
import { fileView } from "../../live/fileView.ts";
import type { Sessions } from "../../live/sessions.ts";

/** How long a report request waits for cells to settle before it shows them as still running. */
const REPORT_SETTLE_MS = 10_000;

export function workbookRoutes({
  workspace,
  sessions,
  runs,
  shares,
  audit,
  alerts,
}: {
  workspace: Workspace;
  sessions: Sessions;
  runs: RunStore;
  shares: ShareStore;
  /** Records creates, saves and deletes (renames: workbookNames.ts). */
  audit: AuditTrail;
  alerts: AlertStore;
}): Router {
  const router = Router();
  const json = readBody(JSON_TYPES, "5mb", "for a workbook");

  router.get("/api/v1/workbooks", async (_req, res) => {
    const summaries: WorkbookSummary[] = [];
    const repo = await WorkbookRepo.open(workspace.root);
    const changed = await repo?.status();
    const alertStates = new Map<string, AlertState[]>();
    for (const { workbook, state } of alerts.instances()) {
      const states = alertStates.get(workbook);
      if (states) states.push(state);
      else alertStates.set(workbook, [state]);
    }
    const now = Date.now();
    for (const path of await workspace.list()) {
      const file = await workspace.read(path);
      if (!file) continue;
      const workbook = workbookFromText(path, file.text);
      const { schedule, error } = scheduleOf(workbook.doc.frontMatter?.data);
      const [last] = runs.list(path, { limit: 1 }).runs;
      const { model } = workbook.doc.frontMatter?.data ?? {};
      const nextRun = schedule && nextTickAt(schedule, now);
      const alertState = worstAlertState(alertStates.get(path) ?? []);
      summaries.push({
        path,
        title: workbook.title,
        problems: workbook.analysis.problems.length,
        ...(schedule ? { schedule: schedule.cron } : {}),
        ...(error ? { scheduleError: error } : {}),
        ...(last ? { lastRun: { status: last.status, startedAt: last.startedAt } } : {}),
        ...(nextRun !== undefined ? { nextRun } : {}),
        ...(typeof model === "string" ? { model } : {}),
        ...(alertState ? { alertState } : {}),
        ...(changed ? { git: changed.get(path) ?? "clean" } : {}),
      });
    }
    res.json(summaries);
  });

  router.post("/api/v1/workbooks", json, async (req, res) => {
    const {
      path,
      template = "blank",
      title,
    } = (req.body ?? {}) as { path?: unknown; template?: unknown; title?: unknown };
    if (typeof path !== "string")
      throw new HttpError(400, 'give the new workbook\'s path, e.g. {"path": "monitoring/daily.md"}', {
        field: "path",
      });
    const make = typeof template === "string" ? TEMPLATES[template] : undefined;
    if (!make)
      throw new HttpError(
        400,
        `unknown template ${JSON.stringify(template)}: use ${Object.keys(TEMPLATES).join(" or ")}`,
        { field: "template" },
      );
    const text = make(typeof title === "string" && title ? title : path.replace(/^.*\//, "").replace(/\.md$/, ""));
    const version = await workspace.create(path, text);
    shares.workbookCreated(path);
    audit.record(req, "workbook.create", { workbook: path });
    await sessions.fileChanged(path, text);
    res.status(201).json({ path, version });
  });

  router.get("/api/v1/workbooks/*path", async (req, res) => {
    const path = workbookPathOf(req);
    const file = await workspace.read(path);
    if (!file) throw new HttpError(404, `no such workbook: ${path}`);
    res.set("ETag", `"${file.version}"`).json(fileView(workbookFromText(path, file.text), file.version));
  });

  router.put("/api/v1/workbooks/*path", json, async (req, res) => {
    const path = workbookPathOf(req);
    const text = (req.body as { text?: unknown })?.text;
    if (typeof text !== "string")
      throw new HttpError(400, 'send the workbook as JSON: {"text": "..."}', { field: "text" });
    const expected = req.get("if-match")?.replace(/^(W\/)?"|"$/g, "");
    if (!expected)
      throw new HttpError(428, "send If-Match with the version you last saw, so a newer save is never overwritten", {
        field: "if-match",
      });
    const version = await workspace.save(path, text, expected);
    audit.record(req, "workbook.save", { workbook: path, target: version });
    await sessions.fileChanged(path, text);
    res.set("ETag", `"${version}"`).json({ path, version });
  });

  router.delete("/api/v1/workbooks/*path", async (req, res) => {
    const path = workbookPathOf(req);
    if (!(await workspace.remove(path))) throw new HttpError(404, `no such workbook: ${path}`);
    shares.workbookDeleted(path);
    audit.record(req, "workbook.delete", { workbook: path });
    await sessions.fileChanged(path, null);
    res.status(204).end();
  });

  router.get("/report/*path", async (req, res) => {
    const path = workbookPathOf(req);
    const session = await sessions.open(path);
    await Promise.race([session.host.whenIdle(), new Promise((resolve) => setTimeout(resolve, REPORT_SETTLE_MS))]);
    const { title, doc, paramDefaults: params } = session.workbook;
    const file = await workspace.resolve(path);
    const provenance = await reportProvenance({ file, workbook: path, params, trigger: "preview" });
    pageHeaders(res, REPORT_POLICY);
    res.type("html").send(
      renderReport({
        title,
        doc,
        cells: session.view().cells, // alert cells with their rules' preview states
        home: "/",
        provenance,
        dataWindows: session.host.dataWindows(),
      }),
    );
  });

  return router;
}
