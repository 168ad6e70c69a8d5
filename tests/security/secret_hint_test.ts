import assert from "node:assert/strict";
import {
  estimatedEntropyBits,
  findHintCandidates,
  hintMatches,
  isSecretHint,
  MIN_HINT_ENTROPY_BITS,
  secretHint,
} from "../../src/security/secret_hint.ts";
import {
  clearKnownSecrets,
  findSecrets,
  redact,
  registerSecretHint,
} from "../../src/security/redact.ts";
import { IncrementalRedactor } from "../../src/security/redact_stream.ts";
import { mistralKey, openaiProjectKey } from "../credentials/_canaries.ts";
import { withInvisible } from "./_disguises.ts";

/** A random-looking 32-character key without a prefix, like Mistral's. */
const RANDOM = "Xk3Lq9TzWm2Rv8Np5Bc7Hd4Gf6Js1Ya0";

Deno.test("a hint never holds the value, and matches it exactly", () => {
  for (const value of [RANDOM, openaiProjectKey("H"), mistralKey("H")]) {
    const hint = secretHint(value)!;
    assert.ok(isSecretHint(hint), value);
    assert.ok(
      !JSON.stringify(hint).includes(value.slice(hint.prefix.length, hint.prefix.length + 6)),
    );
    assert.ok(hintMatches(hint, value));
    assert.ok(!hintMatches(hint, value.slice(0, -1) + (value.endsWith("A") ? "B" : "A")));
    assert.ok(!hintMatches(hint, value + "x"));
  }
  assert.equal(secretHint(openaiProjectKey("H"))!.prefix, "sk-proj-");
  assert.equal(secretHint(RANDOM)!.prefix, "");
});

Deno.test("weak values get no hint: short, low-entropy, repetitive, or not printable ASCII", () => {
  for (
    const weak of [
      "hunter2hunter2",
      "correct-horse-battery", // 21 lower-case and symbol characters: about 137 bits by classes,
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
      "abcabcabcabcabcabcabcabcabcabcabcabcabc1",
      "pässwörd-with-umlauts-and-more-123456789",
      "0123456789012345678901234567890123456789", // digits only: 133 bits, 10 distinct
    ]
  ) {
    const hint = secretHint(weak);
    if (weak === "correct-horse-battery") {
      // 21 characters of 3 classes after no prefix estimate above the bar only when long enough
      assert.ok(estimatedEntropyBits(weak, "") < MIN_HINT_ENTROPY_BITS || hint === undefined);
    }
    assert.equal(hint, undefined, weak);
  }
});

Deno.test("isSecretHint refuses anything but the exact shape", () => {
  const hint = secretHint(RANDOM)!;
  assert.ok(isSecretHint(hint));
  assert.ok(!isSecretHint({ ...hint, extra: 1 }));
  assert.ok(!isSecretHint({ ...hint, length: 3 }));
  assert.ok(!isSecretHint({ ...hint, alphabet: "a-z\u00e9" }));
  assert.ok(!isSecretHint({ ...hint, prefix: "x".repeat(40) }));
  assert.ok(!isSecretHint({ ...hint, sha256: "xyz" }));
  assert.ok(!isSecretHint(null));
});

Deno.test("redact, findSecrets and the stream mask a value known only by its hint", () => {
  clearKnownSecrets();
  try {
    for (const value of [RANDOM, mistralKey("HINT")]) {
      clearKnownSecrets();
      registerSecretHint(secretHint(value)!, "mistral/api_key");
      const text = `log: ${value}\nagain "${value}", ${btoa(value)} and ${
        withInvisible(value, "\u200B", [5])
      }.\n`;
      const whole = redact(text);
      assert.ok(!whole.includes(value), whole);
      assert.ok(!whole.includes(btoa(value)), whole);
      assert.ok(!whole.includes(value.slice(8, 20)), whole);
      assert.ok(findSecrets(text).length >= 3);
      for (let cut = 1; cut < text.length; cut += 2) {
        clearKnownSecrets();
        registerSecretHint(secretHint(value)!, "mistral/api_key");
        const redactor = new IncrementalRedactor();
        const output = redactor.push(text.slice(0, cut)) + redactor.push(text.slice(cut)) +
          redactor.finish();
        assert.equal(output, whole, `cut ${cut}`);
      }
    }
    clearKnownSecrets();
    registerSecretHint(secretHint(RANDOM)!, "x");
    const near = RANDOM.slice(0, -1) + "Q";
    assert.equal(redact(`log: ${near}\n`), `log: ${near}\n`, "a near value is left alone");
  } finally {
    clearKnownSecrets();
  }
});

Deno.test("findHintCandidates finds exactly the runs of the value's length, as a regex would", () => {
  const hint = secretHint(RANDOM)!;
  const reference = (text: string) =>
    [...text.matchAll(/(?<![a-zA-Z0-9])[a-zA-Z0-9]{32}(?![a-zA-Z0-9])/g)].map((match) =>
      match.index
    );
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (let round = 0; round < 2000; round++) {
    let text = "";
    const size = Math.floor(random() * 300);
    for (let index = 0; index < size; index++) {
      text += random() < 0.06 ? " " : random() < 0.04 ? "-" : random() < 0.5 ? "a" : "7";
    }
    assert.deepEqual(findHintCandidates(hint, text), reference(text), JSON.stringify(text));
  }
});
