/** How a hydrated chart picks the point under the pointer: nearest within Plot's radius, by the tip's pointer, skipping hidden series. */
import { describe, expect, it } from "vitest";
import { nearest } from "../../../client/outputs/chart.ts";
import type { ChartPoint } from "../../../server/protocol/index.ts";

const point = (x: number, y: number, series?: number): ChartPoint => ({
  x,
  y,
  lines: [{ label: "x", value: String(x) }],
  ...(series === undefined ? {} : { series }),
});
const points = [point(100, 100, 0), point(130, 300, 1), point(400, 100)];
const none = new Set<number>();

describe("nearest", () => {
  it("takes the nearest point within 40 units, and none farther", () => {
    expect(nearest({ points, pointer: "xy" }, 110, 105, none)).toBe(points[0]);
    expect(nearest({ points, pointer: "xy" }, 250, 200, none)).toBeUndefined();
  });

  it("follows x alone with an x pointer, as a line's tip does", () => {
    expect(nearest({ points, pointer: "x" }, 128, 100, none)).toBe(points[1]);
    expect(nearest({ points, pointer: "xy" }, 128, 100, none)).toBe(points[0]);
  });

  it("skips the points of a series the legend hid", () => {
    expect(nearest({ points, pointer: "x" }, 128, 100, new Set([1]))).toBe(points[0]);
  });
});
