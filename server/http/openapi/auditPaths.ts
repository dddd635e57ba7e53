/** The description of the audit route (routes/audit.ts). */
import { AUDIT_ACTIONS } from "../../protocol/index.ts";
import { inQuery, json, operation, type PathItem } from "./operation.ts";
import { arrayOf, epochMs, integer, object, oneOf, orNull, text } from "./schemas.ts";

/** protocol/audit.ts AuditEvent. */
const AUDIT_EVENT = object(
  { id: integer, at: epochMs, user: text, action: oneOf(...AUDIT_ACTIONS) },
  { workbook: text, target: text },
);

export const AUDIT_PATHS: Record<string, PathItem> = {
  "/api/v1/audit": {
    get: operation(
      "audit",
      "who silenced, shared, committed, ran or saved what, newest first; page with before=<next>. The user is the one the single-sign-on proxy named (--auth-proxy-header), or local",
      { 200: json(object({ events: arrayOf(AUDIT_EVENT), next: orNull(integer) })) },
      {
        parameters: [
          inQuery("user", "only this user's"),
          inQuery("action", "only this action", oneOf(...AUDIT_ACTIONS)),
          inQuery("workbook", "only this workbook's"),
          inQuery("limit", "1 to 500, default 50", integer),
          inQuery("before", "the next of the previous page", integer),
        ],
      },
    ),
  },
};
