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

/** A whole number, within `range` when one is given (a page's `limit`, `offset`). */
export function queryInteger(req: Request, name: string, range?: { min: number; max: number }): number | undefined {
  const text = queryText(req, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  const within = !range || (value >= range.min && value <= range.max);
  if (!/^\d+$/.test(text) || !within)
    throw new HttpError(
      400,
      range ? `${name} must be a whole number from ${range.min} to ${range.max}` : `${name} must be a whole number`,
      { field: name },
    );
  return value;
}
