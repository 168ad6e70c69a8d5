/**
 * The work the split detectors may do on one text. Each join of pieces
 * (`split_secret_kinds.ts`, `blank_split_secret_kinds.ts`,
 * `mask_continuations.ts`) is read whole, up to `MAX_JOINED` characters, so
 * a text of many short key-like pieces (`sk-a1 sk-a1 …`, `> ABCDEFGH12`
 * line after line) made the detectors read each character hundreds of
 * times. A budget proportional to the text's length bounds that work: each
 * read of a joined text costs its length plus {@linkcode COST_PER_READ}
 * (the fixed cost of a scan), and a text may spend
 * {@linkcode WORK_PER_CHARACTER} per character plus {@linkcode BASE_WORK}.
 *
 * When the budget runs out the detectors stop and say so
 * ({@linkcode UNCHECKED_KIND}): the guard then counts the text as holding
 * a split secret (it errs towards refusing), so the bound never lets a key
 * through. Ordinary text (prose, code, logs, base64 and hash lists, keys
 * wrapped or cut as the tests cut them) stays far within it.
 *
 * @module
 */

/** What a text may spend per character. */
export const WORK_PER_CHARACTER = 16;

/** What any text may spend, however short. */
export const BASE_WORK = 65_536;

/** The fixed cost of one read of a joined text, besides its length. */
export const COST_PER_READ = 64;

/** The kind reported when the budget ran out before every join was read. */
export const UNCHECKED_KIND = "unchecked-key-pieces";

/** The work allowed on one text and the work done so far. */
export class JoinBudget {
  /** The work allowed. */
  readonly limit: number;
  /** The work done so far (characters read plus {@linkcode COST_PER_READ} per read). */
  spent = 0;
  /** How many joined texts were read. */
  reads = 0;

  /** A budget for a text of `length` characters. */
  constructor(length: number) {
    this.limit = BASE_WORK + WORK_PER_CHARACTER * length;
  }

  /** Whether the budget has run out. */
  get exhausted(): boolean {
    return this.spent > this.limit;
  }

  /** Counts a read of `length` characters; whether the budget allowed it. */
  spend(length: number): boolean {
    if (this.exhausted) return false;
    this.spent += length + COST_PER_READ;
    this.reads++;
    return !this.exhausted;
  }
}
