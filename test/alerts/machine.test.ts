import { describe, expect, it } from "vitest";
import {
  advance,
  initialState,
  type Evaluation,
  type InstanceState,
  type MachineRule,
} from "../../server/alerts/machine.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T = 1_700_000_000_000;

const rule = (overrides: Partial<MachineRule> = {}): MachineRule => ({
  for: { runs: 0 },
  repeatMs: 4 * HOUR,
  recover: false,
  ...overrides,
});
const hit = (value: unknown = 0.4, recovered?: boolean): Evaluation => ({
  kind: "value",
  condition: true,
  value,
  ...(recovered !== undefined && { recovered }),
});
const miss = (value: unknown = 0.1, recovered?: boolean): Evaluation => ({
  kind: "value",
  condition: false,
  value,
  ...(recovered !== undefined && { recovered }),
});
const nodata: Evaluation = { kind: "nodata" };
const error: Evaluation = { kind: "error", message: "input failed" };
const missing: Evaluation = { kind: "missing" };

/** A state some time before T: an open alert has been firing (and was notified) since T - 1h. */
function at(
  state: InstanceState["state"],
  options: { open?: boolean; pendingCount?: number; notifiedAt?: number | null } = {},
): InstanceState {
  const open = options.open ?? state === "firing";
  return {
    state,
    since: T - HOUR,
    pendingCount: options.pendingCount ?? (state === "pending" ? 1 : 0),
    activeSince: open ? T - HOUR : null,
    lastValue: 0.5,
    lastNotifiedAt: options.notifiedAt !== undefined ? options.notifiedAt : open ? T - HOUR : null,
  };
}

describe("advance: every transition", () => {
  const twoRuns = rule({ for: { runs: 2 } });
  const withRecover = rule({ recover: true });
  const cases: [string, InstanceState, Evaluation, MachineRule, string | undefined, ("firing" | "resolved")?][] = [
    ["normal, when holds, for 0 → firing", at("normal"), hit(), rule(), "firing", "firing"],
    ["normal, when holds, for 2 runs → pending", at("normal"), hit(), twoRuns, "pending"],
    ["normal, when fails → stays normal", at("normal"), miss(), rule(), undefined],
    ["normal, no data → nodata", at("normal"), nodata, rule(), "nodata"],
    ["normal, error → error", at("normal"), error, rule(), "error"],
    ["normal, missing → nothing", at("normal"), missing, rule(), undefined],
    ["pending, held for 2 runs → firing", at("pending"), hit(), twoRuns, "firing", "firing"],
    ["pending, not yet held → stays pending", at("pending"), hit(), rule({ for: { runs: 3 } }), undefined],
    ["pending, when fails → normal", at("pending"), miss(), twoRuns, "normal"],
    ["pending, no data → nodata", at("pending"), nodata, twoRuns, "nodata"],
    ["pending, error → error", at("pending"), error, twoRuns, "error"],
    ["firing, when holds → stays firing", at("firing"), hit(), rule(), undefined],
    ["firing, when fails, no recover → resolved", at("firing"), miss(), rule(), "resolved", "resolved"],
    [
      "firing, when fails, recover does not hold → stays firing",
      at("firing"),
      miss(0.25, false),
      withRecover,
      undefined,
    ],
    ["firing, recover holds → resolved", at("firing"), miss(0.1, true), withRecover, "resolved", "resolved"],
    ["firing, no data → nodata, alert kept open, nobody told", at("firing"), nodata, rule(), "nodata"],
    ["firing, error → error, alert kept open, nobody told", at("firing"), error, rule(), "error"],
    ["firing, gone from the list → resolved", at("firing"), missing, rule(), "resolved", "resolved"],
    ["resolved, when fails → normal", at("resolved"), miss(), rule(), "normal"],
    ["resolved, when holds, for 0 → firing", at("resolved"), hit(), rule(), "firing", "firing"],
    ["resolved, when holds, for 2 runs → pending", at("resolved"), hit(), twoRuns, "pending"],
    ["nodata, when holds → firing", at("nodata"), hit(), rule(), "firing", "firing"],
    ["nodata, when fails → normal", at("nodata"), miss(), rule(), "normal"],
    [
      "nodata with an open alert, when holds → firing again, no second page",
      at("nodata", { open: true }),
      hit(),
      rule(),
      "firing",
    ],
    [
      "nodata with an open alert, when fails → resolved",
      at("nodata", { open: true }),
      miss(),
      rule(),
      "resolved",
      "resolved",
    ],
    [
      "error with an open alert, when holds after the repeat interval → firing with a reminder",
      at("error", { open: true, notifiedAt: T - 5 * HOUR }),
      hit(),
      rule(),
      "firing",
      "firing",
    ],
    ["error, no data → nodata", at("error"), nodata, rule(), "nodata"],
    ["error, error again → stays error", at("error"), error, rule(), undefined],
  ];

  it.each(cases)("%s", (_name, current, evaluation, machineRule, to, notify) => {
    const { state, transition } = advance(current, evaluation, T, machineRule);
    if (to === undefined) {
      expect(transition).toBeUndefined();
    } else {
      expect(transition).toMatchObject({ from: current.state, to });
      expect(transition?.notify).toBe(notify);
      expect(state.state).toBe(to);
    }
  });

  it("keeps an open alert's start through nodata and error, and gives it to the resolved notification", () => {
    const down = advance(at("firing"), error, T, rule()).state;
    expect(down).toMatchObject({ state: "error", activeSince: T - HOUR, lastValue: 0.5 });
    const quiet = advance(down, nodata, T + MINUTE, rule()).state;
    expect(quiet).toMatchObject({ state: "nodata", activeSince: T - HOUR, lastValue: null });
    const { state, transition } = advance(quiet, miss(0.1), T + 2 * MINUTE, rule());
    expect(transition).toEqual({ from: "nodata", to: "resolved", notify: "resolved", activeSince: T - HOUR });
    expect(state).toEqual({
      state: "resolved",
      since: T + 2 * MINUTE,
      pendingCount: 0,
      activeSince: null,
      lastValue: 0.1,
      lastNotifiedAt: T + 2 * MINUTE,
    });
  });
});

