/**
 * The HTTP application, in the order a request meets it: security headers, the Host and
 * same-origin checks, the routes open to all (health, login, share pages, the app's code), the
 * editor check, the API routes; then one handler that answers every error as JSON. It does not
 * listen: `server.ts` binds it to a port with the parts the composition root (server/compose.ts)
 * assembled.
 */
import express, { type NextFunction, type Request, type Response } from "express";
import { ConflictError, PathError, type Workspace } from "../workspace/workspace.ts";
import { isBusy, isUnreachable } from "../store/db.ts";
import type { PredictionStore } from "../store/store.ts";
import type { StoreWriter } from "../store/writer.ts";
import { BatchError } from "../ingest/types.ts";
import { NothingToCommitError } from "../git/commit.ts";
import { GitInputError } from "../git/inputs.ts";
import { HttpError } from "./httpError.ts";
import type { AlertStore } from "../alerts/state.ts";
import { alertRoutes } from "./routes/alerts.ts";
import { auditRoutes } from "./routes/audit.ts";
import type { AuditTrail } from "./auditTrail.ts";
import { prometheusRoute, type ProcessCounters } from "./routes/prometheus.ts";
import { assetRoutes, clientRoutes } from "./routes/client.ts";
import { metricRoutes } from "./routes/metrics.ts";
import { modelRoutes } from "./routes/models.ts";
import { openApiRoutes } from "./routes/openapi.ts";
import { OPENAPI_PATHS } from "./openapi/document.ts";
import { describedDifference, routeTable } from "./routeTable.ts";
import { profileRoutes } from "./routes/profiles.ts";
import { runRoutes, type RunNow } from "./routes/runs.ts";
import { gitRoutes, type GitDeps } from "./routes/git.ts";
import type { RunStore } from "../runs/store.ts";
import { shareApiRoutes, sharePageRoutes } from "./routes/shares.ts";
import { workbookRoutes } from "./routes/workbooks.ts";
import { exportRoutes, shareExportRoutes } from "./routes/exports.ts";
import { workbookNameRoutes } from "./routes/workbookNames.ts";
import { NoSuchWorkbook, type Sessions } from "../live/sessions.ts";
import type { WorkbookChanges } from "../live/workbookChanges.ts";
import type { Replays } from "../live/replays.ts";
import type { ShareStore } from "../shares/store.ts";
import type { Auth } from "./auth.ts";
import { requireDataBody } from "./requestBody.ts";
import { baseHeaders } from "./securityHeaders.ts";
import type { SiteGuard } from "./siteGuard.ts";

