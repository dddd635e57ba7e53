/**
 * The names every cell can use without defining them. Builtins are constants of the runtime;
 * `params` and `display` are not here: `params` is a reactive variable and `display` is per cell.
 */
import * as aq from "arquero";
import * as ss from "simple-statistics";
import * as detectors from "../../../detectors/index.ts";
import { html } from "./html.ts";
import { serverPlot } from "./plot.ts";
import { sinceOn, type Clock } from "./since.ts";

/** The builtins; `since` counts back from `clock`, the run's time (T in an as-of run). */
export function createStdlib(clock: Clock): Record<string, unknown> {
  return {
    // Placeholders the worker swaps, per cell, for readers that record what the cell reads
    // (`online` reads a model's new rows: stdlib/online.ts).
    sql: null,
    profile: null,
    profiles: null,
    online: null,
    // The run's time in epoch ms, which the worker sets per cell run (T in an as-of run).
    now: null,
    aq,
    op: aq.op,
    Plot: serverPlot,
    ss,
    detectors,
    html,
    since: sinceOn(clock),
  };
}
