/**
 * The audit trail's wire shapes (GET /api/v1/audit): who changed what, as the server recorded
 * it. `user` is the name the single-sign-on proxy sent (`--auth-proxy-header`), or `local` when
 * no proxy named one, the way Grafana's auth proxy names the signed-in user. Imported by the
 * server and the browser.
 */

/** The actions the server records, one name each on the wire, in the store and on the audit page. */
export const AUDIT_ACTIONS = [
  "silence.create",
  "silence.expire",
  "share.create",
  "share.revoke",
  "git.commit",
  "git.restore",
  "run.now",
  "workbook.create",
  "workbook.save",
  "workbook.rename",
  "workbook.delete",
  "rule.rename",
  "model.settings",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The user recorded when no proxy named one. */
export const LOCAL_USER = "local";

export interface AuditEvent {
  id: number;
  /** Epoch ms. */
  at: number;
  user: string;
  action: AuditAction;
  /** The workbook acted on, if any (its path then). */
  workbook?: string;
  /** What in it: a silence, share or run id, a commit, a model, a new path. */
  target?: string;
}

/** A page of events, newest first; `next` is the `before` of the following page, or null at the end. */
export interface AuditPage {
  events: AuditEvent[];
  next: number | null;
}
