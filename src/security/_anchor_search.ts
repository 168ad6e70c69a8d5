/**
 * The leftmost match of a group of patterns that all begin with a literal
 * anchor (`sk-`, `AKIA`, `eyJ`, `://`, ...), found faster than by the
 * group's own regex. One alternation of a dozen kinds of prefixes is slow
 * to search in V8 (each position is tried: about 1.3 ns a character),
 * because the first characters of the alternatives (`s`, `e`, `p`, `g`,
 * `h`, `:`, ...) are common. Here a regex of the anchors alone, each
 * searched from its rarest character with the characters before it in a
 * lookbehind (`(?<=ey)J`, `(?<=s)k-`), finds where an anchor may start,
 * about twice as fast; the group's regex then runs only there, sticky.
 *
 * The result is exactly the group regex's: a match starts at one of its
 * rules' anchors, and every position where an anchor starts, from the
 * search start to the match found, is tried in order.
 *
 * A group whose every match ends with the same literal (`@` for a password
 * in a URL, `://user:password@`) is searched from that literal instead,
 * when it is rarer than the anchors: only the anchors within the group's
 * reach before it are tried. A log full of URLs without a password is then
 * passed over at `memchr` speed.
 *
 * @module
 */
import { escapeRegExp } from "./patterns.ts";
import { LiteralFinder, rarestOffset } from "./_literal_finder.ts";

/**
 * After this many anchors found in one search, closer together than
 * {@linkcode DENSE_SPACING} characters on average, the rest is searched by
 * the group's regex.
 */
const DENSE_AFTER = 16;
const DENSE_SPACING = 32;

/** A literal every match of a group ends with, and the longest match (`reach`). */
export interface RequiredLiteral {
  readonly literal: string;
  readonly reach: number;
}

/** Finds the leftmost match of one group regex whose every match starts with one of `anchors`. */
export class AnchorSearch {
  /** The anchors, by the code of their first character. */
  readonly #byFirst: ReadonlyMap<number, readonly string[]>;
  /** Finds, at or after its `lastIndex`, the rarest character of an anchor, its prefix behind it. */
  readonly #finder: RegExp;
  /** For a group of one anchor: the anchor, found at `memchr` speed instead of by `#finder`. */
  readonly #single: LiteralFinder | undefined;
  /** The most characters an anchor has before its rarest one. */
  readonly #maxOffset: number;
  /** The length of the longest anchor. */
  readonly #longest: number;
  /** The anchors by the code of their first character, for codes below 128. */
  readonly #asciiFirst: readonly (readonly string[] | undefined)[];
  /** The group's regex, tried at one position. */
  readonly #sticky: RegExp;
  /** The group's regex, searching. */
  readonly #regex: RegExp;
  /** The literal every match ends with, when the search starts from it. */
  readonly #required: RequiredLiteral | undefined;

