import assert from "node:assert/strict";
import {
  canonicalProviderId,
  credentialEnvNames,
  isKnownProvider,
  omnimancerEnvName,
  PROVIDER_ALIASES,
  PROVIDER_CREDENTIALS,
  providerCredentials,
} from "../../src/permissions/provider_credentials.ts";

function envNamesOf(provider: string, field: string): readonly string[] {
  const fieldSpec = PROVIDER_CREDENTIALS[provider].fields.find((spec) => spec.field === field);
  assert.ok(fieldSpec, `${provider} has a ${field} field`);
  return fieldSpec.envNames;
}

Deno.test("the table covers every built-in provider", () => {
  assert.deepEqual(Object.keys(PROVIDER_CREDENTIALS).sort(), [
    "anthropic",
    "azure",
    "bedrock",
    "gemini",
    "mistral",
    "mock",
    "ollama",
    "openai",
    "openrouter",
    "perplexity",
    "vertex",
    "xai",
  ]);
  for (const [id, spec] of Object.entries(PROVIDER_CREDENTIALS)) assert.equal(spec.provider, id);
  assert.deepEqual(PROVIDER_CREDENTIALS.ollama.fields, []);
  assert.deepEqual(PROVIDER_CREDENTIALS.mock.fields, []);
});

Deno.test("the table lists the variables of each field in resolution order", () => {
  assert.deepEqual(envNamesOf("openai", "api_key"), [
    "OMNIMANCER_OPENAI_API_KEY",
    "OPENAI_API_KEY",
  ]);
  assert.deepEqual(envNamesOf("anthropic", "api_key"), [
    "OMNIMANCER_ANTHROPIC_API_KEY",
    "ANTHROPIC_API_KEY",
    "CLAUDE_API_KEY",
  ]);
  assert.deepEqual(envNamesOf("azure", "api_key"), [
    "OMNIMANCER_AZURE_API_KEY",
    "AZURE_OPENAI_KEY",
    "AZURE_OPENAI_API_KEY",
  ]);
  assert.deepEqual(envNamesOf("gemini", "api_key"), [
    "OMNIMANCER_GEMINI_API_KEY",
    "GEMINI_API_KEY",
    "GOOGLE_API_KEY",
  ]);
  assert.deepEqual(envNamesOf("bedrock", "access_key_id"), [
    "OMNIMANCER_BEDROCK_ACCESS_KEY_ID",
    "AWS_ACCESS_KEY_ID",
  ]);
  assert.deepEqual(envNamesOf("bedrock", "secret_access_key"), [
    "OMNIMANCER_BEDROCK_SECRET_ACCESS_KEY",
    "AWS_SECRET_ACCESS_KEY",
  ]);
  assert.deepEqual(envNamesOf("bedrock", "session_token"), [
    "OMNIMANCER_BEDROCK_SESSION_TOKEN",
    "AWS_SESSION_TOKEN",
  ]);
  assert.deepEqual(envNamesOf("bedrock", "region"), [
    "OMNIMANCER_BEDROCK_REGION",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
  ]);
  assert.deepEqual(envNamesOf("vertex", "credentials_file"), [
    "OMNIMANCER_VERTEX_CREDENTIALS_FILE",
    "GOOGLE_APPLICATION_CREDENTIALS",
  ]);
  assert.deepEqual(envNamesOf("vertex", "service_account"), ["OMNIMANCER_VERTEX_SERVICE_ACCOUNT"]);
  for (const id of ["mistral", "xai", "perplexity", "openrouter"]) {
    const upper = id.toUpperCase();
    assert.deepEqual(envNamesOf(id, "api_key"), [
      `OMNIMANCER_${upper}_API_KEY`,
      `${upper}_API_KEY`,
    ]);
  }
});

Deno.test("fields are stored under the config file's provider keys", () => {
  const configKeys = new Set<string>();
  for (const spec of Object.values(PROVIDER_CREDENTIALS)) {
    for (const fieldSpec of spec.fields) {
      if (fieldSpec.configKey !== undefined) configKeys.add(fieldSpec.configKey);
    }
  }
  assert.deepEqual([...configKeys].sort(), [
    "api_key",
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_session_token",
    "region",
    "service_account",
  ]);
});

Deno.test("every field is first read from OMNIMANCER_<PROVIDER>_<FIELD>", () => {
  for (const spec of Object.values(PROVIDER_CREDENTIALS)) {
    for (const fieldSpec of spec.fields) {
      assert.equal(fieldSpec.envNames[0], omnimancerEnvName(spec.provider, fieldSpec.field));
    }
  }
});

Deno.test("only the region and the service account path are not secrets", () => {
  for (const spec of Object.values(PROVIDER_CREDENTIALS)) {
    for (const fieldSpec of spec.fields) {
      const notSecret = fieldSpec.field === "region" || fieldSpec.field === "credentials_file";
      assert.equal(fieldSpec.secret, !notSecret, `${spec.provider}/${fieldSpec.field}`);
    }
  }
});

Deno.test("credentialEnvNames lists every credential variable once, sorted", () => {
  const names = credentialEnvNames();
  assert.deepEqual(names, [...new Set(names)].sort());
  for (const spec of Object.values(PROVIDER_CREDENTIALS)) {
    for (const fieldSpec of spec.fields) {
      for (const name of fieldSpec.envNames) assert.ok(names.includes(name), name);
    }
  }
  for (
    const name of [
      "OPENAI_API_KEY",
      "CLAUDE_API_KEY",
      "AZURE_OPENAI_API_KEY",
      "GOOGLE_API_KEY",
      "AWS_SESSION_TOKEN",
      "AWS_REGION",
      "GOOGLE_APPLICATION_CREDENTIALS",
      "OMNIMANCER_BEDROCK_ACCESS_KEY_ID",
    ]
  ) {
    assert.ok(names.includes(name), name);
  }
  for (const name of names) {
    assert.doesNotMatch(name, /(BASE_URL|ENDPOINT|API_BASE|_HOST|_URL|PROXY|HOME)$/, name);
  }
});

Deno.test("credentialEnvNames adds the variable of custom providers on request", () => {
  assert.ok(!credentialEnvNames().includes("OMNIMANCER_MY_PROXY_API_KEY"));
  assert.ok(
    credentialEnvNames({ customProviders: ["my-proxy"] }).includes("OMNIMANCER_MY_PROXY_API_KEY"),
  );
});

Deno.test("aliases resolve to the canonical provider", () => {
  assert.deepEqual(PROVIDER_ALIASES, { claude: "anthropic" });
  assert.equal(canonicalProviderId("claude"), "anthropic");
  assert.equal(canonicalProviderId("Claude"), "anthropic");
  assert.equal(canonicalProviderId("OpenAI"), "openai");
  assert.equal(providerCredentials("claude"), PROVIDER_CREDENTIALS.anthropic);
  assert.ok(isKnownProvider("claude"));
  assert.ok(!isKnownProvider("my-proxy"));
  assert.ok(!isKnownProvider("toString"));
});

Deno.test("a custom provider needs one API key from its own variable", () => {
  const spec = providerCredentials("my-proxy");
  assert.equal(spec.provider, "my-proxy");
  assert.deepEqual(spec.requiredSets, [["api_key"]]);
  assert.deepEqual(spec.fields.map((field) => field.envNames), [["OMNIMANCER_MY_PROXY_API_KEY"]]);
});
