/**
 * The ingest API: model services log predictions, labels and reference sets here, and read
 * back what the store holds. Handlers only translate between HTTP and the store: bodies are
 * read as bytes and handed to the store's writer (parser threads, then the writer thread).
 */
import { Router, type Request } from "express";
import { formatOf } from "../../ingest/parseBatch.ts";
import { DEFAULT_REFERENCE, referenceVersions, validateReferenceName } from "../../store/references.ts";
import type { PredictionStore } from "../../store/store.ts";
import { ParserStoppedError, type StoreWriter } from "../../store/writer.ts";
import type { WriteKind } from "../../store/writerMessages.ts";
import { HttpError } from "../httpError.ts";
import { DATA_TYPES, readBody } from "../requestBody.ts";
import { modelSettingsRoutes } from "./modelSettings.ts";
import type { AuditTrail } from "../auditTrail.ts";
import type { ProcessCounters } from "./prometheus.ts";

export interface ModelRouteOptions {
  /** Reads (models and their schemas) on the main thread's connection. */
  store: PredictionStore;
  writer: StoreWriter;
  counters: ProcessCounters;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
  /** Records settings changes. */
  audit: AuditTrail;
}

export function modelRoutes({ store, writer, counters, maxBodyBytes, audit }: ModelRouteOptions): Router {
  const router = Router();
  const body = readBody(DATA_TYPES, maxBodyBytes, "(driftbook serve --max-body)");
  const write = <K extends WriteKind>(kind: K, req: Request, referenceName?: string) => {
    const bytes = bodyBytes(req); // first: an unreadable content type is 415
    const model = req.params.model as string;
    return writer.write(kind, model, formatOf(req.get("content-type")), bytes, referenceName).catch((error) => {
      throw error instanceof ParserStoppedError ? new HttpError(503, error.message) : error;
    });
  };

  router.post("/api/v1/models/:model/predictions", body, async (req, res) => {
    const result = await write("predictions", req);
    counters.rowsIngested += result.written;
    res.status(201).json({ model: req.params.model, ...result });
  });

  router.post("/api/v1/models/:model/labels", body, async (req, res) => {
    res.json({ model: req.params.model, ...(await write("labels", req)) });
  });

  router.put("/api/v1/models/:model/reference", body, async (req, res) => {
    const name = req.query.name ?? DEFAULT_REFERENCE;
    if (typeof name !== "string") throw new HttpError(400, "name must be given once", { field: "name" });
    validateReferenceName(name);
    res.json({ model: req.params.model, ...(await write("reference", req, name)) });
  });

  /** Every version of every reference set: names, versions, when set and replaced, row counts. */
  router.get("/api/v1/models/:model/references", (req, res) => {
    const model = req.params.model;
    if (!store.model(model)) throw new HttpError(404, `no model named "${model}"`);
    res.json({ model, references: referenceVersions(store.db, model) });
  });

  router.use(modelSettingsRoutes(store, audit));

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

/** The body's bytes, which the writer thread decodes as UTF-8; an empty body without a content type is left unread. */
function bodyBytes(req: Request): Uint8Array {
  if (Buffer.isBuffer(req.body)) return req.body;
  const type = req.get("content-type");
  throw new HttpError(415, `unsupported content type ${type ? `"${type}"` : "(none)"}: send ${DATA_TYPES.join(", ")}`, {
    field: "content-type",
  });
}