  /**
   * `source`: the group's regex source, with one capturing group per rule;
   * `anchors`: the anchors of its rules, one of which starts every match;
   * `required`: a literal every match ends with, no match longer than its
   * `reach` (see the module).
   */
  constructor(source: string, anchors: readonly string[], required?: RequiredLiteral) {
    if (anchors.length === 0 || anchors.includes("")) {
      throw new RangeError("Cannot search by anchors: every rule needs a non-empty anchor");
    }
    // An anchor that starts with another one adds no position to try.
    const distinct = [...new Set(anchors)];
    const needed = distinct.filter((anchor) =>
      !distinct.some((other) => other !== anchor && anchor.startsWith(other))
    );
    const byFirst = new Map<number, string[]>();
    for (const anchor of needed) {
      const first = anchor.charCodeAt(0);
      byFirst.set(first, [...byFirst.get(first) ?? [], anchor]);
    }
    this.#byFirst = byFirst;
    this.#asciiFirst = Array.from({ length: 128 }, (_, code) => byFirst.get(code));
    this.#maxOffset = Math.max(...needed.map(rarestOffset));
    this.#longest = Math.max(...needed.map((anchor) => anchor.length));
    this.#finder = new RegExp(
      needed.map((anchor) => {
        const offset = rarestOffset(anchor);
        const rest = escapeRegExp(anchor.slice(offset));
        return offset === 0 ? rest : `(?<=${escapeRegExp(anchor.slice(0, offset))})${rest}`;
      }).join("|"),
      "g",
    );
    this.#single = needed.length === 1 ? new LiteralFinder(needed[0]) : undefined;
    this.#sticky = new RegExp(source, "yd");
    this.#regex = new RegExp(source, "gd");
    if (required !== undefined && required.literal === "") {
      throw new RangeError("Cannot search from a required literal: give one character at least");
    }
    this.#required = required;
  }

  /**
   * What the group regex (flags `gd`) gives from `lastIndex = position`:
   * its leftmost match at or after `position`, or `null`.
   */
  exec(text: string, position: number): RegExpExecArray | null {
    const required = this.#required;
    if (required === undefined) return this.#fromAnchors(text, text, position, text.length);
    const { literal, reach } = required;
    // A match starting at `start` ends with a literal at or after `start`, within `reach`: each
    // literal in turn, the anchors starting from the last one's next character up to it are
    // tried, in order, each once.
    for (let cursor = position;;) {
      const end = text.indexOf(literal, cursor);
      if (end < 0) return null;
      const from = Math.max(cursor, end + literal.length - reach);
      // The anchors are searched in a prefix of the text holding those that start by `end`.
      const scope = text.slice(0, Math.min(text.length, end + this.#longest));
      const match = this.#fromAnchors(text, scope, from, end);
      if (match !== null) return match;
      cursor = end + 1;
    }
  }

  /**
   * The leftmost match starting in `[position, last]`, or one after `last`
   * when the group regex takes over (still the leftmost from `position`):
   * the anchors are searched in `scope`, a prefix of `text`.
   */
  #fromAnchors(
    text: string,
    scope: string,
    position: number,
    last: number,
  ): RegExpExecArray | null {
    const sticky = this.#sticky;
    // Every position before `next` where an anchor could start was tried.
    let next = position;
    for (let count = 1;; count++) {
      const at = this.#nextRarest(scope, next);
      if (at < 0) return null;
      if (count > DENSE_AFTER && at - position < count * DENSE_SPACING) {
        // Anchors this close together (`sk-sk-sk-`) cost more one by one than in one search.
        this.#regex.lastIndex = next;
        return this.#regex.exec(text);
      }
      // No anchor's rarest character lies between the last one found and this one, so an anchor
      // not tried yet starts at most `#maxOffset` characters before it.
      const stop = Math.min(at, last);
      for (let start = Math.max(next, at - this.#maxOffset); start <= stop; start++) {
        if (!this.#anchorAt(text, start)) continue;
        sticky.lastIndex = start;
        const match = sticky.exec(text);
        if (match !== null) return match;
      }
      if (at >= last) return null;
      next = at + 1;
    }
  }

  /**
   * Where the rarest character is of the first anchor found from `from`
   * (its prefix may start before `from`, never before a position tried), or -1.
   */
  #nextRarest(scope: string, from: number): number {
    if (this.#single !== undefined) {
      const start = this.#single.find(scope, from);
      return start < 0 ? -1 : start + this.#maxOffset;
    }
    this.#finder.lastIndex = from;
    const found = this.#finder.exec(scope);
    return found === null ? -1 : found.index;
  }

  /** Whether an anchor starts at `start` in `text`. */
  #anchorAt(text: string, start: number): boolean {
    const code = text.charCodeAt(start);
    const candidates = code < 128 ? this.#asciiFirst[code] : this.#byFirst.get(code);
    if (candidates === undefined) return false;
    for (const anchor of candidates) if (text.startsWith(anchor, start)) return true;
    return false;
  }
}
