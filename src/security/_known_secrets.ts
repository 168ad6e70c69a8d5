/**
 * The process-wide set of known secret values and the matcher compiled for
 * it, shared by `redact.ts` and `redact_stream.ts`.
 *
 * @module
 */
import { type EncodedForm, type Hit, type KnownForm, Matcher } from "./_matcher.ts";
import { encodedFormPattern } from "./encoded_form_pattern.ts";
import { classifySecret, MASK, maskWith, patterns, type SecretPattern } from "./patterns.ts";

/** Values shorter than this are not registered: they would collide with ordinary text. */
export const MIN_KNOWN_SECRET_LENGTH = 8;

/**
 * Values up to this length are also found under any URL encoding or JSON
 * escaping ({@linkcode encodedForm}); longer ones (PEM keys, key files) only
 * under the exact forms of {@linkcode knownForms}, as a regex per character
 * of a long value would be slow to compile.
 */
export const MAX_ENCODED_FORM_LENGTH = 512;

const knownValues = new Map<string, string | undefined>();
let cached: Matcher | undefined;
let version = 0;

/** A number that changes whenever the set changes (for caches built from it). */
export function knownSecretsVersion(): number {
  return version;
}

/** The texts of every known secret's forms ({@linkcode knownForms}). */
export function knownFormTexts(): string[] {
  return [...knownValues].flatMap(([value, kind]) =>
    knownForms(value, kind).map((form) => form.text)
  );
}

/** Adds `value` (see `registerSecret` in `redact.ts`). Returns whether the set changed. */
export function addKnownSecret(value: string, kind?: string): boolean {
  if (value.length < MIN_KNOWN_SECRET_LENGTH || knownValues.has(value)) return false;
  knownValues.set(value, kind);
  cached = undefined;
  version++;
  return true;
}

/** Empties the set. */
export function clearKnownSecretSet(): void {
  knownValues.clear();
  cached = undefined;
  version++;
}

/** The matcher for the current set, compiled on first use after a change. */
export function currentMatcher(): Matcher {
  if (cached === undefined) {
    const forms: KnownForm[] = [];
    const encoded: EncodedForm[] = [];
    for (const [value, kind] of knownValues) {
      forms.push(...knownForms(value, kind));
      if (value.length <= MAX_ENCODED_FORM_LENGTH) encoded.push(encodedForm(value, kind));
    }
    cached = new Matcher(forms, encoded);
  }
  return cached;
}

/** The pattern a value is recognised as, by shape first, then by the kind it was registered with. */
export function patternFor(value: string, kind?: string): SecretPattern | undefined {
  return classifySecret(value) ?? patterns.find((pattern) => pattern.kind === kind);
}

/**
 * The texts under which `value` is masked: itself, JSON-escaped, URL-encoded
 * (once and twice), base64 and base64url.
 */
export function knownForms(value: string, kind: string | undefined): KnownForm[] {
  const pattern = patternFor(value, kind);
  const name = pattern?.kind ?? "known-secret";
  const label = pattern?.label ?? (kind ? `Known secret (${kind})` : "Known secret");
  const raw: Hit = { kind: name, label, masked: maskWith(pattern, value), secret: value };
  const forms: KnownForm[] = [{ text: value, hit: raw }];
  const add = (text: string, encoding: string) => {
    if (text.length < MIN_KNOWN_SECRET_LENGTH || text === value) return;
    forms.push({
      text,
      hit: { kind: name, label: `${label}, ${encoding}`, masked: MASK, secret: value },
    });
  };
  add(JSON.stringify(value).slice(1, -1), "JSON-escaped");
  add(encodeURIComponent(value), "URL-encoded");
  // A URL that holds the value URL-encoded, itself URL-encoded (a redirect target in a query).
  add(encodeURIComponent(encodeURIComponent(value)), "URL-encoded twice");
  const bytes = new TextEncoder().encode(value);
  for (let shift = 0; shift < 3; shift++) {
    const shifted = new Uint8Array(shift + bytes.length);
    shifted.set(bytes, shift);
    const padded = toBase64(shifted);
    // Characters that depend only on the value's bytes, whatever surrounds them.
    const core = padded.slice(
      Math.ceil((8 * shift) / 6),
      Math.floor((8 * (shift + bytes.length)) / 6),
    );
    if (shift === 0) {
      add(padded, "base64");
      add(padded.replace(/=+$/, ""), "base64");
      add(toUrlAlphabet(padded), "base64url");
      add(toUrlAlphabet(padded).replace(/=+$/, ""), "base64url");
    }
    add(core, "base64");
    add(toUrlAlphabet(core), "base64url");
  }
  return forms;
}

/**
 * `value` under every URL encoding and JSON escaping (each character as
 * itself, `%XX` in either case, `\uXXXX` or a JSON short escape such as
 * `\/`), beyond the exact texts of {@linkcode knownForms}.
 */
export function encodedForm(value: string, kind: string | undefined): EncodedForm {
  const pattern = patternFor(value, kind);
  const label = pattern?.label ?? (kind ? `Known secret (${kind})` : "Known secret");
  return {
    pattern: encodedFormPattern(value),
    hit: {
      kind: pattern?.kind ?? "known-secret",
      label: `${label}, URL-encoded or JSON-escaped`,
      masked: MASK,
      secret: value,
    },
  };
}

/** Standard base64, padded: `Uint8Array.prototype.toBase64` (the first `btoa` costs ~3 ms). */
function toBase64(bytes: Uint8Array): string {
  return bytes.toBase64();
}

function toUrlAlphabet(base64: string): string {
  return base64.replaceAll("+", "-").replaceAll("/", "_");
}
