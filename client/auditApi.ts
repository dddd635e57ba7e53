/** The audit API (server/http/routes/audit.ts), typed by the shared protocol. */
import type { AuditAction, AuditPage } from "../server/protocol/index.ts";
import { request } from "./api.ts";

export { AUDIT_ACTIONS, type AuditAction, type AuditEvent, type AuditPage } from "../server/protocol/index.ts";

export interface AuditFilter {
  user?: string;
  action?: AuditAction;
  workbook?: string;
}

/** One page of events, newest first; `before` is the previous page's `next`. */
export function listAudit(filter: AuditFilter, page: { limit: number; before?: number }): Promise<AuditPage> {
  const params = new URLSearchParams({ limit: String(page.limit) });
  for (const [name, value] of Object.entries(filter)) if (value) params.set(name, value);
  if (page.before !== undefined) params.set("before", String(page.before));
  return request(`/api/v1/audit?${params}`);
}
