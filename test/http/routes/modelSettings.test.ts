import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../../server/compose.ts";
import { startServerWith } from "../../helpers/server.ts";

let server: RunningServer;
let close: () => Promise<void>;
beforeAll(async () => ({ server, close } = await startServerWith({})));
afterAll(() => close());

const settings = (model: string, body?: unknown) =>
  fetch(`${server.url}/api/v1/models/${model}/settings`, {
    method: body === undefined ? "GET" : "PUT",
    headers: { "content-type": "application/json" },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });

const ndjson = (rows: object[]) => rows.map((row) => JSON.stringify(row)).join("\n");

describe("model settings over HTTP", () => {
  it("answers the defaults, takes segments, bucket and zone before the first log, and keeps them", async () => {
    expect(await (await settings("fresh")).json()).toEqual({
      model: "fresh",
      bucket: "1h",
      segments: [],
      segmentCap: 100,
      tz: null,
      retention: { rows: null, profiles: null },
      profiles: "current",
    });
    const put = await settings("fresh", { segments: ["region"], bucket: "15m", tz: "Europe/Berlin" });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({
      bucket: "15m",
      segments: ["region"],
      tz: "Europe/Berlin",
      profiles: "current",
    });
    expect(await (await settings("fresh")).json()).toMatchObject({ bucket: "15m", segments: ["region"] });
  });

  it("takes a retention period for rows and profiles, which changes no profile", async () => {
    const put = await settings("kept", { retention: { rows: "30d", profiles: "400d" } });
    expect(await put.json()).toMatchObject({ retention: { rows: "30d", profiles: "400d" }, profiles: "current" });
    await settings("kept", { segments: ["region"] });
    expect(await (await settings("kept")).json()).toMatchObject({
      segments: ["region"],
      retention: { rows: "30d", profiles: "400d" },
    });
    expect(await (await settings("kept", { retention: { rows: "12w" } })).json()).toMatchObject({
      retention: { rows: "84d", profiles: null },
    });
  });

  it("marks a model with profiles rebuild-needed when its bucket or segments change, and says so; a zone alone does not", async () => {
    const logged = await fetch(`${server.url}/api/v1/models/busy/predictions`, {
      method: "POST",
      headers: { "content-type": "application/x-ndjson" },
      body: ndjson([{ id: "a", ts: 1_780_000_000_000, features: { region: "eu", x: 1 }, prediction: 1 }]),
    });
    expect(logged.status).toBe(201);
    expect(await (await settings("busy", { tz: "America/New_York" })).json()).toMatchObject({ profiles: "current" });
    const changed = (await (await settings("busy", { segments: ["region"] })).json()) as Record<string, unknown>;
    expect(changed).toMatchObject({
      profiles: "rebuild-needed",
      message: "the stored profiles no longer match these settings: run `driftbook profile rebuild busy`",
    });
    const models = (await (await fetch(`${server.url}/api/v1/models`)).json()) as { name: string; profiles: string }[];
    expect(models.find(({ name }) => name === "busy")?.profiles).toBe("rebuild-needed");
  });

  it.each([
    [{ bucket: "7m" }, "bucket", "bucket must be a duration that divides a day"],
    [{ bucket: 3600 }, "bucket", "bucket must be a duration that divides a day"],
    [{ segments: "region" }, "segments", "segments must be an array"],
    [{ segments: ["proba_x"] }, "segments", `segments: "proba_x" cannot be a segment`],
    [{ segments: ["label"] }, "segments", `segments: "label" cannot be a segment`],
    [{ segments: ["a", "A"] }, "segments", `segments: "A" is named twice`],
    [{ tz: "Mars/Olympus" }, "tz", "tz must be an IANA time zone"],
    [{ segmentCap: 0 }, "segmentCap", "segmentCap must be a whole number from 1 to 10000"],
    [{ colour: "red" }, "colour", `unknown setting "colour"`],
    [{ retention: { rows: "30m" } }, "retention.rows", "retention.rows must be at least 1h"],
    [{ retention: { rows: "30d", profiles: "7d" } }, "retention.profiles", "retention.profiles must be at least"],
  ])("refuses %j naming the field", async (body, field, message) => {
    const response = await settings("bad", body);
    expect(response.status).toBe(400);
    const error = (await response.json()) as { error: string; field?: string };
    expect(error.error).toContain(message);
    expect(error.field).toBe(field);
  });
});
