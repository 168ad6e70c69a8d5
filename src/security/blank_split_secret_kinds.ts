/**
 * Secrets cut within a line by white space: a key pasted with a space or a
 * tab inside it (`sk-proj-AAAA BBBB…`, a column of a table, a key retyped in
 * groups). Joining every word of a text with the next would read prose as
 * keys, so a cut is joined only where a key would be recognised by its own
 * prefix: the run of key characters before the blanks holds the prefix of
 * a format (`sk-`, `sk-ant-`, `AKIA`, `ghp_`, `xai-`, ...: the anchors of the
 * entries found by their prefix, not after a word boundary), and the run
 * after them looks like a key's rest (`keyLike`: 12 key characters or more,
 * or a digit). Up to {@linkcode MAX_BLANKS} blanks (spaces, tabs, the
 * Unicode ones) stand between two pieces, and the pieces are joined,
 * up to `MAX_JOINED` characters, while each next one is key-like. A line
 * break between two pieces is joined too, as the line joiner joins it
 * (`LINE_THEN_PIECE`), so that a key cut both by a break and by blanks, in
 * either order, is read. Only a finding that straddles a join counts, as
 * for line breaks (`split_secret_kinds.ts`).
 *
 * A key whose first piece is shorter than its prefix (`sk` `-proj-…`), a
 * rest of fewer than 12 letters without a digit, and a key of no prefix
 * (a context value, a known secret) cut by a space are not joined.
 *
 * @module
 */
import { escapeRegExp, patterns } from "./patterns.ts";
import {
  BLANK_CLASS,
  KEY_CHARACTER_CLASS,
  keyLike,
  LINE_BREAK_SOURCE,
  MAX_JOINED,
  QUOTE_PREFIX_SOURCE,
  quotePrefix,
  sameQuote,
  straddling,
} from "./split_secret_kinds.ts";
import { needsNormalizing, normalizeForMatching } from "./normalize_for_matching.ts";
import { JoinBudget, UNCHECKED_KIND } from "./join_budget.ts";
import { JoinHorizon } from "./join_horizon.ts";

/** The most blanks between two pieces of a key cut within its line. */
export const MAX_BLANKS = 4;

/** The kinds of the entries found by their own prefix, whose keys a blank may cut. */
export const PREFIXED_KINDS: ReadonlySet<string> = new Set(
  patterns.filter(isPrefixed).map((pattern) => pattern.kind),
);

/** Whether `pattern` is found by its own prefix (its shape starts at an anchor). */
function isPrefixed(pattern: (typeof patterns)[number]): boolean {
  return pattern.shape !== undefined && pattern.guard === "" && pattern.lookback === 0 &&
    pattern.keys === undefined;
}

let prefixRegex: RegExp | undefined;

/** The anchors of the prefixed entries, not after a letter or digit, compiled on first use. */
function prefixes(): RegExp {
  if (prefixRegex === undefined) {
    const anchors = [...new Set(patterns.filter(isPrefixed).flatMap((pattern) => pattern.anchors))];
    const alternation = anchors.sort((left, right) => right.length - left.length)
      .map(escapeRegExp).join("|");
    prefixRegex = new RegExp(`(?<![A-Za-z0-9])(?:${alternation})`, "g");
  }
  return prefixRegex;
}

/** The shortest and longest groups a key typed in groups is read in. */
export const GROUP_LENGTHS = { shortest: 4, longest: 8 };

/**
 * The length of the groups a key may be typed in after `head` (its run of
 * key characters, whose first `prefixLength` characters are the format's
 * prefix): the length of the head's last group, after the prefix and after
 * its last `-` or `_` (`sk-ant-admin01-lil8qAel`: 8; `AKIAABCD`: 4), when
 * it is 4 to 8; else 0 (no groups).
 */
function groupLength(head: string, prefixLength: number): number {
  const rest = head.slice(prefixLength);
  const last = rest.slice(Math.max(rest.lastIndexOf("-"), rest.lastIndexOf("_")) + 1);
  return last.length >= GROUP_LENGTHS.shortest && last.length <= GROUP_LENGTHS.longest
    ? last.length
    : 0;
}

/** A run of blanks (no line break) then a run of key characters, at the start. */
const BLANK_THEN_PIECE = new RegExp(
  `^${BLANK_CLASS}{1,${MAX_BLANKS}}(${KEY_CHARACTER_CLASS}+)`,
);
const KEY_RUN = new RegExp(`^${KEY_CHARACTER_CLASS}+`);

