/**
 * The host's side of table pages for downloads: requests sent to the worker, each waiting for
 * the `tableRows` event with its number. A request never answered (the process was replaced or
 * closed) fails, so a download ends instead of hanging.
 */
import type { TablePage, WorkerEvent } from "./messages.ts";

/** A page of a displayed table, with the display it came from (see RuntimeHost.tableRows). */
export type ShownPage = TablePage & { shown: number };

type Answer = Extract<WorkerEvent, { type: "tableRows" }>;

export class PageRequests {
  private readonly waiting = new Map<number, { resolve: (page: ShownPage) => void; reject: (error: Error) => void }>();
  private last = 0;

  /** A new request: its number for the command, and the page it resolves to. */
  add(): { request: number; page: Promise<ShownPage> } {
    const request = ++this.last;
    const page = new Promise<ShownPage>((resolve, reject) => this.waiting.set(request, { resolve, reject }));
    return { request, page };
  }

  answer(event: Answer): void {
    const waiting = this.waiting.get(event.request);
    this.waiting.delete(event.request);
    if (event.page) waiting?.resolve(event.page);
    else waiting?.reject(new Error(event.error ?? "no rows"));
  }

  /** Fails every request still waiting: `why` the worker will not answer. */
  failAll(why: string): void {
    for (const { reject } of this.waiting.values()) reject(new Error(`${why} during the export: download it again`));
    this.waiting.clear();
  }
}
