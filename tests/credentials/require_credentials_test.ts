import assert from "node:assert/strict";
import { ExitCode, RefusalError } from "../../src/core/errors.ts";
import { requireCredentials } from "../../src/credentials/require_credentials.ts";
import {
  type CredentialSources,
  resolveCredentials,
} from "../../src/credentials/resolve_credentials.ts";
import * as canary from "./_canaries.ts";

function sourcesOf(parts: Partial<CredentialSources> & { envRecord?: Record<string, string> }) {
  const env = parts.envRecord ?? {};
  return {
    env: (name: string) => env[name],
    dotenvCwd: parts.dotenvCwd ?? {},
    dotenvConfig: parts.dotenvConfig ?? {},
    config: parts.config,
  };
}

function assertRefusal(run: () => unknown, message: string, secrets: readonly string[]): void {
  assert.throws(run, (error) => {
    assert.ok(error instanceof RefusalError);
    assert.equal(error.exitCode, ExitCode.Refused);
    assert.equal(error.message, message);
    for (const secret of secrets) assert.ok(!error.message.includes(secret));
    assert.ok(!error.message.includes(canary.MARKER));
    return true;
  });
}

Deno.test("requireCredentials returns usable credentials unchanged", () => {
  const resolved = resolveCredentials(
    "openai",
    sourcesOf({ envRecord: { OPENAI_API_KEY: canary.openaiProjectKey() } }),
  );
  assert.equal(requireCredentials(resolved), resolved);
  const none = resolveCredentials("ollama", sourcesOf({}));
  assert.equal(requireCredentials(none), none);
});

Deno.test("requireCredentials refuses missing credentials with the fixing command", () => {
  assertRefusal(
    () => requireCredentials(resolveCredentials("openai", sourcesOf({}))),
    'No API key for openai: set OPENAI_API_KEY or run "omn keys set openai"',
    [],
  );
});

Deno.test("requireCredentials refuses a malformed key, naming where it came from", () => {
  const key = canary.openrouterKey();
  assertRefusal(
    () =>
      requireCredentials(
        resolveCredentials("openai", sourcesOf({ dotenvCwd: { OPENAI_API_KEY: key } })),
      ),
    "Refusing the API key for openai from OPENAI_API_KEY in ./.env: " +
      "This looks like an OpenRouter key, not an OpenAI key: " +
      'OpenAI keys start with "sk-" followed by at least 20 letters, digits, "-" or "_"',
    [key],
  );
  const pasted = canary.mistralKey() + "\n";
  assertRefusal(
    () =>
      requireCredentials(resolveCredentials("mistral", sourcesOf({ config: { api_key: pasted } }))),
    "Refusing the API key for mistral from the config file: " +
      "The API key contains a space, tab, line break or other invisible character, " +
      "usually left over from copy and paste",
    [pasted, pasted.trim()],
  );
});

Deno.test("requireCredentials refuses a temporary AWS key without its session token", () => {
  const id = canary.awsAccessKeyId("", "ASIA");
  const secret = canary.awsSecretAccessKey();
  assertRefusal(
    () =>
      requireCredentials(
        resolveCredentials(
          "bedrock",
          sourcesOf({
            envRecord: {
              AWS_ACCESS_KEY_ID: id,
              AWS_SECRET_ACCESS_KEY: secret,
              AWS_REGION: "us-east-1",
            },
          }),
        ),
      ),
    "Refusing the AWS session token for bedrock: " +
      'Temporary AWS access key ids (starting with "ASIA") need a session token: ' +
      "set AWS_SESSION_TOKEN with the token issued alongside the key",
    [id, secret],
  );
});