/**
 * A line break (or one written as an escape) between two pieces, with what
 * a terminal or an editor leaves around it (blanks, a continuation
 * backslash, up to two blank lines, the next line's indent and quote mark),
 * then the next line's leading key characters: a key cut both by a break
 * and by blanks (`sk-ant-api03-F⏎A yQK1…`), which neither the line joiner
 * (`split_secret_kinds.ts`, whose pieces end at a blank) nor the blank
 * joiner alone reads. Bounded, so it reads no run of blanks at length.
 */
const LINE_THEN_PIECE = new RegExp(
  `${BLANK_CLASS}{0,${MAX_BLANKS}}\\\\?${BLANK_CLASS}{0,${MAX_BLANKS}}(?:${LINE_BREAK_SOURCE})` +
    `(?:${BLANK_CLASS}{0,8}(?:${LINE_BREAK_SOURCE})){0,2}${BLANK_CLASS}{0,8}` +
    `(${QUOTE_PREFIX_SOURCE})?(${KEY_CHARACTER_CLASS}{1,${MAX_JOINED}})`,
  "y",
);

/** How far back the start of the line of a key's first piece is sought, for its quote mark. */
const LINE_START_SEARCH = MAX_JOINED;

/** The quote mark of the line that holds `index` in `text`, or `""` (none, or no line start near). */
function quoteOfLineAt(text: string, index: number): string {
  const from = Math.max(0, index - LINE_START_SEARCH);
  let start = index;
  while (start > from && !"\n\r\u2028\u2029\u0085\v\f".includes(text[start - 1])) start--;
  if (start > 0 && start === from) return "";
  return quotePrefix(text.slice(start, index).trimStart());
}

/**
 * The kinds of the secrets that straddle a cut by blanks within a line of
 * `text`, each once; {@linkcode UNCHECKED_KIND} too when `budget` ran out
 * before every join was read (`join_budget.ts`).
 */
export function blankSplitKindsIn(
  text: string,
  budget: JoinBudget = new JoinBudget(text.length),
): string[] {
  if (!/[^\S\r\n]|\u2800/.test(text)) return [];
  const matched = needsNormalizing(text) ? normalizeForMatching(text).text : text;
  const kinds = new Set<string>();
  const regex = prefixes();
  regex.lastIndex = 0;
  for (let found = regex.exec(matched); found !== null; found = regex.exec(matched)) {
    if (budget.exhausted) break;
    const head = KEY_RUN.exec(matched.slice(found.index, found.index + MAX_JOINED))?.[0] ?? "";
    let joined = head;
    let cursor = found.index + head.length;
    const joins: number[] = [];
    const horizon = new JoinHorizon();
    horizon.add(joined);
    const group = groupLength(head, found[0].length);
    let headQuote: string | undefined;
    while (joined.length < MAX_JOINED) {
      const next = BLANK_THEN_PIECE.exec(matched.slice(cursor, cursor + MAX_BLANKS + MAX_JOINED));
      let piece: string;
      let lastGroup = false;
      if (next !== null) {
        // A group of the key's length after a single blank, the last one shorter.
        const inGroups = group > 0 && next[0].length - next[1].length === 1 &&
          next[1].length <= group;
        if (!keyLike(next[1]) && !inGroups) break;
        lastGroup = inGroups && next[1].length < group && !keyLike(next[1]);
        piece = next[1];
        cursor += next[0].length;
      } else {
        // A line break: its next piece goes on the key as the line joiner's pieces do (a quoted
        // line's after the same mark, or when it looks like a key's rest).
        LINE_THEN_PIECE.lastIndex = cursor;
        const line = LINE_THEN_PIECE.exec(matched);
        if (line === null) break;
        const mark = line[1];
        if (mark !== undefined && !keyLike(line[2])) {
          headQuote ??= quoteOfLineAt(matched, found.index);
          if (headQuote === "" || !sameQuote(headQuote, mark)) break;
        }
        piece = line[2];
        cursor = LINE_THEN_PIECE.lastIndex;
      }
      const join = joined.length;
      joins.push(join);
      joined += piece;
      horizon.add(piece);
      // No attempt reads the new piece: the findings are the last join's (`join_horizon.ts`).
      if (horizon.reaches(join)) {
        if (!budget.spend(joined.length)) break;
        for (const kind of straddling(joined, joins)) kinds.add(kind);
      }
      if (lastGroup) break;
    }
    regex.lastIndex = Math.max(regex.lastIndex, found.index + head.length);
  }
  if (budget.exhausted) kinds.add(UNCHECKED_KIND);
  return [...kinds];
}
