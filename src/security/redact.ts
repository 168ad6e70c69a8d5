/**
 * The one shared redaction module: every piece of text omnimancer prints,
 * logs or sends in an error passes through {@linkcode redact} (or
 * {@linkcode RedactStream} from `redact_stream.ts`).
 *
 * Two sources of secrets are masked:
 * - the credential formats of `patterns.ts`, with context rules for the
 *   prefix-less ones;
 * - known secrets: every value the process loaded (environment, `.env`,
 *   config, secret managers) and registered with {@linkcode registerSecret},
 *   in raw, base64 (padded, unpadded, base64url, and at any byte offset
 *   inside a longer base64 text), URL-encoded and JSON-escaped form.
 *
 * Both are found through invisible characters and look-alikes: a text with
 * a zero-width space, soft hyphen, word joiner, BOM or other format
 * character, or fullwidth or look-alike letters, is matched in its
 * normalised form and the exact original span is masked
 * (`normalize_for_matching.ts`); other text takes the fast path.
 *
 * @module
 */
import { addKnownSecret, clearKnownSecretSet, patternFor } from "./_known_secrets.ts";
export { MIN_KNOWN_SECRET_LENGTH } from "./_known_secrets.ts";
import { addSecretHint, clearSecretHints } from "./_secret_hints.ts";
import type { SecretHint } from "./secret_hint.ts";
import { fingerprint } from "./fingerprint.ts";
import { maskWith } from "./patterns.ts";
import { maskInText } from "./mask_in_text.ts";
import { scanNormalized } from "./_scan_normalized.ts";

/** One secret found in a text. It never holds the secret itself. */
export interface SecretFinding {
  /** Kind id (`"openai"`, `"aws-access-key-id"`, `"known-secret"`, ...). */
  kind: string;
  /** Human label. */
  label: string;
  /** Start of the secret value in the text, in UTF-16 code units. */
  index: number;
  /** Length of the secret value, in UTF-16 code units (the context around it excluded). */
  length: number;
  /** The masked form that replaces the value. */
  masked: string;
  /** {@linkcode fingerprint} of the secret (of the original value for an encoded known secret). */
  fingerprint: string;
}

/**
 * Adds `value` to the process-wide set of known secrets, so that it is
 * masked wherever it appears, even where no pattern matches it; its base64
 * (padded, unpadded and base64url), URL-encoded and JSON-escaped forms are
 * registered with it.
 *
 * Values shorter than 8 characters are ignored: they are too likely to
 * collide with ordinary text. `kind` names where the value came from (a
 * pattern kind such as `"openai"`, or a variable name); the masked form keeps
 * the prefix of the format the value is recognised as (`sk-ant-***`), else
 * it is `***`.
 *
 * A `RedactStream` already running picks up the new value from its next chunk.
 *
 * @example
 * ```ts
 * import { redact, registerSecret } from "./redact.ts";
 * registerSecret("correct-horse-battery-staple", "DB_PASSWORD");
 * redact("password is correct-horse-battery-staple"); // "password is ***"
 * ```
 */
export function registerSecret(value: string, kind?: string): void {
  addKnownSecret(value, kind);
}

/**
 * Adds a secret known only by its hint (`secret_hint.ts`: length, prefix,
 * alphabet and salted hash), such as a key stored encrypted: wherever a
 * text holds a run of the hint's characters that hashes to it, that run
 * becomes a known secret, masked like one registered with
 * {@linkcode registerSecret} (in every encoding, from then on).
 */
export function registerSecretHint(hint: SecretHint, kind?: string): void {
  addSecretHint(hint, kind);
}

/** Forgets every known secret and hint (for tests). */
export function clearKnownSecrets(): void {
  clearKnownSecretSet();
  clearSecretHints();
}

/**
 * `text` with every secret masked: pattern matches and known secrets alike.
 * Only the secret value is replaced; the context around it stays.
 *
 * @example
 * ```ts
 * import { redact } from "./redact.ts";
 * redact("Authorization: Bearer abc.def"); // "Authorization: Bearer ***"
 * ```
 */
export function redact(text: string): string {
  let output = "";
  let emitted = 0;
  scanNormalized(text, 0, true, (start, end, hit) => {
    output += text.slice(emitted, start) + maskInText(hit.masked, text.slice(start, end));
    emitted = end;
  });
  return emitted === 0 ? text : output + text.slice(emitted);
}

/**
 * Every secret in `text`, in order of position, without the secrets
 * themselves.
 */
export function findSecrets(text: string): SecretFinding[] {
  const findings: SecretFinding[] = [];
  scanNormalized(text, 0, true, (start, end, hit) => {
    findings.push({
      kind: hit.kind,
      label: hit.label,
      index: start,
      length: end - start,
      masked: hit.masked,
      fingerprint: fingerprint(hit.secret),
    });
  });
  return findings;
}

/**
 * The masked form of one secret value, for listings and messages: the prefix
 * of the format it is recognised as (by shape, else by `kind`) followed by
 * `***`, or `***` alone.
 *
 * @example
 * ```ts
 * import { maskSecret } from "./redact.ts";
 * maskSecret("AKIA" + "Q".repeat(16)); // "AKIA***"
 * maskSecret("hunter2hunter2"); // "***"
 * ```
 */
export function maskSecret(value: string, kind?: string): string {
  return maskWith(patternFor(value, kind), value);
}
