import assert from "node:assert/strict";
import { isAsciiBytes } from "../../src/security/is_ascii_bytes.ts";

Deno.test("a byte of 0x80 or more is seen at every position and every alignment", () => {
  const buffer = new Uint8Array(160).fill(0x41);
  for (let offset = 0; offset < 8; offset++) {
    for (let length = 0; offset + length <= 140; length++) {
      const view = buffer.subarray(offset, offset + length);
      assert.equal(isAsciiBytes(view), true, `ASCII at ${offset}+${length}`);
      for (let position = 0; position < length; position++) {
        for (const high of [0x80, 0xc3, 0xe2, 0xff]) {
          view[position] = high;
          assert.equal(isAsciiBytes(view), false, `${high} at ${position} of ${offset}+${length}`);
          view[position] = 0x41;
        }
      }
    }
  }
});

Deno.test("only the viewed bytes count, not the rest of the buffer", () => {
  const buffer = new Uint8Array([0xff, 0x61, 0x62, 0x63, 0x64, 0x65, 0xff]);
  assert.equal(isAsciiBytes(buffer.subarray(1, 6)), true);
  assert.equal(isAsciiBytes(buffer.subarray(0, 6)), false);
  assert.equal(isAsciiBytes(buffer.subarray(1, 7)), false);
});

Deno.test("UTF-8 of invisible, fullwidth and look-alike characters is not ASCII", () => {
  for (const text of ["\u200B", "\u00AD", "\uFEFF", "\uFF53", "\u0430", "\u{E0041}", "é"]) {
    assert.equal(isAsciiBytes(new TextEncoder().encode(`key=abc${text}def`)), false, text);
  }
  assert.equal(isAsciiBytes(new TextEncoder().encode("key=abc\x7f\x00\n")), true);
});
