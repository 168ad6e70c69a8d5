import assert from "node:assert/strict";
import { credentialFingerprint } from "../../src/credentials/credential_fingerprint.ts";
import { fingerprint } from "../../src/security/fingerprint.ts";
import { resolveCredentials } from "../../src/credentials/resolve_credentials.ts";
import { awsAccessKeyId, awsSecretAccessKey, openaiProjectKey } from "./_canaries.ts";

function resolve(provider: string, env: Record<string, string>) {
  return resolveCredentials(provider, {
    env: (name) => env[name],
    dotenvCwd: {},
    dotenvConfig: {},
    config: undefined,
  });
}

Deno.test("credentialFingerprint names the key by its fingerprint, never the key", () => {
  const key = openaiProjectKey("FP");
  const result = credentialFingerprint(resolve("openai", { OPENAI_API_KEY: key }));
  assert.equal(result, fingerprint(key));
  assert.match(result, /^fp:[0-9a-f]{12}$/);
});

Deno.test("credentialFingerprint: Bedrock by its access key id; none without a key", () => {
  const id = awsAccessKeyId("FP");
  const credentials = resolve("bedrock", {
    AWS_ACCESS_KEY_ID: id,
    AWS_SECRET_ACCESS_KEY: awsSecretAccessKey("FP"),
    AWS_REGION: "us-east-1",
  });
  assert.equal(credentialFingerprint(credentials), fingerprint(id));
  assert.equal(credentialFingerprint(resolve("ollama", {})), "none");
  assert.equal(credentialFingerprint(resolve("openai", {})), "none");
});
