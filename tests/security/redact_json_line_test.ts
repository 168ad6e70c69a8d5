import assert from "node:assert/strict";
import { redactJsonLine, redactValue } from "../../src/security/redact_json_line.ts";
import { clearKnownSecrets, registerSecret } from "../../src/security/redact.ts";
import { anthropicKey, openaiProjectKey, pemPrivateKey } from "../credentials/_canaries.ts";

Deno.test("redactValue masks every string at any depth, keys included, and keeps other values", () => {
  const canary = openaiProjectKey("DEEP");
  const value = redactValue({
    a: [1, true, null, { b: `key ${canary}` }],
    [canary]: "x",
    when: new Date(0),
  }) as Record<string, unknown>;
  const text = JSON.stringify(value);
  assert.ok(!text.includes(canary.slice(0, 24)));
  assert.match(text, /key sk-proj-\*\*\*/);
  assert.equal(value.when, "1970-01-01T00:00:00.000Z");
  assert.deepEqual((value.a as unknown[]).slice(0, 3), [1, true, null]);
});

Deno.test("redactJsonLine gives one parseable line without canaries, also for multi-line secrets", () => {
  const canaries = [anthropicKey("LINE"), pemPrivateKey("LINE")];
  const line = redactJsonLine({ time: "t", event: "x", note: canaries.join("\n") });
  assert.ok(!line.includes("\n"));
  JSON.parse(line);
  for (const canary of canaries) assert.ok(!line.includes(canary.slice(0, 40)));
});

Deno.test("redactJsonLine masks a known secret in its JSON-escaped form", () => {
  const secret = 'pass"word\\with-CANARY-quotes';
  registerSecret(secret, "TEST_SECRET");
  try {
    const line = redactJsonLine({ event: "x", value: `is ${secret}` });
    assert.ok(!line.includes("CANARY"), line);
    assert.equal(JSON.parse(line).event, "x");
  } finally {
    clearKnownSecrets();
  }
});
