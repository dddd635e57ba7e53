/**
 * The notebook's git panel, a collapsible box under the title bar, shown only when the workbooks
 * folder is a git repository: the workbook's status against HEAD in its summary, a commit form
 * (the page's pending edits are saved first), and the workbook's history with, per commit, its
 * diff against the working file (with the change's effect on the alerts, diffImpact.ts), its
 * version as a report on today's data, and a restore that asks for a second click. It loads at once for its summary, then whenever the server says a
 * commit of the workbook was made and whenever the notebook says the file changed.
 */
import "./gitPanel.css";
import { button, confirmingButton, el } from "../dom.ts";
import {
  commitWorkbook,
  getGitDiff,
  getGitInfo,
  restoreVersion,
  versionReportUrl,
  type WorkbookCommit,
  type WorkbookGitInfo,
  type WorkbookGitStatus,
} from "../gitApi.ts";
import { timeElement } from "./alertParts.ts";
import { CollapsiblePanel } from "./collapsiblePanel.ts";
import { DiffImpact, type Replayer } from "./diffImpact.ts";
import { diffView } from "./gitDiff.ts";

/** The revision "Diff with HEAD" compares with. */
const HEAD = "HEAD";

/** What the panel needs of the editor it sits in. */
export interface GitEditor {
  /** Saves the page's pending edits; resolves once they are on disk, rejects when they cannot be saved. */
  flush(): Promise<void>;
  /** The version of the working file the page shows, once loaded. */
  version(): string | undefined;
  /** Replays over the editor's socket: the diff's effect on the alerts. */
  replay: Replayer;
}

export class GitPanel {
  readonly panel: CollapsiblePanel<WorkbookGitInfo>;
  private readonly message = el("textarea", {
    class: "commit-message",
    attrs: { rows: "2", placeholder: "Commit message: what changed and why", "aria-label": "Commit message" },
  });
  private readonly commitButton = button("Commit", () => void this.commit(), {
    class: "commit",
    title: "Commit this workbook as saved (Ctrl+Enter)",
  });
  private readonly result = el("span", { class: "commit-result", attrs: { "aria-live": "polite" } });
  private readonly diffHeadButton = button("Diff with HEAD", () => void this.toggleDiff(HEAD), {
    class: "diff-head",
    title: "Show the changes not committed yet",
    attrs: { hidden: "" },
  });
  private readonly history = el("div", { class: "git-history-content" });
  private readonly diffArea = el("div", { class: "git-diff-area" });
  private commits: WorkbookCommit[] = [];
  /** The revision whose diff is shown, reloaded with each refresh so it follows the file. */
  private diffRev: string | undefined;
  /** The shown diff's effect on the alerts, and which revision and working version it replays. */
  private impact: { key: string; view: DiffImpact } | undefined;