export interface AppDeps {
  workspace: Workspace;
  sessions: Sessions;
  /** News of workbooks' runs, alerts, share links and commits, for the editor sockets. */
  changes: WorkbookChanges;
  /** The editor sockets' replays of alert rules (live/replays.ts). */
  replays: Replays;
  store: PredictionStore;
  /** The writer thread that stores ingest batches. */
  writer: StoreWriter;
  alerts: AlertStore;
  runs: RunStore;
  shares: ShareStore;
  /** Who changed what (auditTrail.ts). */
  audit: AuditTrail;
  auth: Auth;
  /** The Host and same-origin checks (siteGuard.ts). */
  site: SiteGuard;
  /** Where people reach the server: `--public-url`, else the bound address; absolute links start with it. */
  baseUrl: () => string;
  runNow: RunNow;
  /** Runs a workbook's text once, unrecorded (a past version from git). */
  preview: GitDeps["preview"];
  gitAuthor?: GitDeps["gitAuthor"];
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
  /** The built browser app (see client/build.ts). */
  clientDir: string;
  /** What this process counts for GET /metrics. */
  counters: ProcessCounters;
  /** Browser sockets connected now. */
  clients: () => number;
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable("x-powered-by");
  // req.secure (the login cookie's Secure flag) follows X-Forwarded-Proto from trusted proxies only.
  app.set("trust proxy", (address: string) => deps.site.proxies.trusts(address));
  app.use(baseHeaders);
  app.use(deps.site.middleware());
  app.get("/healthz", (_req, res) => {
    const health = deps.store.health.check();
    res.status(health.ok ? 200 : 503).json(health.ok ? health : { ok: false, error: health.reason });
  });
  app.get("/favicon.ico", (_req, res) => {
    res.status(204).end();
  });
  app.use(openApiRoutes());
  // Open to all: the login page, share links (their token is the check), the app's code.
  app.use(deps.auth.routes());
  app.use(requireDataBody);
  app.use(shareExportRoutes({ sessions: deps.sessions, shares: deps.shares }));
  app.use(sharePageRoutes(deps));
  app.use(assetRoutes(deps.clientDir));
  app.use(deps.auth.requireEditor());
  app.use(modelRoutes(deps));
  app.use(profileRoutes({ db: deps.store.db }));
  app.use(alertRoutes(deps));
  app.use(auditRoutes(deps));
  app.use(
    prometheusRoute({
      db: deps.store.db,
      wal: deps.store.wal,
      alerts: deps.alerts,
      counters: deps.counters,
      clients: deps.clients,
      paramSessions: () => deps.sessions.paramSessions,
    }),
  );
  app.use(runRoutes(deps));
  app.use(metricRoutes(deps));
  app.use(gitRoutes(deps));
  app.use(exportRoutes(deps));
  app.use(shareApiRoutes(deps));
  app.use(workbookNameRoutes(deps));
  app.use(workbookRoutes(deps));
  app.use(clientRoutes(deps.clientDir));
  app.use((req, _res, next) => next(new HttpError(404, `not found: ${req.path}`)));
  app.use(errorHandler);
  const { undescribed, unserved } = describedDifference(routeTable(app), OPENAPI_PATHS);
  if (undescribed.length > 0 || unserved.length > 0)
    throw new Error(
      `the OpenAPI description (server/http/openapi/) and the routes disagree: undescribed ${undescribed.join(", ") || "none"}; described but not served ${unserved.join(", ") || "none"}`,
    );
  return app;
}

/** Seconds a client is asked to wait after a 503 for a database locked by another writer. */
const BUSY_RETRY_AFTER_S = 2;
/** Seconds a client is asked to wait after a 503 for a database that cannot be reached. */
const UNREACHABLE_RETRY_AFTER_S = 5;

/** Answers every error as JSON naming what to fix; unexpected errors are logged, not leaked. */
function errorHandler(error: unknown, _req: Request, res: Response, _next: NextFunction): void {
  if (isBusy(error)) {
    res.set("Retry-After", String(BUSY_RETRY_AFTER_S));
    res.status(503).json({
      error: `the database is locked by another writer (another process, or a long batch); nothing was changed: retry after ${BUSY_RETRY_AFTER_S} s`,
    });
    return;
  }
  if (isUnreachable(error)) {
    res.set("Retry-After", String(UNREACHABLE_RETRY_AFTER_S));
    res.status(503).json({
      error: `the database cannot be reached (${(error as Error).message}); what was sent may not be stored: retry after ${UNREACHABLE_RETRY_AFTER_S} s (ids make a retry safe)`,
    });
    return;
  }
  if (error instanceof ConflictError) {
    res.status(409).json({ error: error.message, current: error.current ?? null });
    return;
  }
  const status =
    error instanceof HttpError
      ? error.status
      : error instanceof NoSuchWorkbook
        ? 404
        : error instanceof PathError || error instanceof BatchError || error instanceof GitInputError
          ? 400
          : error instanceof NothingToCommitError
            ? 409
            : statusOf(error);
  if (status >= 500) console.error(error);
  const details = error instanceof HttpError || error instanceof BatchError ? error.details : {};
  res.status(status).json({ error: messageOf(error, status), ...details });
}

function messageOf(error: unknown, status: number): string {
  if (status >= 500 && !(error instanceof HttpError)) return "internal error"; // an HttpError's is meant for the client
  const { type, limit } = error as { type?: string; limit?: number };
  if (type === "entity.too.large") return `the request body is larger than the limit of ${limit} bytes`;
  if (type === "entity.parse.failed" || type === "charset.unsupported")
    return `the request body could not be read: ${(error as Error).message}`;
  return (error as Error).message;
}

/** Errors raised by express's own body parsers carry their status. */
function statusOf(error: unknown): number {
  const status = (error as { status?: unknown }).status;
  return typeof status === "number" && status >= 400 && status < 600 ? status : 500;
}
