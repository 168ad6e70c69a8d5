/**
 * Review: the OpenAI rule's run before the `T3BlbkFJ` signature stops at
 * the next `sk-` that could start a key, so that a match attempt reads at
 * most to the next one: a text of `sk-sk-sk-…` made every anchor read 200
 * characters (0.9 s per megabyte for `omn redact`, 2 s for the guard, some
 * 80 times a text of prose; now some 0.15 s and 0.1 s, `/tmp/rguard/skrep.ts`).
 * Every OpenAI key is masked as before.
 */
import assert from "node:assert/strict";
import {
  openaiLegacyKey,
  openaiProjectKey,
  openaiServiceAccountKey,
} from "../credentials/_canaries.ts";
import { findSecrets, redact } from "../../src/security/redact.ts";

Deno.test("an OpenAI key's match begins at the last sk- that could start it", () => {
  const legacy = openaiLegacyKey("ATTEMPT");
  const text = `x sk-ab_${legacy} y`;
  const [finding] = findSecrets(text);
  assert.equal(finding.index, text.indexOf(legacy));
  assert.equal(finding.length, legacy.length);
  assert.equal(redact(text), "x sk-ab_sk-*** y");
});

Deno.test("every OpenAI key is masked whole, alone or after sk- words", () => {
  const keys = [
    openaiLegacyKey("WHOLE"),
    openaiProjectKey("WHOLE"),
    openaiServiceAccountKey("WHOLE"),
    "sk-" + "ab-".repeat(5) + openaiLegacyKey("WHOLE").slice(3),
  ];
  for (const key of keys) {
    for (const text of [`key ${key}\n`, `sk- sk-learn sk- ${key}`, `"${key}"`]) {
      const masked = redact(text);
      assert.ok(!masked.includes(key.slice(-24)) && !masked.includes(key.slice(8, 32)), masked);
    }
  }
});

Deno.test("a megabyte of sk- holds no key", () => {
  const text = "sk-".repeat(349_525);
  assert.equal(redact(text), text);
});
