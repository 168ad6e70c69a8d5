import assert from "node:assert/strict";
import { oneLine } from "../../src/secrets/_http.ts";
import { clearKnownSecrets, registerSecret } from "../../src/security/redact.ts";
import { knownCanaries, leakedPart } from "../security/_leak_checks.ts";

Deno.test("oneLine: a secret manager's text is redacted whole, then cut to 200 characters", () => {
  clearKnownSecrets();
  const canaries = knownCanaries("HTTP");
  for (const canary of canaries) registerSecret(canary.value, "TEST_KEY");
  for (const canary of canaries) {
    for (let offset = 200 - canary.value.length - 2; offset <= 202; offset++) {
      const text = `${"permission denied\n".repeat(15).slice(0, offset)}${canary.value} more`;
      const line = oneLine(text);
      assert.equal(leakedPart(line, canary), undefined, `${canary.name} at ${offset}`);
      assert.ok(!line.includes("\n"));
      assert.ok(line.length <= 201);
    }
  }
  assert.equal(oneLine("a\n  b"), "a b");
  assert.equal(oneLine("x".repeat(300)), `${"x".repeat(200)}…`);
  clearKnownSecrets();
});
