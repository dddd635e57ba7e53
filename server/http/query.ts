/** Query-string parameters read strictly: given once, as text or a whole number, or a 400 naming the parameter. */
import type { Request } from "express";
import { HttpError } from "./httpError.ts";

export function queryText(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value === "")
    throw new HttpError(400, `${name} must be given once, as text`, { field: name });
  return value;
}

export function queryInteger(req: Request, name: string): number | undefined {
  const text = queryText(req, name);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new HttpError(400, `${name} must be a whole number`, { field: name });
  return Number(text);
}
