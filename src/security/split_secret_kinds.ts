/**
 * Secrets cut by line breaks: a key wrapped by a terminal, an editor or a
 * copy (`sk-ant-api03-AAAA⏎BBBB…`, a Mistral key over two lines, a
 * backslash-continued line) is no longer one run of characters, so no
 * format and no known value matches it where it stands. The outgoing-secret
 * guard asks this module what appears once those line breaks are taken out.
 *
 * From the key characters (`A-Z a-z 0-9 _ - + / = .`) that end each line,
 * the pieces of the following lines are joined without the break: each
 * following line that is one run of key characters, at least
 * {@linkcode MIN_MIDDLE} long (a wrapped key's middle), then the key
 * characters that start the line ending the run; each join is read, up to
 * {@linkcode MAX_JOINED} characters, so the work grows with the text. Only
 * a finding that straddles a join counts: a secret within one line is found
 * where it stands (the guard reads the text after masking those). A quote
 * mark that starts a following line (`> `, `# `, `// `: a quoted e-mail or
 * markdown block, a comment) is skipped when the first piece's line has the
 * same mark, or when what follows it looks like a key's rest
 * ({@linkcode keyLike}).
 *
 * @module
 */
import { findSecrets, redact } from "./redact.ts";
import { needsNormalizing, normalizeForMatching } from "./normalize_for_matching.ts";
import { JoinBudget, UNCHECKED_KIND } from "./join_budget.ts";
import { JoinHorizon } from "./join_horizon.ts";

/** How far a joined run is read: longer than any key omn recognises. */
export const MAX_JOINED = 320;

/**
 * How far a chain of lines is walked without meeting an anchor
 * (`join_horizon.ts`): further than a key rule's match reads back from its
 * operator (its key, quotes and blanks) and the Azure key's 52 characters
 * before its signature.
 */
const ANCHORLESS_WALK = 128;

/** The shortest whole line read as the middle piece of a wrapped key. */
export const MIN_MIDDLE = 8;

/** One line break: CRLF, LF, CR, a Unicode line or paragraph separator, NEL, VT, FF. */
const NEWLINE = String.raw`(?:\r\n|[\r\n\u2028\u2029\u0085\v\f])`;

/** A line break written as an escape in a JSON or source string: `\n`, `\r\n`, `\u000a`. */
const ESCAPED_NEWLINE = String.raw`(?:(?:\\r|\\u000[dD])?(?:\\n|\\u000[aA])|\\r|\\u000[dD])`;

/**
 * A line break, or one written as an escape (a pasted JSON or source string,
 * the JSON text of `--schema`, whose value is wrapped). What a terminal or an
 * editor leaves around it (spaces or tabs, the backslash of a continued line,
 * blank lines such as Notepad's soft break `\r\r\n`) is taken off the lines
 * afterwards, in linear time: a pattern for it would backtrack over long
 * runs of spaces.
 */
export const LINE_BREAK_SOURCE = `${NEWLINE}|${ESCAPED_NEWLINE}`;
const BREAK = new RegExp(LINE_BREAK_SOURCE);

/** Characters of the keys omn recognises (letters, digits, `_-+/=.`), as a class. */
export const KEY_CHARACTER_CLASS = String.raw`[A-Za-z0-9_\-+\/=.]`;
const KEY_CHARACTER = new RegExp(`^${KEY_CHARACTER_CLASS}$`);
const LEADING_KEY_CHARACTERS = new RegExp(`^${KEY_CHARACTER_CLASS}+`);

/**
 * The kinds of the secrets that straddle a line break of `text`, each once;
 * {@linkcode UNCHECKED_KIND} too when `budget` ran out before every join was
 * read (`join_budget.ts`).
 */
