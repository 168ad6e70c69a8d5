import assert from "node:assert/strict";
import { clearKnownSecrets, registerSecret } from "../../src/security/redact.ts";
import { redactExcerpt, redactTruncated } from "../../src/security/redact_excerpt.ts";
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
