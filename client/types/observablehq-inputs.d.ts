/** The part of @observablehq/inputs 0.12 the params bar uses (the package ships no types): https://github.com/observablehq/inputs */
declare module "@observablehq/inputs" {
  /** An input's form: `value` is the current value; it dispatches `input` when the reader changes it. */
  export interface InputForm<T> extends HTMLFormElement {
    value: T;
  }
  interface Common<T> {
    label?: string;
    value?: T;
  }
  export function select<T>(data: readonly T[], options?: Common<T> & { format?: (value: T) => string }): InputForm<T>;
  export function date(options?: Common<string | Date | null>): InputForm<Date | null>;
  /** `type` makes it another `<input>` (number, range); `min`/`max` go on it. */
  export function text(options?: Common<string> & { type?: string; min?: number; max?: number }): InputForm<string>;
  export function toggle(options?: Common<boolean>): InputForm<boolean>;
}
