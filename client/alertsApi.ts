/**
 * The alerts HTTP API (server/http/routes/alerts.ts), typed here from its JSON: the client
 * imports no server code besides the protocol. Times are epoch milliseconds.
 */
import { request } from "./api.ts";

export type AlertState = "normal" | "pending" | "firing" | "resolved" | "nodata" | "error";

/** One rule instance's current state, with the ids of the silences that mute it now. */
export interface AlertInstance {
  /** `<workbook path>#<rule name>`. */
  ruleId: string;
  workbook: string;
  rule: string;
  /** The key of an `each` instance; "" for a plain rule's one instance. */
  instance: string;
  labels: Record<string, string>;
  state: AlertState;
  /** When the instance entered its state. */
  since: number;
  pendingCount: number;
  activeSince: number | null;
  lastValue: unknown;
  lastEvaluatedAt: number;
  lastNotifiedAt: number | null;
  silencedBy: string[];
}

export type MatchOperator = "=" | "!=" | "=~" | "!~";

export interface Matcher {
  name: string;
  op: MatchOperator;
  value: string;
}

export interface Silence {
  id: string;
  matchers: Matcher[];
  startsAt: number;
  endsAt: number;
  comment: string;
  createdBy?: string;
  createdAt: number;
  status: "pending" | "active" | "expired";
}

/** One stored transition, with how its notification went. */
export interface AlertTransition {
  id: number;
  ruleId: string;
  workbook: string;
  rule: string;
  instance: string;
  labels: Record<string, string>;
  from: AlertState;
  to: AlertState;
  value: unknown;
  at: number;
  trigger: string;
  reason?: string;
  notification: string;
  attempts: number;
  deliveryError?: string;
}

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
