import { describe, expect, it } from "vitest";
import { agreementText, agreementWarning, decisionAgreement, type DecisionLine } from "./driftAgreement.ts";

const line = (feature: string, drift: boolean, statistic: number): DecisionLine => ({
  feature,
  drift,
  statistic,
  threshold: 0.1,
});

describe("decision agreement between profiles and raw rows", () => {
  it("counts equal decisions and takes a differing one near the threshold as within the bound", () => {
    const raw = [line("income", true, 0.4), line("age", false, 0.095), line("purpose", false, 0.01)];
    const profiles = [line("income", true, 0.41), line("age", true, 0.102), line("purpose", false, 0.012)];
    const agreement = decisionAgreement(profiles, raw, () => 0.01);
    expect(agreement).toEqual({ agree: 2, total: 3, explained: ["age"], unexplained: [] });
    expect(agreementText(agreement)).toBe(
      "2 of 3 decisions agree with the raw rows' (1 within the sketch bound of the threshold: age)",
    );
    expect(agreementWarning(agreement)).toBeUndefined();
  });

  it("warns when a decision differs beyond the bound or a feature is missing", () => {
    const raw = [line("income", true, 0.4), line("age", false, 0.02)];
    const agreement = decisionAgreement([line("income", false, 0.05)], raw, () => 0.01);
    expect(agreement.unexplained).toEqual(["income", "age", "(profiles gave 1 lines, raw rows 2)"]);
    expect(agreementWarning(agreement)).toMatch(/differ beyond the sketch bound: 0 of 2 decisions agree/);
  });
});
