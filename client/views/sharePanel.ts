/**
 * The notebook's share panel, a collapsible box under the title bar: creates read-only links to
 * the workbook with an expiry, shows a new link once with a copy button, and lists the
 * workbook's links with when each was created, expires and was last opened, and a revoke
 * button that asks for a second click. It loads once for its summary, then on opening and
 * after each change.
 */
import "./sharePanel.css";
import { coalesced } from "../coalesce.ts";
import { button, confirmingButton, el } from "../dom.ts";
import { createShare, listShares, revokeShare, type CreatedShare, type Share } from "../sharesApi.ts";
import { refreshTimes, timeElement } from "./alertParts.ts";

const EXPIRIES = [
  ["1d", "1 day"],
  ["7d", "7 days"],
  ["30d", "30 days"],
  ["90d", "90 days"],
];
const DEFAULT_EXPIRY = "30d";

export class SharePanel {
  readonly element = el("details", { class: "share-panel" });
  private readonly summary = el("summary", { text: "Share" });
  private readonly expiry = el(
    "select",
    { class: "share-expiry", attrs: { name: "expiresIn" } },
    ...EXPIRIES.map(([value, text]) => el("option", { text, attrs: value === DEFAULT_EXPIRY ? { value, selected: "" } : { value } })),
  );
  private readonly createButton = button("Create link", () => void this.create(), { class: "share-create" });
  private readonly error = el("p", { class: "form-error", attrs: { role: "alert" } });
  private readonly created = el("div", { class: "share-created", attrs: { hidden: "" } });
  private readonly content = el("div", { class: "share-content" });
  private shown = "";
  private disposed = false;
  /** Loads and shows the workbook's links; a refresh asked for while one runs follows it. */
  readonly refresh = coalesced(() => this.load(), () => this.disposed);

  constructor(private readonly workbook: string) {
    this.element.append(
      this.summary,
      el("p", { class: "note", text: "Anyone with a link sees this workbook's text and outputs, updated live — not its code or data queries." }),
      el("div", { class: "share-toolbar" }, el("label", {}, "Expires after ", this.expiry), this.createButton),
      this.error,
      this.created,
      this.content,
    );
    this.element.addEventListener("toggle", () => {
      if (this.element.open && !this.disposed) void this.refresh();
    });
    void this.refresh();
  }

  dispose(): void {
    this.disposed = true;
  }

  private async create(): Promise<void> {
    this.createButton.disabled = true;
    this.createButton.textContent = "Creating…";
    this.error.textContent = "";
    try {
      const share = await createShare({ workbook: this.workbook, expiresIn: this.expiry.value });
      if (this.disposed) return;
      this.showCreated(share);
      void this.refresh();
    } catch (failure) {
      if (!this.disposed) this.error.textContent = `Could not create the link: ${(failure as Error).message}`;
    } finally {
      this.createButton.disabled = false;
      this.createButton.textContent = "Create link";
    }
  }

  /** The new link with its copy button: the server never gives its token again. */
  private showCreated(share: CreatedShare): void {
    const url = el("input", { class: "share-url", attrs: { readonly: "", "aria-label": "Share link" } });
    url.value = share.url;
    url.addEventListener("focus", () => url.select());
    const status = el("span", { class: "share-copy-status", attrs: { "aria-live": "polite" } });
    const copy = button("Copy", async () => {
      status.textContent = (await copyText(url)) ? "Copied" : "Press Ctrl+C to copy";
    }, { class: "share-copy" });
    this.created.replaceChildren(
      el("div", { class: "share-url-row" }, url, copy, status),
      el("p", { class: "note", text: "The link is shown only now: copy it before you leave. Expires " }, timeElement(share.expiresAt), "."),
    );
    this.created.hidden = false;
    url.focus();
  }

  private async load(): Promise<void> {
    try {
      const shares = await listShares(this.workbook);
      if (this.disposed) return;
      this.error.textContent = "";
      this.show(shares);
    } catch (failure) {
      if (this.disposed) return;
      this.error.textContent = `Could not load the links: ${(failure as Error).message}`;
    } finally {
      refreshTimes(this.element);
    }
  }

  private show(shares: Share[]): void {
    const now = Date.now();
    const active = shares.filter((share) => share.expiresAt > now).length;
    this.summary.textContent = active ? `Share · ${active} link${active === 1 ? "" : "s"}` : "Share";
    const serialized = JSON.stringify(shares.map((share) => [share, share.expiresAt > now]));
    if (serialized === this.shown) return;
    this.shown = serialized;
    if (shares.length === 0) {
      this.content.replaceChildren(el("p", { class: "note", text: "No link yet." }));
      return;
    }
    const head = el("tr", {}, ...["Created", "Expires", "Last opened", ""].map((text) => el("th", { text, attrs: { scope: "col" } })));
    const rows = shares.map((share) => this.shareRow(share, share.expiresAt <= now));
    this.content.replaceChildren(el("table", { class: "share-table" }, el("thead", {}, head), el("tbody", {}, ...rows)));
  }

  private shareRow(share: Share, expired: boolean): HTMLTableRowElement {
    const expires = expired ? el("span", { text: "expired", title: new Date(share.expiresAt).toLocaleString() }) : timeElement(share.expiresAt);
    return el(
      "tr",
      { class: `share-row${expired ? " share-expired" : ""}`, attrs: { "data-id": share.id } },
      el("td", {}, timeElement(share.createdAt)),
      el("td", { class: "share-expires" }, expires),
      el("td", { class: "share-last" }, share.lastAccessAt === undefined ? "never" : timeElement(share.lastAccessAt)),
      el("td", {}, this.revokeButton(share.id)),
    );
  }

  /** "Revoke", then "Confirm revoke" for a few seconds: a second click revokes the link. */
  private revokeButton(id: string): HTMLButtonElement {
    const revoke = confirmingButton(
      "Revoke",
      "Confirm revoke",
      async () => {
        this.error.textContent = "";
        try {
          await revokeShare(id);
          revoke.closest("tr")?.remove();
          this.shown = "";
          if (!this.disposed) void this.refresh();
        } catch (failure) {
          if (!this.disposed) this.error.textContent = `Could not revoke the link: ${(failure as Error).message}`;
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
