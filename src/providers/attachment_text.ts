/**
 * The text the outgoing-secret guard can see in an attachment's bytes: each
 * run of at least 8 printable ASCII characters (as `strings` finds them),
 * line breaks included (so a key wrapped over lines is joined by the guard),
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

const RUN = new RegExp(`${PRINTABLE}{${MIN_TEXT_RUN},}`, "g");

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
  return [...(text.match(RUN) ?? []), ...wide].join("\0");
}
