/**
 * The text that secrets are matched in, when the original hides them from
 * a plain match: compatibility forms folded (NFKC: fullwidth `ｓｋ－１` is
 * `sk-1`), then every mark (`\p{M}`: combining accents and overlays, Mongolian
 * and other variation selectors), format character (`\p{Cf}`: zero-width
 * space and joiners, soft hyphen, BOM, bidi controls, tags) and other
 * default-ignorable code point (invisible Khmer vowels, Hangul fillers)
 * removed, and so is every control character a terminal does not show (C0
 * but the tab and line breaks, DEL, C1 but NEL; a colour sequence
 * `ESC [ 1 ; 31 m` whole) but those data uses as separators (NUL, SOH, STX,
 * ETX, FS, GS, RS, US), which are read as a space, and the letters, digits and dashes of other scripts that look
 * like `[A-Za-z0-9_-]` replaced by those. Each character of the
 * normalised text keeps the span of the original it came from, so a match
 * maps back to the exact original text to mask. Pure.
 *
 * @module
 */

import { FOLDS_TO_ASCII } from "./_folds_to_ascii.ts";

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
  return (text.length > ASCII_LOOP_LENGTH || !isPlainAscii(text)) && suspicious().test(text);
}

/**
 * Texts up to this length are first tested for ASCII with a loop: no ASCII
 * character is suspicious, and the loop spares the first runs the compile
 * of the Unicode-property regex (some 10 ms at start-up).
 */
const ASCII_LOOP_LENGTH = 2048;

/** Whether `text` is ASCII without a hidden control ({@linkcode isHiddenControl}). */
function isPlainAscii(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code > 0x7e || (code < 0x20 && (code < 0x09 || code > 0x0d))) return false;
  }
  return true;
}

/**
 * Whether `code` is a control character that no terminal or editor shows,
 * so that a key holding one reads as the key: the C0 controls but the tab
 * and the line breaks (LF, VT, FF, CR), DEL, and the C1 controls but NEL.
 */
export function isHiddenControl(code: number): boolean {
  return (code < 0x20 && (code < 0x09 || code > 0x0d)) || (code >= 0x7f && code <= 0x9f &&
    code !== 0x85);
}

/**
 * Whether `code` is a control character that data uses as a separator —
 * NUL (a PNG text chunk's or a C string's end), SOH, STX, ETX (FIX fields)
 * and the information separators FS, GS, RS, US — read as a blank, not
 * removed: the words on either side stay apart (`Comment\0sk-…`).
 */
function isSeparatorControl(code: number): boolean {
  return code <= 0x03 || (code >= 0x1c && code <= 0x1f);
}

/**
 * The length of the terminal control sequence (CSI: `ESC [`, then
 * parameters, intermediates and a final character, at most
 * {@linkcode LONGEST_SEQUENCE} characters: a colour, `ESC [ 1 ; 31 m`) that
 * starts at `index`, or 0.
 */
function sequenceLength(text: string, index: number): number {
  if (text.charCodeAt(index) !== 0x1b || text.charCodeAt(index + 1) !== 0x5b) return 0;
  const start = index + 2;
  const end = Math.min(text.length, index + LONGEST_SEQUENCE);
  for (let at = start; at < end; at++) {
    const next = text.charCodeAt(at);
    if (next >= 0x40 && next <= 0x7e) return at + 1 - index;
    if (next < 0x20 || next > 0x3f) return 0;
  }
  // Unfinished at the end of the text (a stream's chunk): removed, so that what comes before
  // it is held back as a match's start until the next chunk finishes it.
  return end === text.length ? text.length - index : 0;
}

/**
 * The folded form of each character already folded (NFKC, invisible
 * characters removed, look-alikes replaced), by code point: folding one
 * character costs some microseconds, and a text repeats few characters
 * (review: a megabyte of fullwidth `ｓｋ－` took 4 s).
 */
const FOLDED = new Map<number, string>();

/** The most characters {@linkcode FOLDED} keeps. */
const MAX_FOLDED = 65_536;

/** The longest terminal control sequence read through. */
const LONGEST_SEQUENCE = 32;

