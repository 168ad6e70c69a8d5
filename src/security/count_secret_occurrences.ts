/**
 * Counts where one known secret occurs in a text, in the forms the
 * redaction module masks it in (raw, JSON-escaped, URL-encoded, under any
 * URL encoding or JSON escaping, base64 and base64url at any byte offset): how `omn keys revoke` finds the traces of
 * a compromised key in omn's own files without showing it.
 *
 * @module
 */
import { knownForms, MAX_ENCODED_FORM_LENGTH, MIN_KNOWN_SECRET_LENGTH } from "./_known_secrets.ts";
import { encodedFormPattern } from "./encoded_form_pattern.ts";
import { escapeRegExp } from "./patterns.ts";

/**
 * How many times `secret` occurs in `text`, in any of the forms that
 * `registerSecret` masks; occurrences do not overlap. Values shorter than
 * the redaction module's minimum (8 characters) are not looked for.
 *
 * @example
 * ```ts
 * import { countSecretOccurrences } from "./count_secret_occurrences.ts";
 * const key = "correct-horse-battery-staple";
 * countSecretOccurrences(`${key} and ${btoa(key)}`, key); // 2
 * ```
 */
export function countSecretOccurrences(text: string, secret: string): number {
  if (secret.length < MIN_KNOWN_SECRET_LENGTH) return 0;
  const forms = [...new Set(knownForms(secret, undefined).map((form) => form.text))]
    .sort((left, right) => right.length - left.length);
  const sources = forms.map(escapeRegExp);
  if (secret.length <= MAX_ENCODED_FORM_LENGTH) sources.push(encodedFormPattern(secret).source);
  const pattern = new RegExp(sources.join("|"), "g");
  let count = 0;
  for (const _ of text.matchAll(pattern)) count++;
  return count;
}
