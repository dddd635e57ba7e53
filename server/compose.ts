/**
 * The composition root: assembles the whole server from its options — the prediction store and
 * its writer thread, the live workbooks, the headless runner and its scheduler, the alert
 * outbox, the browser app's build — and hands them to the HTTP and WebSocket server
 * (http/server.ts), bound to 127.0.0.1 unless told otherwise. Only this module knows them all.
 */
import { hostname } from "node:os";
import { buildClient } from "../client/build.ts";
import { loadAlertConfig, type ChannelConfig } from "./alerts/config.ts";
import { Delivery, type Backoff } from "./alerts/delivery.ts";
import { createSender } from "./alerts/notify.ts";
import { AlertStore } from "./alerts/state.ts";
import { workbookFromText } from "./workspace/workbookFile.ts";
import { Workspace } from "./workspace/workspace.ts";
import type { GitAuthor } from "./git/inputs.ts";
import { Auth, authProblem, type AuthConfig } from "./http/auth.ts";
import { listenHttp } from "./http/server.ts";
import { AuditStore } from "./audit/store.ts";
import { AuditTrail } from "./http/auditTrail.ts";
import { authProxyProblem, RequestUser } from "./http/requestUser.ts";
import type { RunNow } from "./http/routes/runs.ts";
import { publicUrlProblem, SiteGuard } from "./http/siteGuard.ts";
import { TrustedProxies } from "./http/trustedProxies.ts";
import { replayEngine } from "./live/replayEngine.ts";
import { Replays } from "./live/replays.ts";
import { Sessions } from "./live/sessions.ts";
import { WorkbookChanges } from "./live/workbookChanges.ts";
import type { HostOptions } from "./runtime/host.ts";
import { runWorkbook } from "./runtime/runWorkbook.ts";
import { otherRunsReader } from "./runs/otherRuns.ts";
import { DEFAULT_KEEP_REPORTS } from "./runs/reports.ts";
import { evaluateRunAlerts } from "./runs/outcome.ts";
import { Runner } from "./runs/runner.ts";
import { Scheduler } from "./runs/scheduler.ts";
import { RunStore } from "./runs/store.ts";
import { RunClaims } from "./runs/runClaims.ts";
import { ShareStore } from "./shares/store.ts";
import { DEFAULT_BUSY_TIMEOUT_MS } from "./store/db.ts";
import { databaseLocation } from "./store/location.ts";
import type { DatabaseCheck } from "./store/openCheck.ts";
import { DatabaseInUseError, holdServeLock, type ServeLock } from "./store/serveLock.ts";
import { cellLocation } from "./store/cellLocation.ts";
import { PredictionStore } from "./store/store.ts";
import { StoreWriter, type WriterOptions } from "./store/writer.ts";

export interface ServerOptions {
  port?: number;
  host?: string;
  workbooksDir: string;
  /** The SQLite file; default ./data/driftbook.db. */
  dbPath?: string;
  /** How much of the database to check before serving (default quick_check). */
  checkDb?: DatabaseCheck;
  /** Largest request body accepted, in bytes; default 64 MB. */
  maxBodyBytes?: number;
  /** How long a write waits for another process's write lock before answering 503; default 5 s. */
  busyTimeoutMs?: number;
  /** The ingest parser threads (server/store/parsers/): how many, and each one's heap limit. */
  parsers?: WriterOptions["parsers"];
  hostOptions?: Omit<HostOptions, "dbPath">;
  /** driftbook.config.json (alert channels); default: that file in the working directory, if any. */
  configPath?: string;
  /** Channels used where the config file defines none of that name (`serve --demo`'s `log`). */
  defaultChannels?: Record<string, ChannelConfig>;
  /** Stored run reports kept per workbook; default 50. They live in the database (runs/reports.ts). */
  keepReports?: number;
  /** Stored run reports older than this many days are deleted too; default: no age limit. */
  keepReportsDays?: number;
  /** This server's name in the run history and schedule claims (`--server-name`); default the host name. */
  serverName?: string;
  /** A live workbook with no subscriber is closed after this long; default 10 min. */
  idleCloseMs?: number;
  /** The `every` of workbooks with `on: data` whose front matter gives none: at most one data run this often; default 1 min. */
  dataRunIntervalMs?: number;
  /** Rescan the workbooks folder for schedules this often; default 60 s. */
  rescanMs?: number;
  /** The editors' and the ingest token; the editors' is required to bind anything but loopback. */
  auth?: AuthConfig;
  /** Proxies whose X-Forwarded-For/-Host/-Proto give the client's address, Host and scheme (`--trust-proxy`). */
  trustProxy?: string[];
  /** The header in which a single-sign-on proxy names the user (`--auth-proxy-header`); needs `trustProxy`. */
  authProxyHeader?: string;
  /** More host names the server answers to, besides its own addresses (`--allowed-hosts`). */
  allowedHosts?: string[];
  /** The URL people open, behind a proxy say (`--public-url`); share links and alert links use it. */
  publicUrl?: string;
  /** Commits from the editor are by this author when the repository's git config names none. */
  gitAuthor?: GitAuthor;
  /** The notification outbox: undelivered notifications expire after `expireMs` (default 24 h); retries back off from `backoff.firstMs` (default 1 s). */
  notify?: { expireMs?: number; backoff?: Partial<Backoff> };
}

