/**
 * Commander parsers for duration flags, all through the one duration check
 * (`src/core/duration.ts`): a value out of range is a usage error (exit 2)
 * naming the unit and the limit.
 *
 * @module
 */
import { InvalidArgumentError } from "@commander-js/extra-typings";
import { type DurationRule, parseDurationMs } from "../core/duration.ts";

/** A flag parser that turns a number in `rule.unit` into milliseconds. */
export function durationFlag(rule: DurationRule): (value: string) => number {
  return (value) => {
    try {
      return parseDurationMs(value, rule);
    } catch (error) {
      throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
    }
  };
}

/** `--timeout`, `--connect-timeout`, `--first-byte-timeout`, `--idle-timeout`: seconds above 0. */
export const parseTimeoutSeconds: (value: string) => number = durationFlag({
  unit: "seconds",
  min: 0.001,
});

/** `--max-retry-wait`: seconds, 0 or more. */
export const parseWaitSeconds: (value: string) => number = durationFlag({
  unit: "seconds",
  min: 0,
});
