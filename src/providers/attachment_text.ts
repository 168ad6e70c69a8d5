/**
 * The text the outgoing-secret guard can see in an attachment's bytes: each
 * run of at least 8 printable characters (ASCII, as `strings` finds them, and
 * well-formed UTF-8), line breaks included (so a key wrapped over lines is joined by the guard),
 * each such run in UTF-16 (little- or big-endian, as `strings -el/-eb`), and
 * the same in the bytes of each PDF hex string (`<FEFF0073…>`).
 * That is the text of an uncompressed PDF stream, PDF metadata, and the text
 * chunks of an image (PNG `tEXt`, JPEG comments and EXIF/XMP fields). It is
 * not text drawn in an image's pixels, nor the text of a PDF's compressed
 * (Flate) streams, which is where most PDFs keep their pages.
 *
 * @module
 */

/** The shortest run of printable characters kept. */
export const MIN_TEXT_RUN = 8;

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
  return [...textsOf(data), ...hexStringTexts(data)].join("\0");
}

/**
 * The runs of `data` in UTF-8 (ASCII included) and in UTF-16, little- and
 * big-endian (how EXIF's Windows fields and PDF text strings, `FE FF` …,
 * keep text). Every scan is a loop over the bytes: a regular expression
 * over a long run overflows the stack (`Maximum call stack size exceeded`
 * at 8 MiB of text).
 */
function textsOf(data: Uint8Array): string[] {
  return [...utf8Runs(data), ...utf16Runs(data, 0), ...utf16Runs(data, 1)];
}

/**
 * Runs of UTF-16 text whose character bytes sit at `offset` (0: little-endian,
 * 1: big-endian) of each two-byte unit, the other byte zero: printable ASCII
 * and line breaks, at least {@linkcode MIN_TEXT_RUN} characters.
 */
function utf16Runs(data: Uint8Array, offset: 0 | 1): string[] {
  const runs: string[] = [];
  let start = -1;
  const end = (at: number) => {
    const length = (at - start) >> 1;
    if (start >= 0 && length >= MIN_TEXT_RUN) {
      const characters = new Uint8Array(length);
      for (let index = 0; index < length; index++) {
        characters[index] = data[start + 2 * index + offset];
      }
      runs.push(LATIN1.decode(characters));
    }
    start = -1;
  };
  for (let index = 0; index + 1 < data.length;) {
    if (data[index + 1 - offset] === 0 && isTextByte(data[index + offset])) {
      if (start < 0) start = index;
      index += 2;
    } else {
      end(index);
      index++;
    }
  }
  end(start < 0 ? 0 : start + (((data.length - start) >> 1) << 1));
  return runs;
}

/** Bytes as characters (only ASCII is decoded with it here). */
const LATIN1 = new TextDecoder("latin1");

/** Whether `byte` is printable ASCII, a tab or a line break. */
function isTextByte(byte: number): boolean {
  return (byte >= 0x20 && byte <= 0x7e) || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/**
 * The text of each PDF hex string in `data` (`<FEFF0073…>` in metadata, hex
 * strings in a page's text operators; white space allowed between digits):
 * its bytes read as above, when it has at least {@linkcode MIN_TEXT_RUN} of
 * them.
 */
function hexStringTexts(data: Uint8Array): string[] {
  const texts: string[] = [];
  for (let index = data.indexOf(0x3c); index >= 0; index = data.indexOf(0x3c, index + 1)) {
    let digits = 0;
    let at = index + 1;
    for (; at < data.length; at++) {
      if (hexValue(data[at]) >= 0) digits++;
      else if (!isSpaceByte(data[at])) break;
    }
    if (at < data.length && data[at] === 0x3e && digits >= 2 * MIN_TEXT_RUN) {
      texts.push(...textsOf(hexBytes(data.subarray(index + 1, at), digits >> 1)));
    }
    index = at - 1;
  }
  return texts;
}

/** The first `length` bytes that the hexadecimal digits of `text` spell (spaces skipped). */
function hexBytes(text: Uint8Array, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let digit = 0;
  for (let index = 0; index < text.length && digit < 2 * length; index++) {
    const value = hexValue(text[index]);
    if (value < 0) continue;
    bytes[digit >> 1] |= digit % 2 === 0 ? value << 4 : value;
    digit++;
  }
  return bytes;
}

/** Whether `byte` is PDF white space between hex digits (space, tab, line break). */
function isSpaceByte(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** The value of a hexadecimal digit's byte, or -1. */
function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return -1;
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
  if (byte < 0x80) return isTextByte(byte) ? 1 : 0;
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
