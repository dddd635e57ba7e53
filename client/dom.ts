/**
 * Builds DOM elements. Text always goes in through `textContent` or text nodes, never markup,
 * so a string from data (a logged feature value, a column name) can only ever show as text.
 */

export interface ElementProps {
  class?: string;
  text?: string;
  title?: string;
  attrs?: Record<string, string>;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: ElementProps = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.class) element.className = props.class;
  if (props.text !== undefined) element.textContent = props.text;
  if (props.title !== undefined) element.title = props.title;
  for (const [name, value] of Object.entries(props.attrs ?? {})) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

/** A button that runs `action` on click. */
export function button(label: string, action: () => void, props: ElementProps = {}): HTMLButtonElement {
  const element = el("button", { ...props, text: label, attrs: { type: "button", ...props.attrs } });
  element.addEventListener("click", action);
  return element;
}

/** How long a confirming button waits for its second click. */
const CONFIRM_MS = 5000;

/** A button that asks for a second click within a few seconds (`label`, then `confirmLabel`) before it runs `action`. */
export function confirmingButton(
  label: string,
  confirmLabel: string,
  action: () => Promise<void>,
  props: ElementProps,
): HTMLButtonElement {
  let confirming: ReturnType<typeof setTimeout> | undefined;
  const disarm = () => {
    clearTimeout(confirming);
    confirming = undefined;
    element.textContent = label;
    element.classList.remove("confirming");
  };
  const element = button(
    label,
    async () => {
      if (confirming === undefined) {
        element.textContent = confirmLabel;
        element.classList.add("confirming");
        confirming = setTimeout(disarm, CONFIRM_MS);
        return;
      }
      clearTimeout(confirming);
      element.disabled = true;
      try {
        await action();
      } finally {
        element.disabled = false;
        disarm();
      }
    },
    props,
  );
  return element;
}
