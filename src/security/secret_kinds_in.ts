/**
 * The kinds of the secrets a text holds, as `omn redact` finds them.
 *
 * @module
 */
import { findSecrets, redact } from "./redact.ts";

/**
 * The kinds found in `text`, each once; a text that only masking changes
 * (a known value of no recognised shape) holds a `known-secret`.
 *
 * @example
 * ```ts
 * import { secretKindsIn } from "./secret_kinds_in.ts";
 * secretKindsIn("hello"); // []
 * ```
 */
export function secretKindsIn(text: string): string[] {
  const kinds = [...new Set(findSecrets(text).map((finding) => finding.kind))];
  if (kinds.length === 0 && redact(text) !== text) kinds.push("known-secret");
  return kinds;
}
