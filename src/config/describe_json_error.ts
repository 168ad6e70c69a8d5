/**
 * What is wrong with a JSON text, for a message, without the parser's own
 * words when they quote the text: V8's `Unexpected token 'x', "xai-RTLKaB"...
 * is not valid JSON` repeats the first characters of the input, which can be
 * the first characters of a key (and a cut key matches no rule).
 *
 * @module
 */
import { locateJsonError } from "./read_config_json.ts";

/**
 * `reason at line L, column C` (or `at column C` for one line) for the
 * error `JSON.parse(text)` threw; the reason quotes at most the one
 * character the parser stopped at.
 *
 * @example
 * ```ts
 * import { describeJsonError } from "./describe_json_error.ts";
 * try { JSON.parse("xai-123"); } catch (error) { describeJsonError("xai-123", error); }
 * // 'unexpected "x" at column 1'
 * ```
 */
export function describeJsonError(text: string, error: unknown): string {
  if (!(error instanceof SyntaxError)) return "invalid JSON";
  const { line, column, reason } = locateJsonError(text, error.message);
  return text.includes("\n")
    ? `${reason} at line ${line}, column ${column}`
    : `${reason} at column ${column}`;
}
