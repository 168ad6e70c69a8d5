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
 * @module
 */
import { escapeRegExp } from "./patterns.ts";
import { rarestOffset } from "./_literal_finder.ts";

/**
 * After this many anchors found in one search, closer together than
 * {@linkcode DENSE_SPACING} characters on average, the rest is searched by
 * the group's regex.
 */
const DENSE_AFTER = 16;
const DENSE_SPACING = 32;

/** Finds the leftmost match of one group regex whose every match starts with one of `anchors`. */
export class AnchorSearch {
  /** The anchors, by the code of their first character. */
  readonly #byFirst: ReadonlyMap<number, readonly string[]>;
  /** Finds, at or after its `lastIndex`, the rarest character of an anchor, its prefix behind it. */
  readonly #finder: RegExp;
  /** The most characters an anchor has before its rarest one. */
  readonly #maxOffset: number;
  /** The anchors by the code of their first character, for codes below 128. */
  readonly #asciiFirst: readonly (readonly string[] | undefined)[];
  /** The group's regex, tried at one position. */
  readonly #sticky: RegExp;
  /** The group's regex, searching. */
  readonly #regex: RegExp;

  /**
   * `source`: the group's regex source, with one capturing group per rule;
   * `anchors`: the anchors of its rules, one of which starts every match.
   */
  constructor(source: string, anchors: readonly string[]) {
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
    this.#finder = new RegExp(
      needed.map((anchor) => {
        const offset = rarestOffset(anchor);
        const rest = escapeRegExp(anchor.slice(offset));
        return offset === 0 ? rest : `(?<=${escapeRegExp(anchor.slice(0, offset))})${rest}`;
      }).join("|"),
      "g",
    );
    this.#sticky = new RegExp(source, "yd");
    this.#regex = new RegExp(source, "gd");
  }

  /**
   * What the group regex (flags `gd`) gives from `lastIndex = position`:
   * its leftmost match at or after `position`, or `null`.
   */
  exec(text: string, position: number): RegExpExecArray | null {
    const finder = this.#finder;
    const sticky = this.#sticky;
    // Every position before `next` where an anchor could start was tried.
    let next = position;
    let found: RegExpExecArray | null;
    finder.lastIndex = position;
    for (let count = 1; (found = finder.exec(text)) !== null; count++) {
      if (count > DENSE_AFTER && found.index - position < count * DENSE_SPACING) {
        // Anchors this close together (`sk-sk-sk-`) cost more one by one than in one search.
        this.#regex.lastIndex = next;
        return this.#regex.exec(text);
      }
      // No anchor's rarest character lies between the last one found and this one, so an anchor
      // not tried yet starts at most `#maxOffset` characters before it.
      const at = found.index;
      for (let start = Math.max(next, at - this.#maxOffset); start <= at; start++) {
        if (!this.#anchorAt(text, start)) continue;
        sticky.lastIndex = start;
        const match = sticky.exec(text);
        if (match !== null) return match;
      }
      next = at + 1;
      finder.lastIndex = at + 1;
    }
    return null;
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
