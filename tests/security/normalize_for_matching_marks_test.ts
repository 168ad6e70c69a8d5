/**
 * Hostile review: characters the guard's normaliser does not know hide a
 * known (loaded) or pattern key from --on-secret block and from omn redact.
 */
import assert from "node:assert/strict";
import { anthropicKey, mistralKey, openaiProjectKey } from "../credentials/_canaries.ts";
import { startOpenAIChatFake } from "../fakes/openai_chat_fake.ts";
import { runInProcess } from "../e2e/_in_process.ts";
import { tempWorkspace } from "../e2e/_workspace.ts";
import { withInvisible } from "./_disguises.ts";
import {
  needsNormalizing,
  normalizeForMatching,
  originalSpan,
} from "../../src/security/normalize_for_matching.ts";
import { clearKnownSecrets, redact, registerSecret } from "../../src/security/redact.ts";

const providerKey = openaiProjectKey("REVW");
const loaded = mistralKey("REVW");
const patterned = anthropicKey("REVW");
const env = { OPENAI_API_KEY: providerKey, MISTRAL_API_KEY: loaded };

/** Hiders not in the normaliser's list: combining marks, and others that render as nothing. */
const HIDERS = [
  "\u0301", // combining acute accent
  "\u0335", // combining short stroke overlay
  "\u20D2", // combining long vertical line overlay
  "\uFE20", // combining ligature left half
  "\u180B", // Mongolian free variation selector one (a variation selector, Mn)
  "\u17B4", // Khmer vowel inherent aq (invisible, Mn)
  "\u{1D173}", // musical symbol begin beam (Cf): caught
  "\u202E", // right-to-left override (bidi): caught
  "\u2067", // right-to-left isolate (bidi): caught
  "\u{E0001}", // language tag: caught
  "\u{E007F}", // cancel tag: caught
  "\u034F", // combining grapheme joiner: caught
  "\u1AB0", // combining doubled circumflex accent (extended marks)
  "\u1DC0", // combining dotted grave accent (supplement)
  "\u0903", // Devanagari sign visarga (Mc, a spacing mark)
  "\u20DD", // combining enclosing circle (Me)
  "\u17B5", // Khmer vowel inherent aa (invisible)
  "\u180F", // Mongolian free variation selector four
  "\u{E0100}", // variation selector 17
  "\u3164", // Hangul filler
];

/** What the provider saw, with every mark and format character stripped. */
function stripped(text: string): string {
  return text.normalize("NFKD").replace(/[\p{M}\p{Cf}]/gu, "");
}

for (const hider of HIDERS) {
  const name = hider.codePointAt(0)!.toString(16);
  Deno.test(`review: U+${name} inside a key is blocked by --on-secret block`, async () => {
    await using workspace = await tempWorkspace();
    await using fake = await startOpenAIChatFake({ apiKey: providerKey, flavor: "openai" });
    for (const secret of [loaded, patterned]) {
      const hidden = withInvisible(secret, hider, [8, 16]);
      const result = await runInProcess([
        "ask",
        "--provider",
        "openai",
        "--base-url",
        fake.baseURL,
        "--on-secret",
        "block",
        `check ${hidden}`,
      ], { ...workspace, env });
      const seen = fake.requests.map((request) => stripped(request.bodyText)).join("\n");
      assert.ok(!seen.includes(secret), `U+${name} carried the key to the provider`);
      assert.equal(result.code, 3, result.stderr);
    }
  });
  Deno.test(`review: U+${name} inside a key is masked by omn redact`, async () => {
    await using workspace = await tempWorkspace();
    for (const secret of [loaded, patterned]) {
      const hidden = withInvisible(secret, hider, [8, 16]);
      const result = await runInProcess(["redact"], { ...workspace, env, stdin: `x ${hidden}\n` });
      assert.ok(!stripped(result.stdout).includes(secret), `redact let U+${name} through`);
    }
  });
}

/** Every mark and default-ignorable code point, by property: the whole class. */
function* hidingCodePoints(): Generator<string> {
  const hiding = /^[\p{M}\p{Default_Ignorable_Code_Point}]$/u;
  for (let code = 0x80; code <= 0xE0FFF; code++) {
    if (code >= 0xD800 && code <= 0xDFFF) continue;
    const character = String.fromCodePoint(code);
    if (hiding.test(character)) yield character;
  }
}

Deno.test("marks: every mark and default-ignorable code point is removed, spans kept", () => {
  let count = 0;
  for (const hider of hidingCodePoints()) {
    const name = `U+${hider.codePointAt(0)!.toString(16)}`;
    const text = `ab${hider}cd`;
    assert.ok(needsNormalizing(text), `${name} takes the fast path`);
    const normalized = normalizeForMatching(text);
    assert.equal(normalized.text, "abcd", name);
    assert.deepEqual(originalSpan(normalized, 1, 3), [1, 3 + hider.length], name);
    count++;
  }
  assert.ok(count > 2000, `only ${count} code points in the class`);
});

Deno.test("marks: a known key with any mark or invisible inside is masked by redact", () => {
  const secret = mistralKey("MARK");
  try {
    registerSecret(secret);
    for (const hider of hidingCodePoints()) {
      const hidden = withInvisible(secret, hider, [1, 16, secret.length - 1]);
      const output = redact(`[${hidden}]`);
      assert.ok(
        !stripped(output).includes(secret.slice(0, 8)),
        `U+${hider.codePointAt(0)!.toString(16)}`,
      );
      assert.ok(output.startsWith("[") && output.endsWith("]"), output);
    }
  } finally {
    clearKnownSecrets();
  }
});

Deno.test("marks: text without marks or invisibles keeps the fast path", () => {
  for (const text of ["plain ASCII sk-proj text", "naïve café résumé", "日本語のテキスト"]) {
    assert.equal(needsNormalizing(text), false, text);
  }
});
