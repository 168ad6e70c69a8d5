import assert from "node:assert/strict";
import {
  needsNormalizing,
  normalizedIndex,
  normalizeForMatching,
  originalSpan,
} from "../../src/security/normalize_for_matching.ts";
import {
  clearKnownSecrets,
  findSecrets,
  redact,
  registerSecret,
} from "../../src/security/redact.ts";
import { IncrementalRedactor } from "../../src/security/redact_stream.ts";
import { fullwidth, INVISIBLES, lookAlike, withInvisible } from "./_disguises.ts";
import { scanText } from "../../src/security/scan.ts";
import { azureHexKey, mistralKey, openaiProjectKey, xaiKey } from "../credentials/_canaries.ts";

/** Positions inside a key: second character, a third, the middle, the last. */
function positionsIn(value: string): number[][] {
  const length = value.length;
  return [[1], [Math.floor(length / 3)], [Math.floor(length / 2)], [length - 1], [
    1,
    Math.floor(length / 2),
    length - 1,
  ]];
}

const patternKeys = [openaiProjectKey("N"), xaiKey("N")];
const knownKeys = [mistralKey("N"), azureHexKey("0")];

function disguises(value: string): string[] {
  const forms: string[] = [];
  for (const invisible of INVISIBLES) {
    for (const positions of positionsIn(value)) {
      forms.push(withInvisible(value, invisible, positions));
    }
  }
  forms.push(fullwidth(value), lookAlike(value), withInvisible(fullwidth(value), "\u200B", [5]));
  return forms;
}

function assertMaskedExactly(disguised: string, output: string): void {
  assert.ok(output.startsWith("log: "), `context before kept: ${output}`);
  assert.ok(output.endsWith(" ok\n"), `context after kept: ${output}`);
  const masked = output.slice("log: ".length, -" ok\n".length);
  assert.ok(!masked.includes(disguised.slice(10, 20)), `the disguised key is gone: ${output}`);
  assert.match(masked, /^[^\s]*\*\*\*$/, `only the mask remains: ${JSON.stringify(masked)}`);
  const seen = normalizeForMatching(output).text;
  assert.ok(!seen.includes("CANARY"), `no canary after normalising the output: ${seen}`);
}

Deno.test("redact masks pattern keys hidden by invisible, fullwidth or look-alike characters", () => {
  clearKnownSecrets();
  for (const key of patternKeys) {
    for (const disguised of disguises(key)) {
      assertMaskedExactly(disguised, redact(`log: ${disguised} ok\n`));
    }
  }
});

Deno.test("redact masks loaded keys (no pattern) hidden by invisible, fullwidth or look-alike characters", () => {
  clearKnownSecrets();
  for (const key of knownKeys) registerSecret(key, "TEST_KEY");
  try {
    for (const key of knownKeys) {
      for (const disguised of disguises(key)) {
        assertMaskedExactly(disguised, redact(`log: ${disguised} ok\n`));
      }
    }
  } finally {
    clearKnownSecrets();
  }
});

Deno.test("the streaming redactor masks disguised keys however the text is split", () => {
  clearKnownSecrets();
  const known = mistralKey("S");
  registerSecret(known, "TEST_KEY");
  try {
    for (const key of [known, openaiProjectKey("S")]) {
      const disguised = withInvisible(key, "\u200B", [1, 9, key.length - 1]);
      const text = `log: ${disguised} ok\n`;
      const whole = redact(text);
      for (let cut = 1; cut < text.length; cut += 3) {
        const redactor = new IncrementalRedactor();
        const output = redactor.push(text.slice(0, cut)) + redactor.push(text.slice(cut)) +
          redactor.finish();
        assert.equal(output, whole, `cut at ${cut}`);
      }
      assertMaskedExactly(disguised, whole);
    }
  } finally {
    clearKnownSecrets();
  }
});

Deno.test("findSecrets and scan report a disguised key at its original position", () => {
  clearKnownSecrets();
  const key = openaiProjectKey("P");
  const disguised = withInvisible(key, "\u00AD", [3, 20]);
  const text = `\u200Bfirst line\nkey=${disguised}\n`;
  const [finding] = findSecrets(text);
  assert.equal(text.slice(finding.index, finding.index + finding.length), disguised);
  const [scanned] = scanText(text, "x.log");
  assert.deepEqual([scanned.line, scanned.column, scanned.kind], [2, 5, "openai"]);
});

Deno.test("ordinary text, accented or not, is left as it is", () => {
  clearKnownSecrets();
  for (const text of ["plain ascii line\n", "café über naïve — “quoted” 日本語\n"]) {
    assert.equal(redact(text), text);
  }
  assert.equal(needsNormalizing("plain ascii"), false);
  assert.equal(needsNormalizing("a\u200Bb"), true);
});

Deno.test("normalizeForMatching maps each character back to its original span", () => {
  const normalized = normalizeForMatching("a\u200B\uFF42\u{E0041}c");
  assert.equal(normalized.text, "abc");
  assert.deepEqual(originalSpan(normalized, 1, 3), [2, 6]);
  assert.deepEqual(originalSpan(normalized, 0, 1), [0, 1]);
});

Deno.test("normalizedIndex finds where an original index falls, past removed characters", () => {
  const text = "a\u200Bb\u200B\u200Bc";
  const normalized = normalizeForMatching(text);
  assert.equal(normalized.text, "abc");
  const linear = (index: number) => {
    let at = 0;
    while (at < normalized.text.length && normalized.starts[at] < index) at++;
    return at;
  };
  for (let index = 0; index <= text.length; index++) {
    assert.equal(normalizedIndex(normalized, index), linear(index), `index ${index}`);
  }
  assert.equal(normalizedIndex(normalized, 1), 1);
  assert.equal(normalizedIndex(normalized, 3), 2);
  assert.equal(normalizedIndex(normalized, text.length), 3);
});
