/**
 * A model's profile settings: `GET` and `PUT /api/v1/models/:model/settings` with
 * `{"segments": ["region"], "bucket": "1h", "segmentCap": 100, "tz": "Europe/Berlin"}`. Written
 * on the main thread's connection: one short transaction of one row (see db.ts on main-thread
 * writes). A change to how profiles are cut answers `"profiles": "rebuild-needed"`.
 */
import { Router } from "express";
import { settingsJson } from "../../store/modelSettings.ts";
import { settingsInput } from "../../store/settingsInput.ts";
import type { PredictionStore } from "../../store/store.ts";
import type { AuditTrail } from "../auditTrail.ts";
import { JSON_TYPES, readBody } from "../requestBody.ts";

export function modelSettingsRoutes(store: PredictionStore, audit: AuditTrail): Router {
  const router = Router();

  router.get("/api/v1/models/:model/settings", (req, res) => {
    const model = req.params.model as string;
    res.json(settingsJson(model, store.settings(model)));
  });

  router.put("/api/v1/models/:model/settings", readBody(JSON_TYPES, "16kb", "for model settings"), (req, res) => {
    const model = req.params.model as string;
    const settings = store.updateSettings(model, settingsInput(req.body));
    audit.record(req, "model.settings", { target: model });
    res.json(settingsJson(model, settings));
  });

  return router;
}
