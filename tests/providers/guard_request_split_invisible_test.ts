/**
 * Review: a key cut by a line break with whitespace or invisible characters
 * around the break — a non-breaking space or an ideographic space before it,
 * a blank line holding one, a zero-width, joining or soft-hyphen character
 * at the start of the next line, a backslash-continued blank line — is a
 * split key like any other: `block` refuses it, and `redact` sends no piece
 * of it (12 characters), whether the first piece matches alone or not.
 */
import assert from "node:assert/strict";
import { anthropicKey, geminiKey, openaiProjectKey, xaiKey } from "../credentials/_canaries.ts";
import { blockSampler, sent, sentRun } from "./_guard_checks.ts";

const KEYS = [
  anthropicKey("INVISIBLE"),
  openaiProjectKey("INVISIBLE"),
  geminiKey("INVISIBLE"),
  xaiKey("INVISIBLE"),
];

/** What stands between the two pieces of the key. */
const BREAKS = [
  "\u00A0\n",
  "\u3000\n",
  "\u00A0\r\n",
  "\u2007\n",
  "\n\u00A0\n",
  "\n\u3000\n",
  "\n\u200B\n",
  "\n\uFEFF\n",
  "\n\u200B",
  "\n\u2060",
  "\n\u00AD",
  "\n\u200D",
  "\n\u034F",
  "\n \\\n",
  "\u00A0\\\n",
];

Deno.test("review: a key cut by a break with whitespace or invisible characters around it is refused by block and never sent by redact", () => {
  const failures: string[] = [];
  // Block at every fourth cut, redact at every cut (blockSampler).
  const askBlock = blockSampler();
  for (const key of KEYS) {
    for (const breakText of BREAKS) {
      for (let at = 6; at < key.length - 2; at += 3) {
        const content = `see ${key.slice(0, at)}${breakText}${key.slice(at)}\nthanks`;
        const where = `${key.slice(0, 8)} cut at ${at} by ${JSON.stringify(breakText)}`;
        if (askBlock([key.slice(0, at), key.slice(at)]) && sent(content, "block") !== undefined) {
          failures.push(`block sent ${where}`);
        }
        const text = sent(content, "redact");
        if (text === undefined) continue;
        if (sentRun(key, text) !== undefined) failures.push(`redact sent a piece of ${where}`);
      }
    }
  }
  assert.deepEqual(failures.slice(0, 20), [], `${failures.length} failures`);
});

Deno.test("review: ordinary text with such characters around its breaks is sent as it is", () => {
  for (const breakText of BREAKS) {
    const content = `The build of release-2026${breakText}notes.txt is ready\nthanks`;
    assert.equal(sent(content, "block"), content, JSON.stringify(breakText));
  }
});
