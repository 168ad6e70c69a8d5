/**
 * The matching engine behind `redact`, `findSecrets` and `RedactStream`.
 *
 * Semantics: the text is scanned left to right; at the leftmost position
 * where any known secret or pattern matches, the first one in priority order
 * (known secrets, then {@linkcode patterns} in table order) is taken, and the
 * scan goes on after the end of that match. The patterns run as a few
 * regexes of grouped alternatives (one big alternation defeats V8's
 * Boyer-Moore skipping); merging their leftmost matches gives exactly the
 * result of the single alternation.
 *
 * Streaming: a match attempt at position `p` is *decided* when it cannot
 * read past the end of the text seen so far. Every pattern declares a
 * `partial` regex that recognises, at the end of the text, the beginning of
 * every undecided attempt, and a `reach` bounding how far an attempt reads;
 * known secrets are checked as literal prefixes. `scan` accepts matches only
 * at decided positions and reports the first undecided one, so the caller
 * releases everything before it and keeps the rest; with more text the
 * result is the same as scanning the whole text at once.
 *
 * @module
 */
import {
  classifySecret,
  escapeRegExp,
  maskWith,
  patterns,
  type SecretPattern,
} from "./patterns.ts";
import type { EncodedFormPattern } from "./encoded_form_pattern.ts";
import { SHORT_TEXT_LENGTH, shortTextGroups, shortTextPartialTiers } from "./_short_text_rules.ts";
import {
  leadingLiteral,
  LiteralFinder,
  rarestOffset,
  rarity,
  trailingLiteral,
} from "./_literal_finder.ts";
import { AnchorSearch, type RequiredLiteral } from "./_anchor_search.ts";

/** What a match found: enough to mask or report it, never the value alone. */
export interface Hit {
  /** Kind id of the secret. */
  readonly kind: string;
  /** Human label. */
  readonly label: string;
  /** What replaces the value. */
  readonly masked: string;
  /** The underlying secret (the original value for an encoded known secret), for fingerprints. */
  readonly secret: string;
}

/** A string to mask wherever it appears: a known secret or one of its encodings. */
export interface KnownForm {
  /** The literal text to find. */
  readonly text: string;
  /** The hit reported for it. */
  readonly hit: Hit;
}

/**
 * A known secret under any URL encoding or JSON escaping: a regex (see
 * `encoded_form_pattern.ts`), how its start is recognised at the end of a
 * chunk, and the hit reported for it.
 */
export interface EncodedForm {
  /** The regexes of the form. */
  readonly pattern: EncodedFormPattern;
  /** The hit reported for it. */
  readonly hit: Hit;
}

/**
 * Receives each secret value at `[start, end)` of the scanned text, in
 * order; `matchStart` is where the match itself began (a key rule's at its
 * operator, before the value), where a scan must start to find it again.
 */
export type SecretCallback = (start: number, end: number, hit: Hit, matchStart: number) => void;

/** Characters of original text kept before the scan start, for lookbehinds. */
export const LOOKBEHIND_CONTEXT = 64;

/**
 * Where a new regex starts, as `kind anchor` of its first rule. Grouping
 * changes only speed, never results: a few rules per regex keep V8's
 * Boyer-Moore skipping effective, while one alternation of every rule
 * defeats it (measured: 1 to 4 GB/s per group against 0.3 GB/s for one
 * alternation); these boundaries minimise the total time on the log of
 * `scripts/bench_redact.sh` (`scripts/bench_redact_engine.ts`): the rules found by
 * their own prefix in one regex, those found by a key before them in another.
 */
const GROUP_STARTS = new Set([
  // The rules after the `sk-` ones (searched by that one literal) start a group.
  "aws-access-key-id AKIA",
  // A password in a URL: a group of its own, searched from the `@` it ends with (AnchorSearch).
  "url-credentials ://",
  "authorization-header :",
  // The key rules with an encoded operator (patterns.ts encodedContext): a regex of their own.
  "credential-assignment %",
]);

/** One regex of grouped patterns: an alternation of `rules`, one capturing group each. */
export interface PatternGroup {
  readonly regex: RegExp;
  readonly rules: readonly SecretPattern[];
  /**
   * For a group without a shared guard (every match of every rule starts
   * with one of its anchors, tests/security/patterns_test.ts): a faster
   * search giving what `regex` gives.
   */
  readonly search?: AnchorSearch;
}

