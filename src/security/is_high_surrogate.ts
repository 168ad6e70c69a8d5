/**
 * Whether a UTF-16 code unit is the first half of a surrogate pair.
 *
 * @module
 */

/**
 * Whether `code` (a UTF-16 code unit) is a high surrogate, the first half of
 * a pair that encodes a character beyond U+FFFF.
 *
 * @example
 * ```ts
 * import { isHighSurrogate } from "./is_high_surrogate.ts";
 * isHighSurrogate("\u{1D42C}".charCodeAt(0)); // true
 * ```
 */
export function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
