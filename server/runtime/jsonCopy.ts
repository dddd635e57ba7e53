/**
 * Bounded, JSON-safe copies of any cell value, so a huge or cyclic value can still be sent as an
 * output, with a note of what was cut.
 */
import { isDomNode } from "./stdlib/dom.ts";
import { isTableLike } from "./valueKinds.ts";

export interface JsonLimits {
  depth: number;
  items: number;
  string: number;
  bytes: number;
}

/**
 * A JSON-safe copy bounded in depth, items per collection, string length and total size.
 * Values JSON cannot hold become descriptive strings: `"NaN"`, `"Infinity"`, `"12n"`,
 * `"undefined"`, `"ƒ name()"`, `"Symbol(x)"`, `"[Circular]"`; Dates become ISO text, Maps
 * lists of `[key, value]`, Sets and typed arrays lists. A cut collection ends with a
 * `"… N more"` marker, and `truncation()` says what was cut, with counts.
 */
export class JsonCopier {
  private size = 0;
  private readonly cuts = new Map<string, number>();
  private readonly ancestors = new Set<object>();

  constructor(private readonly limits: JsonLimits) {}

  copy(value: unknown, depth: number): unknown {
    const copied = typeof value === "object" && value !== null ? this.copyObject(value, depth) : this.copyScalar(value);
    this.size += typeof copied === "string" ? copied.length + 2 : 8;
    return copied;
  }

  truncation(): string | undefined {
    const parts = [...this.cuts].map(([what, count]) => (count > 1 ? `${what} (${count})` : what));
    return parts.length ? parts.join("; ") : undefined;
  }

  private cut(what: string): void {
    this.cuts.set(what, (this.cuts.get(what) ?? 0) + 1);
  }

  private copyScalar(value: unknown): unknown {
    switch (typeof value) {
      case "number":
        return Number.isFinite(value) ? value : String(value);
      case "string":
        if (value.length > this.limits.string) this.cut(`strings longer than ${this.limits.string} characters`);
        return truncateString(value, this.limits.string);
      case "bigint":
        return `${value}n`;
      case "function":
        return `ƒ ${value.name || "anonymous"}()`;
      case "symbol":
      case "undefined":
        return String(value);
      default:
        return value;
    }
  }

  private copyObject(value: object, depth: number): unknown {
    if (value instanceof Date) return dateText(value);
    if (value instanceof Error) return `${value.name}: ${value.message}`;
    if (isDomNode(value)) return `[${value.localName} element]`;
    if (isTableLike(value)) return `[table: ${value.numRows()} rows × ${value.columnNames().length} columns]`;
    if (this.ancestors.has(value)) return "[Circular]";
    // As JSON.stringify does: a class that says how it reads as JSON (a Profile) shows that, not its internals.
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === "function" && !Array.isArray(value)) {
      const json: unknown = toJSON.call(value);
      if (json !== value) return this.copy(json, depth);
    }
    if (depth >= this.limits.depth) {
      this.cut(`values nested deeper than ${this.limits.depth} levels`);
      return Array.isArray(value) ? `[Array(${value.length})]` : "[Object]";
    }
    this.ancestors.add(value);
    try {
      if (value instanceof Map) return this.copyItems(value.entries(), value.size, depth, true);
      if (value instanceof Set) return this.copyItems(value.values(), value.size, depth, false);
      if (Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView))) {
        const items = value as ArrayLike<unknown>;
        return this.copyItems(Array.prototype.values.call(items), items.length, depth, false);
      }
      return this.copyEntries(value as Record<string, unknown>, depth);
    } finally {
      this.ancestors.delete(value);
    }
  }

  private copyItems(items: Iterator<unknown>, count: number, depth: number, pairs: boolean): unknown[] {
    const copied: unknown[] = [];
    for (let item = items.next(); !item.done && this.hasRoom(copied.length); item = items.next()) {
      const value = item.value;
      copied.push(pairs ? (value as unknown[]).map((part) => this.copy(part, depth + 1)) : this.copy(value, depth + 1));
    }
    if (copied.length < count) copied.push(`… ${count - copied.length} more items`);
    return copied;
  }

  private copyEntries(object: Record<string, unknown>, depth: number): Record<string, unknown> {
    const keys = Object.keys(object);
    const entries: [string, unknown][] = [];
    while (entries.length < keys.length && this.hasRoom(entries.length)) {
      const key = keys[entries.length];
      this.size += key.length + 4;
      entries.push([key, this.copy(object[key], depth + 1)]);
    }
    if (entries.length < keys.length) entries.push(["…", `${keys.length - entries.length} more keys`]);
    return Object.fromEntries(entries);
  }

  /** Whether a collection that already holds `count` items may take one more. */
  private hasRoom(count: number): boolean {
    const full = `everything past ${this.limits.bytes / 1024} KB`;
    if (this.size > this.limits.bytes) {
      if (!this.cuts.has(full)) this.cut(full);
      return false;
    }
    if (count < this.limits.items) return true;
    this.cut(`collections longer than ${this.limits.items} items`);
    return false;
  }
}

export function truncateString(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

export function dateText(date: Date): string {
  return Number.isNaN(date.getTime()) ? "Invalid Date" : date.toISOString();
}
