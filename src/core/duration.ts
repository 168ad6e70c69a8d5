/**
 * The one check of every duration omn accepts, from a flag (`--timeout`,
 * `--max-retry-wait`, `--since 7d`, …) or from a config setting
 * (`settings.timeout_ms`, `settings.history_retention_days`, …). A wait that
 * a timer holds cannot exceed 2^31 − 1 ms (about 24.8 days): a longer one
 * fires at once, after a raw `TimeoutOverflowWarning`. A calendar duration
 * (days kept, the age of `--since`) is capped at 100 years, where dates stay
 * valid. Each refusal names the unit and the limit.
 *
 * @module
 */

/** The longest delay a timer can hold: 2^31 − 1 milliseconds, about 24.8 days. */
export const MAX_TIMER_MS = 2_147_483_647;

/** The units of omn's durations. */
export type DurationUnit = "milliseconds" | "seconds" | "minutes" | "hours" | "days" | "weeks";

/** Milliseconds in one of each unit. */
export const UNIT_MS: Readonly<Record<DurationUnit, number>> = {
  milliseconds: 1,
  seconds: 1_000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
  weeks: 604_800_000,
};

/** 100 years, the longest calendar duration; dates this far from now stay valid. */
export const MAX_CALENDAR_MS = 36_500 * 86_400_000;

/** What a duration may be. */
export interface DurationRule {
  /** The unit the value is written in. */
  unit: DurationUnit;
  /** The least value, in `unit` (inclusive). */
  min: number;
  /** `"timer"` (default): held by a timer, at most 2^31 − 1 ms; `"calendar"`: at most 100 years. */
  kind?: "timer" | "calendar";
  /** Whether only whole numbers are accepted (default: fractions allowed). */
  whole?: boolean;
}

/** The largest value `rule` allows, in its unit (a whole number). */
export function maxDuration(rule: DurationRule): number {
  const limitMs = rule.kind === "calendar" ? MAX_CALENDAR_MS : MAX_TIMER_MS;
  return Math.floor(limitMs / UNIT_MS[rule.unit]);
}

/** `expected a number of seconds from 0.001 to 2147483 (about 24 days, the longest a timer can wait)`. */
export function durationRuleText(rule: DurationRule): string {
  const limit = rule.kind === "calendar"
    ? "100 years"
    : "about 24 days, the longest a timer can wait";
  const what = rule.whole ? "a whole number" : "a number";
  return `expected ${what} of ${rule.unit} from ${rule.min} to ${maxDuration(rule)} (${limit})`;
}

/**
 * What is wrong with `value` as a duration under `rule`, or `undefined` when
 * it is fine. A value that rounds to 0 ms while `rule.min` is above 0 is
 * refused too (a timer of 0 fires at once).
 *
 * @example
 * ```ts
 * import { durationProblem } from "./duration.ts";
 * durationProblem(2_147_484, { unit: "seconds", min: 0.001 });
 * // "expected a number of seconds from 0.001 to 2147483 (about 24 days, the longest a timer can wait)"
 * durationProblem(600, { unit: "seconds", min: 0.001 }); // undefined
 * ```
 */
export function durationProblem(value: number, rule: DurationRule): string | undefined {
  const fine = Number.isFinite(value) && value >= rule.min && value <= maxDuration(rule) &&
    (!rule.whole || Number.isInteger(value)) &&
    (rule.min <= 0 || Math.round(value * UNIT_MS[rule.unit]) > 0);
  return fine ? undefined : durationRuleText(rule);
}

/**
 * Parses the text of a duration flag (a plain number in `rule.unit`) into
 * milliseconds, or throws a `RangeError` whose message is the rule (the
 * flag parsers turn it into a usage error, exit 2).
 */
export function parseDurationMs(text: string, rule: DurationRule): number {
  const value = text.trim() === "" ? Number.NaN : Number(text);
  const problem = durationProblem(value, rule);
  if (problem !== undefined) throw new RangeError(problem);
  return Math.round(value * UNIT_MS[rule.unit]);
}
