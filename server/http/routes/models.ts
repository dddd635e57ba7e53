/**
 * The ingest API: model services log predictions, labels and reference sets here, and read
 * back what the store holds. Handlers only translate between HTTP and the store.
 */
import { Router, type Request } from "express";
import { formatOf, parseLabels, parsePredictions } from "../../store/parseBatch.ts";
import type { PredictionStore } from "../../store/store.ts";
import { HttpError } from "../httpError.ts";
import { DATA_TYPES, readBody } from "../requestBody.ts";
import type { ProcessCounters } from "./prometheus.ts";

export interface ModelRouteOptions {
  store: PredictionStore;
  counters: ProcessCounters;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
}

export function modelRoutes({ store, counters, maxBodyBytes }: ModelRouteOptions): Router {
  const router = Router();
  const body = readBody(DATA_TYPES, maxBodyBytes, "(driftbook serve --max-body)");

  router.post("/api/v1/models/:model/predictions", body, (req, res) => {
    const rows = parsePredictions(bodyText(req), formatOf(req.get("content-type")));
    const result = store.log(req.params.model, rows);
    counters.rowsIngested += result.written;
    res.status(201).json({ model: req.params.model, ...result });
  });

  router.post("/api/v1/models/:model/labels", body, (req, res) => {
    const labels = parseLabels(bodyText(req), formatOf(req.get("content-type")));
    res.json({ model: req.params.model, ...store.attachLabels(req.params.model, labels) });
  });

  router.put("/api/v1/models/:model/reference", body, (req, res) => {
    const rows = parsePredictions(bodyText(req), formatOf(req.get("content-type")));
    res.json({ model: req.params.model, ...store.replaceReference(req.params.model, rows) });
  });

  router.get("/api/v1/models", (_req, res) => {
    res.json(store.models());
  });

  router.get("/api/v1/models/:model", (req, res) => {
    const model = store.model(req.params.model);
    if (!model) throw new HttpError(404, `no model named "${req.params.model}"`);
    res.json(model);
  });

  return router;
}

/** The body as text; an empty body without a content type is left unread. */
function bodyText(req: Request): string {
  if (typeof req.body === "string") return req.body;
  const type = req.get("content-type");
  throw new HttpError(415, `unsupported content type ${type ? `"${type}"` : "(none)"}: send ${DATA_TYPES.join(", ")}`, { field: "content-type" });
}
