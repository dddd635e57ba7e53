/** `GET /api/v1/openapi.json`: the description of every route (http/openapi/), open to all like /healthz: it holds no data. */
import { Router } from "express";
import { OPENAPI_DOCUMENT } from "../openapi/document.ts";

export function openApiRoutes(): Router {
  const router = Router();
  const body = JSON.stringify(OPENAPI_DOCUMENT);
  router.get("/api/v1/openapi.json", (_req, res) => {
    res.type("json").send(body);
  });
  return router;
}
