/**
 * {@linkcode Matcher.scan} through {@linkcode normalizeForMatching} when the
 * text holds characters that could hide a secret from a plain match
 * (zero-width and other format characters, fullwidth and look-alike
 * letters): the match runs on the normalised text and each match is mapped
 * back to the exact original span. Text without such characters takes the
 * plain scan, at full speed.
 *
 * Secrets known by a hint (`secret_hint.ts`) are looked for first: a
 * candidate that matches becomes a known secret before the scan, and a
 * stream holds back a trailing run that may still become one.
 *
 * @module
 */
import type { SecretCallback } from "./_matcher.ts";
import { currentMatcher } from "./_known_secrets.ts";
import { discoverHintedSecrets, hasSecretHints, hintHoldPoint } from "./_secret_hints.ts";
import {
  needsNormalizing,
  normalizedIndex,
  normalizeForMatching,
  originalSpan,
} from "./normalize_for_matching.ts";

/**
 * Scans `text` from `from` like `Matcher.scan` with the current known
 * secrets, normalising first when it needs to; positions given to
 * `onSecret` and returned are in `text`. `knownPlain` is for callers that
 * already know `text` has no character normalising would change.
 */
export function scanNormalized(
  text: string,
  from: number,
  final: boolean,
  onSecret: SecretCallback,
  knownPlain = false,
): number {
  if (knownPlain || !needsNormalizing(text)) return scanWithHints(text, from, final, onSecret);
  const normalized = normalizeForMatching(text);
  const normalizedFrom = normalizedIndex(normalized, from);
  let emitted = from;
  const limit = scanWithHints(normalized.text, normalizedFrom, final, (start, end, hit) => {
    const [originalStart, originalEnd] = originalSpan(normalized, start, end);
    onSecret(Math.max(originalStart, emitted), originalEnd, hit);
    emitted = originalEnd;
  });
  return limit >= normalized.text.length ? text.length : normalized.starts[limit];
}

/** The matcher's scan, after the hints' candidates are registered, holding back for them. */
function scanWithHints(
  text: string,
  from: number,
  final: boolean,
  onSecret: SecretCallback,
): number {
  if (!hasSecretHints()) return currentMatcher().scan(text, from, final, onSecret);
  discoverHintedSecrets(text);
  if (final) return currentMatcher().scan(text, from, final, onSecret);
  const hold = hintHoldPoint(text, from);
  let decidedEnd = 0;
  const limit = currentMatcher().scan(text, from, final, (start, end, hit) => {
    if (start >= hold) return;
    onSecret(start, end, hit);
    decidedEnd = end;
  });
  return Math.max(Math.min(limit, hold), decidedEnd);
}
