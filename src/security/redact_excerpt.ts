/**
 * Excerpts of text that may hold a secret (a server's error body, a
 * secret manager's answer, a line of input): redacted first, then cut, so a
 * cut never splits a secret in a way that stops it from matching.
 *
 * @module
 */
import { redact } from "./redact.ts";
import { IncrementalRedactor } from "./incremental_redactor.ts";
import { isHighSurrogate } from "./is_high_surrogate.ts";
import { JoinBudget } from "./join_budget.ts";
import { maskContinuations } from "./mask_continuations.ts";
import { splitSecretKindsIn } from "./split_secret_kinds.ts";
import { blankSplitKindsIn } from "./blank_split_secret_kinds.ts";

/** What ends an excerpt that was cut. */
export const EXCERPT_ELLIPSIS = "…";

/**
 * What an excerpt says instead of its text when that text holds a secret
 * cut by line breaks or spaces (a key wrapped by the server): the pieces
 * match nothing where they stand, so they cannot be masked in place.
 */
export const SPLIT_SECRET_EXCERPT = "(not shown: it holds a key split across lines or by spaces)";

/**
 * `text` with every secret masked, for a text that was cut short before it
 * reached omn (an error body read only up to a limit, a reply stream that
 * broke off): besides every match, the tail that could still have become
 * a secret (a prefix of a known secret, an unfinished key or token) is
 * masked too, so a cut secret is never shown in part.
 *
 * @example
 * ```ts
 * import { redactTruncated } from "./redact_excerpt.ts";
 * redactTruncated("your key is sk-proj-RTLK"); // "your key is ***"
 * ```
 */
export function redactTruncated(text: string): string {
  const redactor = new IncrementalRedactor();
  return redactor.push(text) + redactor.finish({ truncated: true });
}

/**
 * How far past an excerpt's end its text is read (64 KiB): farther than any
 * secret format reaches (`MAX_PATTERN_REACH`, 24 KiB), so a secret that
 * starts inside the excerpt ends inside what is read and is masked whole.
 * The rest of a longer text (a server's 60 MB error message) is not read:
 * redacting it would cost seconds for characters never shown.
 */
export const EXCERPT_READ_AHEAD = 64 * 1024;

/** Options of {@linkcode redactExcerpt}. */
export interface ExcerptOptions {
  /** The text itself was already cut short (see {@linkcode redactTruncated}). */
  inputTruncated?: boolean;
  /** Whitespace runs (line breaks included) become one space: a one-line excerpt. */
  oneLine?: boolean;
}

/**
 * At most `maxLength` characters of `text` (then `…`), redacted first and
 * cut after: the text (up to {@linkcode EXCERPT_READ_AHEAD} past the cut)
 * goes through the redaction module, so a secret that the cut would split
 * is masked whole before the cut. A text that holds a secret cut by line
 * breaks, or by spaces after its prefix, gives {@linkcode SPLIT_SECRET_EXCERPT}.
 *
 * @example
 * ```ts
 * import { redactExcerpt } from "./redact_excerpt.ts";
 * redactExcerpt("error: " + "x".repeat(300), 20); // "error: xxxxxxxxxxxxx…"
 * ```
 */
export function redactExcerpt(
  text: string,
  maxLength: number,
  options: ExcerptOptions = {},
): string {
  let truncated = options.inputTruncated === true;
  if (text.length > maxLength + EXCERPT_READ_AHEAD) {
    // Only the start can be shown: it is redacted as a text cut short, so a secret cut there is masked.
    text = text.slice(0, maxLength + EXCERPT_READ_AHEAD);
    truncated = true;
  }
  // The rest of a key wrapped after a piece that is a key by itself is masked with it (as the
  // outgoing guard does); a key whose pieces are none is found only with them joined, and one
  // line would show every piece, so the excerpt says so instead.
  const budget = new JoinBudget(text.length);
  const continued = maskContinuations(text, budget);
  let redacted = truncated ? redactTruncated(continued) : redact(continued);
  if (
    budget.exhausted || splitSecretKindsIn(redacted, budget).length > 0 ||
    blankSplitKindsIn(redacted, budget).length > 0
  ) {
    return SPLIT_SECRET_EXCERPT;
  }
  // Joined into one line, then redacted again: what the joining brings together is checked too.
  if (options.oneLine) redacted = redact(redacted.replace(/\s+/g, " ").trim());
  if (redacted.length <= maxLength) return redacted;
  // Never end between the two halves of a surrogate pair.
  let end = maxLength;
  const last = redacted.charCodeAt(end - 1);
  if (isHighSurrogate(last)) end--;
  return `${redacted.slice(0, end)}${EXCERPT_ELLIPSIS}`;
}