  constructor(
    private readonly workbook: string,
    private readonly editor: GitEditor,
  ) {
    this.panel = new CollapsiblePanel({
      name: "git-panel",
      title: "Git",
      what: "the git status",
      fetch: () => getGitInfo(workbook),
      show: (info) => this.show(info),
      eager: true,
      hidden: true,
      onDispose: () => this.showImpact(undefined),
    });
    this.message.addEventListener("keydown", (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key === "Enter" && !this.commitButton.disabled) {
        event.preventDefault();
        void this.commit();
      }
    });
    this.panel.element.append(
      el(
        "div",
        { class: "git-commit-form" },
        this.message,
        el("div", { class: "git-commit-actions" }, this.commitButton, this.result),
      ),
      this.panel.error,
      el("div", { class: "git-toolbar" }, el("h4", { text: "History" }), this.diffHeadButton),
      this.history,
      this.diffArea,
    );
  }

  private show(info: WorkbookGitInfo): void {
    this.panel.element.hidden = !info.repository;
    if (!info.repository) return;
    this.panel.setState(gitStatusBadge(info.status));
    this.panel.summary.dataset.status = info.status;
    this.diffHeadButton.hidden = info.status !== "modified";
    this.showHistory(info.history);
    if (this.diffRev !== undefined) void this.loadDiff(this.diffRev);
  }

  /** Saves pending edits, then commits the file; the server's news of the commit refreshes the history. */
  private commit(): Promise<void> {
    this.result.textContent = "";
    return this.panel.act(this.commitButton, "Committing…", "commit", async () => {
      await this.editor.flush();
      const commit = await commitWorkbook(this.workbook, this.message.value);
      if (this.panel.disposed) return;
      this.message.value = "";
      this.result.textContent = `Committed ${commit.shortCommit}`;
    });
  }

  /** Saves pending edits, then makes `commit`'s version the working file over the version the page shows. */
  /** The restored file reaches the notebook over the socket, which refreshes this panel. */
  private async restore(commit: WorkbookCommit): Promise<void> {
    this.panel.clearError();
    try {
      await this.editor.flush();
      const version = this.editor.version();
      if (version === undefined) throw new Error("the workbook has not loaded yet");
      await restoreVersion(this.workbook, commit.commit, version);
    } catch (failure) {
      this.panel.fail(`Could not restore ${commit.shortCommit}: ${(failure as Error).message}`);
    }
  }

  private showHistory(commits: WorkbookCommit[]): void {
    this.commits = commits;
    if (!this.panel.changed(commits)) return;
    if (commits.length === 0) {
      this.history.replaceChildren(el("p", { class: "note", text: "No commit of this workbook yet." }));
      return;
    }
    const head = el(
      "tr",
      {},
      ...["Commit", "Message", "Author", "Date", ""].map((text) => el("th", { text, attrs: { scope: "col" } })),
    );
    const rows = commits.map((commit) => this.commitRow(commit));
    this.history.replaceChildren(
      el("table", { class: "git-history" }, el("thead", {}, head), el("tbody", {}, ...rows)),
    );
    this.markShownDiff();
  }

  private commitRow(commit: WorkbookCommit): HTMLTableRowElement {
    return el(
      "tr",
      { class: "commit-row", attrs: { "data-commit": commit.commit } },
      el("td", {}, el("code", { class: "commit-hash", text: commit.shortCommit, title: commit.commit })),
      el("td", { class: "commit-subject", text: commit.message, ...(commit.body ? { title: commit.body } : {}) }),
      el("td", { class: "commit-author", text: commit.author, title: commit.email }),
      el("td", {}, timeElement(Date.parse(commit.date))),
      el(
        "td",
        { class: "commit-actions" },
        button("Diff", () => void this.toggleDiff(commit.commit), {
          class: "show-diff",
          title: "Show the changes from this version to the working file",
          attrs: { "aria-pressed": "false" },
        }),
        el("a", {
          class: "view-version",
          text: "View",
          title: "This version's report, run on today's data",
          attrs: { href: versionReportUrl(this.workbook, commit.commit), target: "_blank", rel: "noopener" },
        }),
        confirmingButton("Restore", "Confirm restore", () => this.restore(commit), {
          class: "restore",
          title: "Make this version the working file",
        }),
      ),
    );
  }

  /** Shows `rev`'s diff below the history, or hides it when it is the one shown. */
  private async toggleDiff(rev: string): Promise<void> {
    this.diffRev = this.diffRev === rev ? undefined : rev;
    this.markShownDiff();
    if (this.diffRev === undefined) {
      this.showImpact(undefined);
      this.diffArea.replaceChildren();
      return;
    }
    this.diffArea.replaceChildren(el("p", { class: "note", text: "Loading the diff…" }));
    await this.loadDiff(rev);
  }

  private async loadDiff(rev: string): Promise<void> {
    try {
      const response = await getGitDiff(this.workbook, rev);
      if (this.panel.disposed || this.diffRev !== rev) return;
      const since =
        this.commits.find((commit) => commit.commit === response.commit)?.shortCommit ?? response.commit.slice(0, 7);
      this.diffArea.replaceChildren(diffView(response.diff, since, response.existed));
      const { frontMatter, blocks } = response.diff;
      const changesRun =
        frontMatter.changed || blocks.some((block) => block.type === "cell" && block.change !== "same");
      this.showImpact(changesRun ? response.commit : undefined);
    } catch (failure) {
      if (this.diffRev !== rev) return;
      this.diffArea.replaceChildren();
      this.panel.fail(`Could not load the diff: ${(failure as Error).message}`, true);
    }
  }

  /**
   * Shows the effect on the alerts of the change from `commit` to the working file under the
   * diff, replaying again only when either side changed; undefined stops and hides it.
   */
  private showImpact(commit: string | undefined): void {
    const key = commit === undefined ? undefined : `${commit}\u0000${this.editor.version()}`;
    if (this.impact && this.impact.key !== key) {
      this.impact.view.dispose();
      this.impact = undefined;
    }
    if (commit === undefined || key === undefined) return;
    if (!this.impact || this.impact.view.element.dataset.state === "failed")
      this.impact = { key, view: new DiffImpact(this.editor.replay, this.workbook, commit) };
    this.diffArea.append(this.impact.view.element);
  }

  /** Marks the history row (and the Diff with HEAD button) whose diff is shown. */
  private markShownDiff(): void {
    this.diffHeadButton.setAttribute("aria-pressed", String(this.diffRev === HEAD));
    for (const row of this.history.querySelectorAll<HTMLTableRowElement>("tr.commit-row")) {
      const shown = row.dataset.commit === this.diffRev;
      row.classList.toggle("commit-row-shown", shown);
      row.querySelector("button.show-diff")?.setAttribute("aria-pressed", String(shown));
    }
  }
}

/** A workbook's git status as a small badge, e.g. "modified". */
export function gitStatusBadge(status: WorkbookGitStatus): HTMLSpanElement {
  return el("span", { class: "git-status", text: status, attrs: { "data-status": status } });
}