/** Feeds evaluations one run at a time, a minute apart unless `times` says otherwise; returns each run's state and notification. */
function replay(
  machineRule: MachineRule,
  evaluations: Evaluation[],
  times: number[] = evaluations.map((_, run) => T + run * MINUTE),
) {
  let current = initialState(T - MINUTE);
  return evaluations.map((evaluation, run) => {
    const { state, transition } = advance(current, evaluation, times[run], machineRule);
    current = state;
    return `${state.state}${transition?.notify ? `!${transition.notify}` : ""}`;
  });
}

describe("advance: sequences", () => {
  it("fires on exactly the `for`-th consecutive run where when holds", () => {
    expect(replay(rule({ for: { runs: 3 } }), [hit(), hit(), hit(), hit()])).toEqual([
      "pending",
      "pending",
      "firing!firing",
      "firing",
    ]);
    expect(replay(rule({ for: { runs: 1 } }), [hit()])).toEqual(["firing!firing"]);
    expect(replay(rule({ for: { runs: 0 } }), [hit()])).toEqual(["firing!firing"]);
  });

  it("starts counting again when when fails while pending", () => {
    expect(replay(rule({ for: { runs: 2 } }), [hit(), miss(), hit(), hit()])).toEqual([
      "pending",
      "normal",
      "pending",
      "firing!firing",
    ]);
    expect(replay(rule({ for: { runs: 2 } }), [hit(), nodata, hit(), hit()])).toEqual([
      "pending",
      "nodata",
      "pending",
      "firing!firing",
    ]);
  });

  it("counts `for` in time from the first run where when held", () => {
    const times = [T, T + 20 * MINUTE, T + 30 * MINUTE - 1, T + 30 * MINUTE];
    expect(replay(rule({ for: { ms: 30 * MINUTE } }), [hit(), hit(), hit(), hit()], times)).toEqual([
      "pending",
      "pending",
      "pending",
      "firing!firing",
    ]);
  });

  it("without recover, a value oscillating around the threshold flaps: a notification every run", () => {
    const oscillating = [0.31, 0.29, 0.31, 0.29, 0.31].map((value) => (value > 0.3 ? hit(value) : miss(value)));
    expect(replay(rule(), oscillating)).toEqual([
      "firing!firing",
      "resolved!resolved",
      "firing!firing",
      "resolved!resolved",
      "firing!firing",
    ]);
  });

  it("with recover, the same oscillation fires once and resolves only when recover holds", () => {
    const values = [0.31, 0.29, 0.31, 0.29, 0.31, 0.15, 0.29];
    const evaluations = values.map(
      (value) => ({ kind: "value", condition: value > 0.3, value, recovered: value < 0.2 }) as Evaluation,
    );
    expect(replay(rule({ recover: true }), evaluations)).toEqual([
      "firing!firing",
      "firing",
      "firing",
      "firing",
      "firing",
      "resolved!resolved",
      "normal",
    ]);
  });

  it("reminds every `repeat` while firing", () => {
    const times = [T, T + HOUR, T + 4 * HOUR, T + 5 * HOUR, T + 8 * HOUR - 1, T + 8 * HOUR];
    expect(
      replay(
        rule(),
        times.map(() => hit()),
        times,
      ),
    ).toEqual(["firing!firing", "firing", "firing!firing", "firing", "firing", "firing!firing"]);
  });

  it("reminds at once when the last firing notification was not delivered", () => {
    const { state, transition } = advance(at("firing", { notifiedAt: null }), hit(), T, rule());
    expect(transition).toEqual({ from: "firing", to: "firing", notify: "firing", activeSince: T - HOUR });
    expect(state.lastNotifiedAt).toBe(T);
  });

  it("does not page again when data comes back after a gap while the alert stayed open", () => {
    expect(replay(rule(), [hit(), nodata, error, hit(), miss()])).toEqual([
      "firing!firing",
      "nodata",
      "error",
      "firing",
      "resolved!resolved",
    ]);
  });
});
