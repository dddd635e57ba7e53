/** The alerts HTTP API (server/http/routes/alerts.ts), typed by the shared protocol. Times are epoch milliseconds. */
import type { AlertHistoryEntry, AlertInstanceView, Matcher, SilenceView } from "../server/protocol/index.ts";
import { request } from "./api.ts";

export type { AlertState, Matcher } from "../server/protocol/index.ts";
/** One rule instance's current state, with the ids of the silences that mute it now. */
export type AlertInstance = AlertInstanceView;
/** A silence with where it stands now. */
export type Silence = SilenceView;
/** One stored transition, with how its notification went. */
export type AlertTransition = AlertHistoryEntry;

const BASE = "/api/v1/alerts";

/** Every instance, or one workbook's. */
export function listAlerts(workbook?: string): Promise<AlertInstance[]> {
  return request(workbook === undefined ? BASE : `${BASE}?workbook=${encodeURIComponent(workbook)}`);
}

/** The latest transitions, newest first. */
export async function alertHistory(query: { workbook?: string; limit: number }): Promise<AlertTransition[]> {
  const params = new URLSearchParams({ limit: String(query.limit) });
  if (query.workbook !== undefined) params.set("workbook", query.workbook);
  const page = await request<{ entries: AlertTransition[] }>(`${BASE}/history?${params}`);
  return page.entries;
}

/** Active, future and recently expired silences. */
export function listSilences(): Promise<Silence[]> {
  return request(`${BASE}/silences`);
}

export function createSilence(body: { matchers: Matcher[]; duration: string; comment: string }): Promise<Silence> {
  return request(`${BASE}/silences`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

/** Ends a silence now. */
export function liftSilence(id: string): Promise<Silence> {
  return request(`${BASE}/silences/${encodeURIComponent(id)}`, { method: "DELETE" });
}

/**
 * The matchers that silence an instance: its workbook and rule, and for `scope: "instance"`
 * every label it carries (so one item of an `each` rule, and only it).
 */
export function silenceMatchers(instance: AlertInstance, scope: "rule" | "instance"): Matcher[] {
  const rule = { workbook: instance.workbook, alertname: instance.rule };
  const labels: Record<string, string> = scope === "instance" ? { ...rule, ...instance.labels, ...rule } : rule;
  return Object.entries(labels).map(([name, value]) => ({ name, op: "=", value }));
}
