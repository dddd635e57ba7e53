/**
 * The alerts API: current instance states, the transition history, and silences. Handlers
 * only translate between HTTP and the alert store; times are epoch milliseconds.
 */
import { Router } from "express";
import { matchesAll, MatcherError, parseMatchers } from "../../alerts/matchers.ts";
import type { AlertStore } from "../../alerts/state.ts";
import {
  LOCAL_USER,
  type AlertInstanceView,
  type Matcher,
  type Silence,
  type SilenceView,
} from "../../protocol/index.ts";
import type { AuditTrail } from "../auditTrail.ts";
import { parseDuration } from "../../protocol/duration.ts";
import { HttpError } from "../httpError.ts";
import { queryInteger, queryText } from "../query.ts";
import { JSON_TYPES, readBody } from "../requestBody.ts";

export interface AlertRouteOptions {
  alerts: AlertStore;
  /** Records who creates and lifts silences; a proxy's user is also the silence's `createdBy`. */
  audit: AuditTrail;
  now?: () => number;
}

const DEFAULT_PAGE = 50;
const MAX_PAGE = 500;

export function alertRoutes({ alerts, audit, now = Date.now }: AlertRouteOptions): Router {
  const router = Router();

  /** Every instance, or one workbook's, with the ids of the silences that mute it now. */
  router.get("/api/v1/alerts", (req, res) => {
    const workbook = queryText(req, "workbook");
    const silences = alerts.activeSilences(now());
    const views: AlertInstanceView[] = alerts.instances({ workbook }).map((instance) => ({
      ...instance,
      silencedBy: silences
        .filter((silence) => matchesAll(silence.matchers, instance.labels))
        .map((silence) => silence.id),
    }));
    res.json(views);
  });

  /** Transitions, newest first: `?limit=` (default 50) and `?before=<next of the previous page>`. */
  router.get("/api/v1/alerts/history", (req, res) => {
    const limit = queryInteger(req, "limit", { min: 1, max: MAX_PAGE }) ?? DEFAULT_PAGE;
    res.json(
      alerts.history({
        workbook: queryText(req, "workbook"),
        ruleId: queryText(req, "rule"),
        limit,
        before: queryInteger(req, "before"),
      }),
    );
  });

  router.get("/api/v1/alerts/silences", (_req, res) => {
    const time = now();
    res.json(alerts.silences(time).map((silence) => silenceView(silence, time)));
  });

  /** `{matchers, duration | endsAt, startsAt?, comment, createdBy?}` → 201 with the silence and its id. */
  router.post("/api/v1/alerts/silences", readBody(JSON_TYPES, "100kb", "for a silence"), (req, res) => {
    const body = req.body as Record<string, unknown> | undefined;
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw new HttpError(400, "send a JSON object {matchers, duration or endsAt, comment}", { field: "body" });
    }
    const time = now();
    let matchers;
    try {
      matchers = parseMatchers(body.matchers);
    } catch (error) {
      if (error instanceof MatcherError) throw new HttpError(400, error.message, { field: error.field });
      throw error;
    }
    const startsAt = body.startsAt === undefined ? time : timeOf(body.startsAt, "startsAt");
    if ((body.duration === undefined) === (body.endsAt === undefined)) {
      throw new HttpError(400, "give either duration (such as 2h) or endsAt", { field: "duration" });
    }
    const endsAt = body.endsAt !== undefined ? timeOf(body.endsAt, "endsAt") : startsAt + durationOf(body.duration);
    if (endsAt <= Math.max(startsAt, time))
      throw new HttpError(400, "the silence must end in the future, after it starts", {
        field: body.endsAt !== undefined ? "endsAt" : "duration",
      });
    if (typeof body.comment !== "string" || body.comment.trim() === "") {
      throw new HttpError(400, "comment must say why, such as the incident or the deploy", { field: "comment" });
    }
    if (body.createdBy !== undefined && typeof body.createdBy !== "string")
      throw new HttpError(400, "createdBy must be text", { field: "createdBy" });
    const user = audit.userOf(req);
    const createdBy = user === LOCAL_USER ? body.createdBy : user;
    const silence = alerts.createSilence({
      matchers,
      startsAt,
      endsAt,
      comment: body.comment,
      ...(createdBy !== undefined && { createdBy }),
      createdAt: time,
    });
    audit.record(req, "silence.create", { workbook: workbookOf(matchers), target: silence.id });
    res.status(201).json(silenceView(silence, time));
  });

  /** Lifts a silence: it ends now and stays listed as expired. */
  router.delete("/api/v1/alerts/silences/:id", (req, res) => {
    const time = now();
    const silence = alerts.expireSilence(req.params.id, time);
    if (!silence) throw new HttpError(404, `no silence with id "${req.params.id}"`);
    audit.record(req, "silence.expire", { workbook: workbookOf(silence.matchers), target: silence.id });
    res.json(silenceView(silence, time));
  });

  return router;
}

function silenceView(silence: Silence, now: number): SilenceView {
  const status = silence.endsAt <= now ? "expired" : silence.startsAt > now ? "pending" : "active";
  return { ...silence, status };
}

/** The one workbook a silence names exactly (`workbook="daily.md"`), if it names one. */
function workbookOf(matchers: Matcher[]): string | undefined {
  return matchers.find((matcher) => matcher.name === "workbook" && matcher.op === "=")?.value;
}

/** Epoch milliseconds or an ISO 8601 date. */
function timeOf(value: unknown, field: string): number {
  const time = typeof value === "number" ? value : typeof value === "string" ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(time))
    throw new HttpError(400, `${field} must be epoch milliseconds or an ISO date such as 2024-05-01T12:00:00Z`, {
      field,
    });
  return time;
}

function durationOf(value: unknown): number {
  try {
    return parseDuration(value as string | number);
  } catch (error) {
    throw new HttpError(400, `duration: ${(error as Error).message}`, { field: "duration" });
  }
}
