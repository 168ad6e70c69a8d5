/**
 * Finding a literal string in a long text at `memchr` speed. V8's
 * `indexOf` looks for a short needle's first character, then compares the
 * rest: fast when that character is rare, some ten times slower when it is
 * common (a `"` in JSON, an `e` in prose). A {@linkcode LiteralFinder}
 * searches instead for the part of the literal that starts at its rarest
 * character, then checks the characters before it.
 *
 * @module
 */

/**
 * Characters of logs and prose, most common first (letters by their
 * frequency in English, then digits and punctuation of logs and JSON). A
 * character not listed (upper-case letters, most punctuation) counts as
 * rarer than every listed one.
 */
const COMMON = ' etaoinsrhldcu"-:0123456789mfpgwyb,./=_vk\nxjqz';

/** How common `character` is in logs and prose: a higher rank is rarer. Pure. */
export function rarity(character: string): number {
  const index = COMMON.indexOf(character);
  return index < 0 ? COMMON.length : index;
}

/**
 * Where the rarest character of `literal` is (the first of the rarest),
 * going by the characters of logs and prose. Pure.
 *
 * @example
 * ```ts
 * import { rarestOffset } from "./_literal_finder.ts";
 * rarestOffset("eyJ"); // 2
 * ```
 */
export function rarestOffset(literal: string): number {
  let offset = 0;
  for (let index = 1; index < literal.length; index++) {
    if (rarity(literal[index]) > rarity(literal[offset])) offset = index;
  }
  return offset;
}

/** Finds one literal string. */
export class LiteralFinder {
  /** The literal looked for. */
  readonly literal: string;
  /** The part of the literal searched for, from its rarest character. */
  readonly #needle: string;
  /** Where the needle starts in the literal. */
  readonly #offset: number;
  /** The characters of the literal before the needle. */
  readonly #prefix: string;

  constructor(literal: string) {
    if (literal.length === 0) {
      throw new RangeError("Cannot find an empty literal: give one character at least");
    }
    this.literal = literal;
    this.#offset = rarestOffset(literal);
    this.#needle = literal.slice(this.#offset);
    this.#prefix = literal.slice(0, this.#offset);
  }

  /**
   * The first index at or after `from` where the literal starts in `text`,
   * or -1: the same as `text.indexOf(literal, from)`. Pure.
   *
   * @example
   * ```ts
   * import { LiteralFinder } from "./_literal_finder.ts";
   * new LiteralFinder("-----BEGIN ").find("x -----BEGIN RSA", 0); // 2
   * ```
   */
  find(text: string, from: number): number {
    const offset = this.#offset;
    let at = text.indexOf(this.#needle, Math.max(0, from) + offset);
    while (at >= 0) {
      const start = at - offset;
      if (offset === 0 || text.startsWith(this.#prefix, start)) return start;
      at = text.indexOf(this.#needle, at + 1);
    }
    return -1;
  }
}

/**
 * The literal text a regex source starts with: its characters up to the
 * first one with a meaning in a regex (an escaped character ends it too),
 * or `""`. Every match of the regex starts with it.
 *
 * @example
 * ```ts
 * import { leadingLiteral } from "./_literal_finder.ts";
 * leadingLiteral("-----BEGIN (?:RSA )?PRIVATE"); // "-----BEGIN "
 * leadingLiteral('"private_key"[ \\t]*:'); // '"private_key"'
 * ```
 */
export function leadingLiteral(source: string): string {
  if (hasTopLevelAlternative(source)) return "";
  let end = 0;
  while (end < source.length && !"\\^$.*+?()[]{}|".includes(source[end])) end++;
  // A quantifier applies to the character before it, which is then not required.
  if (end < source.length && "*?{".includes(source[end])) end--;
  return source.slice(0, Math.max(0, end));
}

/**
 * The literal text a regex source ends with: its characters back to the
 * last one with a meaning in a regex (an escaped character, a quantifier, a
 * group, a class, an assertion), or `""`. Every match of the regex ends
 * with it.
 *
 * @example
 * ```ts
 * import { trailingLiteral } from "./_literal_finder.ts";
 * trailingLiteral("://[^@]{0,128}:([^@]{1,256})@"); // "@"
 * trailingLiteral("ab(?!c)"); // ""
 * ```
 */
export function trailingLiteral(source: string): string {
  let start = source.length;
  while (start > 0 && !"\\^$.*+?()[]{}|".includes(source[start - 1])) start--;
  // A character after a backslash is an escape (`\d`, `\@`), not itself: it ends the literal.
  if (start > 0 && start < source.length && source[start - 1] === "\\") start++;
  // Most sources end with a group or a quantifier: the whole source is read only for the others.
  return start === source.length || hasTopLevelAlternative(source) ? "" : source.slice(start);
}

/** Whether `source` has a `|` outside every group and class: then no text starts every match. */
function hasTopLevelAlternative(source: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let index = 0; index < source.length; index++) {
    const character = source[index];
    if (character === "\\") index++;
    else if (inClass) inClass = character !== "]";
    else if (character === "[") inClass = true;
    else if (character === "(") depth++;
    else if (character === ")") depth--;
    else if (character === "|" && depth === 0) return true;
  }
  return false;
}
