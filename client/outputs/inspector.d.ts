/** The slice of @observablehq/inspector 5.0.1 (untyped JavaScript) the outputs use. */
declare module "@observablehq/inspector" {
  export class Inspector {
    constructor(node: Element);
    fulfilled(value: unknown, name?: string): void;
  }
}
