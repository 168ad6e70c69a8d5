/**
 * The process-wide set of secret hints (`secret_hint.ts`): secrets known
 * only by their length, prefix, alphabet and salted hash. Before a text is
 * matched, its candidates for each hint are hashed, and a candidate that
 * matches becomes a known secret, masked from then on like any other in
 * every form (`_known_secrets.ts`).
 *
 * @module
 */
import { addKnownSecret } from "./_known_secrets.ts";
import {
  findHintCandidates,
  hintCharacterTable,
  hintMatcher,
  type SecretHint,
} from "./secret_hint.ts";

interface RegisteredHint {
  readonly hint: SecretHint;
  readonly kind: string | undefined;
  readonly matches: (candidate: string) => boolean;
  readonly member: Uint8Array;
}

const hints: RegisteredHint[] = [];

/** Adds a hint; a hint already registered (same hash) is ignored. */
export function addSecretHint(hint: SecretHint, kind?: string): void {
  if (hints.some((registered) => registered.hint.sha256 === hint.sha256)) return;
  hints.push({
    hint,
    kind,
    matches: hintMatcher(hint),
    member: hintCharacterTable(hint),
  });
}

/** Forgets every hint. */
export function clearSecretHints(): void {
  hints.length = 0;
}

/** Whether any hint is registered. */
export function hasSecretHints(): boolean {
  return hints.length > 0;
}

/** Registers as a known secret every candidate of `text` that matches a hint. */
export function discoverHintedSecrets(text: string): void {
  for (const { hint, kind, matches } of hints) {
    for (const start of findHintCandidates(hint, text)) {
      const candidate = text.slice(start, start + hint.length);
      if (matches(candidate)) addKnownSecret(candidate, kind);
    }
  }
}

/**
 * Where a stream must hold back for the hints: the start of a trailing run
 * of a hint's characters no longer than its value (the value may still be
 * arriving), at or after `from`; `text.length` when there is none.
 */
export function hintHoldPoint(text: string, from: number): number {
  let hold = text.length;
  for (const { hint, member } of hints) {
    let start = text.length;
    while (start > from && text.length - start <= hint.length) {
      const code = text.charCodeAt(start - 1);
      if (code >= 128 || member[code] !== 1) break;
      start--;
    }
    if (start < text.length && text.length - start <= hint.length && start < hold) hold = start;
  }
  return hold;
}
