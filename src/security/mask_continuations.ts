/**
 * The rest of a key that a line break cut after enough characters for its
 * first piece to be a key by itself: `sk-ant-api03-AAAA…` (masked where it
 * stands), a break, then the key's remaining characters at the start of the
 * next line, which alone are no key. Under `--on-secret redact` the
 * outgoing guard masks those remaining characters too, so that no piece of
 * the key leaves the machine.
 *
 * A continuation is masked where the finding that ends at the break, joined
 * with the key characters that start the next line (after blanks, blank
 * lines, invisible characters and a backslash continuation), is still one
 * finding reaching past the break; it is followed over further lines while
 * it takes whole lines. After a blank line only a key-like piece counts
 * ({@linkcode keyLike}), so that a paragraph's first word stays. This masks
 * more than the key when a pattern of open length runs on into the next
 * line's first word (`OTHER_NAME=` after a key in a pasted `.env`): the
 * guard errs towards masking.
 *
 * @module
 */
import { findSecrets } from "./redact.ts";
import {
  BLANK_CLASS,
  KEY_CHARACTER_CLASS,
  LINE_BREAK_SOURCE,
  MAX_JOINED,
} from "./split_secret_kinds.ts";
import {
  needsNormalizing,
  normalizedIndex,
  normalizeForMatching,
  originalSpan,
} from "./normalize_for_matching.ts";

/**
 * The line breaks the guard joins across (`split_secret_kinds.ts`:
 * newlines of every kind and breaks escaped as JSON and source strings
 * write them), one or more (blank lines between the pieces, which the
 * joining skips too), each with the blanks and continuation backslash
 * around it, then the key characters that start the next line that has
 * any. It is matched in the text as the guard reads it (invisible
 * characters taken out, look-alikes folded: `normalize_for_matching.ts`).
 * Breaks and blanks are disjoint classes, and the text read is at most
 * {@linkcode MAX_JOINED} long, so the match stays cheap (at worst quadratic
 * in a run of blanks of that length).
 */
const CONTINUATION = new RegExp(
  String
    .raw`^(?:${BLANK_CLASS}*\\?${BLANK_CLASS}*(?:${LINE_BREAK_SOURCE}))+${BLANK_CLASS}*(${KEY_CHARACTER_CLASS}+)`,
);

/** The mask written over a continuation. */
const MASK = "***";

/** `text` with every continuation of a key cut by a line break masked. */
export function maskContinuations(text: string): string {
  const findings = findSecrets(text);
  if (findings.length === 0) return text;
  const view = needsNormalizing(text) ? normalizeForMatching(text) : undefined;
  const read = view?.text ?? text;
  const ranges: [number, number][] = [];
  const at = (index: number) => view === undefined ? index : normalizedIndex(view, index);
  for (const finding of findings) {
    const start = at(finding.index);
    const end = at(finding.index + finding.length);
    for (const [from, to] of continuationOf(read, read.slice(start, end), end)) {
      ranges.push(view === undefined ? [from, to] : originalSpan(view, from, to));
    }
  }
  if (ranges.length === 0) return text;
  let output = "";
  let emitted = 0;
  for (const [start, end] of ranges.sort((a, b) => a[0] - b[0])) {
    if (start < emitted) continue;
    output += text.slice(emitted, start) + MASK;
    emitted = end;
  }
  return output + text.slice(emitted);
}

/** The ranges of `text` after `from` that go on the secret `head` across line breaks. */
function continuationOf(text: string, head: string, from: number): [number, number][] {
  const ranges: [number, number][] = [];
  let joined = head;
  let cursor = from;
  while (joined.length < MAX_JOINED) {
    const match = CONTINUATION.exec(text.slice(cursor, cursor + MAX_JOINED));
    if (match === null) break;
    const piece = match[1];
    const pieceStart = cursor + match[0].length - piece.length;
    if (afterBlankLine(match[0].slice(0, -piece.length)) && !keyLike(piece)) break;
    const reach = reachPast(joined, piece);
    if (reach === 0) break;
    ranges.push([pieceStart, pieceStart + reach]);
    if (reach < piece.length) break;
    joined += piece;
    cursor = pieceStart + piece.length;
  }
  return ranges;
}

const BREAKS = new RegExp(LINE_BREAK_SOURCE, "g");

/** Whether `gap` (between two pieces) holds a blank line: two breaks or more. */
function afterBlankLine(gap: string): boolean {
  return (gap.match(BREAKS)?.length ?? 0) > 1;
}

/**
 * Whether a piece after a blank line is taken for the rest of a key: one of
 * at least {@linkcode SHORTEST_PIECE_AFTER_BLANK} characters, or with a
 * digit. A paragraph's first word after a key ("and", "Please", "main.py")
 * is not, and stays as it is; a shorter all-letter rest of a key is sent,
 * less than the 12 characters the guard's tests allow to any piece.
 */
function keyLike(piece: string): boolean {
  return piece.length >= SHORTEST_PIECE_AFTER_BLANK || /\d/.test(piece);
}

/** The shortest piece after a blank line that is masked whatever its characters. */
const SHORTEST_PIECE_AFTER_BLANK = 12;

/** How many characters of `piece` a secret starting in `joined` runs on into. */
function reachPast(joined: string, piece: string): number {
  let reach = 0;
  for (const finding of findSecrets(joined + piece)) {
    const end = finding.index + finding.length;
    if (finding.index < joined.length && end > joined.length) {
      reach = Math.max(reach, end - joined.length);
    }
  }
  return reach;
}
