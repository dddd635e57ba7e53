/**
 * Makes a server-rendered Plot chart interactive from its `ChartInteraction` (server/protocol/):
 * a tooltip at the point nearest the pointer with a crosshair through it, as Plot's `tip` and
 * `crosshair` do in a browser, and legend swatches that hide and show their series. Nothing of
 * the chart's spec runs here; every string from the server goes in as text.
 */
import type { ChartInteraction, ChartPoint } from "../../server/protocol/index.ts";
import { el } from "../dom.ts";

const SVG_NAMESPACE = "http://www.w3.org/2000/svg";
/** How near the pointer must be to a point, in the chart's units (Plot's pointer uses 40). */
const MAX_RADIUS = 40;
/** Plot's mark groups that draw axes, grids and tips, not data: never hidden by a legend toggle. */
const NOT_DATA = /axis|tick|grid|tip|frame/i;

/** Hydrates `container`, which holds the chart's markup (an `<svg>` or a `<figure>` around it). */
export function hydrateChart(container: HTMLElement, interaction: ChartInteraction): void {
  const chart = chartSvg(container);
  if (!chart) return;
  const hidden = new Set<number>();
  if (interaction.points.length > 0) pointAt(container, chart, interaction, hidden);
  if (interaction.series.length > 0) legendToggles(container, chart, interaction, hidden);
}

/** The chart itself: the root `<svg>`, or the last `<svg>` child of Plot's figure (legends come first). */
function chartSvg(container: HTMLElement): SVGSVGElement | undefined {
  const root = container.firstElementChild;
  if (root instanceof SVGSVGElement) return root;
  const svgs = root ? [...root.children].filter((child) => child instanceof SVGSVGElement) : [];
  return svgs.at(-1) as SVGSVGElement | undefined;
}

function pointAt(container: HTMLElement, chart: SVGSVGElement, interaction: ChartInteraction, hidden: Set<number>) {
  const { frame } = interaction;
  const tooltip = el("div", { class: "chart-tooltip", attrs: { role: "tooltip" } });
  tooltip.hidden = true;
  container.classList.add("chart-interactive");
  // The marks' SVG titles are the script-less tooltip; here they would pop up beside this one.
  for (const title of chart.querySelectorAll("g title")) title.remove();
  container.append(tooltip);
  const vertical = svgLine({ y1: frame.top, y2: frame.bottom });
  const horizontal = svgLine({ x1: frame.left, x2: frame.right });
  const crosshair = document.createElementNS(SVG_NAMESPACE, "g");
  crosshair.setAttribute("class", "chart-crosshair");
  crosshair.setAttribute("pointer-events", "none");
  crosshair.style.display = "none";
  crosshair.append(vertical, horizontal);
  chart.append(crosshair);

  const hide = () => {
    tooltip.hidden = true;
    crosshair.style.display = "none";
  };
  const show = (point: ChartPoint) => {
    vertical.setAttribute("x1", String(point.x));
    vertical.setAttribute("x2", String(point.x));
    horizontal.setAttribute("y1", String(point.y));
    horizontal.setAttribute("y2", String(point.y));
    crosshair.style.display = "";
    tooltip.replaceChildren(
      ...point.lines.map((line) =>
        el("div", {}, ...(line.label ? [el("strong", { text: line.label }), " "] : []), line.value),
      ),
    );
    tooltip.hidden = false;
    const screen = chart.getScreenCTM();
    const box = container.getBoundingClientRect();
    if (!screen) return;
    const at = new DOMPoint(point.x, point.y).matrixTransform(screen);
    tooltip.style.left = `${at.x - box.left + container.scrollLeft}px`;
    tooltip.style.top = `${at.y - box.top + container.scrollTop}px`;
  };
  chart.addEventListener("pointermove", (event) => {
    const screen = chart.getScreenCTM();
    if (!screen) return;
    const at = new DOMPoint(event.clientX, event.clientY).matrixTransform(screen.inverse());
    const point = nearest(interaction, at.x, at.y, hidden);
    if (point) show(point);
    else hide();
  });
  chart.addEventListener("pointerleave", hide);
}

/** A dashed crosshair line, with the coordinates given (the others follow the pointer). */
function svgLine(coordinates: Record<string, number>): SVGLineElement {
  const line = document.createElementNS(SVG_NAMESPACE, "line");
  line.setAttribute("stroke", "currentColor");
  line.setAttribute("stroke-opacity", "0.4");
  line.setAttribute("stroke-dasharray", "3 3");
  for (const [name, value] of Object.entries(coordinates)) line.setAttribute(name, String(value));
  return line;
}

/**
 * The visible point nearest (x, y) within MAX_RADIUS, or none. With a pointer of "x" (or "y") the
 * other dimension counts a hundredth, as in Plot's pointerX (pointerY): a line's tip follows x.
 */
export function nearest(
  { points, pointer }: Pick<ChartInteraction, "points" | "pointer">,
  x: number,
  y: number,
  hidden: ReadonlySet<number>,
): ChartPoint | undefined {
  const kx = pointer === "y" ? 0.01 : 1;
  const ky = pointer === "x" ? 0.01 : 1;
  let best: ChartPoint | undefined;
  let bestDistance = MAX_RADIUS * MAX_RADIUS;
  for (const point of points) {
    if (point.series !== undefined && hidden.has(point.series)) continue;
    const distance = (kx * (point.x - x)) ** 2 + (ky * (point.y - y)) ** 2;
    if (distance <= bestDistance) [best, bestDistance] = [point, distance];
  }
  return best;
}

/**
 * Plot's swatches (`.plot-…-swatch`, each with an `<svg fill="color">`) become toggle buttons:
 * clicking one hides the chart's data elements drawn in its color (fill or stroke) and its
 * tooltip points; clicking again shows them.
 */
function legendToggles(
  container: HTMLElement,
  chart: SVGSVGElement,
  interaction: ChartInteraction,
  hidden: Set<number>,
) {
  const swatches = [...container.querySelectorAll<HTMLElement>("[class$='-swatch']")];
  for (const swatch of swatches) {
    const color = swatch.querySelector("svg")?.getAttribute("fill");
    const series = interaction.series.findIndex((each) => each.color === color);
    if (series < 0) continue;
    swatch.classList.add("chart-swatch");
    swatch.setAttribute("role", "button");
    swatch.setAttribute("tabindex", "0");
    swatch.setAttribute("aria-pressed", "true");
    swatch.title = `hide or show ${swatch.textContent?.trim() || interaction.series[series].label}`;
    const toggle = () => {
      const hide = !hidden.has(series);
      if (hide) hidden.add(series);
      else hidden.delete(series);
      swatch.setAttribute("aria-pressed", String(!hide));
      for (const element of seriesElements(chart, interaction.series[series].color)) {
        element.style.display = hide ? "none" : "";
      }
    };
    swatch.addEventListener("click", toggle);
    swatch.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      toggle();
    });
  }
}

/** The chart's data elements drawn in `color`: in mark groups other than axes, grids and tips. */
function seriesElements(chart: SVGSVGElement, color: string): SVGElement[] {
  const marks = [...chart.children].filter(
    (child) => child instanceof SVGGElement && !NOT_DATA.test(child.getAttribute("aria-label") ?? ""),
  );
  return marks.flatMap((mark) =>
    [mark, ...mark.querySelectorAll<SVGElement>("[fill], [stroke]")].filter(
      (element): element is SVGElement =>
        element.getAttribute("fill") === color || element.getAttribute("stroke") === color,
    ),
  );
}
