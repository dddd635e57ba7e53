/**
 * The notebook's collapsible panel on linkedom's DOM: when it fetches (at once, on first open,
 * on refresh), how overlapping refreshes coalesce, the 404 that hides it, the error line that a
 * good fetch clears but an action's failure outlives, and its busy buttons.
 */
import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { ApiError } from "../../../client/api.ts";
import { CollapsiblePanel, type PanelOptions } from "../../../client/views/collapsiblePanel.ts";

const dom = parseHTML("<!doctype html><html><body></body></html>");
// The panel builds its elements with the global document, as in the browser.
Object.assign(globalThis, { document: dom.document });

/** A fetch the test answers by hand, one call at a time. */
function manualFetch<T>() {
  const calls: { resolve: (value: T) => void; reject: (error: Error) => void }[] = [];
  const fetch = () => new Promise<T>((resolve, reject) => calls.push({ resolve, reject }));
  return { fetch, calls };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function panelOf(options: Partial<PanelOptions<number>> & Pick<PanelOptions<number>, "fetch">) {
  const shown: number[] = [];
  const panel: CollapsiblePanel<number> = new CollapsiblePanel<number>({
    name: "test-panel",
    title: "Things",
    what: "the things",
    eager: true,
    show: (count) => {
      shown.push(count);
      panel.setState(count ? `${count} things` : undefined);
    },
    ...options,
  });
  return { panel, shown };
}

function open(panel: CollapsiblePanel<number>): void {
  panel.element.open = true;
  panel.element.dispatchEvent(new dom.Event("toggle"));
}

describe("CollapsiblePanel", () => {
  it("fetches at once when eager and shows the title with its state", async () => {
    const { fetch, calls } = manualFetch<number>();
    const { panel, shown } = panelOf({ fetch });
    expect(panel.element.tagName).toBe("DETAILS");
    expect(panel.element.className).toBe("panel test-panel");
    expect(panel.summary.textContent).toBe("Things");
    expect(calls).toHaveLength(1);
    calls[0].resolve(3);
    await settle();
    expect(shown).toEqual([3]);
    expect(panel.summary.textContent).toBe("Things · 3 things");
  });

  it("when lazy, ignores refreshes until its first open, then fetches on each open and refresh", async () => {
    const { fetch, calls } = manualFetch<number>();
    const { panel, shown } = panelOf({ fetch, eager: false });
    await panel.refresh();
    expect(calls).toHaveLength(0);
    open(panel);
    expect(calls).toHaveLength(1);
    calls[0].resolve(1);
    await settle();
    const refreshed = panel.refresh();
    expect(calls).toHaveLength(2);
    calls[1].resolve(2);
    await refreshed;
    expect(shown).toEqual([1, 2]);
  });

  it("runs refreshes asked for during a fetch as one more fetch after it", async () => {
    const { fetch, calls } = manualFetch<number>();
    const { panel, shown } = panelOf({ fetch });
    void panel.refresh();
    void panel.refresh();
    void panel.refresh();
    expect(calls).toHaveLength(1);
    calls[0].resolve(1);
    await settle();
    expect(calls).toHaveLength(2);
    calls[1].resolve(2);
    await settle();
    expect(calls).toHaveLength(2);
    expect(shown).toEqual([1, 2]);
  });

  it("hides itself when its API answers 404", async () => {
    const { fetch, calls } = manualFetch<number>();
    const { panel, shown } = panelOf({ fetch });
    calls[0].reject(new ApiError("no such workbook: gone.md", 404));
    await settle();
    expect(panel.element.hidden).toBe(true);
    expect(panel.error.textContent).toBe("");
    expect(shown).toEqual([]);
  });

  it("shows another failure on its error line, even when hidden until loaded, until a good fetch", async () => {
    const { fetch, calls } = manualFetch<number>();
    const { panel } = panelOf({ fetch, hidden: true });
    expect(panel.element.hidden).toBe(true);
    calls[0].reject(new ApiError("internal error", 500));
    await settle();
    expect(panel.element.hidden).toBe(false);
    expect(panel.error.textContent).toBe("Could not load the things: internal error");
    const refreshed = panel.refresh();
    calls[1].resolve(4);
    await refreshed;
    expect(panel.error.textContent).toBe("");
  });

  it("keeps an action's failure through later fetches, until the next action", async () => {
    const { fetch, calls } = manualFetch<number>();
    const { panel } = panelOf({ fetch });
    calls[0].resolve(1);
    await settle();
    const control = dom.document.createElement("button");
    control.textContent = "Do it";
    let during = "";
    await panel.act(control, "Doing…", "do it", async () => {
      during = `${control.textContent} ${control.disabled}`;
      throw new Error("the server said no");
    });
    expect(during).toBe("Doing… true");
    expect([control.textContent, control.disabled]).toEqual(["Do it", false]);
    expect(panel.error.textContent).toBe("Could not do it: the server said no");

    const refreshed = panel.refresh();
    calls[1].resolve(2);
    await refreshed;
    expect(panel.error.textContent).toBe("Could not do it: the server said no");
    await panel.act(control, "Doing…", "do it", async () => undefined);
    expect(panel.error.textContent).toBe("");
  });

  it("shows nothing once disposed, and tells its owner to stop what it started", async () => {
    const { fetch, calls } = manualFetch<number>();
    let stopped = 0;
    const { panel, shown } = panelOf({ fetch, onDispose: () => (stopped += 1) });
    expect(stopped).toBe(0);
    panel.dispose();
    calls[0].resolve(5);
    await settle();
    expect(shown).toEqual([]);
    expect(panel.disposed).toBe(true);
    expect(stopped).toBe(1);
  });

  it("says whether data differs from what it last drew", () => {
    const { panel } = panelOf({ fetch: () => new Promise(() => undefined) });
    expect(panel.changed({ rows: [1, 2] })).toBe(true);
    expect(panel.changed({ rows: [1, 2] })).toBe(false);
    expect(panel.changed({ rows: [1] })).toBe(true);
  });
});
