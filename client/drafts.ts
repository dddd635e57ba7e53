/**
 * Drafts: a page's unsaved edits of a workbook, kept in the browser's localStorage under the
 * workbook's path on every edit, so a closed tab, a crash or a server that is down loses
 * nothing. The next page on the workbook offers the draft back (views/saver.ts). A page drops
 * its own draft once its text is on disk, never another page's: a second tab on the same
 * workbook that has nothing to save leaves the first tab's draft alone.
 * localStorage is per origin and synchronous, so a draft is written before the keystroke's
 * event ends (https://html.spec.whatwg.org/multipage/webstorage.html).
 */
import type { BlockView } from "../server/protocol/index.ts";

export interface Draft {
  /** The file version the edits were made on: if the file is at another one now, it changed since. */
  base: string;
  /** The page's blocks, edits included. */
  blocks: BlockView[];
  /** The page's front matter, edits included; absent in drafts kept before it was editable (the file's is used). */
  frontMatter?: string;
  /** When it was kept, in ms since the epoch. */
  keptAt: number;
  /** The page that kept it. */
  writer: string;
}

const KEY_PREFIX = "driftbook.draft:";

export class DraftStore {
  /** This page's name among the pages that keep drafts (crypto.randomUUID needs a secure context). */
  private readonly writer = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  private readonly key: string;
  /** Whether this page has kept a draft since it last dropped one. */
  private kept = false;

  constructor(
    path: string,
    private readonly storage: Storage = localStorage,
  ) {
    this.key = KEY_PREFIX + path;
  }

  /** The draft kept for this workbook, if any; one that cannot be read is reported and removed. */
  read(): Draft | undefined {
    const stored = this.storage.getItem(this.key);
    if (stored === null) return undefined;
    try {
      const draft = JSON.parse(stored) as Partial<Draft>;
      if (typeof draft.base === "string" && Array.isArray(draft.blocks) && typeof draft.keptAt === "number")
        return draft as Draft;
    } catch {
      // reported below
    }
    console.warn(`driftbook: the draft kept for ${this.key.slice(KEY_PREFIX.length)} cannot be read; it is removed`);
    this.storage.removeItem(this.key);
    return undefined;
  }

  /** Keeps the page's blocks and front matter as this workbook's draft; returns why it could not (storage full or disabled). */
  keep(base: string, blocks: BlockView[], frontMatter: string): string | undefined {
    const draft: Draft = { base, blocks, frontMatter, keptAt: Date.now(), writer: this.writer };
    try {
      this.storage.setItem(this.key, JSON.stringify(draft));
      this.kept = true;
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  }

  /** Removes the draft if this page kept it: its edits are on disk. */
  drop(): void {
    if (!this.kept) return;
    this.kept = false;
    if (this.read()?.writer === this.writer) this.storage.removeItem(this.key);
  }

  /** Removes the draft whoever kept it: the user chose the file over it. */
  discard(): void {
    this.kept = false;
    this.storage.removeItem(this.key);
  }
}
