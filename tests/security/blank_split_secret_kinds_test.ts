/**
 * The split detector's joins across blanks within a line and across quoted
 * lines read no secret into ordinary text: the benign corpus, as it is,
 * with its words cut or joined by tabs, and quoted line by line.
 */
import assert from "node:assert/strict";
import { blankSplitKindsIn } from "../../src/security/blank_split_secret_kinds.ts";
import { splitSecretKindsIn } from "../../src/security/split_secret_kinds.ts";
import { benign } from "./_corpus.ts";
import { anthropicKey } from "../credentials/_canaries.ts";

Deno.test("benign texts, tabbed or quoted line by line, hold no key split by blanks or quote marks", () => {
  for (const { name, text } of benign) {
    assert.deepEqual(blankSplitKindsIn(text), [], name);
    assert.deepEqual(blankSplitKindsIn(text.replaceAll(" ", "\t")), [], `${name}, tabbed`);
    for (const quote of ["> ", "# ", "// "]) {
      const quoted = text.split("\n").map((line) => quote + line).join("\n");
      assert.deepEqual(splitSecretKindsIn(quoted), [], `${name}, quoted with ${quote}`);
      const wrapped = text.replace(/(.{40})/g, `$1\n${quote}`);
      assert.deepEqual(splitSecretKindsIn(wrapped), [], `${name}, wrapped at 40 with ${quote}`);
    }
  }
});

Deno.test("a key cut by blanks is read through up to four blanks, not five; a line break after its prefix too", () => {
  const secret = anthropicKey("BLANKS");
  const [head, rest] = [secret.slice(0, 30), secret.slice(30)];
  for (const blanks of [" ", "\t", "    ", "\u00A0", "\u3000 "]) {
    assert.deepEqual(blankSplitKindsIn(`key ${head}${blanks}${rest} ok`), ["anthropic"], blanks);
  }
  assert.deepEqual(blankSplitKindsIn(`key ${head}     ${rest} ok`), []);
  // A line break is joined as the line joiner joins it, so that a key cut by both is read.
  assert.deepEqual(blankSplitKindsIn(`key ${head}\n${rest} ok`), ["anthropic"]);
});

Deno.test("long runs of prefixes, blanks and short words hold no key", () => {
  const text = ("sk-" + " ".repeat(3)).repeat(20000) + "AKIA and ghp_ ".repeat(20000) + "end.";
  assert.deepEqual(blankSplitKindsIn(text), []);
  // The same run before a long rest is a key cut by blanks (an sk- key of 40 letters or more).
  assert.deepEqual(blankSplitKindsIn(text.slice(0, 600) + "x".repeat(50)), ["sk-key"]);
});