/** Options that cannot protect the server: it refuses to start. */
export class StartError extends Error {}

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface RunningServer {
  url: string;
  /** How many browser sockets are connected. */
  clients: () => number;
  store: PredictionStore;
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? "127.0.0.1";
  let proxies: TrustedProxies;
  try {
    proxies = new TrustedProxies(options.trustProxy);
  } catch (error) {
    throw new StartError((error as Error).message);
  }
  const authConfig = options.auth ?? {};
  const problem = authProblem(authConfig, host) ?? authProxyProblem(options.authProxyHeader, options.trustProxy);
  if (problem) throw new StartError(problem);
  const urlProblem = options.publicUrl === undefined ? undefined : publicUrlProblem(options.publicUrl);
  if (urlProblem) throw new StartError(urlProblem);
  const site = new SiteGuard({
    boundHost: host,
    allowedHosts: options.allowedHosts,
    publicUrl: options.publicUrl,
    proxies,
  });
  let baseUrl = options.publicUrl && new URL(options.publicUrl).origin;
  const workspace = new Workspace(options.workbooksDir);
  const dbPath = databaseLocation(options.dbPath);
  const loaded = await loadAlertConfig({ path: options.configPath });
  const alertConfig = { ...loaded, channels: { ...options.defaultChannels, ...loaded.channels } };
  for (const reason of Object.values(alertConfig.unavailable ?? {}))
    console.warn(`alert channel unavailable: ${reason}`);
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const store = new PredictionStore(dbPath, { check: options.checkDb, busyTimeoutMs });
  let lock: ServeLock | undefined;
  try {
    await workspace.checkReadable(); // after the open, which makes the folder of a database inside it
    cellLocation(dbPath); // PostgreSQL's reader role for cells, now: a missing privilege stops the start, not a workbook
    lock = holdServeLock(dbPath); // after the open, which made the folder and refused a bad file
  } catch (error) {
    store.close();
    throw error instanceof DatabaseInUseError ? new StartError(error.message) : error;
  }
  const writer = new StoreWriter({
    dbPath,
    busyTimeoutMs,
    parsers: options.parsers,
    onChange: (model, version) => store.noteChange(model, version),
  });
  const auth = new Auth(authConfig, store.db, proxies);
  const alerts = new AlertStore(store.db);
  const sessions = new Sessions(workspace, { ...options.hostOptions, dbPath }, options.idleCloseMs);
  const changes = new WorkbookChanges();
  const engine = replayEngine({ workspace, dbPath, hostOptions: options.hostOptions });
  const replays = new Replays({ workspace, sessions, engine });
  const stopWatching = store.watchOtherWriters(
    undefined,
    otherRunsReader(store.db, (path) => changes.changed(path, "runs", "alerts")),
  );
  const [{ outdir: clientDir }] = await Promise.all([buildClient(), writer.ready]);
  const serverName = options.serverName ?? hostname();
  const runs = new RunStore(store.db, serverName);
  // Holding the lock, this serve is the file's only one: no other serve's run is still going.
  for (const note of runs.interruptOrphaned({ serverRuns: lock !== undefined })) console.warn(note);
  const shares = new ShareStore(store.db);
  const audit = new AuditTrail(new AuditStore(store.db), new RequestUser(options.authProxyHeader, proxies));
  let runner: Runner | undefined;
  const runNow: RunNow = (path, params, choice) => runner!.run(path, "manual", params, choice);
  const scheduler = new Scheduler({
    workspace,
    runner: {
      run: (path, trigger) => runner!.run(path, trigger),
      isRunning: (path) => runner!.isRunning(path),
      isRunningElsewhere: (path, timeoutMs) => runner!.isRunningElsewhere(path, timeoutMs),
      idle: (path) => runner!.idle(path),
      recordSkipped: (path, trigger) => runner!.recordSkipped(path, trigger),
    },
    lastStart: (path) => runs.lastStart(path),
    claims: new RunClaims(store.db, serverName),
    rescanMs: options.rescanMs,
    dataEveryMs: options.dataRunIntervalMs,
  });
  const unfollow = sessions.onFileChanged((path, text) => scheduler.fileChanged(path, text));
  const unsubscribe = store.onChange((model) => {
    void sessions.dataChanged(model);
    scheduler.dataChanged(model);
  });
  /** Ends the cell processes of previews still running when the server closes. */
  const previews = new AbortController();
  const counters = { rowsIngested: 0, notifications: { failedAttempts: {}, givenUp: {} } };
  const app = {
    workspace,
    sessions,
    changes,
    replays,
    store,
    writer,
    alerts,
    runs,
    shares,
    audit,
    auth,
    site,
    baseUrl: () => baseUrl!,
    runNow,
    preview: async (path: string, text: string) => {
      const workbook = workbookFromText(path, text);
      const { doc, analysis, paramDefaults: params } = workbook;
      const report = await runWorkbook({
        ...options.hostOptions,
        dbPath,
        workbookId: path,
        workbook: path,
        doc,
        analysis,
        params,
        signal: previews.signal,
      });
      const previewed = {
        workbook,
        id: path,
        cells: report.cells,
        trigger: "edit" as const,
        preview: true,
        params,
        store: alerts,
      };
      return { ...report, cells: evaluateRunAlerts(previewed).cells };
    },
    gitAuthor: options.gitAuthor,
    clientDir,
    counters,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
  };
  const http = await listenHttp({ port: options.port ?? 3000, host, app }).catch(async (error) => {
    // Port in use: give the database back, so this process may start another server on it.
    await writer.close();
    store.close();
    lock?.release();
    throw error;
  });
  const { url } = http;
  baseUrl ||= url;
  const notifications = new Delivery({
    db: store.db,
    sender: createSender(alertConfig, { externalURL: baseUrl }),
    ...options.notify,
    counters: counters.notifications,
  });
  notifications.start();
  sessions.enableAlertPreviews({ store: alerts, changes });
  runner = new Runner({
    workspace,
    db: store.db,
    dbPath,
    server: serverName,
    notifications,
    reports: {
      keep: options.keepReports ?? DEFAULT_KEEP_REPORTS,
      keepDays: options.keepReportsDays,
    },
    hostOptions: options.hostOptions,
    baseUrl,
    changed: (path, ...topics) => changes.changed(path, ...topics),
  });
  await scheduler.start();
  store.wal?.start();
  let closing: Promise<void> | undefined;
  return {
    url,
    clients: http.clients,
    store,
    close: () =>
      (closing ??= (async () => {
        unsubscribe();
        stopWatching();
        unfollow();
        scheduler.stop();
        previews.abort();
        await runner!.close();
        await notifications.stop();
        await Promise.allSettled([http.close(), sessions.close()]);
        await writer.close();
        store.close();
        lock?.release();
      })()),
  };
}
