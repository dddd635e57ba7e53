/** The alerts HTTP API (server/http/routes/alerts.ts), typed by the shared protocol. Times are epoch milliseconds. */
import type { AlertInstanceView, Matcher, SilenceView, StoredAlertTransition } from "../server/protocol/index.ts";
import { request } from "./api.ts";

export type {
  AlertInstanceView,
  AlertState,
  Matcher,
  SilenceView,
  StoredAlertTransition,
} from "../server/protocol/index.ts";

const BASE = "/api/v1/alerts";

/** Every instance, or one workbook's. */
export function listAlerts(workbook?: string): Promise<AlertInstanceView[]> {
  return request(workbook === undefined ? BASE : `${BASE}?workbook=${encodeURIComponent(workbook)}`);
}

/** The latest transitions, newest first. */
export async function alertHistory(query: { workbook?: string; limit: number }): Promise<StoredAlertTransition[]> {
  const params = new URLSearchParams({ limit: String(query.limit) });
  if (query.workbook !== undefined) params.set("workbook", query.workbook);
  const page = await request<{ entries: StoredAlertTransition[] }>(`${BASE}/history?${params}`);
  return page.entries;
}

/** Active, future and recently expired silences. */
export function listSilences(): Promise<SilenceView[]> {
  return request(`${BASE}/silences`);
}

export function createSilence(body: { matchers: Matcher[]; duration: string; comment: string }): Promise<SilenceView> {
  return request(`${BASE}/silences`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** Ends a silence now. */
export function liftSilence(id: string): Promise<SilenceView> {
  return request(`${BASE}/silences/${encodeURIComponent(id)}`, { method: "DELETE" });
}

/**
 * The matchers that silence an instance: its workbook and rule, and for `scope: "instance"`
 * every label it carries (so one item of an `each` rule, and only it).
 */
export function silenceMatchers(instance: AlertInstanceView, scope: "rule" | "instance"): Matcher[] {
  const rule = { workbook: instance.workbook, alertname: instance.rule };
  const labels: Record<string, string> = scope === "instance" ? { ...rule, ...instance.labels, ...rule } : rule;
  return Object.entries(labels).map(([name, value]) => ({ name, op: "=", value }));
}
