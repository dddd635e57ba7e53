/**
 * The draft store over a Storage with the Web Storage semantics that matter here (string values,
 * a quota), since Node has no localStorage; the end-to-end tests use Chromium's. Each page keeps
 * and drops its own draft, never another page's; an unreadable draft is removed, and a full
 * storage is reported rather than thrown.
 */
import { describe, expect, it, vi } from "vitest";
import { DraftStore } from "../../client/drafts.ts";
import type { BlockView } from "../../server/protocol/index.ts";

/** Web Storage in memory, refusing writes past `quota` characters as browsers do (QuotaExceededError). */
class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  constructor(private readonly quota = Infinity) {}
  get length() {
    return this.items.size;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    if (value.length > this.quota) throw new Error("The quota has been exceeded.");
    this.items.set(key, String(value));
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  clear() {
    this.items.clear();
  }
}

const BLOCKS: BlockView[] = [
  { type: "prose", markdown: "# T\n\n" },
  { type: "cell", index: 0, kind: "js", options: {}, opening: "```js\n", source: "const a = 5;\n", closing: "```\n" },
];

const FRONT_MATTER = "---\ntitle: T\n---\n";

describe("DraftStore", () => {
  it("keeps a page's blocks and front matter under the workbook's path, for the next page to read", () => {
    const storage = new MemoryStorage();
    expect(new DraftStore("a/t.md", storage).keep("v1", BLOCKS, FRONT_MATTER)).toBeUndefined();
    expect(storage.key(0)).toBe("driftbook.draft:a/t.md");
    expect(new DraftStore("a/t.md", storage).read()).toMatchObject({
      base: "v1",
      blocks: BLOCKS,
      frontMatter: FRONT_MATTER,
    });
    expect(new DraftStore("b.md", storage).read()).toBeUndefined();
  });

  it("drops only the page's own draft, so a second page with nothing to save keeps the first page's", () => {
    const storage = new MemoryStorage();
    const first = new DraftStore("t.md", storage);
    const second = new DraftStore("t.md", storage);
    first.keep("v1", BLOCKS, "");
    second.drop();
    expect(second.read()?.base).toBe("v1");
    second.keep("v1", BLOCKS, "");
    first.drop();
    expect(first.read()?.base).toBe("v1");
    second.drop();
    expect(first.read()).toBeUndefined();
  });

  it("discards the draft whoever kept it", () => {
    const storage = new MemoryStorage();
    new DraftStore("t.md", storage).keep("v1", BLOCKS, "");
    new DraftStore("t.md", storage).discard();
    expect(storage.length).toBe(0);
  });

  it("removes a draft it cannot read, saying so", () => {
    const storage = new MemoryStorage();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    for (const stored of ["{not json", JSON.stringify({ base: "v1" })]) {
      storage.setItem("driftbook.draft:t.md", stored);
      expect(new DraftStore("t.md", storage).read()).toBeUndefined();
      expect(storage.length).toBe(0);
    }
    expect(warn).toHaveBeenCalledWith("driftbook: the draft kept for t.md cannot be read; it is removed");
    warn.mockRestore();
  });

  it("reports a storage that refuses the draft instead of throwing", () => {
    const store = new DraftStore("t.md", new MemoryStorage(10));
    expect(store.keep("v1", BLOCKS, "")).toBe("The quota has been exceeded.");
    expect(store.read()).toBeUndefined();
  });
});
