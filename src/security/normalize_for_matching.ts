/**
 * The text that secrets are matched in, when the original hides them from
 * a plain match: format characters removed (zero-width space and joiners
 * U+200B–U+200D, word joiner U+2060, soft hyphen U+00AD, BOM U+FEFF and
 * every other `\p{Cf}` or variation selector), compatibility forms folded
 * (NFKC: fullwidth `ｓｋ－１` is `sk-1`), and the Cyrillic and Greek letters
 * that look like Latin ones replaced by those. Each character of the
 * normalised text keeps the span of the original it came from, so a match
 * maps back to the exact original text to mask. Pure.
 *
 * @module
 */

/** A normalised text and, per character of it, the span of the original it came from. */
export interface NormalizedText {
  /** The text to match in. */
  readonly text: string;
  /** `starts[i]`: where in the original the character `text[i]` comes from. */
  readonly starts: Int32Array;
  /** `ends[i]`: the end of that original character (a surrogate pair spans two). */
  readonly ends: Int32Array;
}

/**
 * Whether `text` has a character that {@linkcode normalizeForMatching}
 * would change: the cheap test that keeps the fast path for ordinary text.
 */
export function needsNormalizing(text: string): boolean {
  return SUSPICIOUS.test(text);
}

// Format characters, variation selectors, combining grapheme joiner, Hangul fillers,
// fullwidth and halfwidth forms, compatibility letters and digits (mathematical
// alphanumerics, enclosed, superscripts, letterlike symbols), and Cyrillic and Greek.
const SUSPICIOUS =
  /[\p{Cf}\u034F\u115F\u1160\u3164\uFFA0\uFE00-\uFE0F\u3000\uFF01-\uFFEE\u00AA\u00B2\u00B3\u00B9\u00BA\u2070-\u209F\u2100-\u214F\u2460-\u24FF\u0370-\u03FF\u0400-\u04FF\u0500-\u052F\u{1D400}-\u{1D7FF}\u{1F100}-\u{1F1FF}\u{E0100}-\u{E01EF}]/u;

/** Characters removed before matching: they render as nothing. */
const INVISIBLE = /^[\p{Cf}\u034F\u115F\u1160\u3164\uFFA0\uFE00-\uFE0F\u{E0100}-\u{E01EF}]$/u;

/** Cyrillic and Greek letters that look like Latin ones (after NFKC). */
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  "\u0430": "a",
  "\u0435": "e",
  "\u043E": "o",
  "\u0440": "p",
  "\u0441": "c",
  "\u0443": "y",
  "\u0445": "x",
  "\u0456": "i",
  "\u0458": "j",
  "\u0455": "s",
  "\u0501": "d",
  "\u04BB": "h",
  "\u0410": "A",
  "\u0412": "B",
  "\u0415": "E",
  "\u041A": "K",
  "\u041C": "M",
  "\u041D": "H",
  "\u041E": "O",
  "\u0420": "P",
  "\u0421": "C",
  "\u0422": "T",
  "\u0425": "X",
  "\u0406": "I",
  "\u0408": "J",
  "\u0405": "S",
  "\u03BF": "o",
  "\u03BD": "v",
  "\u0391": "A",
  "\u0392": "B",
  "\u0395": "E",
  "\u0396": "Z",
  "\u0397": "H",
  "\u0399": "I",
  "\u039A": "K",
  "\u039C": "M",
  "\u039D": "N",
  "\u039F": "O",
  "\u03A1": "P",
  "\u03A4": "T",
  "\u03A5": "Y",
  "\u03A7": "X",
  "\u04AE": "Y",
  "\u04AF": "y",
  "\u051B": "q",
  "\u051D": "w",
  "\u0432": "B",
  "\u043D": "H",
  "\u03B1": "a",
  "\u03B9": "i",
  "\u03BA": "k",
  "\u03C1": "p",
  "\u03C5": "u",
}; // deno-fmt-ignore

/**
 * `text` normalised for matching (see the module), with the original span
 * of each of its characters.
 *
 * @example
 * ```ts
 * import { normalizeForMatching } from "./normalize_for_matching.ts";
 * const normalized = normalizeForMatching("sk-\u200Bproj");
 * normalized.text; // "sk-proj"
 * normalized.starts[3]; // 4: the "p" after the zero-width space
 * ```
 */
export function normalizeForMatching(text: string): NormalizedText {
  let output = "";
  const starts: number[] = [];
  const ends: number[] = [];
  for (let index = 0; index < text.length;) {
    const code = text.codePointAt(index)!;
    const width = code > 0xffff ? 2 : 1;
    const character = text.slice(index, index + width);
    let replacement: string;
    if (code < 0x80) replacement = character;
    else if (INVISIBLE.test(character)) replacement = "";
    else {
      replacement = character.normalize("NFKC");
      replacement = [...replacement].map((folded) => LOOK_ALIKES[folded] ?? folded).join("");
    }
    for (let unit = 0; unit < replacement.length; unit++) {
      starts.push(index);
      ends.push(index + width);
    }
    output += replacement;
    index += width;
  }
  return { text: output, starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
}

/**
 * The original span of the normalised span `[start, end)`: from the start
 * of the original character of `text[start]` to the end of the one of
 * `text[end - 1]`, so that invisible characters inside are covered.
 */
export function originalSpan(
  normalized: NormalizedText,
  start: number,
  end: number,
): [number, number] {
  return [normalized.starts[start], normalized.ends[end - 1]];
}
