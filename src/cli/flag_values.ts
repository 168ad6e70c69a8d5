/**
 * The values of `ask`'s number flags (shared with `chat`, `batch` and
 * `templates`) and the choices of two of its flags, checked without
 * commander, so that the command line of an `ask` can be read without
 * loading it (`src/cli/parse_ask_command_line.ts`). Each throws a
 * {@linkcode FlagValueError} saying what it expected; the commander options
 * wrap them (`src/cli/commander_parser.ts`), so both readings refuse the
 * same values with the same words.
 *
 * @module
 */
import { parseDurationMs } from "../core/duration.ts";

/** The values of `ask`'s `--output` and `--output-format`. */
export const OUTPUTS = ["text", "json", "stream-json"] as const;

/** The values of `--on-secret`. */
export const ON_SECRET_CHOICES = ["redact", "block", "allow"] as const;

/** A flag's value refused: the message says what was expected. */
export class FlagValueError extends Error {}

/** `--temperature`: a number from 0 to 2. */
export function temperatureValue(value: string): number {
  const number = Number(value);
  if (value.trim() === "" || !Number.isFinite(number) || number < 0 || number > 2) {
    throw new FlagValueError("expected a number from 0 to 2");
  }
  return number;
}

/** `--max-tokens`: a whole number above 0. */
export function maxTokensValue(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < 1) {
    throw new FlagValueError("expected a whole number above 0");
  }
  return number;
}

/** `--max-retries`: a whole number from 0 to 100. */
export function retriesValue(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) > 100) {
    throw new FlagValueError("expected a whole number from 0 to 100");
  }
  return Number(value);
}

/** `--max-cost`: an amount of US dollars above 0, with or without a leading `$`. */
export function usdValue(value: string): number {
  const number = Number(value.replace(/^\$/, ""));
  if (value.trim() === "" || !Number.isFinite(number) || number <= 0) {
    throw new FlagValueError("expected an amount of US dollars above 0, e.g. 0.50");
  }
  return number;
}

/** `--timeout` and the other request timeouts: seconds above 0, in milliseconds. */
export function timeoutSecondsValue(value: string): number {
  return parseDurationMs(value, { unit: "seconds", min: 0.001 });
}

/** `--max-retry-wait`: seconds, 0 or more, in milliseconds. */
export function waitSecondsValue(value: string): number {
  return parseDurationMs(value, { unit: "seconds", min: 0 });
}
