/**
 * Share links. Editors create, list and revoke them under /api/v1/shares (behind the editor
 * gate); anyone holding a link opens `/s/<token>`: the share view's page, or a page saying the
 * link is no longer valid. Every other path under /s/ is that same 404, so a token opens one
 * page and nothing beside it.
 */
import { join } from "node:path";
import { Router, type Response } from "express";
import type { WorkbookChanges } from "../../live/workbookChanges.ts";
import { PathError, type Workspace } from "../../workspace/workspace.ts";
import type { CreatedShare, ShareList } from "../../protocol/index.ts";
import { parseDuration } from "../../protocol/duration.ts";
import { DEFAULT_SHARE_LIFETIME_MS, MAX_SHARE_LIFETIME_MS, type ShareStore } from "../../shares/store.ts";
import { HttpError } from "../httpError.ts";
import { JSON_TYPES, readBody } from "../requestBody.ts";
import { securityHeaders } from "../securityHeaders.ts";
import type { AuditTrail } from "../auditTrail.ts";

const MIN_SHARE_LIFETIME_MS = 60_000;

export function shareApiRoutes({
  shares,
  workspace,
  baseUrl,
  changes,
  audit,
}: {
  shares: ShareStore;
  workspace: Workspace;
  baseUrl: () => string;
  changes: WorkbookChanges;
  audit: AuditTrail;
}): Router {
  const router = Router();

  router.post("/api/v1/shares", readBody(JSON_TYPES, "16kb", "for a share link"), async (req, res) => {
    const {
      workbook,
      expiresIn,
      downloads = false,
    } = (req.body ?? {}) as {
      workbook?: unknown;
      expiresIn?: unknown;
      downloads?: unknown;
    };
    if (typeof workbook !== "string" || !workbook)
      throw new HttpError(400, 'workbook must be the path of a workbook, e.g. "credit-drift.md"', {
        field: "workbook",
      });
    const file = await workspace.read(workbook).catch((error: Error) => {
      throw error instanceof PathError ? new HttpError(400, error.message, { field: "workbook" }) : error;
    });
    if (!file) throw new HttpError(404, `no such workbook: ${workbook}`, { field: "workbook" });
    if (typeof downloads !== "boolean")
      throw new HttpError(400, "downloads must be true or false: whether viewers may download what they see", {
        field: "downloads",
      });
    const { share, token } = shares.create(workbook, lifetimeOf(expiresIn), Date.now(), downloads);
    audit.record(req, "share.create", { workbook, target: share.id });
    const path = `/s/${token}`;
    const created: CreatedShare = { ...share, path, url: baseUrl() + path };
    res.status(201).set("Cache-Control", "no-store").json(created);
    changes.changed(workbook, "shares");
  });

  router.get("/api/v1/shares", (req, res) => {
    const { workbook } = req.query;
    if (workbook !== undefined && typeof workbook !== "string")
      throw new HttpError(400, "workbook must be one workbook path", { field: "workbook" });
    const list: ShareList = { shares: shares.list(workbook) };
    res.json(list);
  });

  router.delete("/api/v1/shares/:id", (req, res) => {
    const workbook = shares.list().find((share) => share.id === req.params.id)?.workbook;
    if (!shares.revoke(req.params.id))
      throw new HttpError(404, `no share link with id ${JSON.stringify(req.params.id)}`);
    audit.record(req, "share.revoke", { workbook, target: req.params.id });
    res.status(204).end();
    if (workbook !== undefined) changes.changed(workbook, "shares");
  });

  return router;
}

export function sharePageRoutes({ shares, clientDir }: { shares: ShareStore; clientDir: string }): Router {
  const router = Router();
  const page = join(clientDir, "share.html");
  router.get("/s/:token", (req, res) => {
    const share = shares.resolve(req.params.token);
    if (!share) return sendInvalidLink(res);
    shares.touch(share.id);
    securityHeaders(res);
    res.sendFile(page);
  });
  router.all(["/s", "/s/", "/s/*rest"], (_req, res) => sendInvalidLink(res));
  return router;
}

/** `expiresIn` as milliseconds: a duration ("7d") or seconds; default 30 days. */
function lifetimeOf(expiresIn: unknown): number {
  if (expiresIn === undefined) return DEFAULT_SHARE_LIFETIME_MS;
  let ms: number;
  try {
    if (typeof expiresIn === "number") ms = parseDuration(expiresIn * 1000);
    else if (typeof expiresIn === "string") ms = parseDuration(expiresIn);
    else throw new Error("expected a duration");
  } catch {
    throw new HttpError(
      400,
      `expiresIn must be a duration such as "7d" or "12h", or a number of seconds; got ${JSON.stringify(expiresIn)}`,
      { field: "expiresIn" },
    );
  }
  if (ms < MIN_SHARE_LIFETIME_MS || ms > MAX_SHARE_LIFETIME_MS) {
    throw new HttpError(400, "expiresIn must be between 1 minute and 365 days", { field: "expiresIn" });
  }
  return ms;
}

function sendInvalidLink(res: Response): void {
  securityHeaders(res);
  res.status(404).type("html").send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Link no longer valid · Driftbook</title>
<style>body{font:16px system-ui,sans-serif;max-width:32rem;margin:15vh auto;padding:0 1rem;color:#1f2328}p{color:#59636e}</style></head>
<body><h1>This link is no longer valid</h1>
<p>It has expired or was revoked. Ask the person who shared it for a new one.</p>
</body></html>`);
}
