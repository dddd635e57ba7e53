import { describe, expect, it } from "vitest";
import express from "express";
import { OPENAPI_PATHS } from "../../server/http/openapi/document.ts";
import { describedDifference, routeTable } from "../../server/http/routeTable.ts";

describe("the route table and the description", () => {
  it("lists an app's routes as OpenAPI templates, through nested routers, wildcards, path lists and mounts", () => {
    const app = express();
    const inner = express.Router();
    inner.get("/api/v1/workbooks/*path/runs", () => {});
    inner.post("/api/v1/models/:model/labels", () => {});
    inner.all(["/s", "/s/", "/s/*rest"], () => {});
    inner.use("/assets", express.static("/nonexistent"));
    app.use(inner);
    app.delete("/api/v1/shares/:id", () => {});
    expect(routeTable(app)).toEqual([
      { method: "get", path: "/api/v1/workbooks/{path}/runs" },
      { method: "post", path: "/api/v1/models/{model}/labels" },
      { method: "get", path: "/s" },
      { method: "get", path: "/s/{rest}" },
      { method: "get", path: "/assets/{file}" },
      { method: "delete", path: "/api/v1/shares/{id}" },
    ]);
  });

  it("names the routes the description lacks and the operations no route serves", () => {
    const app = express();
    app.get("/api/v1/models/:name", () => {}); // described as {model}: parameter names do not matter
    app.get("/api/v1/undescribed", () => {});
    const { undescribed, unserved } = describedDifference(routeTable(app), OPENAPI_PATHS);
    expect(undescribed).toEqual(["GET /api/v1/undescribed"]);
    expect(unserved).toContain("POST /api/v1/models/{}/predictions");
    expect(unserved).not.toContain("GET /api/v1/models/{}");
  });
});
