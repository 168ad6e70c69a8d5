/**
 * Help and usage text cut into short pieces for the redactor of stdout.
 *
 * The redactor scans a short text (up to `SHORT_TEXT_LENGTH`, 2048
 * characters, `src/security/_short_text_rules.ts`) with one regex per
 * pattern that may occur in it, compiling only those, and a longer one with
 * the grouped regexes of every pattern, whose first compile costs
 * milliseconds. `omn --help` (some 4 KB) written in pieces thus compiles only
 * the few patterns its words call for. The redactor's output is the same
 * however its input is cut (tests/cli/short_pieces_test.ts).
 *
 * @module
 */

/** The most characters of a piece (below `SHORT_TEXT_LENGTH`, leaving room for held-back text). */
export const SHORT_PIECE_LENGTH = 1500;

/**
 * `text` cut after line ends into pieces of at most `limit` characters each
 * (a longer line is a piece of its own); joined, the pieces are `text`.
 */
export function shortPieces(text: string, limit: number = SHORT_PIECE_LENGTH): string[] {
  if (text.length <= limit) return [text];
  const pieces: string[] = [];
  let start = 0;
  while (text.length - start > limit) {
    const cut = text.lastIndexOf("\n", start + limit - 1);
    const end = cut >= start ? cut + 1 : Math.max(text.indexOf("\n", start) + 1, 0) || text.length;
    pieces.push(text.slice(start, end));
    start = end;
  }
  if (start < text.length) pieces.push(text.slice(start));
  return pieces;
}
