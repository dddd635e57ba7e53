/**
 * Workbook params as readers see them: a control per param in the bar above the workbook
 * (client/views/paramsBar.ts draws them with @observablehq/inputs), each with the value the
 * viewer's session runs with. A share view gets only the params its author marked
 * `viewer: true`. Imported by the server and the browser.
 */

/** The controls a front matter `params` declaration can ask for; `number` is inferred from a plain numeric default. */
export type ParamInput = "select" | "range" | "date" | "text" | "checkbox" | "number";

/** A param's value as a control holds it; a `date` is `YYYY-MM-DD` text. */
export type ParamValue = string | number | boolean | null;

/** One param's control and the value it shows. */
export interface ParamControl {
  name: string;
  input: ParamInput;
  label?: string;
  /** A `select`'s choices, a query's already run. */
  options?: ParamValue[];
  min?: number;
  max?: number;
  step?: number;
  /** The front matter's value: a URL leaves out the params that keep it. */
  default: ParamValue;
  /** The value the viewer's session runs with. */
  value: ParamValue;
  /** Why a select's `options: {query: …}` gave no choices (editors only): its error, as a cell's would read. */
  error?: string;
  /** A share link's viewer may set it (the author's `viewer: true`); a share view gets only these. */
  viewer: boolean;
}
