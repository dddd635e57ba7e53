import { describe, expect, it } from "vitest";
import { planEvaluation } from "../../server/alerts/plan.ts";
import { ruleOf } from "./ruleOf.ts";
import type { StoredInstance } from "../../server/alerts/state.ts";

const T = 1_700_000_000_000;
const plain = ruleOf("w.md", "plain", "when: x > 1");
const each = ruleOf("w.md", "each", "each: xs\nwhen: item > 1");

const stored = (rule: typeof plain, instance: string, overrides: Partial<StoredInstance> = {}): StoredInstance => ({
  ruleId: rule.id,
  workbook: "w.md",
  rule: rule.name,
  instance,
  labels: { alertname: rule.name, workbook: "w.md" },
  state: "normal",
  since: T,
  pendingCount: 0,
  activeSince: null,
  lastValue: 0,
  lastEvaluatedAt: T,
  lastNotifiedAt: null,
  definitionHash: rule.definitionHash,
  ...overrides,
});

describe("planEvaluation", () => {
  it("leaves a rule whose cell did not run as it is", () => {
    expect(planEvaluation([plain], {}, [stored(plain, "")], T)).toEqual({
      instances: [],
      deletes: [],
      transitions: [],
    });
  });

  it("puts a failed cell's instances in error: a plain rule's one instance even before its first evaluation", () => {
    const error = { kind: "error" as const, message: "boom" };
    const first = planEvaluation([plain, each], { plain: error, each: error }, [], T);
    expect(first.instances.map((instance) => [instance.rule, instance.instance, instance.state])).toEqual([
      ["plain", "", "error"],
    ]);
    expect(first.transitions).toMatchObject([{ from: "normal", to: "error", reason: "boom" }]);
    const known = planEvaluation([each], { each: error }, [stored(each, "a"), stored(each, "b")], T);
    expect(known.instances.map((instance) => instance.state)).toEqual(["error", "error"]);
  });

  it("takes an empty value as no data", () => {
    for (const value of [null, "", []]) {
      const plan = planEvaluation(
        [plain],
        { plain: { kind: "alert", name: "plain", instances: [{ condition: true, value }] } },
        [],
        T,
      );
      expect(plan.instances[0].state).toBe("nodata");
    }
  });

  it("labels new instances, and an each instance with its key", () => {
    const output = { kind: "alert" as const, name: "each", instances: [{ key: "age", condition: true, value: 2 }] };
    const plan = planEvaluation([each], { each: output }, [], T);
    expect(plan.instances).toEqual([
      {
        ruleId: "w.md#each",
        workbook: "w.md",
        rule: "each",
        instance: "age",
        labels: { alertname: "each", workbook: "w.md", instance: "age" },
        state: "firing",
        since: T,
        pendingCount: 1,
        activeSince: T,
        lastValue: 2,
        lastNotifiedAt: T,
        lastEvaluatedAt: T,
        definitionHash: each.definitionHash,
      },
    ]);
    expect(plan.transitions).toMatchObject([{ to: "firing", notify: "firing", instance: "age", value: 2 }]);
  });

  it("resets instances of a changed rule: quietly when nothing was open", () => {
    const old = [stored(plain, "", { definitionHash: "old", state: "pending", pendingCount: 1 })];
    const plan = planEvaluation(
      [plain],
      { plain: { kind: "alert", name: "plain", instances: [{ condition: false, value: 0 }] } },
      old,
      T,
    );
    expect(plan.deletes).toEqual([{ ruleId: "w.md#plain", instance: "" }]);
    expect(plan.transitions).toEqual([
      expect.objectContaining({ from: "pending", to: "normal", reason: "rule changed" }),
    ]);
    expect(plan.transitions[0].notify).toBeUndefined();
    expect(plan.instances).toMatchObject([{ state: "normal", definitionHash: plain.definitionHash }]);
  });
});
