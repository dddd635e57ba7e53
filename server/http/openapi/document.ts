/**
 * The OpenAPI 3.1 description of Driftbook's HTTP API (issue 23), served at
 * GET /api/v1/openapi.json so any language can generate a client. Each route group describes
 * its routes in its own file; routeTable.ts checks at startup that the two agree, so the
 * description can never fall behind the code.
 */
import { readFileSync } from "node:fs";
import { ALERT_PATHS } from "./alertPaths.ts";
import { EXPORT_PATHS } from "./exportPaths.ts";
import { AUDIT_PATHS } from "./auditPaths.ts";
import { MODEL_PATHS } from "./modelPaths.ts";
import { NAME_PATHS } from "./namePaths.ts";
import { ERROR, type PathItem } from "./operation.ts";
import { PAGE_PATHS } from "./pagePaths.ts";
import { SCHEMAS } from "./schemas.ts";
import { WORKBOOK_PATHS } from "./workbookPaths.ts";

const { version } = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as {
  version: string;
};

export const OPENAPI_PATHS: Record<string, PathItem> = {
  ...MODEL_PATHS,
  ...WORKBOOK_PATHS,
  ...EXPORT_PATHS,
  ...NAME_PATHS,
  ...ALERT_PATHS,
  ...AUDIT_PATHS,
  ...PAGE_PATHS,
};

export const OPENAPI_DOCUMENT = {
  openapi: "3.1.0",
  info: {
    title: "Driftbook",
    version,
    description:
      "Monitoring workbooks for ML models. Model services log predictions, labels and reference sets; editors read and run workbooks, alerts, silences, share links and git history. Times are epoch milliseconds unless a field says otherwise. Errors are JSON naming the field, row or line to fix.",
  },
  jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
  // With no token configured (a server on loopback), no credentials are needed: the empty requirement.
  security: [{ bearerAuth: [] }, { sessionCookie: [] }, {}],
  paths: OPENAPI_PATHS,
  components: {
    schemas: SCHEMAS,
    responses: { Error: ERROR },
    securitySchemes: {
      bearerAuth: { type: "http", scheme: "bearer", description: "the editors' token, DRIFTBOOK_TOKEN" },
      ingestToken: {
        type: "http",
        scheme: "bearer",
        description: "the ingest-only token, DRIFTBOOK_INGEST_TOKEN: logs predictions, labels and reference sets",
      },
      sessionCookie: {
        type: "apiKey",
        in: "cookie",
        name: "driftbook_session",
        description: "a browser's session, from POST /login",
      },
    },
  },
};
