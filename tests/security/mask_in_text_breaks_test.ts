/**
 * Review: a PEM block written with old-Mac line breaks (CR alone) or
 * Unicode line separators keeps its line count when masked, as one with LF
 * or CRLF does: before, its breaks were dropped with the body, so the lines
 * after it moved up.
 */
import assert from "node:assert/strict";
import { maskInText } from "../../src/security/mask_in_text.ts";
import { redact } from "../../src/security/redact.ts";
import { pemPrivateKey } from "../credentials/_canaries.ts";

const BREAKS = ["\n", "\r\n", "\r", "\u2028", "\u2029"];

Deno.test("a multi-line secret keeps each of its line breaks, of any kind", () => {
  for (const lineBreak of BREAKS) {
    assert.equal(
      maskInText("***", `AAAA${lineBreak}BBBB${lineBreak}CCCC`),
      `***${lineBreak}${lineBreak}`,
    );
  }
  assert.equal(maskInText("***", "AAAA\r\nBBBB\rCCCC\nDDDD"), "***\r\n\r\n");
});

Deno.test("a PEM block masked keeps the text's line count with every kind of break", () => {
  const key = pemPrivateKey("BREAKS");
  for (const lineBreak of BREAKS) {
    const text = `before${lineBreak}${key.replaceAll("\n", lineBreak)}after${lineBreak}`;
    const masked = redact(text);
    assert.ok(!masked.includes(key.split("\n")[2]), JSON.stringify(lineBreak));
    assert.equal(
      masked.split(lineBreak).length,
      text.split(lineBreak).length,
      JSON.stringify(lineBreak),
    );
  }
});