// Marks, format characters and other default-ignorable code points, Hangul
// fillers, fullwidth and halfwidth forms, compatibility letters and digits
// (mathematical alphanumerics, enclosed, superscripts, letterlike symbols),
// and every character of the look-alike table.
const SUSPICIOUS_BASE =
  "\\x00-\\x08\\x0E-\\x1F\\x7F-\\x84\\x86-\\x9F\\p{M}\\p{Cf}\\p{Default_Ignorable_Code_Point}\\u3000\\uFF01-\\uFFEE\\u00AA\\u00B2\\u00B3\\u00B9\\u00BA\\u2070-\\u209F\\u2100-\\u214F\\u2460-\\u24FF\\u0370-\\u03FF\\u0400-\\u04FF\\u0500-\\u052F\\u{1D400}-\\u{1D7FF}\\u{1F100}-\\u{1F1FF}";

/**
 * Characters removed before matching: they render as nothing, or only
 * change the look of the character before them (combining marks). Built on
 * first use, as {@linkcode suspicious}: V8 reads the Unicode properties of a
 * regex as soon as it is created, about 0.7 ms for this one, and most runs
 * never meet a character that needs it.
 */
let invisibleRegex: RegExp | undefined;

function invisible(): RegExp {
  return invisibleRegex ??= /[\p{M}\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;
}

/**
 * Letters, digits and signs of other scripts (Cyrillic, Greek, Armenian,
 * Cherokee, Latin extensions, dashes) that look like `[A-Za-z0-9_-]`
 * (Unicode's confusables), before or after NFKC.
 */
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
  // Cyrillic, completed
  "\u04CF": "l",
  "\u04C0": "l",
  "\u0417": "3",
  "\u0437": "3",
  "\u04E0": "3",
  "\u0431": "6",
  "\u0433": "r",
  "\u043A": "k",
  "\u044C": "b",
  "\u042C": "b",
  "\u04BA": "h",
  "\u0474": "V",
  "\u0475": "v",
  "\u050C": "G",
  "\u051A": "Q",
  "\u051C": "W",
  "\u0500": "D",
  // Greek, completed
  "\u03B3": "y",
  "\u03B7": "n",
  "\u03C7": "x",
  "\u03C9": "w",
  "\u03F2": "c",
  "\u03F9": "C",
  "\u03F3": "j",
  "\u037F": "J",
  "\u03DC": "F",
  "\u03F8": "p",
  // Armenian
  "\u0555": "O",
  "\u0585": "o",
  "\u0578": "n",
  "\u057D": "u",
  "\u054D": "U",
  "\u054F": "S",
  "\u0566": "q",
  "\u0570": "h",
  "\u0581": "g",
  "\u0575": "j",
  // Cherokee capitals
  "\u13A0": "D",
  "\u13A1": "R",
  "\u13A2": "T",
  "\u13A5": "i",
  "\u13A9": "Y",
  "\u13AA": "A",
  "\u13AB": "J",
  "\u13AC": "E",
  "\u13B3": "W",
  "\u13B7": "M",
  "\u13BB": "H",
  "\u13BD": "Y",
  "\u13C0": "G",
  "\u13C3": "Z",
  "\u13CF": "b",
  "\u13D2": "R",
  "\u13D4": "W",
  "\u13D9": "V",
  "\u13DA": "S",
  "\u13DE": "L",
  "\u13DF": "C",
  "\u13E2": "P",
  "\u13E6": "K",
  "\u13F4": "B",
  // Latin letters and signs that look like the ASCII ones
  "\u0131": "i",
  "\u0251": "a",
  "\u0261": "g",
  "\u0269": "i",
  "\u01C0": "l",
  "\u0196": "l",
  "\u01BC": "5",
  "\u02CD": "_",
  "\u02D7": "-",
  "\u2010": "-",
  "\u2011": "-",
  "\uFE58": "-",
  "\uFE63": "-",
  "\uFE33": "_",
  "\uFE34": "_",
  "\uFE4D": "_",
  "\uFE4E": "_",
  "\uFE4F": "_",
  "\u2012": "-",
  "\u2013": "-",
  "\u2014": "-",
  "\u2015": "-",
  "\u2043": "-",
  "\u2212": "-",
  "\u2796": "-",
  "\u30FC": "-",
  // Blanks that NFKC leaves as they are: the Braille blank, the Ogham space mark
  "\u2800": " ",
  "\u1680": " ",
}; // deno-fmt-ignore

let suspiciousRegex: RegExp | undefined;

