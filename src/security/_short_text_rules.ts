/**
 * The patterns the matcher runs on a short text (a prompt, a streamed piece
 * of a reply, a history or usage field): one regex per pattern, and only
 * for the patterns a literal check shows could match there. A pattern
 * regex is compiled by V8 on its first use, and again to machine code on
 * its second; the few grouped regexes of `_matcher.ts`, fast on long texts,
 * cost some 20 ms to compile in every `omn` run that redacts anything.
 * Here a pattern none of whose anchors occurs in the text (no `sk-`, no
 * `eyJ`, no `://`), or whose keys do not occur (no `token`, no `api_key`,
 * no `authorization`, or only inside a longer word: `input_tokens`), is
 * passed over without compiling its regex. One
 * search for any anchor settles the common case, a text with none (most of
 * the pieces a reply streams in): no pattern is checked one by one then.
 *
 * The result is exactly that of the grouped regexes: each group is an
 * alternation of its patterns in table order, whose leftmost match is the
 * leftmost of its patterns' matches, the earliest pattern winning a tie;
 * and a pattern passed over here cannot match (every match starts with one
 * of its `anchors`, and a key-context match has one of its `keys` before
 * it). tests/security/short_text_rules_test.ts compares the two.
 *
 * @module
 */
import { escapeRegExp, patterns, type SecretPattern } from "./patterns.ts";
import type { PartialTier, PatternGroup } from "./_matcher.ts";

/** Texts up to this many characters from the scan start take the per-pattern regexes. */
export const SHORT_TEXT_LENGTH = 2048;

interface RuleEntry {
  readonly rule: SecretPattern;
  /** Each key as the literal pieces it must contain, lower case; made when first needed. */
  keyPieces?: readonly (readonly string[])[];
  /** Whether the partial regex starts at one of the anchors (else it runs whatever the text). */
  readonly partialAtAnchor: boolean;
  group?: PatternGroup;
  tier?: RegExp;
}

/** One distinct anchor, with the indexes (in `entries`) of the patterns that have it. */
interface AnchorUsers {
  readonly anchor: string;
  readonly users: readonly number[];
}

/** The patterns, and the tables that find at once which of them may match. */
interface RuleIndex {
  readonly entries: readonly RuleEntry[];
  readonly anchors: readonly AnchorUsers[];
  /** The anchors by the code of their first character (every anchor is ASCII). */
  readonly byFirst: readonly (readonly AnchorUsers[] | undefined)[];
  /** Any anchor, for a longer text: one search tells whether it holds none. Built on first use. */
  anyAnchor?: RegExp;
}

/**
 * Texts up to this many characters from the scan start (a streamed piece of
 * a reply, a prompt, a history field) are searched for anchors character by
 * character, which needs no regex: compiling the one of all anchors costs
 * more than such a search of every text a short command redacts.
 */
const CHARACTER_SEARCH_LENGTH = 256;

let index: RuleIndex | undefined;

function ruleIndex(): RuleIndex {
  if (index !== undefined) return index;
  const entries = patterns.map((rule) => ({
    rule,
    // A key-context partial starts with the key's lookbehind, then an operator (an anchor).
    partialAtAnchor: rule.keys !== undefined ||
      rule.partial.startsWith(`(?:${rule.anchors.map(escapeRegExp).join("|")})`),
  }));
  const users = new Map<string, number[]>();
  entries.forEach((entry, at) => {
    for (const anchor of new Set(entry.rule.anchors)) {
      const list = users.get(anchor);
      if (list === undefined) users.set(anchor, [at]);
      else list.push(at);
    }
  });
  const anchors = [...users].map(([anchor, list]) => ({ anchor, users: list }));
  const byFirst: AnchorUsers[][] = [];
  for (const anchor of anchors) {
    const first = anchor.anchor.charCodeAt(0);
    if (first >= 128) throw new Error(`Anchor "${anchor.anchor}" does not start with ASCII`);
    (byFirst[first] ??= []).push(anchor);
  }
  index = { entries, anchors, byFirst };
  return index;
}

/**
 * Marks (1 in the array, by entry index) the patterns with an anchor at or
 * after `from`; `undefined` when the text holds no anchor there, so that no
 * pattern with anchors may match.
 */
function anchoredEntries(rules: RuleIndex, text: string, from: number): Uint8Array | undefined {
  if (text.length - from > CHARACTER_SEARCH_LENGTH) return searchedEntries(rules, text, from);
  // Every anchor that occurs at or after `from` starts at one of these positions.
  let marked: Uint8Array | undefined;
  for (let at = from; at < text.length; at++) {
    const code = text.charCodeAt(at);
    const candidates = code < 128 ? rules.byFirst[code] : undefined;
    if (candidates === undefined) continue;
    for (const { anchor, users } of candidates) {
      if (!text.startsWith(anchor, at)) continue;
      marked ??= new Uint8Array(rules.entries.length);
      for (const user of users) marked[user] = 1;
    }
  }
  return marked;
}

