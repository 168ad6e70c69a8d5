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
  if (!original.includes("\n")) return masked;
  return masked + (original.match(/\r?\n/g) ?? []).join("");
}