export function splitSecretKindsIn(
  text: string,
  budget: JoinBudget = new JoinBudget(text.length),
): string[] {
  if (!BREAK.test(text)) return [];
  // Invisible and look-alike characters hide a piece as they hide a whole key.
  const matched = needsNormalizing(text) ? normalizeForMatching(text).text : text;
  const lines = matched.split(BREAK).map(withoutLineEnd).filter((line) => line.trim() !== "");
  const kinds = new Set<string>();
  // Each line is read once as a following line, whichever lines it follows.
  const views: (LineView | undefined)[] = [];
  const viewOf = (index: number) => views[index] ??= lineView(lines[index]);
  for (let start = 0; start < lines.length - 1; start++) {
    const head = trailingKeyCharacters(lines[start]);
    if (head === "") continue;
    const quote = quotePrefix(lines[start].trimStart());
    for (const kind of kindsFrom(head, quote, lines.length, viewOf, start + 1, budget)) {
      kinds.add(kind);
    }
    if (budget.exhausted) {
      kinds.add(UNCHECKED_KIND);
      break;
    }
  }
  return [...kinds];
}

/**
 * The mark that starts a quoted or commented line: `>` (an e-mail or
 * markdown quote, nested or not), `#` or `//` (a comment), with the blanks
 * after it. A key wrapped in a quoted block goes on after the mark.
 */
export const QUOTE_PREFIX_SOURCE = String.raw`(?:>[ \t]*)+|#+[ \t]*|\/\/+[ \t]*`;
const QUOTE_PREFIX = new RegExp(`^(?:${QUOTE_PREFIX_SOURCE})`);

/** The quote mark that starts `line` (no leading blanks), or `""`. */
export function quotePrefix(line: string): string {
  return QUOTE_PREFIX.exec(line)?.[0] ?? "";
}

/** Whether two quote marks are the same mark, blanks aside (`> >` and `>>`). */
export function sameQuote(left: string, right: string): boolean {
  return left.replace(/[ \t]/g, "") === right.replace(/[ \t]/g, "");
}

/**
 * A following line as a key's piece: the line (trimmed) without its quote
 * mark, which goes on a key when the line with the key's first piece has
 * the same mark (a quoted block), or when what follows the mark looks like
 * a key's rest ({@linkcode keyLike}).
 */
interface LineView {
  /** The line, trimmed, without its quote mark. */
  readonly rest: string;
  /** The quote mark without blanks, or `undefined` for none. */
  readonly mark: string | undefined;
  /** Whether the key characters after the mark look like a key's rest. */
  readonly restKeyLike: boolean;
  /** The key characters that start `rest`, if any. */
  readonly piece: string | undefined;
}

/** `line` read as a following line ({@linkcode LineView}). */
function lineView(line: string): LineView {
  const trimmed = line.trim();
  const quote = quotePrefix(trimmed);
  const rest = trimmed.slice(quote.length);
  const piece = rest.match(LEADING_KEY_CHARACTERS)?.[0];
  return {
    rest,
    mark: quote === "" ? undefined : quote.replace(/[ \t]/g, ""),
    restKeyLike: piece !== undefined && keyLike(piece),
    piece,
  };
}

/**
 * Whether a piece that a blank line, a space or a quote mark sets apart is
 * taken for the rest of a key: one of at least
 * {@linkcode SHORTEST_KEY_LIKE_PIECE} characters, or with a digit. A
 * paragraph's or a sentence's next word ("and", "Please", "main.py") is
 * not; a shorter all-letter rest of a key is sent, less than the 12
 * characters the guard's tests allow to any piece.
 */
export function keyLike(piece: string): boolean {
  return piece.length >= SHORTEST_KEY_LIKE_PIECE || /\d/.test(piece);
}

/** The shortest piece taken for a key's rest whatever its characters ({@linkcode keyLike}). */
export const SHORTEST_KEY_LIKE_PIECE = 12;

/**
 * White space that is no line break, as a class: spaces, tabs, and the
 * Unicode ones (a non-breaking or ideographic space, U+FEFF) and the braille
 * blank U+2800 (no white space to JavaScript), which hide a
 * break's place as well as a space does.
 */
export const BLANK_CLASS = String.raw`(?:[^\S\r\n\u2028\u2029\u0085\v\f]|\u2800)`;
const BLANK = new RegExp(`^${BLANK_CLASS}$`);

