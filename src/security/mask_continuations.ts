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
 * guard errs towards masking. A quote mark that starts the next line (`> `,
 * `# `, `// `) is skipped when the finding's line has the same mark or the
 * piece after it is key-like; and the rest of a key found by its prefix
 * (`sk-`, `AKIA`, `ghp_`, ...) after blanks within its line is masked when
 * it is key-like (`blank_split_secret_kinds.ts`).
 *
 * @module
 */
import { findSecrets } from "./redact.ts";
import {
  BLANK_CLASS,
  KEY_CHARACTER_CLASS,
  keyLike,
  LINE_BREAK_SOURCE,
  MAX_JOINED,
  QUOTE_PREFIX_SOURCE,
  quotePrefix,
  sameQuote,
} from "./split_secret_kinds.ts";
import { MAX_BLANKS, PREFIXED_KINDS } from "./blank_split_secret_kinds.ts";
import { JoinBudget } from "./join_budget.ts";
import { JoinHorizon } from "./join_horizon.ts";
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
    .raw`^(?:${BLANK_CLASS}*\\?${BLANK_CLASS}*(?:${LINE_BREAK_SOURCE}))+${BLANK_CLASS}*(${QUOTE_PREFIX_SOURCE})?(${KEY_CHARACTER_CLASS}+)`,
);

/**
 * The rest of a key found by its prefix after blanks within its line
 * (`blank_split_secret_kinds.ts`): at most `MAX_BLANKS` blanks, then key
 * characters.
 */
const BLANK_CONTINUATION = new RegExp(
  `^${BLANK_CLASS}{1,${MAX_BLANKS}}(${KEY_CHARACTER_CLASS}+)`,
);

/** The codes of the line breaks that are no escapes, for the start of a finding's line. */
const RAW_BREAKS: ReadonlySet<number> = new Set([0x0a, 0x0d, 0x2028, 0x2029, 0x85, 0x0b, 0x0c]);

/** The mask written over a continuation. */
const MASK = "***";

/**
 * `text` with every continuation of a key cut by a line break masked. The
 * joins read are counted in `budget` (`join_budget.ts`); when it runs out
 * the continuations left are not masked, which the caller must check
 * (`budget.exhausted`: the guard then refuses the text).
 */
export function maskContinuations(
  text: string,
  budget: JoinBudget = new JoinBudget(text.length),
): string {
  const findings = findSecrets(text);
  if (findings.length === 0) return text;
  const view = needsNormalizing(text) ? normalizeForMatching(text) : undefined;
  const read = view?.text ?? text;
  const ranges: [number, number][] = [];
  const at = (index: number) => view === undefined ? index : normalizedIndex(view, index);
  const lineStarts = lineStartsOf(read);
  for (const finding of findings) {
    if (budget.exhausted) break;
    const start = at(finding.index);
    const end = at(finding.index + finding.length);
    const lineStart = lineStarts(start);
    // A value found by the key before it is read with that key (within its line), which its
    // rule needs to find it again joined with the next piece.
    const contextStart = PREFIXED_KINDS.has(finding.kind)
      ? start
      : Math.max(lineStart, start - KEY_CONTEXT);
    const head = {
      text: read.slice(contextStart, end),
      quote: quotePrefix(read.slice(lineStart, start).trimStart()),
      blanks: PREFIXED_KINDS.has(finding.kind),
    };
    for (const [from, to] of continuationOf(read, head, end, budget)) {
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

/**
 * How much of the line before a value found by its key is read with it: the
 * key rules' key, quotes, blanks and operator (`"aws_secret_access_key" : "`).
 */
const KEY_CONTEXT = 64;

/** A secret found where it stands, as {@linkcode continuationOf} goes on from it. */
interface Head {
  /** The secret's text. */
  readonly text: string;
  /** The quote mark of its line (`> `, `# `), or `""`. */
  readonly quote: string;
  /** Whether blanks within the line may cut it (a key found by its prefix). */
  readonly blanks: boolean;
}

/**
 * Where the line of `text` holding an index starts, for indexes asked in
 * increasing order (the findings'): one walk forward over the text in all.
 */
function lineStartsOf(text: string): (index: number) => number {
  let walked = 0;
  let lineStart = 0;
  return (index) => {
    for (; walked < index; walked++) {
      if (RAW_BREAKS.has(text.charCodeAt(walked))) lineStart = walked + 1;
    }
    return lineStart;
  };
}

/**
 * The ranges of `text` after `from` that go on the secret `head` across
 * line breaks (a quote mark that starts the next line skipped, when it is
 * the mark of the head's line or the piece after it is key-like), or
 * across blanks within the line for a key found by its prefix (a key-like
 * piece only).
 */
function continuationOf(
  text: string,
  head: Head,
  from: number,
  budget: JoinBudget,
): [number, number][] {
  const ranges: [number, number][] = [];
  let joined = head.text;
  let cursor = from;
  const horizon = new JoinHorizon();
  horizon.add(joined);
  while (joined.length < MAX_JOINED) {
    const window = text.slice(cursor, cursor + MAX_JOINED);
    const piece = nextPiece(window, head);
    if (piece === undefined) break;
    const pieceStart = cursor + piece.end - piece.text.length;
    // A finding reaches past `joined` only from an anchor whose reach goes past it.
    horizon.add(piece.text);
    if (!horizon.reaches(joined.length)) break;
    if (!budget.spend(joined.length + piece.text.length)) break;
    const reach = reachPast(joined, piece.text);
    if (reach === 0) break;
    ranges.push([pieceStart, pieceStart + reach]);
    if (reach < piece.text.length) break;
    joined += piece.text;
    cursor = pieceStart + piece.text.length;
  }
  return ranges;
}

/** The next piece of a key at the start of `window`, and where it ends there. */
function nextPiece(window: string, head: Head): { text: string; end: number } | undefined {
  const match = CONTINUATION.exec(window);
  if (match !== null) {
    const [whole, quote = "", piece] = match;
    const gap = whole.slice(0, -piece.length - quote.length);
    if (afterBlankLine(gap) && !keyLike(piece)) return undefined;
    if (quote !== "" && !(head.quote !== "" && sameQuote(quote, head.quote)) && !keyLike(piece)) {
      return undefined;
    }
    return { text: piece, end: whole.length };
  }
  if (!head.blanks) return undefined;
  const blank = BLANK_CONTINUATION.exec(window);
  if (blank === null || !keyLike(blank[1])) return undefined;
  return { text: blank[1], end: blank[0].length };
}

const BREAKS = new RegExp(LINE_BREAK_SOURCE, "g");

/** Whether `gap` (between two pieces) holds a blank line: two breaks or more. */
function afterBlankLine(gap: string): boolean {
  return (gap.match(BREAKS)?.length ?? 0) > 1;
}

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
