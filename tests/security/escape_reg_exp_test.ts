import assert from "node:assert/strict";
import { escapeRegExp } from "../../src/security/patterns.ts";

Deno.test("escapeRegExp: every character, alone and in text, matches only itself", () => {
  const characters = [
    ...Array.from({ length: 0x80 }, (_, code) => String.fromCharCode(code)),
    "é",
    "😀",
    "\u2028",
  ];
  for (const character of characters) {
    const regex = new RegExp(`^${escapeRegExp(character)}$`);
    assert.ok(regex.test(character), JSON.stringify(character));
    assert.ok(!regex.test(`${character}x`), JSON.stringify(character));
  }
  const text = "a.b*c+d?e(f)g[h]i{j}k|l/m-n^o$p\\q";
  assert.ok(new RegExp(`^${escapeRegExp(text)}$`).test(text));
  assert.ok(!new RegExp(`^${escapeRegExp(text)}$`).test(text.replace(".", "X")));
});

Deno.test("escapeRegExp: the same escapes as a replace over the regex syntax characters", () => {
  const text = Array.from({ length: 0x80 }, (_, code) => String.fromCharCode(code)).join("") +
    "sk-proj-ÄÖ😀";
  assert.equal(escapeRegExp(text), text.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&"));
});
