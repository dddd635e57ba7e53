/**
 * Read-only share links: the JSON of the share API (/api/v1/shares) and the messages of the
 * share view's WebSocket (/s/<token>/ws). A share view gets a workbook's prose and outputs,
 * never its source: no cell text, no SQL, no front matter; `hidden` cells are left out and
 * errors are reduced to `SHARED_FAILURE`. Imported by the server and the browser.
 */
import type { CellStatus } from "./cells.ts";
import type { Output } from "./outputs.ts";
import type { ParamControl } from "./params.ts";

/** A share link as editors list it. Its token is shown once, when it is created, and never stored. */
export interface Share {
  id: string;
  workbook: string;
  /** Epoch ms. */
  createdAt: number;
  expiresAt: number;
  /** The last time the link was opened, if ever. */
  lastAccessAt?: number;
  /** Whether viewers may download tables (CSV, TSV), charts (SVG, PNG) and drift reports (CSV, JSON). */
  downloads: boolean;
}

/** The answer to creating a link: the only time its token (inside `path` and `url`) is seen. */
export interface CreatedShare extends Share {
  /** `/s/<token>`. */
  path: string;
  /** The absolute link, on the host the editor used. */
  url: string;
}

/** The body of `POST /api/v1/shares`. */
export interface ShareRequest {
  workbook: string;
  /** How long the link works: a duration such as "7d" or "12h", or seconds. Default 30 days. */
  expiresIn?: string | number;
  /** Let viewers download what they see; default false. */
  downloads?: boolean;
}

/** A page of links: `GET /api/v1/shares?workbook=<path>`, newest first; revoked links are gone. */
export interface ShareList {
  shares: Share[];
}

/** What a stakeholder sees of a cell: how it went and what it shows. */
export interface SharedCell {
  index: number;
  status: CellStatus;
  outputs: Output[];
}

/** The workbook's blocks in file order; a cell block is filled by the `SharedCell` of its index. */
export type SharedBlock = { type: "prose"; markdown: string } | { type: "cell"; index: number };

/**
 * Why a share view stopped: the link was revoked or expired, or the workbook was deleted, or
 * moved (the link follows it: the view opens it again).
 */
export type ShareEnd = "revoked" | "expired" | "removed" | "moved";

export type ShareMessage =
  /**
   * The whole view: sent on connect and whenever the workbook file changes. `params` are the
   * controls of the params the author marked `viewer: true`, with the values this view runs
   * with (the link's URL may set them: `/s/<token>?region=eu`).
   */
  | {
      type: "workbook";
      title: string;
      version: string;
      blocks: SharedBlock[];
      cells: SharedCell[];
      params: ParamControl[];
      /** Whether the link lets the viewer download (see Share.downloads). */
      downloads?: boolean;
    }
  /** The viewer params' controls changed (a select's query listed other choices). */
  | { type: "params"; params: ParamControl[] }
  /** The view's session was closed to make room for others (`--max-sessions`); the socket closes and the page reconnects. */
  | { type: "closed" }
  /** One cell's new state. */
  | { type: "cell"; version: string; cell: SharedCell }
  /** The link stopped working; the server closes the socket after this. */
  | { type: "ended"; reason: ShareEnd };

/** All a share view says of a failed cell. */
export const SHARED_FAILURE = "this cell failed";
