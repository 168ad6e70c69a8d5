/**
 * Review: a PEM block's body holds no other BEGIN marker, so that a match
 * attempt at a BEGIN line reads at most to the next one. A text of BEGIN
 * lines without an END made every attempt read 16 KiB (3 s per megabyte
 * for `omn redact`, 20 s for the guard); each is now read once. Whole
 * blocks are masked as before, one after another or after a cut-off block.
 */
import assert from "node:assert/strict";
import { pemPrivateKey } from "../credentials/_canaries.ts";
import { findSecrets, redact } from "../../src/security/redact.ts";
import { guardRequest } from "../../src/providers/guard_request.ts";

const BEGIN = "-----BEGIN " + "PRIVATE KEY-----";

Deno.test("a PEM body ends before another BEGIN marker: the block found is the whole one after it", () => {
  const key = pemPrivateKey("BODY");
  const cutOff = key.split("\n").slice(0, 4).join("\n");
  const text = `first try:\n${cutOff}\nsecond:\n${key}done\n`;
  const findings = findSecrets(text).filter((finding) => finding.kind === "private-key");
  assert.equal(findings.length, 1);
  // The block found starts after the cut-off one (at its body, which is what is masked).
  assert.ok(findings[0].index > text.lastIndexOf(BEGIN), String(findings[0].index));
  const masked = redact(text);
  const body = key.split("\n")[3];
  assert.equal(masked.split(body).length, 2, "only the cut-off copy of the line stays");
  assert.equal(masked.split("\n").length, text.split("\n").length);
});

Deno.test("two PEM blocks one after the other are both masked, their lines kept", () => {
  const [one, two] = [pemPrivateKey("ONE"), pemPrivateKey("TWO")];
  const text = one + two;
  const masked = redact(text);
  for (const key of [one, two]) {
    for (const line of key.split("\n").slice(1, -2)) assert.ok(!masked.includes(line), line);
  }
  assert.equal(masked.split("\n").length, text.split("\n").length);
});

Deno.test("a megabyte of BEGIN lines without an END holds no key, for redact and the guard", () => {
  const text = `${BEGIN}\n`.repeat(Math.ceil(1_048_576 / (BEGIN.length + 1)));
  assert.equal(redact(text), text);
  const guarded = guardRequest({ messages: [{ role: "user", content: text }] }, "model", "block");
  assert.deepEqual(guarded.kinds, []);
});
