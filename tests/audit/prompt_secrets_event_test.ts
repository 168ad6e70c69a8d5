import assert from "node:assert/strict";
import { promptSecretsEvent } from "../../src/audit/prompt_secrets_event.ts";
import { fingerprint } from "../../src/security/fingerprint.ts";
import { anthropicKey } from "../credentials/_canaries.ts";

Deno.test("promptSecretsEvent keeps each secret's kind and fingerprint, never the secret", () => {
  const canary = anthropicKey("PROMPT");
  const event = promptSecretsEvent(`review this: ${canary}`, "block", {
    command: "ask",
    provider: "openai",
  });
  assert.deepEqual(event, {
    command: "ask",
    event: "prompt.secrets",
    provider: "openai",
    action: "blocked",
    secrets: [{ kind: "anthropic", fingerprint: fingerprint(canary) }],
  });
  assert.ok(!JSON.stringify(event).includes(canary.slice(0, 24)));
  assert.equal(promptSecretsEvent("nothing to see", "redact", { command: "ask" }), undefined);
});
