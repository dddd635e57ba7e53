/**
 * One prose block of the notebook, editable in place as Jupyter's Markdown cells are: shown
 * rendered; a click (not on a link) or Enter on the focused block opens a plain text editor
 * with a live preview under it; Escape or leaving the editor shows it rendered again. The
 * editor holds the block's text without the blank lines around it (state.ts `proseText`), which
 * stay in the file as written, so an edit changes only the lines typed in.
 */
import "./proseBlock.css";
import { el } from "../dom.ts";
import { renderMarkdown } from "../markdown.ts";
import { proseText, type ProseBlock } from "../state.ts";

export interface ProseActions {
  /** The editor's text changed. */
  editProse(block: ProseBlock, text: string): void;
  /** The editor closed. */
  closedProse(block: ProseBlock): void;
}

export class ProseComponent {
  readonly element = el("div", { class: "prose-block" });
  private readonly rendered = el("div", { class: "prose" });
  private readonly textarea = el("textarea", {
    class: "prose-editor",
    attrs: { "aria-label": "Markdown text", spellcheck: "true", rows: "3" },
  });
  private readonly preview = el("div", { class: "prose prose-preview", attrs: { "aria-label": "Preview" } });
  private editing = false;

  constructor(
    private readonly block: ProseBlock,
    private readonly actions: ProseActions,
  ) {
    this.element.append(this.rendered);
    this.showRendered();
    this.rendered.addEventListener("click", (event) => {
      // A link in the text is followed, not edited.
      if (!(event.target instanceof Element && event.target.closest("a"))) this.edit();
    });
    this.rendered.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" || event.target !== this.rendered) return;
      event.preventDefault();
      this.edit();
    });
    this.textarea.addEventListener("input", () => {
      this.fit();
      renderMarkdown(this.preview, this.textarea.value);
      this.actions.editProse(this.block, this.textarea.value);
    });
    this.textarea.addEventListener("keydown", (event) => {
      if (event.key !== "Escape") return;
      event.preventDefault();
      this.close();
      this.rendered.focus();
    });
    this.textarea.addEventListener("blur", () => this.close());
  }

  /** Opens the editor on the block's text, the cursor at its start. */
  edit(): void {
    if (this.editing) return;
    this.editing = true;
    this.textarea.value = proseText(this.block.markdown);
    renderMarkdown(this.preview, this.textarea.value);
    this.element.classList.add("editing");
    this.element.replaceChildren(this.textarea, this.preview);
    this.fit();
    this.textarea.focus();
    this.textarea.setSelectionRange(0, 0);
  }

  /** Shows the block rendered again. */
  close(): void {
    if (!this.editing) return;
    this.editing = false;
    this.element.classList.remove("editing");
    this.element.replaceChildren(this.rendered);
    this.showRendered();
    this.actions.closedProse(this.block);
  }

  private showRendered(): void {
    renderMarkdown(this.rendered, this.block.markdown);
    // A block of blank lines (between two cells) has nothing to click: it takes no tab stop either.
    const empty = proseText(this.block.markdown) === "";
    if (empty) this.rendered.removeAttribute("tabindex");
    else this.rendered.tabIndex = 0;
    this.rendered.title = empty ? "" : "Click or press Enter to edit";
  }

  /** Grows the editor with its text, so it never scrolls inside the page. */
  private fit(): void {
    this.textarea.style.height = "auto";
    this.textarea.style.height = `${this.textarea.scrollHeight + 2}px`;
  }
}
