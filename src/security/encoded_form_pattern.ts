/**
 * The regex that finds a known secret under every URL encoding and JSON
 * escaping, not only the exact output of `encodeURIComponent` and
 * `JSON.stringify`: each character may appear as itself, percent-encoded
 * (its UTF-8 bytes as `%XX`, hex in either case, RFC 3986 §2.1, or
 * percent-encoded twice as `%25XX`), as a JSON
 * `\uXXXX` escape (either case) or as its JSON short escape (`\/`, `\"`,
 * `\\`, `\n`, …), each character independently. With it, what the
 * streaming redactor needs to hold back the start of such a form at the end
 * of a chunk until it is decided: the regex of its first character (whole or
 * cut), the characters any of its forms is made of, and how long it can be.
 *
 * @module
 */
import { escapeRegExp } from "./patterns.ts";

/** The regexes of one known value's encoded forms. */
export interface EncodedFormPattern {
  /** Matches the value with each character in any of its forms (no capturing group). */
  readonly source: string;
  /** Matches the first character of the value in any form, or a cut escape (`%`, `\u00`). */
  readonly head: string;
  /** Every character any form of the value can contain (a form's text is made only of these). */
  readonly characters: string;
  /** The longest text the form can take. */
  readonly reach: number;
}

/** The regex atom of the letter after the backslash of each JSON short escape. */
const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "\\": "\\\\",
  "/": "\\/",
  "\b": "b",
  "\f": "f",
  "\n": "n",
  "\r": "r",
  "\t": "t",
};

/** One regex atom per hex digit of `value`, in either case. */
function hexAtoms(value: number, digits: number): string[] {
  return [...value.toString(16).padStart(digits, "0")].map((digit) =>
    digit >= "a" ? `[${digit}${digit.toUpperCase()}]` : digit
  );
}

const encoder = new TextEncoder();

/** The encodings of one character, each as a list of one-character regex atoms. */
function encodings(character: string): string[][] {
  const forms: string[][] = [character.split("").map(escapeRegExp)];
  const percent: string[] = [];
  const twice: string[] = [];
  for (const byte of encoder.encode(character)) {
    percent.push("%", ...hexAtoms(byte, 2));
    // Percent-encoded again (a URL holding the URL-encoded value, in a query): `%25XX`.
    twice.push("%", "2", "5", ...hexAtoms(byte, 2));
  }
  forms.push(percent, twice);
  const unicode: string[] = [];
  for (let index = 0; index < character.length; index++) {
    unicode.push("\\\\", "u", ...hexAtoms(character.charCodeAt(index), 4));
  }
  forms.push(unicode);
  const short = SHORT_ESCAPES[character];
  if (short !== undefined) forms.push(["\\\\", short]);
  return forms;
}

/**
 * The regexes of `value`'s URL-encoded and JSON-escaped forms.
 *
 * @example
 * ```ts
 * import { encodedFormPattern } from "./encoded_form_pattern.ts";
 * new RegExp(encodedFormPattern("abc/defgh").source).test("abc%2fdef\\u0067h"); // true
 * ```
 */
export function encodedFormPattern(value: string): EncodedFormPattern {
  const characters = new Set<string>('%\\u0123456789abcdefABCDEF"/bfnrt');
  let reach = 0;
  for (const character of value) {
    for (const unit of character.split("")) characters.add(unit);
    // The longest form of a character: each UTF-8 byte as `%25XX`, or each UTF-16 unit as `\uXXXX`.
    reach += Math.max(5 * encoder.encode(character).length, 6 * character.length);
  }
  const whole = (character: string) =>
    encodings(character).map((atoms) => atoms.join("")).join("|");
  const [first] = value;
  const cuts = new Set<string>();
  for (const atoms of encodings(first)) {
    for (let end = 1; end < atoms.length; end++) cuts.add(atoms.slice(0, end).join(""));
  }
  // The whole regex is built when first read: a text without `%` or `\` never needs it.
  let source: string | undefined;
  return {
    get source() {
      return source ??= [...value].map((character) => `(?:${whole(character)})`).join("");
    },
    head: `(?:${whole(first)}|${[...cuts].join("|")})`,
    characters: [...characters].join(""),
    reach,
  };
}