/**
 * The characters that send a text to {@linkcode normalizeForMatching}: the
 * base set, the others that fold into ASCII (`_folds_to_ascii.ts`) and every
 * look-alike. Built on first use (a long text, or one
 * that is not plain ASCII): creating it reads Unicode properties, about
 * 0.4 ms, which a run that redacts only short ASCII texts never needs.
 */
function suspicious(): RegExp {
  return suspiciousRegex ??= new RegExp(
    `[${SUSPICIOUS_BASE}${FOLDS_TO_ASCII}${
      Object.keys(LOOK_ALIKES).map((key) => `\\u{${key.codePointAt(0)!.toString(16)}}`).join("")
    }]`,
    "u",
  );
}

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
  const pieces: string[] = [];
  const spans = new Spans(text.length);
  for (let index = 0; index < text.length;) {
    // A run of printable ASCII (with tabs and line breaks) is copied whole.
    let end = index;
    while (end < text.length && isPlainAsciiCode(text.charCodeAt(end))) end++;
    if (end > index) {
      spans.addRun(index, end);
      pieces.push(text.slice(index, end));
      index = end;
      continue;
    }
    const code = text.codePointAt(index)!;
    const sequence = code === 0x1b ? sequenceLength(text, index) : 0;
    const width = sequence > 0 ? sequence : code > 0xffff ? 2 : 1;
    const character = text.slice(index, index + width);
    let replacement: string;
    if (isSeparatorControl(code)) replacement = " ";
    else if (sequence > 0 || isHiddenControl(code)) replacement = "";
    else if (code < 0x80) replacement = character;
    else if (LOOK_ALIKES[character] !== undefined) replacement = LOOK_ALIKES[character];
    else {
      const known = FOLDED.get(code);
      if (known !== undefined) replacement = known;
      else {
        replacement = character.normalize("NFKC").replace(invisible(), "");
        replacement = [...replacement].map((folded) => LOOK_ALIKES[folded] ?? folded).join("");
        if (FOLDED.size < MAX_FOLDED) FOLDED.set(code, replacement);
      }
    }
    spans.add(index, index + width, replacement.length);
    if (replacement !== "") pieces.push(replacement);
    index += width;
  }
  return { text: pieces.join(""), starts: spans.starts(), ends: spans.ends() };
}

/** Whether `code` is printable ASCII, a tab or a line break: a character kept as it is. */
function isPlainAsciiCode(code: number): boolean {
  return code < 0x7f && (code >= 0x20 || (code >= 0x09 && code <= 0x0d));
}

/** The original span of each normalised character, in typed arrays grown as needed. */
class Spans {
  #starts: Int32Array;
  #ends: Int32Array;
  #length = 0;

  constructor(capacity: number) {
    this.#starts = new Int32Array(capacity + 16);
    this.#ends = new Int32Array(capacity + 16);
  }

  /** `count` characters from the original `[start, end)`. */
  add(start: number, end: number, count: number): void {
    this.#reserve(count);
    for (let unit = 0; unit < count; unit++) {
      this.#starts[this.#length] = start;
      this.#ends[this.#length] = end;
      this.#length++;
    }
  }

  /** The characters of the original `[start, end)`, each from itself. */
  addRun(start: number, end: number): void {
    this.#reserve(end - start);
    for (let at = start; at < end; at++) {
      this.#starts[this.#length] = at;
      this.#ends[this.#length] = at + 1;
      this.#length++;
    }
  }

  starts(): Int32Array {
    return this.#starts.slice(0, this.#length);
  }

  ends(): Int32Array {
    return this.#ends.slice(0, this.#length);
  }

  #reserve(count: number): void {
    if (this.#length + count <= this.#starts.length) return;
    const size = Math.max(2 * this.#starts.length, this.#length + count);
    const starts = new Int32Array(size);
    const ends = new Int32Array(size);
    starts.set(this.#starts.subarray(0, this.#length));
    ends.set(this.#ends.subarray(0, this.#length));
    this.#starts = starts;
    this.#ends = ends;
  }
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

/**
 * Where the original index `index` falls in the normalised text: the first
 * normalised character that comes from `index` or later (its length when
 * none does).
 */
export function normalizedIndex(normalized: NormalizedText, index: number): number {
  let low = 0;
  let high = normalized.starts.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (normalized.starts[middle] < index) low = middle + 1;
    else high = middle;
  }
  return low;
}
