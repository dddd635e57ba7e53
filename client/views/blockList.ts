/**
 * The notebook's blocks on the page, in file order: one component per prose block and per cell,
 * kept from one layout to the next (so a cell's editor keeps its cursor and undo history while
 * the blocks around it move), and the insert bar of a workbook with no cells yet.
 */
import type { CellKind } from "../../server/protocol/index.ts";
import { button, el } from "../dom.ts";
import type { Block, NotebookCell, ProseBlock } from "../state.ts";
import { CELL_KINDS, CellComponent, type CellActions } from "./cell.ts";
import { ProseComponent, type ProseActions } from "./proseBlock.ts";

/** What the blocks' controls ask of the notebook; `undefined` as a key means "at the start". */
export interface BlockActions extends Omit<CellActions, "insertAfter" | "insertTextAfter">, ProseActions {
  insertAfter(key: number | undefined, kind: CellKind): void;
  insertTextAfter(key: number | undefined): void;
}

export class BlockList {
  readonly element = el("div", { class: "blocks" });
  private readonly cells = new Map<number, CellComponent>();
  private prose = new Map<ProseBlock, ProseComponent>();

  constructor(private readonly actions: BlockActions) {}

  /** Puts the blocks' elements in order, creating and disposing components as needed. */
  layout(blocks: Block[]): void {
    const prose = new Map<ProseBlock, ProseComponent>();
    const keys = new Set<number>();
    const elements = blocks.map((block) => {
      if (block.type === "prose") {
        const component = this.prose.get(block) ?? new ProseComponent(block, this.actions);
        prose.set(block, component);
        return component.element;
      }
      keys.add(block.key);
      let cell = this.cells.get(block.key);
      if (!cell) {
        cell = new CellComponent(block, this.actions);
        this.cells.set(block.key, cell);
      }
      cell.update(block);
      return cell.element;
    });
    this.prose = prose;
    for (const [key, cell] of this.cells) {
      if (keys.has(key)) continue;
      cell.dispose();
      this.cells.delete(key);
    }
    if (keys.size === 0)
      elements.push(
        el(
          "div",
          { class: "insert-bar" },
          ...CELL_KINDS.map((kind) => button(`+ ${kind}`, () => this.actions.insertAfter(undefined, kind))),
          button("+ text", () => this.actions.insertTextAfter(undefined)),
        ),
      );
    elements.forEach((element, index) => {
      const children = this.element.children;
      if (children[index] !== element) this.element.insertBefore(element, children[index] ?? null);
    });
    while (this.element.children.length > elements.length) this.element.lastElementChild!.remove();
  }

  /** Shows a cell's new state (or file text, with `value`). */
  update(cell: NotebookCell, value?: string): void {
    const component = this.cells.get(cell.key);
    if (value !== undefined) component?.setValue(value);
    component?.update(cell);
  }

  /** The key of the cell whose element holds `element`. */
  cellKeyAt(element: Element): number | undefined {
    return [...this.cells].find(([, cell]) => cell.element.contains(element))?.[0];
  }

  focus(key: number | undefined, { selectAll = false } = {}): void {
    const cell = key === undefined ? undefined : this.cells.get(key);
    if (selectAll) cell?.focusAll();
    else cell?.focus();
  }

  editProse(block: ProseBlock): void {
    this.prose.get(block)?.edit();
  }

  dispose(): void {
    for (const cell of this.cells.values()) cell.dispose();
  }
}