/** {@linkcode anchoredEntries} for a longer text: one regex search, then one per anchor. */
function searchedEntries(rules: RuleIndex, text: string, from: number): Uint8Array | undefined {
  const anyAnchor = rules.anyAnchor ??= new RegExp(
    rules.anchors.map(({ anchor }) => escapeRegExp(anchor)).join("|"),
    "g",
  );
  anyAnchor.lastIndex = from;
  if (!anyAnchor.test(text)) return undefined;
  const marked = new Uint8Array(rules.entries.length);
  for (const { anchor, users } of rules.anchors) {
    if (!text.includes(anchor, from)) continue;
    for (const at of users) marked[at] = 1;
  }
  return marked;
}

/**
 * Whether the text holds every piece of one of the entry's keys, the last
 * one where a key can end (true for an entry without keys).
 */
function keysMatch(entry: RuleEntry, lowerText: () => string): boolean {
  const keys = entry.rule.keys;
  if (keys === undefined) return true;
  entry.keyPieces ??= keys.map((key) =>
    key.toLowerCase().split("?").filter((piece) => piece !== "")
  );
  const lower = lowerText();
  return entry.keyPieces.some((pieces) =>
    pieces.every((piece) => lower.includes(piece)) && endsKey(lower, pieces[pieces.length - 1])
  );
}

/**
 * What may follow a key in every key rule: a quote (plain, escaped or
 * encoded: `\`, `%`, `&`), a blank, or an operator.
 */
const KEY_FOLLOWERS = new Set([..."\"'`\\%& \t=:,>"].map((unit) => unit.charCodeAt(0)));

/**
 * Whether `piece` occurs where a key can end: followed by one of
 * {@linkcode KEY_FOLLOWERS}, or by the end of the text (the rest may come
 * in the next chunk). `"input_tokens":` holds `token`, but not as a key.
 */
function endsKey(lower: string, piece: string): boolean {
  for (let at = lower.indexOf(piece); at >= 0; at = lower.indexOf(piece, at + 1)) {
    const next = at + piece.length;
    if (next === lower.length || KEY_FOLLOWERS.has(lower.charCodeAt(next))) return true;
  }
  return false;
}

function lowerOnce(text: string): () => string {
  let lower: string | undefined;
  return () => lower ??= text.toLowerCase();
}

const NO_GROUPS: readonly PatternGroup[] = Object.freeze([]);

/**
 * The pattern groups to scan `text` from `from` with: one per pattern that
 * may match there, in table order, each compiled on its first use. A
 * pattern may match where one of its anchors occurs at or after `from` and,
 * for a key-context pattern, all the pieces of one of its keys occur in the
 * text (before `from` too: the key may stand in the context), the last one
 * where a key can end.
 */
export function shortTextGroups(text: string, from: number): readonly PatternGroup[] {
  const rules = ruleIndex();
  const marked = anchoredEntries(rules, text, from);
  if (marked === undefined) return NO_GROUPS;
  const lower = lowerOnce(text);
  const groups: PatternGroup[] = [];
  for (let at = 0; at < marked.length; at++) {
    if (marked[at] === 0) continue;
    const entry = rules.entries[at];
    if (!keysMatch(entry, lower)) continue;
    entry.group ??= { regex: new RegExp(entry.rule.source, "gd"), rules: [entry.rule] };
    groups.push(entry.group);
  }
  return groups;
}

/** The tiers of a text without anchors, kept for the `reach` and multi-line tiers they were made for. */
let unanchored:
  | { reach: number; multilineTiers: readonly PartialTier[]; tiers: readonly PartialTier[] }
  | undefined;

/**
 * The single-line partial tiers to hold `text` back with from `from`: one
 * per single-line pattern whose unfinished match may end the text, each with
 * `reach` (that of the grouped single-line tier, so that the result is the
 * same), then the multi-line tiers as they are. A pattern whose partial
 * regex does not start at an anchor always may; the others as in
 * {@linkcode shortTextGroups}.
 */
export function shortTextPartialTiers(
  text: string,
  from: number,
  reach: number,
  multilineTiers: readonly PartialTier[],
): readonly PartialTier[] {
  const rules = ruleIndex();
  const marked = anchoredEntries(rules, text, from);
  if (
    marked === undefined && unanchored !== undefined && unanchored.reach === reach &&
    unanchored.multilineTiers === multilineTiers
  ) {
    return unanchored.tiers;
  }
  const lower = lowerOnce(text);
  const tiers: PartialTier[] = [];
  rules.entries.forEach((entry, at) => {
    if (entry.rule.multiline) return;
    if (entry.partialAtAnchor && (marked?.[at] !== 1 || !keysMatch(entry, lower))) return;
    entry.tier ??= new RegExp(entry.rule.partial, "g");
    tiers.push({ regex: entry.tier, reach, multiline: false });
  });
  const all = [...tiers, ...multilineTiers];
  if (marked === undefined) unanchored = { reach, multilineTiers, tiers: all };
  return all;
}
