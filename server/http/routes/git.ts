/**
 * Workbooks as versioned documents: a workbook's git status and history, a cell-by-cell diff
 * of any commit against the working file, a commit of that file alone, a restore of a past
 * version through the normal conditional save, and a past version run read-only on today's
 * data. The repository is looked up on each request, so `git init` needs no restart. Every
 * path is resolved inside the workbooks folder first; revisions are checked by server/git.
 */
import { Router, type Request } from "express";
import { workbookFromText } from "../../workspace/workbookFile.ts";
import type { Workspace } from "../../workspace/workspace.ts";
import { diffWorkbooks } from "../../git/cellDiff.ts";
import type { GitAuthor } from "../../git/inputs.ts";
import { WorkbookRepo } from "../../git/repo.ts";
import {
  LOCAL_USER,
  type CommitResponse,
  type WorkbookDiffResponse,
  type WorkbookGitInfo,
} from "../../protocol/index.ts";
import type { AuditTrail } from "../auditTrail.ts";
import { renderReport } from "../../render/report.ts";
import type { RunReport } from "../../runtime/runWorkbook.ts";
import { reportProvenance } from "../../runs/provenance.ts";
import { HttpError } from "../httpError.ts";
import { JSON_TYPES, readBody } from "../requestBody.ts";
import type { Sessions } from "../../live/sessions.ts";
import type { WorkbookChanges } from "../../live/workbookChanges.ts";
import { pageHeaders, REPORT_POLICY } from "../securityHeaders.ts";

/** The history the editor shows: the newest commits of the workbook. */
const HISTORY_LIMIT = 50;

export interface GitDeps {
  workspace: Workspace;
  sessions: Sessions;
  /** Told of each commit, for the editors' git history. */
  changes: WorkbookChanges;
  /** Runs a workbook's text once, unrecorded, on the server's database. */
  preview: (path: string, text: string) => Promise<RunReport>;
  /** The commit author when the repository's git config has none. */
  gitAuthor?: GitAuthor;
  /** Records commits and restores; a proxy's user is the commit's author. */
  audit: AuditTrail;
}

export function gitRoutes({ workspace, sessions, changes, preview, gitAuthor, audit }: GitDeps): Router {
  const router = Router();
  const json = readBody(JSON_TYPES, "64kb", "for git requests");

  /** The repository of the workbooks folder, and the workbook path checked to be inside the folder. */
  async function repoFor(req: Request): Promise<{ repo: WorkbookRepo | undefined; path: string }> {
    const path = (req.params as { path: string[] }).path.join("/");
    await workspace.resolve(path);
    return { repo: await WorkbookRepo.open(workspace.root), path };
  }
  async function requireRepo(req: Request): Promise<{ repo: WorkbookRepo; path: string }> {
    const { repo, path } = await repoFor(req);
    if (!repo)
      throw new HttpError(
        409,
        `the workbooks folder ${workspace.root} is not in a git repository; run "git init" there (or "driftbook init") to version it`,
      );
    return { repo, path };
  }

  router.get("/api/v1/workbooks/*path/git", async (req, res) => {
    const { repo, path } = await repoFor(req);
    const info: WorkbookGitInfo = repo
      ? { repository: true, status: await repo.statusOf(path), history: await repo.log(path, { limit: HISTORY_LIMIT }) }
      : { repository: false };
    res.json(info);
  });

  router.get("/api/v1/workbooks/*path/git/diff", async (req, res) => {
    const { repo, path } = await requireRepo(req);
    const { commit, text } = await versionAt(repo, path, revisionOf(req.query.rev ?? "HEAD"));
    const current = (await workspace.read(path))?.text ?? "";
    const body: WorkbookDiffResponse = {
      commit,
      existed: text !== undefined,
      diff: diffWorkbooks(text ?? "", current),
    };
    res.json(body);
  });

  router.post("/api/v1/workbooks/*path/git/commit", json, async (req, res) => {
    const { repo, path } = await requireRepo(req);
    const message = (req.body as { message?: unknown } | undefined)?.message;
    if (typeof message !== "string" || !message.trim())
      throw new HttpError(400, "a commit message is required", { field: "message" });
    const user = audit.userOf(req);
    const { commit } = await repo.commitFile(path, message, gitAuthor, user === LOCAL_USER ? undefined : user);
    audit.record(req, "git.commit", { workbook: path, target: commit });
    const body: CommitResponse = { commit, shortCommit: commit.slice(0, 7) };
    res.status(201).json(body);
    changes.changed(path, "git");
  });

  router.post("/api/v1/workbooks/*path/git/restore", json, async (req, res) => {
    const { repo, path } = await requireRepo(req);
    const expected = req.get("if-match")?.replace(/^(W\/)?"|"$/g, "");
    if (!expected)
      throw new HttpError(428, "send If-Match with the version you last saw, so a newer save is never overwritten", {
        field: "if-match",
      });
    const { commit, text } = await versionAt(repo, path, revisionOf((req.body as { rev?: unknown } | undefined)?.rev));
    if (text === undefined) throw new HttpError(404, `${path} did not exist in commit ${commit.slice(0, 7)}`);
    const version = await workspace.save(path, text, expected);
    audit.record(req, "git.restore", { workbook: path, target: commit });
    await sessions.fileChanged(path, text);
    res.set("ETag", `"${version}"`).json({ path, version });
  });

  router.get("/api/v1/workbooks/*path/git/report", async (req, res) => {
    const { repo, path } = await requireRepo(req);
    const { commit, text } = await versionAt(repo, path, revisionOf(req.query.rev));
    if (text === undefined) throw new HttpError(404, `${path} did not exist in commit ${commit.slice(0, 7)}`);
    const workbook = workbookFromText(path, text);
    const report = await preview(path, text);
    const title = `${workbook.title} · as of ${commit.slice(0, 7)}`;
    const file = await workspace.resolve(path);
    const params = workbook.paramDefaults;
    const provenance = await reportProvenance({ file, workbook: path, commit, params, trigger: "preview" });
    const { cells, dataWindows } = report;
    pageHeaders(res, REPORT_POLICY);
    res.type("html").send(renderReport({ title, doc: workbook.doc, cells, home: "/", provenance, dataWindows }));
  });

  return router;
}

/** A workbook's text at a revision, with the commit it resolved to; text undefined when the file was not in it. */
async function versionAt(
  repo: WorkbookRepo,
  path: string,
  rev: string,
): Promise<{ commit: string; text: string | undefined }> {
  const commit = await repo.resolveCommit(rev);
  return { commit, text: await repo.show(path, commit) };
}

function revisionOf(rev: unknown): string {
  if (typeof rev !== "string" || !rev)
    throw new HttpError(400, 'name a revision: a commit hash, HEAD or HEAD~N, e.g. {"rev": "3f2a9c1"}', {
      field: "rev",
    });
  return rev;
}
