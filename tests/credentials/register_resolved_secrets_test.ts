import assert from "node:assert/strict";
import { registerResolvedSecrets } from "../../src/credentials/register_resolved_secrets.ts";
import { resolveCredentials } from "../../src/credentials/resolve_credentials.ts";
import * as canary from "./_canaries.ts";

function spy(): { calls: [string, string][]; register: (value: string, kind: string) => void } {
  const calls: [string, string][] = [];
  return { calls, register: (value, kind) => calls.push([value, kind]) };
}

function noSources(env: Record<string, string>) {
  return {
    env: (name: string) => env[name],
    dotenvCwd: {},
    dotenvConfig: {},
    config: undefined,
  };
}

Deno.test("registerResolvedSecrets registers every Bedrock secret and not the region", () => {
  const id = canary.awsAccessKeyId("", "ASIA");
  const secret = canary.awsSecretAccessKey();
  const token = canary.awsSessionToken();
  const apiKey = canary.bedrockApiKey();
  const resolved = resolveCredentials("bedrock", {
    env: (name) =>
      ({ AWS_ACCESS_KEY_ID: id, AWS_REGION: "eu-central-1" } as Record<string, string>)[name],
    dotenvCwd: { AWS_SECRET_ACCESS_KEY: secret },
    dotenvConfig: { AWS_BEARER_TOKEN_BEDROCK: apiKey },
    config: { aws_session_token: token },
  });
  const { calls, register } = spy();
  registerResolvedSecrets(resolved, register);
  assert.deepEqual(calls, [
    [id, "bedrock/access_key_id"],
    [secret, "bedrock/secret_access_key"],
    [token, "bedrock/session_token"],
    [apiKey, "bedrock/api_key"],
  ]);
  assert.ok(!calls.some(([value]) => value === "eu-central-1"));
});

Deno.test("registerResolvedSecrets registers a service account key and its private key", () => {
  const json = canary.serviceAccountJson();
  const { calls, register } = spy();
  registerResolvedSecrets(
    resolveCredentials("vertex", {
      env: (name) => name === "GOOGLE_APPLICATION_CREDENTIALS" ? "/secrets/CANARY.json" : undefined,
      dotenvCwd: {},
      dotenvConfig: {},
      config: { service_account: json },
    }),
    register,
  );
  assert.deepEqual(calls, [
    [json, "vertex/service_account"],
    [canary.pemPrivateKey(), "vertex/service_account/private_key"],
  ]);
});

Deno.test("registerResolvedSecrets registers the API key of key-based providers", () => {
  const key = canary.anthropicKey();
  const { calls, register } = spy();
  registerResolvedSecrets(
    resolveCredentials("claude", noSources({ CLAUDE_API_KEY: key })),
    register,
  );
  assert.deepEqual(calls, [[key, "anthropic/api_key"]]);
});

Deno.test("registerResolvedSecrets registers nothing when nothing secret was found", () => {
  const { calls, register } = spy();
  registerResolvedSecrets(resolveCredentials("openai", noSources({})), register);
  registerResolvedSecrets(resolveCredentials("ollama", noSources({})), register);
  registerResolvedSecrets(
    resolveCredentials(
      "vertex",
      noSources({ GOOGLE_APPLICATION_CREDENTIALS: "/secrets/CANARY.json" }),
    ),
    register,
  );
  assert.deepEqual(calls, []);
});
