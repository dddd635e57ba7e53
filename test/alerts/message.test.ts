import { describe, expect, it } from "vitest";
import { defaultMessage, formatValue, renderMessage } from "../../server/alerts/message.ts";

describe("renderMessage", () => {
  const context = {
    value: 0.333333,
    key: "age",
    alert: "drift",
    labels: { team: "ml" },
    params: { window: "24h" },
    model: "credit",
  };

  it("fills placeholders, nested ones included", () => {
    expect(
      renderMessage(
        "{{value}} of features drifted on {{model}} ({{ params.window }}, {{labels.team}}, {{key}})",
        context,
      ),
    ).toBe("0.3333 of features drifted on credit (24h, ml, age)");
  });

  it("leaves a placeholder that names nothing as written", () => {
    expect(renderMessage("{{valeu}} / {{labels.owner}} / {{value.x}}", context)).toBe(
      "{{valeu}} / {{labels.owner}} / {{value.x}}",
    );
  });
});

describe("formatValue and defaultMessage", () => {
  it("formats numbers, missing values and objects", () => {
    expect([
      formatValue(12345.678),
      formatValue(1e-7),
      formatValue(Infinity),
      formatValue(null),
      formatValue({ a: [1] }),
      formatValue(true),
    ]).toEqual(["12350", "1e-7", "Infinity", "no data", '{"a":[1]}', "true"]);
    expect(formatValue("x".repeat(300))).toHaveLength(300);
    expect(formatValue({ text: "x".repeat(300) })).toHaveLength(201);
  });

  it("names the rule, the key and the value", () => {
    expect(defaultMessage({ alert: "drift", value: 0.4 })).toBe("drift: value 0.4");
    expect(defaultMessage({ alert: "drift", key: "age", value: 0.31 })).toBe("drift age: value 0.31");
  });
});
