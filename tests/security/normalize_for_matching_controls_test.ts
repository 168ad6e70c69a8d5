/**
 * Hidden control characters (C0 but the tab and the line breaks, DEL, C1
 * but NEL) and terminal colour sequences are read through as invisible
 * characters are: a key holding one is masked whole by `redact`, and the
 * cheap test sends such a text, short or long, to the normalising path.
 * The controls data uses as separators (NUL, SOH, STX, ETX, FS to US) are
 * read as a space instead, so a key after one is still a key.
 */
import assert from "node:assert/strict";
import { anthropicKey, openaiProjectKey } from "../credentials/_canaries.ts";
import { redact } from "../../src/security/redact.ts";
import {
  needsNormalizing,
  normalizeForMatching,
} from "../../src/security/normalize_for_matching.ts";

const LONG = 5000;
const HIDDEN = ["\x04", "\x07", "\x08", "\x0e", "\x1b", "\x1a", "\x7f", "\x80", "\x9b", "\x9f"];
/** Controls data uses as separators: read as a blank. */
const SEPARATORS = ["\x00", "\x01", "\x02", "\x03", "\x1c", "\x1d", "\x1e", "\x1f"];
const SEQUENCES = ["\x1b[0m", "\x1b[1;31m", "\x1b[38;5;245m"];

Deno.test("a hidden control character or a colour sequence inside a key is masked with the key", () => {
  for (const key of [anthropicKey("CTRL"), openaiProjectKey("CTRL")]) {
    for (const control of [...HIDDEN, ...SEQUENCES]) {
      const text = `key ${key.slice(0, 30)}${control}${key.slice(30)} end`;
      const masked = redact(text);
      assert.ok(!masked.includes(key.slice(30, 42)), JSON.stringify(masked));
      assert.ok(!masked.includes(key.slice(14, 26)), JSON.stringify(masked));
      assert.ok(masked.endsWith(" end") && masked.startsWith("key "), JSON.stringify(masked));
    }
  }
});

Deno.test("a key after a colour sequence or a separator control is masked (review: a key printed in colour was not)", () => {
  const key = anthropicKey("AFTER");
  for (
    const text of [
      `\x1b[32m${key}\x1b[0m`,
      `key: \x1b[1;33m${key}\x1b[0m\n`,
      ...SEPARATORS.map((separator) => `tEXtComment${separator}${key}${separator}next`),
    ]
  ) {
    const masked = redact(text);
    assert.ok(
      !masked.includes(key.slice(14, 26)) && !masked.includes(key.slice(-14)),
      JSON.stringify(masked),
    );
  }
});

Deno.test("a separator control is read as a space: the words on either side stay apart", () => {
  for (const separator of SEPARATORS) {
    assert.equal(normalizeForMatching(`ab${separator}cd`).text, "ab cd");
  }
});

Deno.test("hidden controls need normalizing in short and long texts; tab and line breaks do not", () => {
  for (const control of [...HIDDEN, ...SEPARATORS, ...SEQUENCES]) {
    assert.equal(needsNormalizing(`a${control}b`), true, JSON.stringify(control));
    assert.equal(
      needsNormalizing("a".repeat(LONG) + control),
      true,
      `${JSON.stringify(control)} long`,
    );
  }
  for (const kept of ["\t", "\n", "\v", "\f", "\r", "\u0085"]) {
    assert.equal(needsNormalizing(`a${kept}b`), false, JSON.stringify(kept));
    assert.equal(needsNormalizing("a".repeat(LONG) + kept), false, `${JSON.stringify(kept)} long`);
  }
});

Deno.test("a colour sequence is removed whole for matching, its span kept", () => {
  const normalized = normalizeForMatching("ab\x1b[1;31mcd\x04e");
  assert.equal(normalized.text, "abcde");
  assert.equal(normalized.starts[2], 9);
  assert.equal(normalized.starts[4], 12);
});
