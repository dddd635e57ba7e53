/**
 * A page's filters kept in its URL's query, so a filtered view can be linked and survives a
 * reload (the alerts and audit pages): read the fields that are set, and replace them without
 * a new history entry.
 */

/** The page URL's query fields among `fields` that have a value. */
export function queryFields<Field extends string>(fields: readonly Field[]): Partial<Record<Field, string>> {
  const query = new URLSearchParams(location.search);
  return Object.fromEntries(
    fields.flatMap((field) => (query.get(field) ? [[field, query.get(field)!]] : [])),
  ) as Partial<Record<Field, string>>;
}

/** Makes the page URL's query the fields of `values` that have a value, replacing the history entry. */
export function replaceQuery(values: Partial<Record<string, string>>): void {
  const query = new URLSearchParams(
    Object.entries(values).filter((entry): entry is [string, string] => Boolean(entry[1])),
  ).toString();
  history.replaceState(history.state, "", `${location.pathname}${query ? `?${query}` : ""}`);
}
