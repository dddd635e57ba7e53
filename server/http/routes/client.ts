/**
 * Serves the browser app: its built assets (code only, open to all, the share view loads them
 * too), and its page for every app route (the workbook list at `/`, a notebook at `/w/<path>`,
 * the alerts page at `/alerts`, the audit page at `/audit`), which the app itself routes.
 */
import { join } from "node:path";
import express, { Router } from "express";
import { pageHeaders } from "../securityHeaders.ts";

export function assetRoutes(clientDir: string): Router {
  const router = Router();
  router.use("/assets", express.static(join(clientDir, "assets"), { fallthrough: false, index: false }));
  return router;
}

export function clientRoutes(clientDir: string): Router {
  const router = Router();
  const page = join(clientDir, "index.html");
  router.get(["/", "/w/*path", "/alerts", "/audit"], (_req, res) => {
    pageHeaders(res);
    res.sendFile(page);
  });
  return router;
}