/** Whether `character` is blank ({@linkcode BLANK_CLASS}). */
function isBlank(character: string): boolean {
  return character === " " || character === "\t" ||
    (character.charCodeAt(0) > 0x7f && BLANK.test(character));
}

/** `line` without the blanks and continuation backslash before its break. */
function withoutLineEnd(line: string): string {
  let end = line.length;
  while (end > 0 && isBlank(line[end - 1])) end--;
  if (end > 0 && line[end - 1] === "\\") {
    end--;
    while (end > 0 && isBlank(line[end - 1])) end--;
  }
  return end === line.length ? line : line.slice(0, end);
}

/** The key characters that end `line` (a backward scan: linear, unlike `/[…]+$/`). */
function trailingKeyCharacters(line: string): string {
  let start = line.length;
  while (start > 0 && IS_KEY_CHARACTER[line.charCodeAt(start - 1)] === 1) start--;
  return line.slice(start);
}

/** `IS_KEY_CHARACTER[code]` is 1 for the ASCII codes of the key characters. */
const IS_KEY_CHARACTER = Uint8Array.from(
  { length: 128 },
  (_, code) => KEY_CHARACTER.test(String.fromCharCode(code)) ? 1 : 0,
);

/**
 * The kinds found in the pieces that start with `head` and go on with the
 * lines from `next`: each whole line of key characters (at least
 * {@linkcode MIN_MIDDLE} long) is a middle piece; the first line that is
 * not gives its leading key characters as the last piece.
 */
function kindsFrom(
  head: string,
  headQuote: string,
  lineCount: number,
  viewOf: (index: number) => LineView,
  next: number,
  budget: JoinBudget,
): string[] {
  const headMark = headQuote === "" ? undefined : headQuote.replace(/[ \t]/g, "");
  let joined = head;
  const joins: number[] = [];
  const kinds: string[] = [];
  const horizon = new JoinHorizon();
  horizon.add(joined);
  for (let index = next; index < lineCount && joined.length < MAX_JOINED; index++) {
    const view = viewOf(index);
    const line = view.mark === undefined || view.mark === headMark || view.restKeyLike
      ? view.rest
      : undefined;
    if (line === undefined) break;
    const piece = view.piece;
    if (piece === undefined) break;
    const join = joined.length;
    joins.push(join);
    joined += piece;
    horizon.add(piece);
    // No attempt reads the new piece: the findings are the last join's (`join_horizon.ts`).
    if (horizon.reaches(join)) {
      if (!budget.spend(joined.length)) break;
      kinds.push(...straddling(joined, joins));
    }
    if (piece !== line || piece.length < MIN_MIDDLE) break;
    // No anchor this far past the head: a later one's match begins after the head (a key rule
    // reads its key at most some 60 characters back), in a line whose own chain reads it.
    if (horizon.empty && joined.length - head.length > ANCHORLESS_WALK) break;
  }
  return kinds;
}

/** Kinds of the secrets in `joined` whose span holds one of the `joins`. */
export function straddling(joined: string, joins: readonly number[]): string[] {
  const crosses = (from: number, to: number) => joins.some((at) => at > from && at < to);
  const kinds = findSecrets(joined)
    .filter((finding) => crosses(finding.index, finding.index + finding.length))
    .map((finding) => finding.kind);
  if (kinds.length > 0) return kinds;
  // A known value of no recognised shape is found only by masking it.
  return maskedAcross(joined, crosses) ? ["known-secret"] : [];
}

/** Whether masking `joined` changes a span that crosses a join. */
function maskedAcross(joined: string, crosses: (from: number, to: number) => boolean): boolean {
  const masked = redact(joined);
  if (masked === joined) return false;
  let from = 0;
  while (from < joined.length && joined[from] === masked[from]) from++;
  let fromEnd = 0;
  while (
    fromEnd < joined.length - from &&
    joined[joined.length - 1 - fromEnd] === masked[masked.length - 1 - fromEnd]
  ) fromEnd++;
  return crosses(from, joined.length - fromEnd);
}
