/**
 * GET /metrics: the server's own health in the Prometheus text exposition format (0.0.4), so
 * teams watch Driftbook with the tools they already run. Counts come from the database (runs,
 * alert states, the notification outbox's depth), from this process (rows ingested, failed
 * deliveries since start, sockets and parameterised live sessions open now) or from the database's files (the
 * write-ahead log's size and checkpoint age).
 */
import { Router } from "express";
import type { DeliveryCounters } from "../../alerts/delivery.ts";
import { Outbox } from "../../alerts/outbox.ts";
import type { AlertStore } from "../../alerts/state.ts";
import type { WalCheckpoints } from "../../store/checkpoints.ts";
import type { Db } from "../../store/db.ts";

export interface ProcessCounters {
  /** Rows written by the ingest API since the server started. */
  rowsIngested: number;
  /** The notification outbox's delivery loop. */
  notifications: DeliveryCounters;
}

export interface PrometheusSources {
  db: Db;
  /** SQLite's write-ahead log; undefined on PostgreSQL, which reports on its own (pg_stat_*). */
  wal: WalCheckpoints | undefined;
  alerts: AlertStore;
  counters: ProcessCounters;
  /** Browser sockets connected now. */
  clients: () => number;
  /** Live sessions with params other than their workbook's defaults, open now (`--max-sessions` caps them). */
  paramSessions: () => number;
}

export function prometheusRoute({ db, wal, alerts, counters, clients, paramSessions }: PrometheusSources): Router {
  const router = Router();
  const outbox = new Outbox(db);
  const runsByStatus = db.prepare(
    "select workbook, status, count(*) as n, coalesce(sum(duration_ms), 0) as ms from driftbook_runs group by workbook, status",
  );
  router.get("/metrics", (_req, res) => {
    const lines: string[] = [];
    const metric = (name: string, type: string, help: string, samples: [Record<string, string>, number][]) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, value] of samples) lines.push(`${name}${labelText(labels)} ${value}`);
    };
    const runs = runsByStatus.all() as { workbook: string; status: string; n: number; ms: number }[];
    metric(
      "driftbook_runs_total",
      "counter",
      "Recorded workbook runs by status.",
      runs.map((r) => [{ workbook: r.workbook, status: r.status }, r.n]),
    );
    metric(
      "driftbook_run_duration_seconds_sum",
      "counter",
      "Total duration of recorded runs.",
      runs.map((r) => [{ workbook: r.workbook, status: r.status }, r.ms / 1000]),
    );
    metric(
      "driftbook_run_duration_seconds_count",
      "counter",
      "Recorded runs counted in the duration sum.",
      runs.map((r) => [{ workbook: r.workbook, status: r.status }, r.n]),
    );
    metric(
      "driftbook_ingested_rows_total",
      "counter",
      "Prediction rows written through the ingest API since the server started.",
      [[{}, counters.rowsIngested]],
    );
    const states = new Map<string, number>();
    for (const instance of alerts.instances({})) {
      const key = JSON.stringify([instance.workbook, instance.rule, instance.state]);
      states.set(key, (states.get(key) ?? 0) + 1);
    }
    metric(
      "driftbook_alert_instances",
      "gauge",
      "Alert rule instances by state.",
      [...states].map(([key, n]) => {
        const [workbook, rule, state] = JSON.parse(key) as string[];
        return [{ workbook, rule, state }, n];
      }),
    );
    const byChannel = (counts: Record<string, number>): [Record<string, string>, number][] =>
      Object.entries(counts).map(([channel, n]) => [{ channel }, n]);
    metric(
      "driftbook_notifications_pending",
      "gauge",
      "Notifications in the outbox waiting for their first delivery, by channel.",
      byChannel(outbox.depth()),
    );
    metric(
      "driftbook_notification_failures_total",
      "counter",
      "Failed delivery attempts by channel since the server started.",
      byChannel(counters.notifications.failedAttempts),
    );
    metric(
      "driftbook_notifications_given_up_total",
      "counter",
      "Notifications rejected by their receiver or expired undelivered, by channel, since the server started.",
      byChannel(counters.notifications.givenUp),
    );
    metric("driftbook_websocket_clients", "gauge", "Browser sockets connected now.", [[{}, clients()]]);
    metric(
      "driftbook_param_sessions",
      "gauge",
      "Live workbook sessions running readers' params other than the defaults (capped by --max-sessions).",
      [[{}, paramSessions()]],
    );
    if (wal) {
      metric("driftbook_sqlite_wal_bytes", "gauge", "Size of the database's write-ahead log file.", [
        [{}, wal.walBytes()],
      ]);
      metric(
        "driftbook_sqlite_checkpoint_age_seconds",
        "gauge",
        "Seconds since a checkpoint last copied the whole write-ahead log into the database (since the server started, until one has); a long-open reader makes it grow.",
        [[{}, wal.secondsSinceCheckpoint()]],
      );
    }
    res.type("text/plain; version=0.0.4; charset=utf-8").send(lines.join("\n") + "\n");
  });
  return router;
}

/** `{a="x",b="y"}` with values escaped as the exposition format requires. */
function labelText(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return "";
  return `{${entries.map(([name, value]) => `${name}="${value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"')}"`).join(",")}}`;
}
