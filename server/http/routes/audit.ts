/**
 * The audit API: who silenced, shared, committed, ran or saved what (audit/store.ts), newest
 * first, filtered by user, action and workbook and paged by id.
 */
import { Router } from "express";
import { AUDIT_ACTIONS, type AuditAction } from "../../protocol/index.ts";
import type { AuditTrail } from "../auditTrail.ts";
import { HttpError } from "../httpError.ts";
import { queryInteger, queryText } from "../query.ts";

const DEFAULT_PAGE = 50;
const MAX_PAGE = 500;

export function auditRoutes({ audit }: { audit: AuditTrail }): Router {
  const router = Router();

  router.get("/api/v1/audit", (req, res) => {
    const limit = queryInteger(req, "limit", { min: 1, max: MAX_PAGE }) ?? DEFAULT_PAGE;
    const action = queryText(req, "action");
    if (action !== undefined && !AUDIT_ACTIONS.includes(action as AuditAction))
      throw new HttpError(400, `action must be one of ${AUDIT_ACTIONS.join(", ")}`, { field: "action" });
    res.json(
      audit.store.list({
        user: queryText(req, "user"),
        action: action as AuditAction | undefined,
        workbook: queryText(req, "workbook"),
        before: queryInteger(req, "before"),
        limit,
      }),
    );
  });

  return router;
}
