/**
 * Commander parsers for duration flags, all through the one duration check
 * (`src/core/duration.ts`): a value out of range is a usage error (exit 2)
 * naming the unit and the limit.
 *
 * @module
 */
import { commanderParser } from "./commander_parser.ts";
import { timeoutSecondsValue, waitSecondsValue } from "./flag_values.ts";

/** `--timeout`, `--connect-timeout`, `--first-byte-timeout`, `--idle-timeout`: seconds above 0. */
export const parseTimeoutSeconds: (value: string) => number = commanderParser(
  timeoutSecondsValue,
);

/** `--max-retry-wait`: seconds, 0 or more. */
export const parseWaitSeconds: (value: string) => number = commanderParser(waitSecondsValue);
