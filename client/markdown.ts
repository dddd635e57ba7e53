/**
 * Prose blocks as HTML. Raw HTML in Markdown is off (`html: false`: it shows as text), and
 * markdown-it refuses javascript: and similar link targets, so a workbook's prose cannot run
 * script in the page.
 */
import MarkdownIt from "markdown-it";

const markdown = new MarkdownIt({ html: false });

/** Fills `container` with the rendered Markdown. */
export function renderMarkdown(container: HTMLElement, text: string): void {
  container.innerHTML = markdown.render(text);
}
