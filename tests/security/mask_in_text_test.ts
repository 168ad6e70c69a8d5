import assert from "node:assert/strict";
import { maskInText } from "../../src/security/mask_in_text.ts";

Deno.test("a one-line secret becomes its mask", () => {
  assert.equal(maskInText("***", "sk-CANARY0123456789"), "***");
});

Deno.test("a multi-line secret becomes its mask and its line breaks, LF or CRLF", () => {
  assert.equal(maskInText("***", "AAAA\nBBBB\nCCCC"), "***\n\n");
  assert.equal(maskInText("***", "AAAA\r\nBBBB\r\nCCCC"), "***\r\n\r\n");
});
