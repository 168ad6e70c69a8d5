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
import type { Hit, SecretCallback } from "./_matcher.ts";
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
  // The text is scanned as it is, and normalised: folding can hide a key as well as show one
  // (`ſ` before an ASCII key folds into `s`, and the key then reads as part of a word).
  const found: Found[] = [];
  const rawLimit = scanWithHints(text, from, final, (start, end, hit, matchStart) => {
    found.push({ start, end, hit, matchStart });
  });
  const normalized = normalizeForMatching(text);
  const normalizedFrom = normalizedIndex(normalized, from);
  const limit = scanWithHints(normalized.text, normalizedFrom, final, (start, end, hit, begun) => {
    const [originalStart, originalEnd] = originalSpan(normalized, start, end);
    const matchStart = Math.min(normalized.starts[begun], originalStart);
    found.push({ start: originalStart, end: originalEnd, hit, matchStart });
  });
  return emitUnion(
    found,
    Math.min(rawLimit, limit >= normalized.text.length ? text.length : normalized.starts[limit]),
    from,
    final ? text.length : text.length - currentMatcher().maxHold,
    onSecret,
  );
}

/** A match of either scan, in the original text. */
interface Found {
  start: number;
  end: number;
  hit: Hit;
  /** Where the match began (a key rule's at its operator), at or before `start`. */
  matchStart: number;
}

/**
 * Calls `onSecret` for the union of both scans' matches, in order and
 * without overlap; returns the limit, before which the text may be
 * released. A match that reaches past the limit (one scan's
 * match past where the other still holds back) is held whole, from where
 * the match began (a key rule's operator, so that the next scan can find
 * it), with every match that overlaps it: the next scan, with more text,
 * finds them again, and the other scan's match that was still undecided
 * there. (Released, its end would have let the next scan start inside the
 * other's match; review: a streamed `token=` value after an Authorization
 * header went out but its first characters.)
 *
 * Not past `floor` (all but the matcher's bound on held text, or the whole
 * text when final): a chain of matches of the two scans, each overlapping
 * the next, would otherwise hold a whole stream (review: a text repeating
 * `api-key:`, a zero-width space and `token=`); a match that begins before
 * it is released whole, masked, as a single scan releases its matches.
 */
function emitUnion(
  found: Found[],
  limit: number,
  from: number,
  floor: number,
  onSecret: SecretCallback,
): number {
  found.sort((left, right) => left.start - right.start || right.end - left.end);
  for (let lowered = true; lowered;) {
    lowered = false;
    for (const match of found) {
      if (match.matchStart < limit && match.end > limit && match.matchStart >= floor) {
        limit = match.matchStart;
        lowered = true;
      }
    }
  }
  let emitted = from;
  for (const match of found) {
    if (match.start >= limit) break;
    if (match.end <= emitted) continue;
    onSecret(Math.max(match.start, emitted), match.end, match.hit, match.matchStart);
    emitted = match.end;
    if (emitted > limit) limit = emitted;
  }
  return limit;
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
  const limit = currentMatcher().scan(text, from, final, (start, end, hit, matchStart) => {
    if (start >= hold) return;
    onSecret(start, end, hit, matchStart);
    decidedEnd = end;
  });
  return Math.max(Math.min(limit, hold), decidedEnd);
}
