/** A workbook's git API (/api/v1/workbooks/<path>/git…), typed by the shared protocol. */
import type {
  CommitRequest,
  CommitResponse,
  RestoreRequest,
  WorkbookDiffResponse,
  WorkbookGitInfo,
} from "../server/protocol/index.ts";
import { encodePath, request } from "./api.ts";

export type {
  BlockChange,
  BlockDiff,
  LineDiff,
  WorkbookCommit,
  WorkbookDiff,
  WorkbookDiffResponse,
  WorkbookGitInfo,
  WorkbookGitStatus,
} from "../server/protocol/index.ts";

function gitUrl(workbook: string, action = ""): string {
  return `/api/v1/workbooks/${encodePath(workbook)}/git${action}`;
}

/** The workbook's status and latest commits (newest first), or `repository: false`. */
export function getGitInfo(workbook: string): Promise<WorkbookGitInfo> {
  return request(gitUrl(workbook));
}

/** The version of `rev` (a hash or "HEAD") against the working file on disk. */
export function getGitDiff(workbook: string, rev: string): Promise<WorkbookDiffResponse> {
  return request(`${gitUrl(workbook, "/diff")}?${new URLSearchParams({ rev })}`);
}

/** Commits the workbook's file as it is on disk. */
export function commitWorkbook(workbook: string, message: string): Promise<CommitResponse> {
  const body: CommitRequest = { message };
  return request(gitUrl(workbook, "/commit"), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** Makes `rev`'s version the working file, if the file is still at `version` (If-Match); answered as a save is. */
export function restoreVersion(
  workbook: string,
  rev: string,
  version: string,
): Promise<{ path: string; version: string }> {
  const body: RestoreRequest = { rev };
  return request(gitUrl(workbook, "/restore"), {
    method: "POST",
    headers: { "content-type": "application/json", "if-match": `"${version}"` },
    body: JSON.stringify(body),
  });
}

/** Where `rev`'s version is served as a report, run read-only on today's data. */
export function versionReportUrl(workbook: string, rev: string): string {
  return `${gitUrl(workbook, "/report")}?${new URLSearchParams({ rev })}`;
}
