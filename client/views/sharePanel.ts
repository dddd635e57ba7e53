/**
 * The notebook's share panel, a collapsible box under the title bar: creates read-only links to
 * the workbook with an expiry, shows a new link once with a copy button, and lists the
 * workbook's links with when each was created, expires and was last opened, and a revoke
 * button that asks for a second click. It loads on its first open (links are made and revoked
 * here; nothing about them needs a glance while it is closed), then whenever the server says a
 * link of the workbook was created or revoked.
 */
import "./sharePanel.css";
import { button, confirmingButton, el } from "../dom.ts";
import { createShare, listShares, revokeShare, type CreatedShare, type Share } from "../sharesApi.ts";
import { timeElement } from "./alertParts.ts";
import { CollapsiblePanel } from "./collapsiblePanel.ts";

const EXPIRIES = [
  ["1d", "1 day"],
  ["7d", "7 days"],
  ["30d", "30 days"],
  ["90d", "90 days"],
];
const DEFAULT_EXPIRY = "30d";

export class SharePanel {
  readonly panel: CollapsiblePanel<Share[]>;
  private readonly expiry = el(
    "select",
    { class: "share-expiry", attrs: { name: "expiresIn" } },
    ...EXPIRIES.map(([value, text]) =>
      el("option", { text, attrs: value === DEFAULT_EXPIRY ? { value, selected: "" } : { value } }),
    ),
  );
  private readonly downloads = el("input", {
    class: "share-downloads",
    attrs: { type: "checkbox", name: "downloads" },
  });
  private readonly createButton = button("Create link", () => void this.create(), { class: "share-create" });
  private readonly created = el("div", { class: "share-created", attrs: { hidden: "" } });
  private readonly content = el("div", { class: "share-content" });

  constructor(private readonly workbook: string) {
    this.panel = new CollapsiblePanel({
      name: "share-panel",
      title: "Share",
      what: "the links",
      fetch: () => listShares(workbook),
      show: (shares) => this.show(shares),
      eager: true,
    });
    this.panel.element.append(
      el("p", {
        class: "note",
        text: "Anyone with a link sees this workbook's text and outputs, updated live — not its code or data queries.",
      }),
      el(
        "div",
        { class: "share-toolbar" },
        el("label", {}, "Expires after ", this.expiry),
        el(
          "label",
          { title: "Tables as CSV/TSV, charts as SVG/PNG, drift reports as CSV/JSON" },
          this.downloads,
          " Allow downloads",
        ),
        this.createButton,
      ),
      this.panel.error,
      this.created,
      this.content,
    );
  }

  /** Creates a link and shows it; the server's news of it refreshes the list. */
  private create(): Promise<void> {
    return this.panel.act(this.createButton, "Creating…", "create the link", async () => {
      const share = await createShare({
        workbook: this.workbook,
        expiresIn: this.expiry.value,
        downloads: this.downloads.checked,
      });
      if (!this.panel.disposed) this.showCreated(share);
    });
  }

  /** The new link with its copy button: the server never gives its token again. */
  private showCreated(share: CreatedShare): void {
    const url = el("input", { class: "share-url", attrs: { readonly: "", "aria-label": "Share link" } });
    url.value = share.url;
    url.addEventListener("focus", () => url.select());
    const status = el("span", { class: "share-copy-status", attrs: { "aria-live": "polite" } });
    const copy = button(
      "Copy",
      async () => {
        status.textContent = (await copyText(url)) ? "Copied" : "Press Ctrl+C to copy";
      },
      { class: "share-copy" },
    );
    this.created.replaceChildren(
      el("div", { class: "share-url-row" }, url, copy, status),
      el(
        "p",
        { class: "note", text: "The link is shown only now: copy it before you leave. Expires " },
        timeElement(share.expiresAt),
        ".",
      ),
    );
    this.created.hidden = false;
    url.focus();
  }

  private show(shares: Share[]): void {
    const now = Date.now();
    const active = shares.filter((share) => share.expiresAt > now).length;
    this.panel.setState(active ? `${active} link${active === 1 ? "" : "s"}` : undefined);
    if (!this.panel.changed(shares.map((share) => [share, share.expiresAt > now]))) return;
    if (shares.length === 0) {
      this.content.replaceChildren(el("p", { class: "note", text: "No link yet." }));
      return;
    }
    const head = el(
      "tr",
      {},
      ...["Created", "Expires", "Last opened", "Downloads", ""].map((text) =>
        el("th", { text, attrs: { scope: "col" } }),
      ),
    );
    const rows = shares.map((share) => this.shareRow(share, share.expiresAt <= now));
    this.content.replaceChildren(
      el("table", { class: "share-table" }, el("thead", {}, head), el("tbody", {}, ...rows)),
    );
  }

  private shareRow(share: Share, expired: boolean): HTMLTableRowElement {
    const expires = expired
      ? el("span", { text: "expired", title: new Date(share.expiresAt).toLocaleString() })
      : timeElement(share.expiresAt);
    return el(
      "tr",
      { class: `share-row${expired ? " share-expired" : ""}`, attrs: { "data-id": share.id } },
      el("td", {}, timeElement(share.createdAt)),
      el("td", { class: "share-expires" }, expires),
      el("td", { class: "share-last" }, share.lastAccessAt === undefined ? "never" : timeElement(share.lastAccessAt)),
      el("td", { class: "share-downloads-allowed", text: share.downloads ? "allowed" : "no" }),
      el("td", {}, this.revokeButton(share.id)),
    );
  }

  /** "Revoke", then "Confirm revoke" for a few seconds: a second click revokes the link. */
  private revokeButton(id: string): HTMLButtonElement {
    const revoke = confirmingButton(
      "Revoke",
      "Confirm revoke",
      async () => {
        this.panel.clearError();
        try {
          await revokeShare(id);
          revoke.closest("tr")?.remove(); // at once; the server's news of it redraws the list
        } catch (failure) {
          this.panel.fail(`Could not revoke the link: ${(failure as Error).message}`);
        }
      },
      { class: "share-revoke", title: "Stop this link from working" },
    );
    return revoke;
  }
}

/** Copies an input's text with the clipboard API, else by selecting it and the copy command. */
async function copyText(input: HTMLInputElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(input.value);
    return true;
  } catch {
    input.select();
    try {
      return document.execCommand("copy");
    } catch {
      return false;
    }
  }
}
