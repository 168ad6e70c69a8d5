/**
 * Quoting input in error messages without quoting a secret: a message may
 * name what the user typed (an unknown field, a bad setting) only when it
 * plainly is a name, never a token that could be a key no rule recognises
 * (a Mistral key, an Azure hex key, a Vault token), and it never quotes a
 * part of the input (a cut could split a key so that nothing matches it).
 *
 * @module
 */
import { findSecrets } from "./redact.ts";

/** Longest name quoted whole. */
export const MAX_QUOTED_NAME = 40;

/** Letters and digits in a row beyond this length must be a lowercase word to be quoted. */
const LONGEST_TOKEN_RUN = 12;

/**
 * Whether `text` plainly is a name a person typed (a field, a setting, an
 * id): at most {@linkcode MAX_QUOTED_NAME} characters of letters, digits,
 * `_`, `-`, `.` and spaces, no run of more than 12 letters and digits unless it is
 * a lowercase word, and nothing the redaction module recognises. A random
 * token (a key with no prefix) fails the run rule: keys mix digits and
 * capitals over 16 characters or more.
 *
 * @example
 * ```ts
 * import { looksLikeName } from "./quote_input.ts";
 * looksLikeName("first_byte_timeout_ms"); // true
 * looksLikeName("CANARYcanary0123456789CANARY0123"); // false
 * ```
 */
export function looksLikeName(text: string): boolean {
  if (text.length === 0 || text.length > MAX_QUOTED_NAME) return false;
  if (!/^[A-Za-z0-9_. -]+$/.test(text)) return false;
  for (const run of text.match(/[A-Za-z0-9]+/g) ?? []) {
    if (run.length > LONGEST_TOKEN_RUN && !/^[a-z]+$/.test(run)) return false;
  }
  return findSecrets(text).length === 0;
}

/**
 * `"text"` when it {@linkcode looksLikeName}, else a description that
 * quotes none of it: `a name of 32 characters`.
 *
 * @example
 * ```ts
 * import { quoteName } from "./quote_input.ts";
 * quoteName("colour"); // '"colour"'
 * quoteName("CANARYcanary0123456789CANARY0123", "field"); // "a field of 32 characters"
 * ```
 */
export function quoteName(text: string, noun = "name"): string {
  if (looksLikeName(text)) return `"${text}"`;
  return `${/^[aeiou]/i.test(noun) ? "an" : "a"} ${noun} of ${text.length} characters`;
}
