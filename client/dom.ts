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
