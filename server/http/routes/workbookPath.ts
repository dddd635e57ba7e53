/** The workbook path of a wildcard route (`/api/v1/workbooks/*path/...`), shared by the route groups that take one. */
import type { Request } from "express";

/** The path as the client named it (segments decoded by express). */
export function workbookPathOf(req: Request): string {
  return (req.params as { path: string[] }).path.join("/");
}
