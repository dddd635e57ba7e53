/** The part of @observablehq/runtime (which ships no types) that Driftbook uses. */
declare module "@observablehq/runtime" {
  export interface Observer {
    pending?(): void;
    fulfilled?(value: any, name?: string | null): void;
    rejected?(error: unknown, name?: string | null): void;
  }
  export interface Variable {
    define(name: string | null, inputs: string[], definition: unknown): Variable;
    define(inputs: string[], definition: unknown): Variable;
    define(definition: unknown): Variable;
    delete(): Variable;
  }
  export interface Module {
    variable(observer?: Observer): Variable;
    value(name: string): Promise<unknown>;
  }
  export class Runtime {
    constructor(builtins?: Record<string, unknown>, global?: (name: string) => unknown);
    module(): Module;
    dispose(): void;
  }
  export class RuntimeError extends Error {
    constructor(message: string, input?: string);
  }
}
