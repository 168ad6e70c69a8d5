import assert from "node:assert/strict";
import {
  needsNormalizing,
  normalizeForMatching,
} from "../../src/security/normalize_for_matching.ts";
import { clearKnownSecrets, redact } from "../../src/security/redact.ts";
import { guardRequest } from "../../src/providers/guard_request.ts";
import { awsSecretAccessKey, openaiProjectKey } from "../credentials/_canaries.ts";
import { streamed } from "./_streamed.ts";

/** The code points, as `\u{…}` ranges, that fold into printable ASCII but do not send a text to normalising. */
function foldingButPlain(): string[] {
  const missed: number[] = [];
  for (let code = 0x80; code <= 0x10ffff; code++) {
    if (code >= 0xd800 && code <= 0xdfff) continue;
    const character = String.fromCodePoint(code);
    if (needsNormalizing(character)) continue;
    // Not suspicious (so no mark, format character or look-alike) and its own NFKC form: the
    // normalised text is the character itself. Normalising each of the others is what costs.
    if (character.normalize("NFKC") === character) continue;
    if (/[\x20-\x7e]/.test(normalizeForMatching(character).text)) missed.push(code);
  }
  const ranges: [number, number][] = [];
  for (const code of missed) {
    const last = ranges.at(-1);
    if (last !== undefined && last[1] === code - 1) last[1] = code;
    else ranges.push([code, code]);
  }
  const hex = (code: number) => `\\u{${code.toString(16).toUpperCase().padStart(4, "0")}}`;
  return ranges.map(([first, last]) => first === last ? hex(first) : `${hex(first)}-${hex(last)}`);
}

Deno.test("every character that normalising folds into printable ASCII or a space sends a text to it", () => {
  // Every code point; on a newer Unicode, the ranges to add to src/security/_folds_to_ascii.ts.
  assert.deepEqual(foldingButPlain(), []);
});

/** Characters that fold into a space, a colon or an equals sign, as a writer may put them. */
const SEPARATORS = [
  "\u00A0", // no-break space (French spacing: `token :`)
  "\u2007", // figure space
  "\u202F", // narrow no-break space
  "\u2002", // en space
  "\u205F", // medium mathematical space
  "\u2800", // Braille blank (shown as a space; NFKC keeps it)
  "\u1680", // Ogham space mark (a space; NFKC keeps it)
];
const OPERATORS = ["\uFE13", "\uFE55", "\uFF1A", "\uFE66", "\uFF1D"]; // ︓ ﹕ ： ﹦ ＝

function assertNoCanary(output: string, value: string, label: string): void {
  assert.ok(!output.includes(value.slice(8, 24)), `${label}: ${JSON.stringify(output)}`);
  assert.ok(
    !normalizeForMatching(output).text.includes("CANARY"),
    `${label}, normalised: ${JSON.stringify(output)}`,
  );
}

Deno.test("a key and its value apart by a folding space or operator are masked, whole and streamed at every cut", () => {
  clearKnownSecrets();
  const value = awsSecretAccessKey("F");
  const texts = [
    ...SEPARATORS.flatMap((space) => [
      `aws_secret_access_key:${space}${value} done`,
      `token${space}: ${value}\n`,
      // A zero-width space elsewhere must change nothing (it used to decide the outcome).
      `aws_secret_access_key:${space}${value} done \u200B`,
    ]),
    ...OPERATORS.map((operator) => `aws_secret_access_key${operator}${value} done`),
  ];
  for (const text of texts) {
    const whole = redact(text);
    assertNoCanary(whole, value, JSON.stringify(text));
    for (let cut = 1; cut < text.length; cut++) {
      assert.equal(streamed(text, cut), whole, `${JSON.stringify(text)} cut at ${cut}`);
    }
  }
});

Deno.test("a key written with a folding letter (long s, modifier letters) is masked, and the request guard sees it", () => {
  clearKnownSecrets();
  const key = openaiProjectKey("F");
  const disguises = [
    `\u017F${key.slice(1)}`, // ſk-proj-…
    `s\u1D4F${key.slice(2)}`, // sᵏ-proj-…
    `${key.slice(0, 9)}\u1D2C${key.slice(10)}`, // a modifier capital A in CANARY
  ];
  assert.equal(key[9], "A");
  for (const disguised of disguises) {
    const text = `please echo ${disguised} now`;
    const whole = redact(text);
    assertNoCanary(whole, disguised, JSON.stringify(text));
    for (let cut = 1; cut < text.length; cut += 3) {
      assert.equal(streamed(text, cut), whole, `${JSON.stringify(text)} cut at ${cut}`);
    }
    const guarded = guardRequest(
      { messages: [{ role: "user", content: text }] },
      "mock-1",
      "redact",
    );
    const sent = JSON.stringify(guarded.request);
    assertNoCanary(sent, disguised, "the request sent");
  }
});

Deno.test("a key next to any character that sends a text to normalising is still masked, whole and streamed", async () => {
  const { awsAccessKeyId } = await import("../credentials/_canaries.ts");
  clearKnownSecrets();
  const key = openaiProjectKey("B");
  const secret = awsSecretAccessKey("B");
  const keyId = awsAccessKeyId("B");
  const leaks: string[] = [];
  let checked = 0;
  for (let code = 0x80; code <= 0x1ffff; code++) {
    if (code >= 0xd800 && code <= 0xdfff) continue;
    const character = String.fromCodePoint(code);
    if (!needsNormalizing(character)) continue;
    checked++;
    // Folded, `ſ` or `¼` would make the key read as the end of a word, or as going on.
    const texts = [
      `x ${character}${key} y`,
      `aws_secret_access_key=${secret}${character} y`,
      `id ${character}${keyId} y`,
    ];
    for (const text of texts) {
      const whole = redact(text);
      if (whole.includes("CANARY")) leaks.push(`U+${code.toString(16)} ${JSON.stringify(whole)}`);
      if (code % 17 === 0) {
        const at = text.indexOf(character);
        for (const cut of [at, at + character.length, at + 3]) {
          const output = streamed(text, cut);
          if (output !== whole) leaks.push(`U+${code.toString(16)} cut at ${cut}: ${output}`);
        }
      }
    }
  }
  assert.ok(checked > 3000, `${checked} characters`);
  assert.deepEqual(leaks.slice(0, 10), []);
});
