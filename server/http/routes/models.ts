/**
 * The ingest API: model services log predictions, labels and reference sets here, and read
 * back what the store holds. Handlers only translate between HTTP and the store.
 */
import express, { Router, type Request } from "express";
import { formatOf, parseLabels, parsePredictions } from "../../store/parseBatch.ts";
import type { PredictionStore } from "../../store/store.ts";
import { HttpError } from "../httpError.ts";
import type { ProcessCounters } from "./prometheus.ts";

export interface ModelRouteOptions {
  store: PredictionStore;
  counters: ProcessCounters;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
}

const BODY_TYPES = ["application/json", "application/x-ndjson", "application/jsonl", "text/csv"];

export function modelRoutes({ store, counters, maxBodyBytes }: ModelRouteOptions): Router {
  const router = Router();
  const body = express.text({ type: BODY_TYPES, limit: maxBodyBytes });

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

/** The body as text; express.text leaves `{}` when the content type is not one it reads. */
function bodyText(req: Request): string {
  if (typeof req.body === "string") return req.body;
  const type = req.get("content-type");
  throw new HttpError(415, `unsupported content type ${type ? `"${type}"` : "(none)"}: send ${BODY_TYPES.join(", ")}`, { field: "content-type" });
}
