/**
 * How far the match attempts begun in a joined text may read. The split
 * detectors (`split_secret_kinds.ts`, `blank_split_secret_kinds.ts`,
 * `mask_continuations.ts`) join pieces one at a time and read each join;
 * a join need not be read when no match attempt could read the piece just
 * added, for then the findings are those of the text before it. Every
 * attempt begins at an anchor of its rule (`sk-`, `AKIA`, `:`, `=`, `%`,
 * ...: `SecretPattern.anchors`) or of a known secret (the first eight
 * characters of each of its forms) and reads at most `reach` characters
 * from there (`SecretPattern.reach`), so the horizon is the furthest
 * `anchor + reach` of the anchors in the text joined so far. A text of
 * key-like pieces without anchors (base64 lines, hash lists, quoted short
 * words) is then read not at all, and an anchor's pieces only as far as
 * its rules read. Secrets known by a hint only (`secret_hint.ts`) are found
 * by runs of characters, with no anchor: while any is registered, every
 * join is read.
 *
 * @module
 */
import { escapeRegExp, patterns } from "./patterns.ts";
import { knownFormTexts, knownSecretsVersion } from "./_known_secrets.ts";
import { hasSecretHints } from "./_secret_hints.ts";

/** How many first characters of a known secret's form are its anchor (the shortest form's length). */
const KNOWN_ANCHOR_LENGTH = 8;

/** The anchors of the key rules: their operators. */
const OPERATORS: ReadonlySet<string> = new Set([":", "=", ",", ">"]);

/** What must end the text before a key rule's operator, in a joined text of key characters. */
const KEY_ENDING = /^(?:[eE][yYnNtT]|[oO][nN])$/;

interface Anchors {
  readonly version: number;
  readonly regex: RegExp;
  readonly reach: ReadonlyMap<string, number>;
  readonly longest: number;
}

let compiled: Anchors | undefined;

/** The anchors of the rules and known secrets, with the reach of each, compiled on first use. */
function anchors(): Anchors {
  const version = knownSecretsVersion();
  if (compiled !== undefined && compiled.version === version) return compiled;
  const reach = new Map<string, number>();
  const widen = (anchor: string, distance: number) =>
    reach.set(anchor, Math.max(reach.get(anchor) ?? 0, distance));
  for (const pattern of patterns) {
    for (const anchor of pattern.anchors) widen(anchor, pattern.reach);
  }
  for (const form of knownFormTexts()) {
    // Its first 8 characters (a form's least), sought in the joined text: a cut among them is joined.
    widen(form.slice(0, KNOWN_ANCHOR_LENGTH), form.length);
    // A known secret under any URL encoding or JSON escaping starts with `%` or `\` at worst.
    widen("%", 6 * form.length + 16);
    widen("\\", 6 * form.length + 16);
  }
  // An anchor that starts with a shorter one is also where the shorter one's rules begin.
  for (const [anchor, distance] of reach) {
    for (const [other, otherDistance] of reach) {
      if (anchor !== other && anchor.startsWith(other)) {
        widen(anchor, Math.max(distance, otherDistance));
      }
    }
  }
  const sorted = [...reach.keys()].sort((left, right) => right.length - left.length);
  compiled = {
    version,
    regex: new RegExp(sorted.map(escapeRegExp).join("|"), "g"),
    reach,
    longest: sorted[0]?.length ?? 1,
  };
  return compiled;
}

/** The two characters before `index` in `text`, past the blanks and a quote before it. */
function keyEndingBefore(text: string, index: number): string {
  let end = index;
  while (end > 0 && end > index - 16 && (text[end - 1] === " " || text[end - 1] === "\t")) end--;
  if (end > 0 && "\"'\x60".includes(text[end - 1])) end--;
  if (end > 0 && text[end - 1] === "\\") end--;
  return text.slice(Math.max(0, end - 2), end);
}

/** The furthest a match attempt may read in a text joined piece by piece. */
export class JoinHorizon {
  #end = 0;
  #length = 0;
  /** The last characters taken in, where an anchor cut by the next join begins. */
  #carry = "";
  readonly #everywhere = hasSecretHints();

  /** Takes in the anchors of `piece`, the next piece of the joined text (the first: its head). */
  add(piece: string): void {
    if (this.#everywhere) return;
    const { regex, reach, longest } = anchors();
    const text = this.#carry + piece;
    const offset = this.#length - this.#carry.length;
    regex.lastIndex = 0;
    for (let found = regex.exec(text); found !== null; found = regex.exec(text)) {
      regex.lastIndex = found.index + 1;
      // An operator begins a key rule's match only after a key's ending (`KEY_GUARD` of
      // patterns.ts: `ey`, `en`, `on`, `et`, then a quote and blanks, which a secret read with
      // the key before it holds: `"access_token": "…`, mask_continuations.ts).
      if (OPERATORS.has(found[0]) && !KEY_ENDING.test(keyEndingBefore(text, found.index))) {
        continue;
      }
      this.#end = Math.max(this.#end, offset + found.index + (reach.get(found[0]) ?? Infinity));
    }
    this.#length += piece.length;
    this.#carry = text.slice(Math.max(0, text.length - (longest - 1)));
  }

  /** Whether no anchor was taken in (and no hint makes every join read). */
  get empty(): boolean {
    return !this.#everywhere && this.#end === 0;
  }

  /** Whether an attempt begun in the text taken in may read the character at `index`. */
  reaches(index: number): boolean {
    return this.#everywhere || index <= this.#end;
  }
}
