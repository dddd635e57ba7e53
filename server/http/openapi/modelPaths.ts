/** The description of the ingest and model routes (routes/models.ts, modelSettings.ts, profiles.ts). */
import { MODEL, inQuery, json, operation, type PathItem } from "./operation.ts";
import { arrayOf, integer, object, ref, text, type Schema } from "./schemas.ts";

const INGEST = [{ bearerAuth: [] }, { ingestToken: [] }, { sessionCookie: [] }, {}];

const scalar = { type: ["string", "number", "boolean", "null"] };

/** A prediction row as ingest/jsonRows.ts reads it (a reference row is one too); unknown fields are refused. */
const PREDICTION_ROW = object(
  {
    features: {
      type: "object",
      description: "feature name → number, text, boolean, null or an array of numbers (an embedding)",
    },
  },
  {
    id: {
      type: ["string", "integer"],
      description: "the prediction's id; a row whose id is stored already is a duplicate",
    },
    ts: { type: ["string", "integer"], description: "ISO 8601 or epoch ms; default the time it arrives" },
    prediction: scalar,
    score: { type: ["number", "null"] },
    probabilities: { type: "object", additionalProperties: { type: ["number", "null"] } },
    label: scalar,
  },
);

const LABEL_ROW = object({ id: { type: ["string", "integer"] }, label: scalar });

/** A batch (requestBody.ts DATA_TYPES): a JSON array of rows, NDJSON (a row per line) or CSV with a header. */
const batch = (what: string, row: Schema) => ({
  required: true,
  description: `${what}: a JSON array of rows, NDJSON (one row per line), or CSV with a header; stored whole or not at all`,
  content: {
    "application/json": { schema: arrayOf(row) },
    "application/x-ndjson": { schema: { type: "string" } },
    "application/jsonl": { schema: { type: "string" } },
    "text/csv": { schema: { type: "string" } },
  },
});

const written = {
  model: text,
  written: integer,
  duplicates: integer,
  columns: arrayOf(ref("Column")),
};

export const MODEL_PATHS: Record<string, PathItem> = {
  "/api/v1/models": {
    get: operation("models", "every model with its schema, counts and version", {
      200: json(arrayOf(ref("ModelSummary"))),
    }),
  },
  "/api/v1/models/{model}": {
    get: operation("models", "one model", { 200: json(ref("ModelSummary")) }, { parameters: [MODEL] }),
  },
  "/api/v1/models/{model}/predictions": {
    post: operation(
      "ingest",
      "log predictions: the batch is stored whole or not at all; rows whose id is stored already count as duplicates",
      { 201: json(object(written), "stored") },
      { parameters: [MODEL], requestBody: batch("predictions", PREDICTION_ROW), security: INGEST },
    ),
  },
  "/api/v1/models/{model}/labels": {
    post: operation(
      "ingest",
      "attach labels to stored predictions by id (rows of `id` and `label`)",
      { 200: json(object({ model: text, matched: integer, unmatched: integer, unmatchedIds: arrayOf(text) })) },
      { parameters: [MODEL], requestBody: batch("labels", LABEL_ROW), security: INGEST },
    ),
  },
  "/api/v1/models/{model}/reference": {
    put: operation(
      "ingest",
      "replace a reference set with a new version",
      { 200: json(object({ ...written, reference: ref("ReferenceVersion") })) },
      {
        parameters: [MODEL, inQuery("name", 'the reference set, default "training"')],
        requestBody: batch("the reference rows", PREDICTION_ROW),
        security: INGEST,
      },
    ),
  },
  "/api/v1/models/{model}/references": {
    get: operation(
      "models",
      "every version of every reference set",
      { 200: json(object({ model: text, references: arrayOf(ref("ReferenceVersion")) })) },
      { parameters: [MODEL] },
    ),
  },
  "/api/v1/models/{model}/settings": {
    get: operation(
      "models",
      "how the model's profiles are cut and kept",
      { 200: json(ref("ModelSettings")) },
      { parameters: [MODEL] },
    ),
    put: operation(
      "models",
      "change the profile settings; a change to how profiles are cut answers profiles: rebuild-needed",
      { 200: json(ref("ModelSettings")) },
      {
        parameters: [MODEL],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: object(
                {},
                {
                  bucket: text,
                  segments: arrayOf(text),
                  segmentCap: integer,
                  tz: { type: ["string", "null"] },
                  retention: object({}, { rows: { type: ["string", "null"] }, profiles: { type: ["string", "null"] } }),
                },
              ),
            },
          },
        },
      },
    ),
  },
  "/api/v1/models/{model}/profile": {
    get: operation(
      "models",
      "a window of the model's stored profiles (counts, missing values, quantiles, categories)",
      // Open: a profile's columns depend on the model's schema (store/profileJson.ts).
      { 200: json(object({ model: text, profiles: arrayOf({ type: "object" }) })) },
      {
        parameters: [
          MODEL,
          inQuery("since", "ISO time or a duration back from now"),
          inQuery("until", "ISO time or a duration back from now"),
          inQuery("every", "one profile per interval, such as 1d"),
          inQuery("tz", "IANA time zone of --every days"),
          inQuery("segment", "column:value"),
          inQuery("reference", "1 for the default reference set, or its name"),
        ],
      },
    ),
  },
};
