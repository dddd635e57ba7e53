/** The workbook HTTP API, typed with the protocol's shapes. */
import type { WorkbookSummary } from "../server/protocol/index.ts";

/** A request the server refused, with the message it gave. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** What a conditional save returns: the new version, or the version that is on disk now. */
export type SaveResult =
  { saved: true; version: string } | { saved: false; current: { version: string; text: string } | null };

/** A workbook path as a URL path: each segment encoded, the slashes kept. */
export function encodePath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

export function listWorkbooks(): Promise<WorkbookSummary[]> {
  return request("/api/v1/workbooks");
}

/** The server's models (GET /api/v1/models), of which the settings panel needs the names. */
export function listModels(): Promise<{ name: string }[]> {
  return request("/api/v1/models");
}

export function createWorkbook(body: {
  path: string;
  title?: string;
  template: "blank" | "drift";
}): Promise<{ path: string; version: string }> {
  return request("/api/v1/workbooks", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** Saves `text` only if the file is still at `version` (If-Match); a conflict is a result, not an error. */
export async function saveWorkbook(path: string, text: string, version: string): Promise<SaveResult> {
  const response = await fetch(`/api/v1/workbooks/${encodePath(path)}`, {
    method: "PUT",
    headers: { "content-type": "application/json", "if-match": `"${version}"` },
    body: JSON.stringify({ text }),
  });
  if (response.status === 409) {
    const { current } = (await response.json()) as { current: { version: string; text: string } | null };
    return { saved: false, current };
  }
  const body = (await read(response)) as { version: string };
  return { saved: true, version: body.version };
}

/** Fetches JSON from the API; a refusal becomes an ApiError with the server's message. */
export async function request<T>(url: string, init?: RequestInit): Promise<T> {
  return (await read(await fetch(url, init))) as T;
}

async function read(response: Response): Promise<unknown> {
  const body = (await response.json().catch(() => ({}))) as { error?: string };
  if (!response.ok) throw new ApiError(body.error ?? `${response.status} ${response.statusText}`, response.status);
  return body;
}

/** Moves a workbook to `to` in the workbooks folder; its runs, alert state and share links follow. */
export function moveWorkbook(path: string, to: string): Promise<{ path: string }> {
  return request(`/api/v1/workbooks/${encodePath(path)}/move`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ to }),
  });
}

/** Renames an alert rule in the file at `version`, moving its state, history and silences to the new name. */
export function renameRule(path: string, rule: string, to: string, version: string): Promise<{ version: string }> {
  return request(`/api/v1/workbooks/${encodePath(path)}/alerts/${encodeURIComponent(rule)}/rename`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ to, version }),
  });
}