/** A partial regex and where it is searched. */
export interface PartialTier {
  readonly regex: RegExp;
  readonly reach: number;
  readonly multiline: boolean;
  /**
   * The literal texts its alternatives start with, one each, when each has
   * one: where none occurs the regex cannot match and is not run.
   */
  readonly literals?: readonly LiteralFinder[];
}

function buildPatternGroups(): PatternGroup[] {
  const groups: PatternGroup[] = [];
  let current: SecretPattern[] = [];
  const close = () => {
    if (current.length === 0) return;
    const guard = current[0].guard;
    const shared = guard !== "" && current.every((rule) => rule.guard === guard);
    const sources = current.map((rule) => shared ? rule.source.slice(guard.length) : rule.source);
    const source = shared ? `${guard}(?:${sources.join("|")})` : sources.join("|");
    // A group with a shared guard (the key rules: a key's last two letters before an operator) is
    // found by its operator through the guard; any other by its anchors.
    const anchored = current.every((rule) => rule.guard === "");
    const anchors = current.flatMap((rule) => rule.anchors);
    groups.push({
      regex: new RegExp(source, "gd"),
      rules: current,
      search: anchored ? new AnchorSearch(source, anchors, requiredLiteral(current)) : undefined,
    });
    current = [];
  };
  for (const rule of patterns) {
    if (GROUP_STARTS.has(`${rule.kind} ${rule.anchors[0]}`)) close();
    current.push(rule);
  }
  close();
  // Each rule has exactly one capturing group (tests/security/patterns_test.ts).
  return groups;
}

/**
 * The literal every match of `rules` ends with, to search them from, when
 * they share one that is rarer than each of their anchors (`@`, `://`).
 */
function requiredLiteral(rules: readonly SecretPattern[]): RequiredLiteral | undefined {
  const literal = trailingLiteral(rules[0].source);
  if (literal === "" || rules.some((rule) => trailingLiteral(rule.source) !== literal)) {
    return undefined;
  }
  const rarest = (text: string) => rarity(text[rarestOffset(text)]);
  if (rules.some((rule) => rule.anchors.some((anchor) => rarest(anchor) >= rarest(literal)))) {
    return undefined;
  }
  return { literal, reach: Math.max(...rules.map((rule) => rule.reach)) };
}

/**
 * The partial regexes, in tiers: one for the single-line rules, searched
 * only on the last line, and one for the multi-line rules (PEM blocks),
 * searched within their longest reach.
 */
function buildPartialTiers(): PartialTier[] {
  const tiers: PartialTier[] = [];
  const singleLine = patterns.filter((rule) => !rule.multiline);
  tiers.push({
    regex: new RegExp(singleLine.map((rule) => `(?:${rule.partial})`).join("|"), "g"),
    reach: Math.max(...singleLine.map((rule) => rule.reach)),
    multiline: false,
  });
  // The multi-line rules (PEM blocks) share one regex, searched within the longest reach: one
  // pass over that window instead of one per rule. Holding back from an earlier start is safe.
  const multiline = patterns.filter((rule) => rule.multiline);
  if (multiline.length > 0) {
    // Their window is long (16 KiB): run the regex from the first of its literals (`-----BEGIN `,
    // `"private_key"`), found at memchr speed, and not at all where none occurs.
    const literals = multiline.map((rule) => leadingLiteral(rule.partial));
    tiers.push({
      regex: new RegExp(multiline.map((rule) => `(?:${rule.partial})`).join("|"), "g"),
      reach: Math.max(...multiline.map((rule) => rule.reach)),
      multiline: true,
      literals: literals.includes("")
        ? undefined
        : [...new Set(literals)].map((literal) => new LiteralFinder(literal)),
    });
  }
  return tiers;
}

/** Every pattern anchor, by the code of its first character. */
interface AnchorTable {
  readonly byFirst: ReadonlyMap<number, readonly string[]>;
  readonly longest: number;
}

