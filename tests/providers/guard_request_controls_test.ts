/**
 * Review: a key cut by a control character — a C0 control other than a
 * tab or a line break (NUL, BEL, ESC, the information separators), DEL, a
 * C1 control, or a whole terminal colour sequence (`ESC [ 1 ; 31 m`), none
 * of which a terminal shows — is the key itself to whoever reads the
 * request: `block` refuses it, and `redact` sends no 12 characters of it.
 */
import assert from "node:assert/strict";
import { anthropicKey, geminiKey, openaiProjectKey, xaiKey } from "../credentials/_canaries.ts";
import { blockSampler, sent, sentRun } from "./_guard_checks.ts";

const KEYS = [
  anthropicKey("CONTROL"),
  openaiProjectKey("CONTROL"),
  geminiKey("CONTROL"),
  xaiKey("CONTROL"),
];

/** Every hidden control character, and colour sequences a terminal prints. */
const CONTROLS = [
  ...Array.from({ length: 0x20 }, (_, code) => code).filter((code) => code < 0x09 || code > 0x0d),
  0x7f,
  ...Array.from({ length: 0x20 }, (_, code) => 0x80 + code).filter((code) => code !== 0x85),
].map((code) => String.fromCharCode(code)).concat(["\x1b[0m", "\x1b[1;31m", "\x1b[38;5;245m"]);

Deno.test("review: a key cut by a hidden control character is refused by block and never sent by redact", () => {
  const failures: string[] = [];
  // Block at every fourth cut, redact at every cut (blockSampler).
  const askBlock = blockSampler();
  for (const key of KEYS) {
    for (const control of CONTROLS) {
      for (let at = 4; at < key.length - 1; at += 7) {
        const content = `see ${key.slice(0, at)}${control}${key.slice(at)} thanks`;
        const where = `${key.slice(0, 8)} cut at ${at} by ${JSON.stringify(control)}`;
        if (askBlock([key.slice(0, at), key.slice(at)]) && sent(content, "block") !== undefined) {
          failures.push(`block sent ${where}`);
        }
        const text = sent(content, "redact");
        if (text === undefined) continue;
        const run = sentRun(key, text);
        if (run !== undefined) failures.push(`redact sent ${JSON.stringify(run)} of ${where}`);
      }
    }
  }
  assert.deepEqual(failures.slice(0, 10), []);
});

Deno.test("review: text with colour sequences and control characters but no key is sent as it is", () => {
  const texts = [
    "\x1b[1;32mok\x1b[0m 12 tests passed in 3f2a9c1d4e5b6a7f8091a2b3c4d5e6f7a8b9c0d1",
    "a\x00b\x07c\x1fd\x7fe\u0090f, version 2.0.1, id 550e8400-e29b-41d4-a716-446655440000",
    "\x1b[38;5;245mat main.ts:12:5\x1b[0m\n\x1b[31merror\x1b[0m: cannot read sk-learn docs",
  ];
  for (const text of texts) {
    for (const policy of ["block", "redact"] as const) {
      assert.equal(sent(text, policy), text, `${policy} ${JSON.stringify(text)}`);
    }
  }
});
