/**
 * A modal field for a name (a new cell's, a cell's new name, a workbook's new path): a
 * `<dialog>` with the suggested value selected, the problem with what is typed shown as it is
 * typed (the same rules the server applies, protocol/cellNames.ts), and an optional note of what
 * the change does (renaming a rule moves its state and history). Resolves with the accepted
 * name, or undefined when cancelled (Escape, Cancel). `<dialog>`'s showModal gives focus trapping
 * and Escape for free (https://html.spec.whatwg.org/multipage/interactive-elements.html#the-dialog-element).
 */
import { button, el } from "../dom.ts";
import "./names.css";

export interface NameRequest {
  title: string;
  label: string;
  /** The suggested value, selected so that typing replaces it. */
  value: string;
  /** What accepting does, said before the user accepts. */
  note?: string;
  /** The accept button's label; default "OK". */
  accept?: string;
  /** Why a value cannot be used, or undefined when it can. */
  problem(value: string): string | undefined;
  /** Runs the accepted value; a rejection is shown in the dialog, which stays open. */
  submit?(value: string): Promise<void>;
}

export function askName(request: NameRequest): Promise<string | undefined> {
  const input = el("input", {
    attrs: {
      name: "name",
      value: request.value,
      autocomplete: "off",
      spellcheck: "false",
      "aria-label": request.label,
    },
  });
  const problem = el("p", { class: "form-error", attrs: { role: "alert" } });
  const accept = el("button", { text: request.accept ?? "OK", attrs: { type: "submit", class: "primary" } });
  const dialog = el(
    "dialog",
    { class: "name-dialog" },
    el(
      "form",
      { attrs: { method: "dialog" } },
      el("h2", { text: request.title }),
      el("label", {}, `${request.label} `, input),
      ...(request.note ? [el("p", { class: "note name-note", text: request.note })] : []),
      problem,
      el(
        "div",
        { class: "dialog-buttons" },
        button("Cancel", () => dialog.close("")),
        accept,
      ),
    ),
  );
  const check = () => {
    const found = request.problem(input.value.trim());
    problem.textContent = found ?? "";
    accept.disabled = found !== undefined;
    return found === undefined;
  };
  input.addEventListener("input", check);
  document.body.append(dialog);
  return new Promise((resolve) => {
    let accepted: string | undefined;
    dialog.querySelector("form")!.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!check()) return;
      const value = input.value.trim();
      accept.disabled = true;
      try {
        await request.submit?.(value);
      } catch (error) {
        problem.textContent = (error as Error).message;
        accept.disabled = false;
        return;
      }
      accepted = value;
      dialog.close();
    });
    dialog.addEventListener("close", () => {
      dialog.remove();
      resolve(accepted);
    });
    dialog.showModal();
    input.select();
    check();
  });
}
