import assert from "node:assert/strict";
import { clearKnownSecrets, registerSecret } from "../../src/security/redact.ts";
import {
  EXCERPT_READ_AHEAD,
  redactExcerpt,
  redactTruncated,
} from "../../src/security/redact_excerpt.ts";
import { MAX_PATTERN_REACH } from "../../src/security/patterns.ts";
import { IncrementalRedactor } from "../../src/security/redact_stream.ts";
import { knownCanaries, leakedPart, patternCanaries } from "./_leak_checks.ts";

/** Filler text with no character run that a key could share. */
function filler(length: number): string {
  return "Bad request. ".repeat(Math.ceil(length / 13)).slice(0, length);
}

Deno.test("redactExcerpt: a known key straddling the cut is masked whole, at every offset", () => {
  clearKnownSecrets();
  const canaries = knownCanaries("EX");
  for (const canary of canaries) registerSecret(canary.value, "TEST_KEY");
  const cut = 200;
  for (const canary of canaries) {
    for (let offset = cut - canary.value.length - 2; offset <= cut + 2; offset++) {
      const text = `${filler(offset)}${canary.value} and then more words`;
      for (const oneLine of [false, true]) {
        const excerpt = redactExcerpt(text, cut, { oneLine });
        assert.equal(
          leakedPart(excerpt, canary),
          undefined,
          `${canary.name} at ${offset}: ${excerpt}`,
        );
        assert.ok(excerpt.length <= cut + 1);
      }
    }
  }
  clearKnownSecrets();
});

Deno.test("redactTruncated: a text cut inside a key never shows the part before the cut", () => {
  clearKnownSecrets();
  const known = knownCanaries("TR");
  for (const canary of known) registerSecret(canary.value, "TEST_KEY");
  for (const canary of [...known, ...patternCanaries("TR")]) {
    for (let kept = 1; kept < canary.value.length; kept++) {
      for (const before of ["your key is ", "key=", "", "(", "line one\nline two "]) {
        const text = before + canary.value.slice(0, kept);
        const output = redactTruncated(text);
        assert.equal(leakedPart(output, canary), undefined, `${canary.name} cut at ${kept}`);
      }
    }
  }
  clearKnownSecrets();
});

Deno.test("redactTruncated: text whose end is decided is released unchanged", () => {
  clearKnownSecrets();
  for (const text of ["hello world.\n", "done: 3 items.", "", "a line\n\n"]) {
    assert.equal(redactTruncated(text), text);
  }
});

Deno.test("IncrementalRedactor: finish({ truncated }) masks the undecided tail at any split", () => {
  clearKnownSecrets();
  const [canary] = knownCanaries("FIN");
  registerSecret(canary.value, "TEST_KEY");
  const text = `the key: ${canary.value}`;
  for (let cut = 1; cut < text.length; cut++) {
    for (let split = 0; split <= cut; split++) {
      const redactor = new IncrementalRedactor();
      const output = redactor.push(text.slice(0, split)) + redactor.push(text.slice(split, cut)) +
        redactor.finish({ truncated: true });
      assert.equal(leakedPart(output, canary), undefined, `cut ${cut}, split ${split}`);
    }
  }
  clearKnownSecrets();
});

Deno.test("redactExcerpt: of a huge text only the excerpt and its read-ahead are redacted; a key at the cut is masked", () => {
  assert.ok(EXCERPT_READ_AHEAD > MAX_PATTERN_REACH, "the read-ahead covers every format's reach");
  clearKnownSecrets();
  const known = knownCanaries("HUGE");
  for (const canary of known) registerSecret(canary.value, "TEST_KEY");
  const tail = filler(EXCERPT_READ_AHEAD * 3);
  const cut = 200;
  try {
    for (const canary of [...known, ...patternCanaries("HUGE")]) {
      // Every third offset: what this test adds to the one above is the read-ahead's cut, 64 KiB
      // away from every key here; the offsets in between are redacted by the same code.
      for (let offset = cut - canary.value.length - 2; offset <= cut + 2; offset += 3) {
        // A space before the key: a recognised format needs a word boundary before its prefix.
        const text = `${filler(offset)} ${canary.value} ${tail}`;
        for (const oneLine of [false, true]) {
          const excerpt = redactExcerpt(text, cut, { oneLine });
          assert.equal(leakedPart(excerpt, canary), undefined, `${canary.name} at ${offset}`);
          assert.ok(excerpt.length <= cut + 1 && excerpt.endsWith("…"));
        }
      }
    }
    // A text that ends within the read-ahead is read whole, as before.
    const whole = `${filler(cut)} ${filler(EXCERPT_READ_AHEAD / 2)}`;
    assert.equal(redactExcerpt(whole, cut), whole.slice(0, cut) + "…");
  } finally {
    clearKnownSecrets();
  }
});
