/**
 * What replaces a secret in redacted text.
 *
 * @module
 */

/**
 * The mask for `original` in running text: `masked` followed by the line
 * breaks that `original` spans, so that redacted text keeps its line count
 * and every line after a masked PEM block keeps its number.
 */
export function maskInText(masked: string, original: string): string {
  if (!LINE_BREAK.test(original)) return masked;
  return masked + (original.match(LINE_BREAKS) ?? []).join("");
}

/** A line break: LF, CRLF, CR alone (old Mac files) or a Unicode line or paragraph separator. */
const LINE_BREAK = /[\n\r\u2028\u2029]/;
const LINE_BREAKS = /\r\n|[\n\r\u2028\u2029]/g;
