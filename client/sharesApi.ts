/** The share-link API (/api/v1/shares), typed by the shared protocol. Times are epoch milliseconds. */
import type { CreatedShare, Share, ShareList, ShareRequest } from "../server/protocol/index.ts";
import { request } from "./api.ts";

export type { CreatedShare, Share } from "../server/protocol/index.ts";

const BASE = "/api/v1/shares";

/** Creates a read-only link; the answer is the only place its URL is ever seen. */
export function createShare(body: ShareRequest): Promise<CreatedShare> {
  return request(BASE, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

/** A workbook's links, newest first: expired ones included, revoked ones gone. */
export async function listShares(workbook: string): Promise<Share[]> {
  const page = await request<ShareList>(`${BASE}?${new URLSearchParams({ workbook })}`);
  return page.shares;
}

/** Stops a link from working. */
export async function revokeShare(id: string): Promise<void> {
  await request(`${BASE}/${encodeURIComponent(id)}`, { method: "DELETE" });
}
