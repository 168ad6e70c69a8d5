/**
 * The patterns the matcher runs on a short text (a prompt, a streamed piece
 * of a reply, a history or usage field): one regex per pattern, and only
 * for the patterns a literal check shows could match there. A pattern
 * regex is compiled by V8 on its first use, and again to machine code on
 * its second; the few grouped regexes of `_matcher.ts`, fast on long texts,
 * cost some 20 ms to compile in every `omn` run that redacts anything.
 * Here a pattern none of whose anchors occurs in the text (no `sk-`, no
 * `eyJ`, no `://`), or whose keys do not occur (no `token`, no `api_key`,
 * no `authorization`), is passed over without compiling its regex.
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
  /** Each key as the literal pieces it must contain, lower case; `null` for a pattern without keys. */
  readonly keyPieces: readonly (readonly string[])[] | null;
  /** Whether the partial regex starts at one of the anchors (else it runs whatever the text). */
  readonly partialAtAnchor: boolean;
  group?: PatternGroup;
  tier?: RegExp;
}

let entries: RuleEntry[] | undefined;

function ruleEntries(): RuleEntry[] {
  entries ??= patterns.map((rule) => ({
    rule,
    keyPieces: rule.keys === undefined
      ? null
      : rule.keys.map((key) => key.toLowerCase().split("?").filter((piece) => piece !== "")),
    // A key-context partial starts with the key's lookbehind, then an operator (an anchor).
    partialAtAnchor: rule.keys !== undefined ||
      rule.partial.startsWith(`(?:${rule.anchors.map(escapeRegExp).join("|")})`),
  }));
  return entries;
}

/** Whether the text may hold a match of `entry` at or after `from` (its partial, with `partial`). */
function mayMatch(
  entry: RuleEntry,
  text: string,
  from: number,
  lowerText: () => string,
  partial: boolean,
): boolean {
  if (partial && !entry.partialAtAnchor) return true;
  if (!entry.rule.anchors.some((anchor) => text.includes(anchor, from))) return false;
  if (entry.keyPieces === null) return true;
  const lower = lowerText();
  return entry.keyPieces.some((pieces) => pieces.every((piece) => lower.includes(piece)));
}

function lowerOnce(text: string): () => string {
  let lower: string | undefined;
  return () => lower ??= text.toLowerCase();
}

/**
 * The pattern groups to scan `text` from `from` with: one per pattern that
 * may match there, in table order, each compiled on its first use.
 */
export function shortTextGroups(text: string, from: number): PatternGroup[] {
  const lower = lowerOnce(text);
  const groups: PatternGroup[] = [];
  for (const entry of ruleEntries()) {
    if (!mayMatch(entry, text, from, lower, false)) continue;
    entry.group ??= { regex: new RegExp(entry.rule.source, "gd"), rules: [entry.rule] };
    groups.push(entry.group);
  }
  return groups;
}

/**
 * The single-line partial tiers to hold `text` back with from `from`: one
 * per single-line pattern whose unfinished match may end the text, each with
 * `reach` (that of the grouped single-line tier, so that the result is the
 * same), then the multi-line tiers as they are.
 */
export function shortTextPartialTiers(
  text: string,
  from: number,
  reach: number,
  multilineTiers: readonly PartialTier[],
): PartialTier[] {
  const lower = lowerOnce(text);
  const tiers: PartialTier[] = [];
  for (const entry of ruleEntries()) {
    if (entry.rule.multiline || !mayMatch(entry, text, from, lower, true)) continue;
    entry.tier ??= new RegExp(entry.rule.partial, "g");
    tiers.push({ regex: entry.tier, reach, multiline: false });
  }
  return [...tiers, ...multilineTiers];
}
