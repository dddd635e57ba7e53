/** An error in a cell's source, at a 1-based line and column of that source (not of the file). */
export class CellSyntaxError extends SyntaxError {
  constructor(
    message: string,
    readonly line: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = "CellSyntaxError";
  }

  /** Converts an acorn error, whose message ends with "(line:column)" and whose column is 0-based. */
  static fromAcorn(error: unknown): CellSyntaxError {
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    if (!(error instanceof SyntaxError) || !loc) throw error;
    return new CellSyntaxError(error.message.replace(/ \(\d+:\d+\)$/, ""), loc.line, loc.column + 1);
  }
}

/** The value `compile` returns, or the CellSyntaxError it throws (any other error is thrown on). */
export function syntaxErrorOf<T>(compile: () => T): T | CellSyntaxError {
  try {
    return compile();
  } catch (error) {
    if (error instanceof CellSyntaxError) return error;
    throw error;
  }
}