function buildAnchorTable(): AnchorTable {
  const byFirst = new Map<number, string[]>();
  let longest = 0;
  for (const anchor of new Set(patterns.flatMap((rule) => rule.anchors))) {
    longest = Math.max(longest, anchor.length);
    const first = anchor.charCodeAt(0);
    byFirst.set(first, [...byFirst.get(first) ?? [], anchor]);
  }
  return { byFirst, longest };
}

/** Whether `text` from `start` to its end is the beginning of an anchor, shorter than it. */
function endsInAnchorStart(text: string, start: number, anchors: AnchorTable): boolean {
  const candidates = anchors.byFirst.get(text.charCodeAt(start));
  if (candidates === undefined) return false;
  const rest = text.length - start;
  for (const anchor of candidates) {
    if (anchor.length <= rest) continue;
    let index = 1;
    while (index < rest && anchor.charCodeAt(index) === text.charCodeAt(start + index)) index++;
    if (index === rest) return true;
  }
  return false;
}

/** The first index in `[from, before)` where one of `literals` starts in `text`, or -1. */
function firstLiteral(
  literals: readonly LiteralFinder[],
  text: string,
  from: number,
  before: number,
): number {
  let first = -1;
  for (const literal of literals) {
    const at = literal.find(text, from);
    if (at >= 0 && at < before && (first < 0 || at < first)) first = at;
  }
  return first;
}

interface Tables {
  readonly patternGroups: readonly PatternGroup[];
  readonly partialTiers: readonly PartialTier[];
  readonly multilineTiers: readonly PartialTier[];
  readonly singleLineReach: number;
  readonly anchors: AnchorTable;
}

let tables: Tables | undefined;

/**
 * The regexes of the patterns, built on first use: importing the module
 * compiles nothing, and the grouped regexes, used on long texts only
 * (`_short_text_rules.ts`), are built on the first long text.
 */
function patternTables(): Tables {
  if (tables === undefined) {
    let patternGroups: PatternGroup[] | undefined;
    let partialTiers: PartialTier[] | undefined;
    tables = {
      get patternGroups() {
        return patternGroups ??= buildPatternGroups();
      },
      get partialTiers() {
        return partialTiers ??= buildPartialTiers();
      },
      multilineTiers: patterns.filter((rule) => rule.multiline).map((rule) => ({
        regex: new RegExp(rule.partial, "g"),
        reach: rule.reach,
        multiline: true,
      })),
      singleLineReach: Math.max(
        ...patterns.filter((rule) => !rule.multiline).map((rule) => rule.reach),
      ),
      anchors: buildAnchorTable(),
    };
  }
  return tables;
}

/** The hit for a pattern match whose value is `value`. */
function patternHit(rule: SecretPattern, value: string): Hit {
  if (rule.shape !== undefined) {
    return { kind: rule.kind, label: rule.label, masked: maskWith(rule, value), secret: value };
  }
  const recognised = classifySecret(value);
  if (recognised !== undefined) {
    return {
      kind: recognised.kind,
      label: recognised.label,
      masked: maskWith(recognised, value),
      secret: value,
    };
  }
  return { kind: rule.kind, label: rule.label, masked: maskWith(rule, value), secret: value };
}

/** A compiled matcher: the fixed patterns plus one set of known forms. */
export class Matcher {
  readonly #known: RegExp | null;
  readonly #encodedForms: readonly EncodedForm[];
  readonly #encodedHits: readonly Hit[];
  readonly #encodedHead: RegExp | null;
  readonly #encodedCharacters: ReadonlySet<number>;
  readonly #encodedReach: number;
  /** The known forms' regex, then the encoded forms' one (built on first use). */
  #heads: readonly RegExp[] | undefined;
  /** The known forms' regex alone. */
  readonly #plainHeads: readonly RegExp[];
  /** Whether a known value holds a `%` or a backslash (its encoded forms always run then). */
  readonly #escapable: boolean;
  readonly #forms: Map<string, Hit>;
  readonly #formTexts: readonly string[];
  readonly #tables: Tables;
  readonly #shortTextLength: number;
  /** The most text the matcher may hold back at the end of a chunk. */
  readonly maxHold: number;

