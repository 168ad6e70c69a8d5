/**
 * Adversarial review: the promise "every secret value the process has loaded
 * … including their base64, URL-encoded and JSON-escaped forms" covers every
 * valid URL encoding and JSON escaping of the value, not only the one that
 * `encodeURIComponent` / `JSON.stringify` happen to produce. Each case is a
 * standard-conforming encoding a server or a model commonly emits.
 *
 * @module
 */
import assert from "node:assert/strict";
import { clearKnownSecrets, redact, registerSecret } from "../../src/security/redact.ts";
import { IncrementalRedactor } from "../../src/security/redact_stream.ts";
import { encodedFormPattern } from "../../src/security/encoded_form_pattern.ts";
import { awsSecretAccessKey } from "../credentials/_canaries.ts";
import { mistralCanary } from "./_leak_checks.ts";

const AWS = awsSecretAccessKey("R1ENC"); // contains "/" and "+"
const MISTRAL = mistralCanary("R1ENC").value; // letters and digits only

function hex(char: string): string {
  return char.charCodeAt(0).toString(16).padStart(2, "0");
}

const FORMS: Record<string, string> = {
  // RFC 3986 §2.1: percent-encodings are case-insensitive; many encoders emit lowercase.
  "URL-encoded, lowercase hex": encodeURIComponent(AWS).replace(
    /%[0-9A-F]{2}/g,
    (m) => m.toLowerCase(),
  ),
  // Every character percent-encoded (a valid, if wasteful, URL encoding).
  "URL-encoded, every character": [...MISTRAL].map((char) => "%" + hex(char).toUpperCase()).join(
    "",
  ),
  // A URL holding the URL-encoded value, URL-encoded again (a redirect target in a query).
  "URL-encoded twice": encodeURIComponent(encodeURIComponent(AWS)),
  // The same with lowercase hex (.NET's HttpUtility.UrlEncode emits it): review, it was printed.
  "URL-encoded twice, lowercase hex": encodeURIComponent(encodeURIComponent(AWS)).replace(
    /%25[0-9A-F]{2}/g,
    (m) => m.toLowerCase(),
  ),
  // JSON allows "\/" for "/" (PHP's json_encode emits it by default).
  "JSON-escaped, solidus as \\/": AWS.replaceAll("/", "\\/"),
  // JSON allows any character as \uXXXX.
  "JSON-escaped, \\u escapes": [...MISTRAL].map((char) => "\\u" + hex(char).padStart(4, "0")).join(
    "",
  ),
};

function leaked(text: string): boolean {
  return [AWS, MISTRAL].some((secret) => {
    for (let start = 0; start + 8 <= secret.length; start++) {
      if (text.includes(secret.slice(start, start + 8))) return true;
    }
    return false;
  }) || Object.values(FORMS).some((form) => text.includes(form.slice(4, 28)));
}

Deno.test("redact masks every valid URL encoding and JSON escaping of a known secret", () => {
  clearKnownSecrets();
  registerSecret(AWS);
  registerSecret(MISTRAL);
  try {
    const failures: string[] = [];
    for (const [name, form] of Object.entries(FORMS)) {
      const text = `the value was ${form} here`;
      const whole = redact(text);
      if (leaked(whole)) failures.push(`${name}: ${whole}`);
      const redactor = new IncrementalRedactor();
      const middle = text.indexOf(form) + 7;
      const streamed = redactor.push(text.slice(0, middle)) + redactor.push(text.slice(middle)) +
        redactor.finish();
      if (leaked(streamed)) failures.push(`${name} (split in two): ${streamed}`);
    }
    assert.deepEqual(failures, []);
  } finally {
    clearKnownSecrets();
  }
});

/** A secret with characters every encoder escapes: "/", "+", "=", a quote, a backslash, non-ASCII. */
const AWKWARD = 'CANARY-r1/enc+key="q\\uoté€😀-end';

function percentAll(text: string, upper: boolean): string {
  let out = "";
  for (const byte of new TextEncoder().encode(text)) {
    const hexPair = byte.toString(16).padStart(2, "0");
    out += "%" + (upper ? hexPair.toUpperCase() : hexPair);
  }
  return out;
}

function unicodeAll(text: string, upper: boolean): string {
  return text.split("").map((unit) => {
    const code = unit.charCodeAt(0).toString(16).padStart(4, "0");
    return "\\u" + (upper ? code.toUpperCase() : code);
  }).join("");
}

/** Each character in turn as itself, %XX, \uXXXX: a mixed form. */
function mixed(text: string): string {
  return [...text].map((character, index) =>
    index % 3 === 0
      ? character.replace(/["\\]/, "\\$&")
      : index % 3 === 1
      ? percentAll(character, index % 2 === 0)
      : unicodeAll(character, index % 2 === 1)
  ).join("");
}

const CLASS_FORMS: [string, string][] = [];
for (const secret of [AWS, MISTRAL, AWKWARD]) {
  CLASS_FORMS.push(
    ["encodeURIComponent", encodeURIComponent(secret)],
    [
      "encodeURIComponent, lowercase",
      encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    ],
    ["every byte %XX", percentAll(secret, true)],
    ["every byte %xx", percentAll(secret, false)],
    ["JSON.stringify", JSON.stringify(secret).slice(1, -1)],
    ["JSON with \\/", JSON.stringify(secret).slice(1, -1).replaceAll("/", "\\/")],
    ["every unit \\uxxxx", unicodeAll(secret, false)],
    ["every unit \\uXXXX", unicodeAll(secret, true)],
    ["mixed", mixed(secret)],
  );
}

Deno.test("every URL encoding and JSON escaping of a known secret is masked, whole and split at every offset", () => {
  clearKnownSecrets();
  for (const secret of [AWS, MISTRAL, AWKWARD]) registerSecret(secret);
  try {
    for (const [name, form] of CLASS_FORMS) {
      const text = `{"v":"${form}"} and after`;
      const whole = redact(text);
      assert.equal(whole, `{"v":"***"} and after`, name);
      for (let offset = 0; offset <= text.length; offset++) {
        const redactor = new IncrementalRedactor();
        const streamed = redactor.push(text.slice(0, offset)) + redactor.push(text.slice(offset)) +
          redactor.finish();
        if (streamed !== whole) assert.equal(streamed, whole, `${name} split at ${offset}`);
      }
    }
  } finally {
    clearKnownSecrets();
  }
});

Deno.test("text that only resembles a known secret's encoding is left alone", () => {
  clearKnownSecrets();
  registerSecret(MISTRAL);
  try {
    const near = percentAll(MISTRAL.slice(0, -1), false) + "%zz";
    assert.equal(redact(`a ${near} b`), `a ${near} b`);
    const ordinary = "100% of %20 spaces and \\u0041 escapes stay as they are";
    assert.equal(redact(ordinary), ordinary);
  } finally {
    clearKnownSecrets();
  }
});

Deno.test("reach is the length of the longest form, which the regex matches", () => {
  for (
    const value of [
      "sk-proj-ABCdef123",
      "pässwörd-ü-42",
      "emoji😀key-1234",
      "a\ud800b-lone-surrogate",
    ]
  ) {
    const pattern = encodedFormPattern(value);
    const longest = [...value].map((character) => {
      const percent = [...new TextEncoder().encode(character)]
        .map((byte) => `%25${byte.toString(16).padStart(2, "0")}`).join("");
      const unicode = character.split("")
        .map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
      return percent.length > unicode.length ? percent : unicode;
    }).join("");
    assert.equal(pattern.reach, longest.length, value);
    assert.ok(new RegExp(`^(?:${pattern.source})$`).test(longest), value);
  }
});
