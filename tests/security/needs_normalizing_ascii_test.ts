import assert from "node:assert/strict";
import { needsNormalizing } from "../../src/security/normalize_for_matching.ts";
import { fullwidth, INVISIBLES, lookAlike } from "./_disguises.ts";

// Short texts are tested for ASCII with a loop before the Unicode regex; long ones go to the regex.
const LONG = 5000;

Deno.test("no ASCII character needs normalizing, in short and long texts", () => {
  for (let code = 0; code <= 0x7f; code++) {
    const character = String.fromCharCode(code);
    assert.equal(needsNormalizing(character), false, `U+${code.toString(16)}`);
    assert.equal(needsNormalizing(character.repeat(LONG)), false, `U+${code.toString(16)} long`);
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
