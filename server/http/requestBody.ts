/**
 * What a request body may be. Every POST, PUT and PATCH body is JSON, NDJSON or CSV, named by
 * its Content-Type, in UTF-8, and each route reads only the types it takes (ingest: all four
 * names; every other route: JSON). A page on another site can send text/plain and form bodies
 * without the browser asking the server first (CORS "simple requests"), never these types —
 * so this is the second wall behind the Origin check of siteGuard.ts, for browsers that send
 * no Origin. Each route also gets its own size limit, named in its 413.
 *
 * An empty body needs no Content-Type (run-now takes one: `curl -X POST …/runs`). A page on
 * another site can send that too (`fetch(url, {method: "POST", mode: "no-cors"})`), but every
 * current browser then sends Origin or Sec-Fetch-Site, which siteGuard.ts refuses; an empty
 * body with a form or text type (an HTML form with no fields) is refused here.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import express, { type NextFunction, type Request, type Response } from "express";
import { HttpError } from "./httpError.ts";

export const JSON_TYPES = ["application/json"];
/** What the ingest routes read: JSON arrays, NDJSON (under either name) and CSV. */
export const DATA_TYPES = ["application/json", "application/x-ndjson", "application/jsonl", "text/csv"];

/** Connect-style, as express's own parsers are, so routes keep their typed params. */
type BodyReader = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);

/** Refuses bodies of any type but JSON, NDJSON and CSV, on every route after it. */
export function requireDataBody(req: Request, _res: Response, next: NextFunction): void {
  next(BODY_METHODS.has(req.method) ? bodyTypeProblem(req, DATA_TYPES) : undefined);
}

/**
 * Reads a body of one of `types` up to `limit` bytes; `limitName` says in the 413 what the limit
 * is for, or which option sets it. JSON is parsed; the others (ingest) are kept as UTF-8 bytes,
 * which the writer thread decodes and parses off the main thread.
 */
export function readBody(types: string[], limit: number | string, limitName: string): BodyReader {
  const parse = types.every((type) => JSON_TYPES.includes(type))
    ? express.json({ type: types, limit })
    : express.raw({ type: types, limit });
  return (req, res, next) => {
    const problem = bodyTypeProblem(req, types);
    if (problem) return next(problem);
    parse(req, res, (error?: unknown) => {
      const { type } = (error ?? {}) as { type?: string };
      next(
        type === "entity.too.large"
          ? new HttpError(413, `the request body is larger than the limit of ${formatBytes(limit)} ${limitName}`)
          : error,
      );
    });
  };
}

/** A 415 naming the accepted types when the body is not one of them, or not UTF-8; else undefined. */
function bodyTypeProblem(req: IncomingMessage, types: string[]): HttpError | undefined {
  const header = req.headers["content-type"];
  if (header === undefined) {
    return hasBody(req)
      ? new HttpError(415, `the request body has no content type: send ${types.join(", ")}`, { field: "content-type" })
      : undefined;
  }
  const [mediaType, ...parameters] = header.split(";").map((part) => part.trim().toLowerCase());
  if (!types.includes(mediaType)) {
    return new HttpError(415, `unsupported content type "${header}": send ${types.join(", ")}`, {
      field: "content-type",
    });
  }
  const charset = parameters
    .find((parameter) => parameter.startsWith("charset="))
    ?.slice("charset=".length)
    .replace(/^"(.*)"$/, "$1");
  if (charset !== undefined && charset !== "utf-8" && charset !== "utf8") {
    return new HttpError(415, `unsupported charset "${charset}": send the body as UTF-8`, { field: "content-type" });
  }
  return undefined;
}

function hasBody(req: IncomingMessage): boolean {
  return req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0;
}

function formatBytes(limit: number | string): string {
  if (typeof limit === "string") return limit;
  return limit % (1024 * 1024) === 0 ? `${limit / (1024 * 1024)} MB` : `${limit} bytes`;
}
