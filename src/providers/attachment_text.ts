/**
 * The text the outgoing-secret guard can see in an attachment's bytes: each
 * run of at least 8 printable characters (ASCII, as `strings` finds them, and
 * well-formed UTF-8), line breaks included (so a key wrapped over lines is joined by the guard),
 * and each such run in UTF-16 (little- or big-endian, as `strings -el/-eb`).
 * That is the text of an uncompressed PDF stream, PDF metadata, and the text
 * chunks of an image (PNG `tEXt`, JPEG comments and EXIF/XMP fields). It is
 * not text drawn in an image's pixels, nor the text of a PDF's compressed
 * (Flate) streams, which is where most PDFs keep their pages.
 *
 * @module
 */

/** The shortest run of printable characters kept. */
export const MIN_TEXT_RUN = 8;

/** A printable character, or a line break inside text (a wrapped key). */
const PRINTABLE = "[\\x20-\\x7e\\t\\r\\n]";

/**
 * Runs of UTF-16 text (each printable character with a zero byte after it,
 * little-endian, or before it, big-endian): how EXIF's Windows fields and
 * PDF text strings (`FE FF` …) keep text.
 */
const UTF16_RUNS = [
  new RegExp(`(?:${PRINTABLE}\\x00){${MIN_TEXT_RUN},}`, "g"),
  new RegExp(`(?:\\x00${PRINTABLE}){${MIN_TEXT_RUN},}`, "g"),
];

/**
 * The printable runs of `data`, separated by a NUL character (not a line
 * break, across which the guard joins the pieces of a key cut by lines: runs
 * that binary bytes kept apart are never read as one key).
 *
 * @example
 * ```ts
 * import { attachmentText } from "./attachment_text.ts";
 * attachmentText(new Uint8Array([0x89, ...new TextEncoder().encode("tEXtComment secret"), 0]));
 * // "tEXtComment secret"
 * ```
 */
export function attachmentText(data: Uint8Array): string {
  const text = new TextDecoder("latin1").decode(data);
  const wide = UTF16_RUNS.flatMap((run) =>
    (text.match(run) ?? []).map((found) => found.replaceAll("\0", ""))
  );
  return [...utf8Runs(data), ...wide].join("\0");
}

/**
 * The runs of printable ASCII characters and line breaks in `data`, with the
 * UTF-8 characters among them (`José`, and a zero-width space or a look-alike
 * letter inside a key, which the guard then sees through), each decoded; a
 * run of fewer than {@linkcode MIN_TEXT_RUN} characters is left out.
 */
function utf8Runs(data: Uint8Array): string[] {
  const decoder = new TextDecoder();
  const runs: string[] = [];
  let start = -1;
  let characters = 0;
  const end = (at: number) => {
    if (start >= 0 && characters >= MIN_TEXT_RUN) {
      runs.push(decoder.decode(data.subarray(start, at)));
    }
    start = -1;
    characters = 0;
  };
  for (let index = 0; index < data.length;) {
    const length = textCharacterLength(data, index);
    if (length === 0) {
      end(index);
      index++;
      continue;
    }
    if (start < 0) start = index;
    characters++;
    index += length;
  }
  end(data.length);
  return runs;
}

/**
 * The length in bytes of the text character at `index`: 1 for printable
 * ASCII, a tab or a line break, 2 to 4 for a well-formed UTF-8 sequence of a
 * character from U+00A0 on; 0 for anything else.
 */
function textCharacterLength(data: Uint8Array, index: number): number {
  const byte = data[index];
  if (byte < 0x80) {
    return (byte >= 0x20 && byte <= 0x7e) || byte === 0x09 || byte === 0x0a || byte === 0x0d
      ? 1
      : 0;
  }
  const length = byte >= 0xc2 && byte <= 0xdf
    ? 2
    : byte >= 0xe0 && byte <= 0xef
    ? 3
    : byte >= 0xf0 && byte <= 0xf4
    ? 4
    : 0;
  if (length === 0 || index + length > data.length) return 0;
  for (let next = 1; next < length; next++) {
    if ((data[index + next] & 0xc0) !== 0x80) return 0;
  }
  const second = data[index + 1];
  if (byte === 0xc2 && second < 0xa0) return 0; // C1 controls U+0080–U+009F
  if (byte === 0xe0 && second < 0xa0) return 0; // overlong
  if (byte === 0xed && second >= 0xa0) return 0; // surrogates
  if (byte === 0xf0 && second < 0x90) return 0; // overlong
  if (byte === 0xf4 && second >= 0x90) return 0; // beyond U+10FFFF
  return length;
}
