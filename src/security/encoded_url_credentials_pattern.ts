/**
 * The rules for a password in a URL (`scheme://user:password@host`) whose
 * separators are written as escapes: the whole URL percent-encoded inside
 * another one (`?next=https%3A%2F%2Fuser%3Apassword%40host`, hex in either
 * case), or in a JSON string whose writer escapes slashes
 * (`"https:\/\/user:password@host"`). The plain form is the `url-credentials`
 * entry of `patterns.ts`; these two report the same kind. Each match starts
 * at a `%` or a backslash, so they run in the regex of the encoded key rule
 * (`encoded_context_pattern.ts`) that text without those passes over.
 *
 * @module
 */
import type { SecretPattern } from "./patterns.ts";

/** A character of the user or password, percent-encoded or not; `%3A` only in the password. */
function urlCharacter(colonToo: boolean): string {
  const excluded = colonToo ? "3[aA]|" : "";
  return String.raw`(?:[^\s:/?#@"'<>\\%&]|%(?!${excluded}40|2[fF]|3[fF]|23)[0-9A-Fa-f]{2})`;
}

/**
 * `tokens` (regex atoms) as a regex of every beginning of them, the whole
 * followed by any run of `tail`: what `partial` needs of a match cut by the
 * end of a text.
 */
function beginnings(tokens: readonly string[], tail: string): string {
  return tokens.reduceRight((inner, token) => `${token}(?:${inner})?`, `${tail}*`);
}

/** The two rules, with the plain rule's `masked` form. */
export function encodedUrlCredentialsPatterns(mask: string): SecretPattern[] {
  const common = {
    kind: "url-credentials",
    label: "Password in a URL",
    multiline: false,
    lookback: 0,
    guard: "",
    keep: null,
    masked: mask,
  };
  const separator = ["%", "3", "[aA]", "%", "2", "[fF]", "%", "2", "[fF]"];
  return [
    {
      ...common,
      source: `${separator.join("")}${urlCharacter(true)}{0,128}%3[aA](${
        urlCharacter(false)
      }{1,256})%40`,
      anchors: ["%"],
      // Each partial starts with its anchor in a group of its own, which tells
      // `_short_text_rules.ts` that a short text without it cannot match.
      partial: `(?:%)(?:${beginnings(separator.slice(1), String.raw`[^\s/?#"'<>\\&]`)})?$`,
      reach: 9 + 3 * 128 + 3 + 3 * 256 + 3 + 10,
    },
    {
      ...common,
      source: String.raw`(?<=:)\\\/\\\/[^\s:/?#@"'<>\\]{0,128}:([^\s/?#"'<>\\]{1,256})@`,
      anchors: ["\\"],
      // The backslash, then the lookbehind of the colon before it.
      partial: String.raw`(?:\\)(?<=:\\)(?:${
        beginnings(["/", String.raw`\\`, "/"], String.raw`[^\s/?#"'<>\\]`)
      })?$`,
      reach: 4 + 128 + 1 + 256 + 1 + 10,
    },
  ];
}
