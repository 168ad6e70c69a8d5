import assert from "node:assert/strict";
import { needsNormalizing } from "../../src/security/normalize_for_matching.ts";
import { fullwidth, INVISIBLES, lookAlike } from "./_disguises.ts";

// Short texts are tested for ASCII with a loop before the Unicode regex; long ones go to the regex.
const LONG = 5000;

Deno.test("no printable ASCII character, tab or line break needs normalizing, in short and long texts; a hidden control does", () => {
  for (let code = 0; code <= 0x7f; code++) {
    const character = String.fromCharCode(code);
    // C0 controls but the tab and line breaks, and DEL: hidden in a key (normalize_for_matching_controls_test.ts).
    const hidden = (code < 0x09 || (code > 0x0d && code < 0x20)) || code === 0x7f;
    assert.equal(needsNormalizing(character), hidden, `U+${code.toString(16)}`);
    assert.equal(needsNormalizing(character.repeat(LONG)), hidden, `U+${code.toString(16)} long`);
  }
});

Deno.test("an invisible or look-alike character needs normalizing, in short and long texts", () => {
  const disguised = [
    ...INVISIBLES.map((invisible) => `sk-ant-${invisible}api03`),
    fullwidth("sk-ant-api03"),
    lookAlike("sk-ant-api03"),
  ];
  for (const text of disguised) {
    assert.equal(needsNormalizing(text), true, JSON.stringify(text));
    assert.equal(needsNormalizing("a".repeat(LONG) + text), true, `${JSON.stringify(text)} long`);
    assert.equal(needsNormalizing(text + "a".repeat(LONG)), true, `${JSON.stringify(text)} long`);
  }
});
