import assert from "node:assert/strict";
import { IncrementalRedactor } from "../../src/security/incremental_redactor.ts";
import { normalizeForMatching } from "../../src/security/normalize_for_matching.ts";
import { clearKnownSecrets, redact, registerSecret } from "../../src/security/redact.ts";
import { mistralKey, openaiProjectKey } from "../credentials/_canaries.ts";
import { streamed } from "./_streamed.ts";

/** A letter or digit in mathematical bold (U+1D400…, U+1D7CE…: a surrogate pair). */
function bold(character: string): string {
  const code = character.charCodeAt(0);
  if (code >= 97 && code <= 122) return String.fromCodePoint(0x1d41a + code - 97);
  if (code >= 65 && code <= 90) return String.fromCodePoint(0x1d400 + code - 65);
  if (code >= 48 && code <= 57) return String.fromCodePoint(0x1d7ce + code - 48);
  return character;
}

/** `value` with its first `count` characters in mathematical bold. */
function boldStart(value: string, count: number): string {
  return [...value.slice(0, count)].map(bold).join("") + value.slice(count);
}

Deno.test("a key whose first characters are surrogate pairs is masked however a stream cuts them", () => {
  clearKnownSecrets();
  const known = mistralKey("U");
  registerSecret(known, "TEST_KEY");
  try {
    for (const key of [openaiProjectKey("U"), known]) {
      const disguised = boldStart(key, 2);
      assert.ok(disguised.length > key.length, "the first letters are surrogate pairs");
      const text = `key ${disguised} end`;
      const whole = redact(text);
      assert.ok(!normalizeForMatching(whole).text.includes("CANARY"), whole);
      // Every single cut, and cuts at every code unit of the first ten after "key ".
      for (let cut = 1; cut < text.length; cut++) {
        assert.equal(streamed(text, [cut]), whole, `cut at ${cut}`);
      }
      const units = Array.from({ length: 10 }, (_, index) => 4 + index + 1);
      assert.equal(streamed(text, units), whole, "a piece per code unit");
    }
  } finally {
    clearKnownSecrets();
  }
});

Deno.test("a lone first half of a pair is released when the stream ends, and never duplicated", () => {
  const redactor = new IncrementalRedactor();
  const first = redactor.push("text \uD835");
  assert.equal(first, "text ");
  assert.equal(redactor.pendingLength, 1);
  assert.equal(redactor.finish(), "\uD835");
  // Followed by something other than its second half, it goes out with what follows.
  const again = new IncrementalRedactor();
  assert.equal(again.push("a \uD835") + again.push("b c") + again.finish(), "a \uD835b c");
});