  /**
   * `shortTextLength`: texts up to this many characters from the scan start
   * are scanned with one regex per pattern that may match (see
   * `_short_text_rules.ts`; the result is the same, tests set it).
   */
  constructor(
    forms: readonly KnownForm[],
    encoded: readonly EncodedForm[] = [],
    shortTextLength: number = SHORT_TEXT_LENGTH,
  ) {
    this.#shortTextLength = shortTextLength;
    this.#forms = new Map();
    for (const form of forms) if (!this.#forms.has(form.text)) this.#forms.set(form.text, form.hit);
    this.#formTexts = [...this.#forms.keys()].sort((left, right) => right.length - left.length);
    this.#known = this.#formTexts.length === 0
      ? null
      : new RegExp(this.#formTexts.map(escapeRegExp).join("|"), "g");
    this.#encodedHits = encoded.map((form) => form.hit);
    this.#encodedForms = encoded;
    this.#encodedHead = encoded.length === 0
      ? null
      : new RegExp(encoded.map((form) => form.pattern.head).join("|"), "y");
    this.#encodedCharacters = new Set(
      encoded.flatMap((form) =>
        form.pattern.characters.split("").map((unit) => unit.charCodeAt(0))
      ),
    );
    this.#encodedReach = Math.max(0, ...encoded.map((form) => form.pattern.reach));
    this.#plainHeads = this.#known === null ? [] : [this.#known];
    // Without a `%` or a backslash, an encoded form is the value itself, which #known finds first.
    this.#escapable = encoded.some((form) =>
      form.hit.secret.includes("%") || form.hit.secret.includes("\\") ||
      !this.#forms.has(form.hit.secret)
    );
    this.#tables = patternTables();
    const longestForm = this.#formTexts.length === 0 ? 0 : this.#formTexts[0].length;
    this.maxHold = Math.max(...patterns.map((rule) => rule.reach), longestForm, this.#encodedReach);
  }

  /**
   * Scans `text` from `from`, calling `onSecret` for every decided match, and
   * returns the first undecided position (`text.length` when `final`): the
   * caller may release the text before it and must keep the rest.
   */
  scan(text: string, from: number, final: boolean, onSecret: SecretCallback): number {
    const length = text.length;
    let limit = final ? length : this.holdPoint(text, from);
    let position = from;
    let emitted = from;
    // Without encoded forms (no known secret), the text is not searched for `%` and backslashes.
    const heads = this.#encodedForms.length > 0 &&
        (this.#escapable || text.includes("%", from) || text.includes("\\", from))
      ? this.#allHeads()
      : this.#plainHeads;
    const offset = heads.length;
    const patternGroups = length - from <= this.#shortTextLength
      ? shortTextGroups(text, from)
      : this.#tables.patternGroups;
    const groupCount = offset + patternGroups.length;
    const cursors: (RegExpExecArray | null | undefined)[] = new Array(groupCount);
    while (position < length) {
      let best: RegExpExecArray | null = null;
      let bestGroup = -1;
      for (let group = 0; group < groupCount; group++) {
        let match = cursors[group];
        if (match === undefined || (match !== null && match.index < position)) {
          const search = group < offset ? undefined : patternGroups[group - offset].search;
          if (search !== undefined) match = search.exec(text, position);
          else {
            const regex = group < offset ? heads[group] : patternGroups[group - offset].regex;
            regex.lastIndex = position;
            match = regex.exec(text);
          }
          cursors[group] = match;
        }
        if (match !== null && (best === null || match.index < best.index)) {
          best = match;
          bestGroup = group;
        }
      }
      if (best === null || best.index >= limit) break;
      let start: number;
      let end: number;
      let hit: Hit;
      if (bestGroup < offset) {
        start = best.index;
        end = start + best[0].length;
        if (heads[bestGroup] === this.#known) hit = this.#forms.get(best[0])!;
        else {
          let form = 0;
          while (best[form + 1] === undefined) form++;
          hit = this.#encodedHits[form];
        }
      } else {
        const group = patternGroups[bestGroup - offset];
        let rule = 0;
        while (best[rule + 1] === undefined) rule++;
        const span = best.indices![rule + 1]!;
        const pattern = group.rules[rule];
        start = span[0] - pattern.lookback;
        end = span[1];
        hit = patternHit(pattern, text.slice(start, end));
      }
      // A known secret that starts inside this match and goes on past it is masked with it: a
      // stored key holding a character that a key rule's value cannot (`!`, `#`) matches as the
      // known secret one character after the rule's operator, and its tail was left. Every
      // occurrence of every known form is looked at (their regex finds them one by one, never
      // overlapping), and again after each extension.
      if (this.#formTexts.length > 0) end = this.#knownReach(text, start, end);
      // A match that reaches past the hold point is not decided yet: something that may still
      // become a secret (a stored key's beginning, cut by the chunk's end) starts inside it. It
      // is held whole, from where it began, and found again with the next chunk.
      if (!final && end > limit) {
        // From its start when that comes first (a rule with a lookback, the Azure key's 52
        // characters before its signature), never before what is already out.
        limit = Math.max(emitted, Math.min(best.index, start));
        break;
      }
      if (start < emitted) start = emitted;
      onSecret(start, end, hit, Math.min(best.index, start));
      emitted = end;
      position = Math.max(best.index + best[0].length, end);
      if (!final && position > limit) limit = this.holdPoint(text, position);
    }
    return limit;
  }

  /** `end` extended over every known form that starts in `[start, end)` and goes past it. */
  #knownReach(text: string, start: number, end: number): number {
    for (let extended = true; extended;) {
      extended = false;
      for (const form of this.#formTexts) {
        for (
          let at = text.indexOf(form, start);
          at >= 0 && at < end;
          at = text.indexOf(form, at + 1)
        ) {
          if (at + form.length > end) {
            end = at + form.length;
            extended = true;
          }
        }
      }
    }
    return end;
  }

  /** The known forms' regex and the encoded forms' one, built on first use. */
  #allHeads(): readonly RegExp[] {
    if (this.#heads === undefined) {
      const forms = this.#encodedForms;
      this.#heads = forms.length === 0 ? this.#plainHeads : [
        ...this.#plainHeads,
        new RegExp(forms.map((form) => `(${form.pattern.source})`).join("|"), "g"),
      ];
    }
    return this.#heads;
  }

  /** The first position at or after `from` where a match attempt is undecided. */
  holdPoint(text: string, from: number): number {
    const { singleLineReach, anchors } = this.#tables;
    const length = text.length;
    const partialTiers = length - from <= this.#shortTextLength
      ? shortTextPartialTiers(text, from, singleLineReach, this.#tables.multilineTiers)
      : this.#tables.partialTiers;
    let hold = length;
    let lineStart = length;
    const stop = Math.max(from, length - singleLineReach);
    while (lineStart > stop) {
      const code = text.charCodeAt(lineStart - 1);
      if (code === 10 || code === 13) break;
      lineStart--;
    }
    for (const tier of partialTiers) {
      let start = Math.max(from, length - tier.reach, tier.multiline ? 0 : lineStart);
      if (start >= hold) continue;
      if (tier.literals !== undefined) {
        start = firstLiteral(tier.literals, text, start, hold);
        if (start < 0) continue;
      }
      tier.regex.lastIndex = start;
      const match = tier.regex.exec(text);
      if (match !== null && match.index < hold) hold = match.index;
    }
    for (let start = Math.max(from, length - anchors.longest + 1); start < hold; start++) {
      if (endsInAnchorStart(text, start, anchors)) {
        hold = start;
        break;
      }
    }
    if (this.#encodedHead !== null) {
      // An encoded form cut by the end is made only of its characters and starts with a head:
      // hold from the first head in the run of such characters that ends the text.
      let start = length;
      const stop = Math.max(from, length - this.#encodedReach);
      while (start > stop && this.#encodedCharacters.has(text.charCodeAt(start - 1))) start--;
      for (; start < hold; start++) {
        this.#encodedHead.lastIndex = start;
        if (this.#encodedHead.test(text)) {
          hold = start;
          break;
        }
      }
    }
    for (const form of this.#formTexts) {
      const first = form.charCodeAt(0);
      let start = Math.max(from, length - form.length + 1);
      while (start < hold) {
        start = text.indexOf(form[0], start);
        if (start < 0 || start >= hold) break;
        let index = 1;
        while (
          start + index < length && text.charCodeAt(start + index) === form.charCodeAt(index)
        ) {
          index++;
        }
        if (start + index === length && text.charCodeAt(start) === first) {
          hold = start;
          break;
        }
        start++;
      }
    }
    return hold;
  }
}
