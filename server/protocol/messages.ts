/**
 * The WebSocket protocol between the server and browsers, and the JSON shapes of the workbook
 * API. Imported by both sides; imports nothing but its siblings.
 *
 * Versions: `version` is the content hash of the workbook file a message describes. A browser
 * drops a `cell` message whose version is not the one it shows (a late result of a superseded
 * file), and `run` counts a cell's runs so a late result of a superseded run is dropped too.
 */
import type { CellKind, CellStatus, Problem } from "./cells.ts";
import type { Output } from "./outputs.ts";
import type { AlertState } from "./alerts.ts";
import type { WorkbookGitStatus } from "./git.ts";
import type { ReplayRequest, ReplayResult } from "./replay.ts";
import type { RunStatus } from "./runs.ts";
import type { ParamControl } from "./params.ts";

/** A cell as viewers see it: where it is, what it is, and its latest state. */
export interface CellView {
  index: number;
  /** Content id: stable while the cell's source is unchanged. */
  id: string;
  kind: CellKind;
  name?: string;
  status: CellStatus;
  ms?: number;
  outputs: Output[];
  /** How many times this cell has started running since the workbook was opened. */
  run: number;
}

/**
 * A block of the workbook in order: prose (raw Markdown) or a cell. A cell carries its fence
 * lines exactly as written, so an editor rebuilds the file by concatenation:
 * `frontMatter + blocks.map(b => b.type === "prose" ? b.markdown : b.opening + b.source + b.closing)`.
 */
export type BlockView =
  | { type: "prose"; markdown: string }
  | {
      type: "cell";
      index: number;
      kind: CellKind;
      name?: string;
      options: Record<string, string | true>;
      /** The opening fence line, line end included (e.g. "```sql current\n"). */
      opening: string;
      source: string;
      /** The closing fence line, line end included; "" when the fence runs to the end of the file. */
      closing: string;
    };

/** A workbook file as the API returns it. */
export interface WorkbookFile {
  path: string;
  version: string;
  text: string;
  /** The front matter exactly as written, delimiters included; "" when there is none. */
  frontMatter: string;
  title: string;
  blocks: BlockView[];
  problems: Problem[];
}

/** A line of the workbook list. */
export interface WorkbookSummary {
  path: string;
  title: string;
  /** The cron pattern of the front matter's `schedule`. */
  schedule?: string;
  /** Why the front matter's `schedule` (or `timeout`) cannot be used; the workbook is not scheduled. */
  scheduleError?: string;
  problems: number;
  /** The latest recorded run (scheduled, run now or `driftbook run`), if any. */
  lastRun?: { status: RunStatus; startedAt: number };
  /** When the schedule runs it next (epoch ms), in its time zone. */
  nextRun?: number;
  /** The front matter's `model`. */
  model?: string;
  /** The worst stored state of its alert rules' instances (firing first), when it has any. */
  alertState?: AlertState;
  /** Its state in git, when the workbooks folder is in a git repository. */
  git?: WorkbookGitStatus;
}

/**
 * What an editor shows of a workbook beside its cells, each from its own API: its run history,
 * its alert rules' state, its share links, its git history.
 */
export type WorkbookTopic = "runs" | "alerts" | "shares" | "git";

export type ClientMessage =
  /**
   * Start receiving a workbook's state: the server answers with a `workbook` message. `params`
   * (URL text, `?region=eu`) runs it with those param values, a preview shared by every viewer
   * asking for the same; subscribing again to the path switches to the new values.
   */
  | { type: "subscribe"; path: string; params?: Record<string, string> }
  | { type: "unsubscribe"; path: string }
  /** Run a subscribed workbook's `index`-th cell again (and what depends on it), as a preview. */
  | { type: "run"; path: string; index: number }
  /** Hear the `changed` news of every workbook's alerts (the alerts page lists them all), until `unwatchAlerts`. */
  | { type: "watchAlerts" }
  | { type: "unwatchAlerts" }
  /**
   * Replay a rule (or a change's effect) over history on the server; `id`, the browser's own,
   * names the replay in its answers. A new replay of the same rule (or change) of the same
   * workbook cancels the one before, as `cancelReplay` and the socket's closing do.
   */
  | { type: "replay"; id: number; request: ReplayRequest }
  | { type: "cancelReplay"; id: number };

export type ServerMessage =
  /**
   * The full state of a subscribed workbook: sent on subscribe and whenever its file changes
   * (a save, another editor, git checkout); an editor holding unsaved edits of an older
   * version shows the conflict instead of dropping either side.
   */
  | { type: "workbook"; workbook: WorkbookFile; cells: CellView[]; params: ParamControl[] }
  /** The param controls changed (a select's query listed other choices). */
  | { type: "params"; path: string; params: ParamControl[] }
  /**
   * The session for these params was closed to make room for others (`--max-sessions`, least
   * recently used first): subscribe again to reopen it.
   */
  | { type: "closed"; path: string }
  /** One cell's new state. */
  | { type: "cell"; path: string; version: string; cell: CellView }
  /** The workbook was deleted or renamed away; `movedTo` is its new path when Driftbook moved it. */
  | { type: "removed"; path: string; movedTo?: string }
  /**
   * A topic of a subscribed workbook changed (a run was recorded, its alert rules were evaluated,
   * a share link was created or revoked, a commit was made): the editor reloads that topic
   * instead of polling for it; a socket watching alerts hears every workbook's alert news. Editor
   * sockets only: a share view never hears of runs, links or commits.
   */
  | { type: "changed"; path: string; topic: WorkbookTopic }
  /** A replay evaluated `done` of its `total` steps. */
  | { type: "replayProgress"; id: number; done: number; total: number }
  | { type: "replayResult"; id: number; result: ReplayResult }
  /** A replay ended without a result: it failed, or was `cancelled` (its rule changed meanwhile). */
  | { type: "replayError"; id: number; message: string; cancelled: boolean }
  | { type: "error"; message: string };
