/**
 * `in (…)` over a list of values, bound one parameter each: both engines take it, where a JSON
 * array bound as one parameter would need SQLite's json_each or PostgreSQL's jsonb functions.
 * Lists stay short here (the ids of one batch of notifications, the runs in progress), far
 * below either engine's parameter limit (SQLite 32,766, PostgreSQL 65,535).
 */

/** `?, ?, ?` for `count` values; a list must not be empty (`in ()` is SQLite's only). */
export function parameterList(count: number): string {
  if (count < 1) throw new Error("an `in (…)` list needs at least one value");
  return Array.from({ length: count }, () => "?").join(", ");
}
