/**
 * The `--since` flag of `omn usage` and `omn audit`.
 *
 * @module
 */
import { InvalidArgumentError } from "@commander-js/extra-typings";
import { durationProblem, type DurationUnit, UNIT_MS } from "../core/duration.ts";

const UNITS: Record<string, DurationUnit> = {
  m: "minutes",
  h: "hours",
  d: "days",
  w: "weeks",
};

/**
 * A `--since` value as a time: a date (`2026-01-31`, midnight UTC), a date
 * and time (`2026-01-31T12:00:00Z`; without a zone, UTC), or an age before
 * `now` (`30m`, `24h`, `7d`, `2w`).
 *
 * @example
 * ```ts
 * import { parseSince } from "./parse_since.ts";
 * parseSince("7d", new Date("2026-01-31T00:00:00Z")).toISOString(); // "2026-01-24T00:00:00.000Z"
 * ```
 *
 * @throws {InvalidArgumentError} (exit 2) for anything else.
 */
export function parseSince(value: string, now: Date): Date {
  const text = value.trim();
  const relative = /^(\d+)\s*([mhdw])$/.exec(text);
  if (relative) {
    const rule = { unit: UNITS[relative[2]], min: 0, whole: true, kind: "calendar" } as const;
    const problem = durationProblem(Number(relative[1]), rule);
    if (problem !== undefined) throw new InvalidArgumentError(`${problem} for an age`);
    return new Date(now.getTime() - Number(relative[1]) * UNIT_MS[rule.unit]);
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const date = new Date(`${text}T00:00:00Z`);
    if (!Number.isNaN(date.getTime()) && date.toISOString().startsWith(text)) return date;
  } else if (
    /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(text)
  ) {
    const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(text) ? text : `${text}Z`;
    const date = new Date(zoned.replace(" ", "T"));
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new InvalidArgumentError(
    "expected a date (2026-01-31), a date and time (2026-01-31T12:00:00Z) or an age (30m, 24h, 7d, 2w)",
  );
}
