/**
 * Small builders for OpenAPI 3.1 operations, so each route group's description reads as a list
 * of its routes: parameters, bodies and answers. Every operation also answers errors as the
 * Error schema (http/app.ts errorHandler), which `default` says once for all of them.
 */
import { ref, type Schema } from "./schemas.ts";

export type Operation = Record<string, unknown>;
export type PathItem = Partial<Record<"get" | "put" | "post" | "patch" | "delete", Operation>>;

export const json = (schema: Schema, description = "OK") => ({
  description,
  content: { "application/json": { schema } },
});

export const html = (description: string) => ({
  description,
  content: { "text/html": { schema: { type: "string" } } },
});

export const empty = (description: string) => ({ description });

export const jsonBody = (schema: Schema, required = true) => ({
  required,
  content: { "application/json": { schema } },
});

/** A path parameter; a workbook path may hold slashes (`team/daily.md`), which OpenAPI's template cannot say otherwise. */
export const inPath = (name: string, description: string) => ({
  name,
  in: "path",
  required: true,
  description,
  schema: { type: "string" },
});

export const WORKBOOK_PATH = inPath("path", "the workbook's path in the workbooks folder; it may contain slashes");
export const MODEL = inPath("model", "the model's name: letters, digits and _");

export const inQuery = (name: string, description: string, schema: Schema = { type: "string" }) => ({
  name,
  in: "query",
  required: false,
  description,
  schema,
});

export function operation(
  tag: string,
  summary: string,
  responses: Record<string, unknown>,
  more: { parameters?: unknown[]; requestBody?: unknown; security?: unknown[] } = {},
): Operation {
  return {
    tags: [tag],
    summary,
    ...more,
    responses: { ...responses, default: { $ref: "#/components/responses/Error" } },
  };
}

export const ERROR = json(ref("Error"), "an error naming what to fix");
