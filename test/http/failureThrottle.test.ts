import { describe, expect, it } from "vitest";
import { FailureThrottle } from "../../server/http/failureThrottle.ts";

describe("FailureThrottle", () => {
  it("refuses an address after ten failures in five minutes, until the oldest ages out; other addresses are untouched", () => {
    let now = 1_000_000;
    const throttle = new FailureThrottle(() => now);
    for (let i = 0; i < 10; i++) {
      expect(throttle.fail("10.0.0.1")).toBe(0);
      now += 1000;
    }
    expect(throttle.fail("10.0.0.1")).toBe(290); // the first failure leaves the window 290 s from now
    expect(throttle.fail("10.0.0.2")).toBe(0);
    now += 289_000;
    expect(throttle.fail("10.0.0.1")).toBe(1);
    now += 1000; // the first failure has left the window: one more try
    expect(throttle.fail("10.0.0.1")).toBe(0);
    expect(throttle.fail("10.0.0.1")).toBe(1); // full again: the second failure leaves in 1 s
  });
});
