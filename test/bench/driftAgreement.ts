/**
 * How a drift check from profiles agrees with the same check on raw rows, for the benches that
 * run both (store/profileWindow.bench.ts, cli/wideDrift.bench.ts): feature by feature, whether
 * both decided the same. A decision may differ only where the raw statistic lies within the
 * profile line's approximation bound of its threshold (README "Detectors on profiles"); any other
 * difference is a fault the figure warns about.
 */

/** One feature's line of a drift report, as tabularDrift gives it or a run report serializes it. */
export interface DecisionLine {
  feature: string;
  drift: boolean;
  statistic: number | null;
  threshold: number | null;
}

export interface Agreement {
  agree: number;
  total: number;
  /** Features decided otherwise, each within the bound of its threshold. */
  explained: string[];
  /** Features decided otherwise beyond the bound, or missing from one side. */
  unexplained: string[];
}

/**
 * Compares the decisions; `boundOf(feature)` is the profile line's bound on its statistic (0 when
 * it is exact).
 */
export function decisionAgreement(
  fromProfiles: DecisionLine[],
  raw: DecisionLine[],
  boundOf: (feature: string) => number,
): Agreement {
  const profiled = new Map(fromProfiles.map((line) => [line.feature, line]));
  const agreement: Agreement = { agree: 0, total: raw.length, explained: [], unexplained: [] };
  for (const line of raw) {
    const other = profiled.get(line.feature);
    if (other?.drift === line.drift) agreement.agree++;
    else if (other && line.statistic !== null && line.threshold !== null) {
      const near = Math.abs(line.statistic - line.threshold) <= boundOf(line.feature);
      (near ? agreement.explained : agreement.unexplained).push(line.feature);
    } else agreement.unexplained.push(line.feature);
  }
  if (fromProfiles.length !== raw.length)
    agreement.unexplained.push(`(profiles gave ${fromProfiles.length} lines, raw rows ${raw.length})`);
  return agreement;
}

/** "98 of 100 decisions agree (2 within the sketch bound of the threshold: f3, f9)". */
export function agreementText({ agree, total, explained, unexplained }: Agreement): string {
  const list = (features: string[]) => features.slice(0, 5).join(", ") + (features.length > 5 ? ", …" : "");
  return (
    `${agree} of ${total} decisions agree with the raw rows'` +
    (explained.length ? ` (${explained.length} within the sketch bound of the threshold: ${list(explained)})` : "") +
    (unexplained.length ? `; ${unexplained.length} differ beyond it: ${list(unexplained)}` : "")
  );
}

/** The warning a figure carries when a decision differs beyond the bound. */
export function agreementWarning(agreement: Agreement): string | undefined {
  return agreement.unexplained.length
    ? `decisions differ beyond the sketch bound: ${agreementText(agreement)}`
    : undefined;
}
