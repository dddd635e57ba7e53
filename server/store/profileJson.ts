/**
 * Read profiles as the JSON that `GET /api/v1/models/:model/profile` answers and `driftbook
 * profile` prints (issue 18, item 6): `{"model", "profiles": [{"start", "end", "rows", "columns":
 * {NAME: column.toJSON()}}]}`, times as ISO text (null for a reference set, which has none).
 * Label counts, when the window has any, ride along as `labels`; each value of a segment column
 * read on its own says which it is in `segment: {column, value}`.
 */
import type { ProfileWindow } from "./profileRead.ts";

export interface ProfileReport {
  model: string;
  profiles: {
    start: string | null;
    end: string | null;
    segment?: { column: string; value: string };
    rows: number;
    columns: Record<string, unknown>;
    labels?: unknown;
  }[];
}

export function profileReport(model: string, windows: ProfileWindow[]): ProfileReport {
  const iso = (time: number | null) => (time === null ? null : new Date(time).toISOString());
  return {
    model,
    profiles: windows.map(({ start, end, segment, profile }) => {
      const { rows, columns, labels } = profile.toJSON();
      return {
        start: iso(start),
        end: iso(end),
        ...(segment && { segment }),
        rows,
        columns,
        ...(labels && { labels }),
      };
    }),
  };
}
