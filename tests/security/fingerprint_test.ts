import assert from "node:assert/strict";
import { fingerprint } from "../../src/security/fingerprint.ts";
import { canaries } from "./_corpus.ts";

Deno.test("fingerprint is short, stable and distinct per secret", () => {
  const seen = new Set<string>();
  for (const canary of canaries) {
    const id = fingerprint(canary.text);
    assert.match(id, /^fp:[0-9a-f]{12}$/);
    assert.equal(fingerprint(canary.text), id);
    assert.ok(!seen.has(id), canary.name);
    seen.add(id);
  }
  assert.equal(fingerprint("hello world"), "fp:b94d27b9934d");
});

Deno.test("fingerprint does not contain the secret", () => {
  for (const canary of canaries) {
    const id = fingerprint(canary.text);
    for (let start = 0; start + 6 <= canary.text.length; start++) {
      assert.ok(!id.includes(canary.text.slice(start, start + 6)), canary.name);
    }
  }
});
