/**
 * News of a workbook's topics (protocol's WorkbookTopic: runs, alerts, shares, git) from the
 * parts that change them — the runner, live workbooks, the share and git routes, and the watch on
 * other processes' runs — to the editor sockets (http/ws.ts), which tell the editors subscribed
 * to that workbook. Editors reload a topic when told, instead of polling for it (as Grafana Live
 * pushes dashboard changes: https://grafana.com/docs/grafana/latest/setup-grafana/set-up-grafana-live/).
 */
import type { WorkbookTopic } from "../protocol/index.ts";

export type TopicListener = (path: string, topic: WorkbookTopic) => void;

export class WorkbookChanges {
  private readonly listeners = new Set<TopicListener>();

  /** Tells every listener that `topic` of the workbook at `path` changed. */
  changed(path: string, ...topics: WorkbookTopic[]): void {
    for (const topic of topics) for (const listener of this.listeners) listener(path, topic);
  }

  /** Calls `listener` with each change from now on; returns the unsubscribe function. */
  listen(listener: TopicListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
