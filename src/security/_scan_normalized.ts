/**
 * {@linkcode Matcher.scan} through {@linkcode normalizeForMatching} when the
 * text holds characters that could hide a secret from a plain match
 * (zero-width and other format characters, fullwidth and look-alike
 * letters): the match runs on the normalised text and each match is mapped
 * back to the exact original span. Text without such characters takes the
 * plain scan, at full speed.
 *
 * @module
 */
import type { Matcher, SecretCallback } from "./_matcher.ts";
import { needsNormalizing, normalizeForMatching, originalSpan } from "./normalize_for_matching.ts";

/**
 * Scans `text` from `from` like `matcher.scan`, normalising first when it
 * needs to; positions given to `onSecret` and returned are in `text`.
 */
export function scanNormalized(
  matcher: Matcher,
  text: string,
  from: number,
  final: boolean,
  onSecret: SecretCallback,
): number {
  if (!needsNormalizing(text)) return matcher.scan(text, from, final, onSecret);
  const normalized = normalizeForMatching(text);
  let normalizedFrom = 0;
  while (
    normalizedFrom < normalized.text.length && normalized.starts[normalizedFrom] < from
  ) {
    normalizedFrom++;
  }
  let emitted = from;
  const limit = matcher.scan(normalized.text, normalizedFrom, final, (start, end, hit) => {
    const [originalStart, originalEnd] = originalSpan(normalized, start, end);
    onSecret(Math.max(originalStart, emitted), originalEnd, hit);
    emitted = originalEnd;
  });
  return limit >= normalized.text.length ? text.length : normalized.starts[limit];
}
