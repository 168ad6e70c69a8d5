import assert from "node:assert/strict";
import {
  durationProblem,
  durationRuleText,
  MAX_TIMER_MS,
  maxDuration,
  parseDurationMs,
} from "../../src/core/duration.ts";

const TIMEOUT = { unit: "seconds", min: 0.001 } as const;

Deno.test("a timer duration stops at 2^31 - 1 ms, in every unit", () => {
  assert.equal(maxDuration(TIMEOUT), 2_147_483);
  assert.equal(maxDuration({ unit: "milliseconds", min: 1 }), MAX_TIMER_MS);
  assert.equal(maxDuration({ unit: "minutes", min: 1 }), 35_791);
  assert.equal(durationProblem(2_147_483, TIMEOUT), undefined);
  for (const value of [2_147_484, 2_147_483.648, 1e10, Infinity, Number.NaN]) {
    assert.equal(durationProblem(value, TIMEOUT), durationRuleText(TIMEOUT), String(value));
  }
  assert.equal(durationProblem(MAX_TIMER_MS, { unit: "milliseconds", min: 1 }), undefined);
  assert.ok(durationProblem(MAX_TIMER_MS + 1, { unit: "milliseconds", min: 1 }));
  assert.equal(
    durationRuleText(TIMEOUT),
    "expected a number of seconds from 0.001 to 2147483 (about 24 days, the longest a timer can wait)",
  );
});

Deno.test("a duration above 0 may not round to a timer of 0; whole units refuse fractions", () => {
  assert.ok(durationProblem(0.0004, TIMEOUT));
  assert.ok(durationProblem(0, TIMEOUT));
  assert.ok(durationProblem(-1, TIMEOUT));
  assert.equal(durationProblem(0.001, TIMEOUT), undefined);
  assert.equal(durationProblem(0, { unit: "seconds", min: 0 }), undefined);
  assert.ok(durationProblem(1.5, { unit: "milliseconds", min: 1, whole: true }));
});

Deno.test("a calendar duration stops at 100 years", () => {
  const days = { unit: "days", min: 1, whole: true, kind: "calendar" } as const;
  assert.equal(maxDuration(days), 36_500);
  assert.equal(durationProblem(36_500, days), undefined);
  assert.equal(
    durationProblem(36_501, days),
    "expected a whole number of days from 1 to 36500 (100 years)",
  );
});

Deno.test("parseDurationMs turns a flag's text into milliseconds or a RangeError naming the limit", () => {
  assert.equal(parseDurationMs("600", TIMEOUT), 600_000);
  assert.equal(parseDurationMs(" 1.5 ", TIMEOUT), 1_500);
  for (const text of ["", " ", "abc", "2147484", "1e100", "-1", "0"]) {
    assert.throws(() => parseDurationMs(text, TIMEOUT), (error: RangeError) => {
      assert.ok(error instanceof RangeError);
      assert.match(error.message, /from 0\.001 to 2147483/);
      return true;
    });
  }
});
