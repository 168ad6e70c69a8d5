/**
 * Review: a key cut twice, once by a line break (plain, CRLF, quoted,
 * escaped, continued) and once by blanks (a space, a tab, a non-breaking
 * space, U+2800), in either order, is a split key: `block` refuses it, and
 * `redact` sends no 12 characters of it. Neither the line joiner (whose
 * pieces end at a blank) nor the blank joiner read such a key before.
 */
import assert from "node:assert/strict";
import {
  anthropicKey,
  geminiKey,
  openaiProjectKey,
  perplexityKey,
  xaiKey,
} from "../credentials/_canaries.ts";
import { blockSampler, sent, sentRun } from "./_guard_checks.ts";

const KEYS = [
  anthropicKey("MIXED"),
  openaiProjectKey("MIXED"),
  geminiKey("MIXED"),
  xaiKey("MIXED"),
  perplexityKey("MIXED"),
];
const LINE_BREAKS = ["\n", "\r\n", "\n> ", "\\n", "\\\n", "\n\n"];
const BLANKS = [" ", "\t", "\u00A0", "\u2800"];
/** Prefix lengths: the blank joiner starts at a key's prefix. */
const PREFIX = /^(?:sk-ant-api03-|sk-proj-|AIza|xai-|pplx-)/;

Deno.test("review: a key cut by a line break and by blanks, in either order, is refused by block and never sent by redact", () => {
  const failures: string[] = [];
  // Block at every fourth cut, redact at every cut (blockSampler).
  const askBlock = blockSampler();
  for (const key of KEYS) {
    const start = PREFIX.exec(key)![0].length;
    for (const lineBreak of LINE_BREAKS) {
      for (const blank of BLANKS) {
        for (let first = start; first < key.length - 2; first += 9) {
          for (let second = first + 1; second < key.length - 1; second += 13) {
            for (const [one, two] of [[lineBreak, blank], [blank, lineBreak]]) {
              // A piece after blanks or a blank line must look like a key's rest (a documented
              // limit otherwise).
              const keyLike = (piece: string) => piece.length >= 12 || /\d/.test(piece);
              const middle = key.slice(first, second);
              const last = key.slice(second);
              if (!keyLike(one === blank ? middle : last)) continue;
              if (one === "\n\n" && !keyLike(middle)) continue;
              if (two === "\n\n" && !keyLike(last)) continue;
              const content = `${one === "\n> " || two === "\n> " ? "> " : ""}my config: ${
                key.slice(0, first)
              }${one}${key.slice(first, second)}${two}${key.slice(second)} end`;
              const where = `${key.slice(0, 8)} cut at ${first} by ${
                JSON.stringify(one)
              }, at ${second} by ${JSON.stringify(two)}`;
              const pieces = [key.slice(start, first), middle, last];
              if (askBlock(pieces) && sent(content, "block") !== undefined) {
                failures.push(`block sent ${where}`);
              }
              const text = sent(content, "redact");
              if (text === undefined) continue;
              const run = sentRun(key.slice(start), text);
              if (run !== undefined) {
                failures.push(`redact sent ${JSON.stringify(run)} of ${where}`);
              }
            }
          }
        }
      }
    }
  }
  assert.deepEqual(failures.slice(0, 10), []);
});

Deno.test("review: prose, code and lists with prefixes near line breaks and spaces are sent as they are", () => {
  const texts = [
    "We use sk-learn\nfor the baseline and xai-grok 2 for the rest.\nThanks",
    "> Use sk-\n> 0123456789 as an example\n> of a prefix",
    "pip install hf_transfer\nhuggingface_hub 0.24.1\nimport numpy as np",
    "commit 3f2a9c1d4e5b6a7f8091a2b3c4d5e6f7a8b9c0d1\nAuthor: sk-dev team <dev@example.com>\n  fix 2",
    "const key = ghp_\n  + process.env.SUFFIX_2024; // ghp_ prefix\n",
    "AKIA is the prefix\nof AWS access key ids 2 and ASIA\nof temporary ones",
  ];
  for (const text of texts) {
    assert.equal(sent(text, "block"), text, JSON.stringify(text));
  }
});
