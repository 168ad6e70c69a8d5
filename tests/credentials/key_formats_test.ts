import assert from "node:assert/strict";
import { checkCredentialSet, checkKeyFormat } from "../../src/credentials/key_formats.ts";
import * as canary from "./_canaries.ts";
import { clearKnownSecrets, redact, registerSecret } from "../../src/security/redact.ts";

/** Asserts a refusal whose rule matches `expected` and does not leak the value. */
function assertRefused(
  provider: string,
  field: string,
  value: string,
  expected: RegExp,
): void {
  const result = checkKeyFormat(provider, field, value);
  assert.equal(result.ok, false, `${provider}/${field} should refuse a near-miss (${expected})`);
  if (result.ok) return;
  assert.match(result.rule, expected);
  assertNoLeak(result.rule, value);
}

/** Asserts `text` contains neither the value, nor its trimmed form, nor the canary marker. */
function assertNoLeak(text: string, value: string): void {
  assert.ok(!text.includes(value), "the rule must not contain the value");
  const trimmed = value.trim();
  if (trimmed.length >= 8) {
    assert.ok(!text.includes(trimmed), "the rule must not contain the value");
  }
  assert.ok(!text.includes(canary.MARKER), "the rule must not contain the canary");
}

const ACCEPTED: readonly [string, string, string][] = [
  ["openai", "api_key", canary.openaiLegacyKey()],
  ["openai", "api_key", canary.openaiProjectKey()],
  ["openai", "api_key", canary.openaiServiceAccountKey()],
  ["openai", "api_key", "sk-" + "admin-" + canary.pad(canary.MARKER, 40)],
  ["openai", "api_key", "sk-" + canary.pad(canary.MARKER, 20)],
  ["anthropic", "api_key", canary.anthropicKey()],
  ["anthropic", "api_key", canary.anthropicAdminKey()],
  ["claude", "api_key", canary.anthropicKey()],
  ["gemini", "api_key", canary.geminiKey()],
  ["vertex", "credentials_file", "/home/user/CANARY service account.json"],
  ["vertex", "service_account", canary.serviceAccountJson()],
  ["bedrock", "access_key_id", canary.awsAccessKeyId()],
  ["bedrock", "access_key_id", canary.awsAccessKeyId("", "ASIA")],
  ["bedrock", "access_key_id", canary.awsAccessKeyId("", "ABIA")],
  ["bedrock", "access_key_id", canary.awsAccessKeyId("", "ACCA")],
  ["bedrock", "secret_access_key", canary.awsSecretAccessKey()],
  ["bedrock", "session_token", canary.awsSessionToken()],
  ["bedrock", "api_key", canary.bedrockApiKey()],
  ["bedrock", "api_key", "bedrock-api-key-" + canary.pad(canary.MARKER, 120, "Ab+/=09")],
  ["bedrock", "region", "us-east-1"],
  ["bedrock", "region", "us-gov-west-1"],
  ["bedrock", "region", "ap-southeast-2"],
  ["azure", "api_key", canary.azureHexKey()],
  ["azure", "api_key", canary.azureHexKey().toUpperCase()],
  ["azure", "api_key", canary.azureNewKey()],
  ["mistral", "api_key", canary.mistralKey()],
  ["xai", "api_key", canary.xaiKey()],
  ["perplexity", "api_key", canary.perplexityKey()],
  ["openrouter", "api_key", canary.openrouterKey()],
  ["my-proxy", "api_key", "CANARY.any:shape/at+all"],
  ["my-proxy", "api_key", canary.openrouterKey()],
];

Deno.test("checkKeyFormat accepts the canonical canary of every format", () => {
  for (const [provider, field, value] of ACCEPTED) {
    assert.deepEqual(checkKeyFormat(provider, field, value), { ok: true }, `${provider}/${field}`);
  }
});

Deno.test("checkKeyFormat refuses OpenAI near-misses", () => {
  const openaiRule = /OpenAI keys start with "sk-" followed by at least 20 letters, digits/;
  assertRefused("openai", "api_key", "sk-" + canary.pad(canary.MARKER, 19), openaiRule);
  assertRefused("openai", "api_key", "pk-" + canary.pad(canary.MARKER, 40), openaiRule);
  assertRefused("openai", "api_key", canary.openaiProjectKey().replace("-", "."), openaiRule);
  assertRefused("openai", "api_key", "sk-" + canary.pad(canary.MARKER, 40, "0."), openaiRule);
});

Deno.test("checkKeyFormat refuses an OpenRouter key given for OpenAI, saying so", () => {
  const value = canary.openrouterKey();
  assertRefused("openai", "api_key", value, /looks like an OpenRouter key, not an OpenAI key/);
  const result = checkKeyFormat("openai", "api_key", value);
  assert.ok(!result.ok && result.rule.includes('OpenAI keys start with "sk-"'));
});

Deno.test("checkKeyFormat names the provider whose key was pasted in the wrong place", () => {
  assertRefused("openai", "api_key", canary.anthropicKey(), /looks like an Anthropic key/);
  assertRefused("anthropic", "api_key", canary.openrouterKey(), /looks like an OpenRouter key/);
  assertRefused("mistral", "api_key", canary.geminiKey(), /looks like a Google API key/);
  assertRefused("openrouter", "api_key", canary.xaiKey(), /looks like an xAI key/);
  assertRefused("xai", "api_key", canary.perplexityKey(), /looks like a Perplexity key/);
  assertRefused(
    "bedrock",
    "secret_access_key",
    canary.awsAccessKeyId(),
    /looks like an AWS access key id, not an AWS secret access key/,
  );
  assertRefused("perplexity", "api_key", canary.bedrockApiKey(), /Amazon Bedrock API key/);
  for (const key of [canary.openaiProjectKey(), canary.openaiLegacyKey()]) {
    assertRefused("anthropic", "api_key", key, /looks like an OpenAI key, not an Anthropic key/);
    assertRefused("mistral", "api_key", key, /looks like an OpenAI key, not a Mistral key/);
    assert.deepEqual(checkKeyFormat("openai", "api_key", key), { ok: true });
  }
  assertRefused(
    "azure",
    "api_key",
    canary.openaiServiceAccountKey(),
    /looks like an OpenAI key, not an Azure OpenAI key/,
  );
});

Deno.test("checkKeyFormat refuses Anthropic near-misses", () => {
  const rule = /Anthropic keys start with "sk-ant-api03-"/;
  const good = canary.anthropicKey();
  assertRefused("anthropic", "api_key", good.slice(0, -3) + "AA", rule);
  assertRefused("anthropic", "api_key", good.slice(0, -2) + "0AA", rule);
  assertRefused("anthropic", "api_key", good.replace("api03", "api02"), rule);
  assertRefused("anthropic", "api_key", good.slice(0, -2) + "AB", rule);
  assertRefused("anthropic", "api_key", canary.openaiProjectKey(), rule);
  assertRefused("claude", "api_key", good.slice(0, 60), rule);
});

Deno.test("checkKeyFormat refuses AWS near-misses", () => {
  const idRule = /AWS access key ids start with "AKIA".*20 characters in all/;
  const id = canary.awsAccessKeyId();
  assertRefused("bedrock", "access_key_id", id.slice(0, 19), idRule);
  assertRefused("bedrock", "access_key_id", id + "A", idRule);
  assertRefused("bedrock", "access_key_id", id.slice(0, 19) + "0", idRule);
  assertRefused("bedrock", "access_key_id", id.slice(0, 19) + "8", idRule);
  assertRefused("bedrock", "access_key_id", id.toLowerCase(), idRule);
  assertRefused("bedrock", "access_key_id", "AKIB" + id.slice(4), idRule);
  assertRefused("bedrock", "access_key_id", "AKIA" + "IOSFODNN7" + "EXAMPLE", /placeholder/);

  const secretRule = /AWS secret access keys are exactly 40 letters, digits, "\+" or "\/"/;
  const secret = canary.awsSecretAccessKey();
  assertRefused("bedrock", "secret_access_key", secret.slice(0, 39), secretRule);
  assertRefused("bedrock", "secret_access_key", secret + "A", secretRule);
  assertRefused("bedrock", "secret_access_key", secret.slice(0, 39) + "-", secretRule);
  assertRefused(
    "bedrock",
    "secret_access_key",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY",
    /placeholder from the AWS documentation/,
  );

  assertRefused("bedrock", "session_token", canary.awsSessionToken().slice(0, 99), /at least 100/);
  assertRefused("bedrock", "api_key", canary.bedrockApiKey().slice(0, 100), /"ABSK"/);
  assertRefused("bedrock", "region", "US-EAST-1", /AWS regions look like "us-east-1"/);
  assertRefused("bedrock", "region", "useast1", /AWS regions look like "us-east-1"/);
});

Deno.test("checkKeyFormat refuses near-misses of the fixed-length formats", () => {
  const gemini = canary.geminiKey();
  const geminiRule = /Google API keys start with "AIza" followed by 35/;
  assertRefused("gemini", "api_key", gemini.slice(0, 38), geminiRule);
  assertRefused("gemini", "api_key", gemini + "A", geminiRule);
  assertRefused("gemini", "api_key", "AIzb" + gemini.slice(4), geminiRule);

  const xai = canary.xaiKey();
  const xaiRule = /xAI keys start with "xai-" followed by 80/;
  assertRefused("xai", "api_key", xai.slice(0, 83), xaiRule);
  assertRefused("xai", "api_key", xai + "A", xaiRule);
  assertRefused("xai", "api_key", xai.slice(0, 83) + "-", xaiRule);

  const perplexity = canary.perplexityKey();
  const perplexityRule = /Perplexity keys start with "pplx-" followed by 48/;
  assertRefused("perplexity", "api_key", perplexity.slice(0, 52), perplexityRule);
  assertRefused("perplexity", "api_key", perplexity.slice(0, 52) + "_", perplexityRule);

  const openrouter = canary.openrouterKey();
  const openrouterRule = /OpenRouter keys start with "sk-or-v1-" followed by 64/;
  assertRefused("openrouter", "api_key", openrouter.slice(0, 72), openrouterRule);
  assertRefused("openrouter", "api_key", openrouter.toUpperCase(), openrouterRule);
  assertRefused("openrouter", "api_key", openrouter.slice(0, 72) + "g", openrouterRule);
  assertRefused("openrouter", "api_key", canary.openaiProjectKey(), openrouterRule);

  const mistral = canary.mistralKey();
  const mistralRule = /Mistral keys are 32 letters or digits/;
  assertRefused("mistral", "api_key", mistral.slice(0, 31), mistralRule);
  assertRefused("mistral", "api_key", mistral + "A", mistralRule);
  assertRefused("mistral", "api_key", mistral.slice(0, 31) + "-", mistralRule);

  const azureRule = /Azure OpenAI keys are 32 hexadecimal digits, or 84/;
  assertRefused("azure", "api_key", canary.azureHexKey().slice(0, 31), azureRule);
  assertRefused("azure", "api_key", canary.azureHexKey().slice(0, 31) + "g", azureRule);
  assertRefused("azure", "api_key", canary.azureNewKey().replace("JQQJ", "JQQK"), azureRule);
  assertRefused("azure", "api_key", canary.azureNewKey() + "0", azureRule);
});

Deno.test("checkKeyFormat refuses a service account key that is not one", () => {
  const rule = /JSON text of a Google service account key file/;
  const good = JSON.parse(canary.serviceAccountJson());
  const variants = [
    canary.serviceAccountJson().slice(0, -1),
    JSON.stringify([good]),
    JSON.stringify({ ...good, type: "authorized_user" }),
    JSON.stringify({ ...good, private_key: canary.MARKER }),
    JSON.stringify({ ...good, client_email: "" }),
    canary.pemPrivateKey(),
  ];
  for (const value of variants) assertRefused("vertex", "service_account", value, rule);
});

Deno.test("checkKeyFormat refuses whitespace and control characters with their own rule", () => {
  const rule = /contains a space, tab, line break or other invisible character/;
  const value = canary.openaiProjectKey();
  for (
    const damaged of [
      value + "\n",
      value + "\r\n",
      " " + value,
      value.slice(0, 20) + " " + value.slice(20),
      value.slice(0, 20) + "\t" + value.slice(20),
      value + "\u200b",
      "\ufeff" + value,
      value + "\u00a0",
      value.slice(0, 20) + "\u0000" + value.slice(20),
    ]
  ) {
    assertRefused("openai", "api_key", damaged, rule);
  }
  assertRefused("my-proxy", "api_key", "CANARY key", /The API key contains a space/);
  assertRefused("bedrock", "secret_access_key", canary.awsSecretAccessKey() + "\n", rule);
  assertRefused("bedrock", "region", "us-east-1\n", /line break or other control character/);
  assertRefused("vertex", "credentials_file", "/tmp/CANARY.json\n", /control character/);
});

Deno.test("checkKeyFormat refuses empty values, unknown fields and credential-less providers", () => {
  assert.deepEqual(checkKeyFormat("openai", "api_key", ""), {
    ok: false,
    rule: "The API key is empty",
  });
  assert.deepEqual(checkKeyFormat("my-proxy", "api_key", ""), {
    ok: false,
    rule: "The API key is empty",
  });
  assert.deepEqual(checkKeyFormat("ollama", "api_key", "CANARY"), {
    ok: false,
    rule: "Ollama does not use credentials",
  });
  assert.deepEqual(checkKeyFormat("mock", "api_key", "CANARY"), {
    ok: false,
    rule: "Mock does not use credentials",
  });
  const unknownField = checkKeyFormat("openai", "token", canary.openaiProjectKey());
  assert.ok(!unknownField.ok);
  assert.match(
    unknownField.rule,
    /OpenAI has no credential field "token"; expected one of "api_key"/,
  );
});

Deno.test("checkKeyFormat refuses a custom provider's key too short for the redactor to mask", () => {
  const short = "Cq7Zx9w";
  assert.deepEqual(checkKeyFormat("my-proxy", "api_key", short), {
    ok: false,
    rule:
      "The API key is shorter than 8 characters, too short for omn to keep out of its output: " +
      "use a longer key, or none",
  });
  // The reason: such a value is never masked, so a server echoing it would have it printed.
  clearKnownSecrets();
  registerSecret(short, "OMNIMANCER_MY_PROXY_API_KEY");
  assert.equal(redact(`Incorrect API key provided: ${short}`).includes(short), true);
  clearKnownSecrets();
  assert.deepEqual(checkKeyFormat("my-proxy", "api_key", "Cq7Zx9wK"), { ok: true });
});

Deno.test("checkCredentialSet refuses a temporary AWS key id without a session token", () => {
  const fields = {
    access_key_id: canary.awsAccessKeyId("", "ASIA"),
    secret_access_key: canary.awsSecretAccessKey(),
    region: "eu-west-1",
  };
  const result = checkCredentialSet("bedrock", fields);
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.equal(result.field, "session_token");
  assert.match(result.rule, /Temporary AWS access key ids \(starting with "ASIA"\) need a session/);
  for (const value of Object.values(fields)) assertNoLeak(result.rule, value);

  assert.equal(checkCredentialSet("bedrock", { ...fields, session_token: "" }).ok, false);
  assert.deepEqual(
    checkCredentialSet("bedrock", { ...fields, session_token: canary.awsSessionToken() }),
    { ok: true },
  );
});

Deno.test("checkCredentialSet refuses a session token beside a long-term key id", () => {
  const result = checkCredentialSet("bedrock", {
    access_key_id: canary.awsAccessKeyId(),
    secret_access_key: canary.awsSecretAccessKey(),
    session_token: canary.awsSessionToken(),
  });
  assert.ok(!result.ok);
  assert.equal(result.field, "session_token");
  assert.match(result.rule, /only goes with a temporary AWS access key id/);
  assert.deepEqual(
    checkCredentialSet("bedrock", {
      access_key_id: canary.awsAccessKeyId(),
      secret_access_key: canary.awsSecretAccessKey(),
      region: "us-east-1",
    }),
    { ok: true },
  );
});

Deno.test("checkCredentialSet reports the first malformed field and skips absent ones", () => {
  const secret = canary.awsSecretAccessKey().slice(0, 39);
  const result = checkCredentialSet("bedrock", {
    access_key_id: canary.awsAccessKeyId(),
    secret_access_key: secret,
    session_token: undefined,
  });
  assert.ok(!result.ok);
  assert.equal(result.field, "secret_access_key");
  assertNoLeak(result.rule, secret);
  assert.deepEqual(checkCredentialSet("openai", { api_key: canary.openaiProjectKey() }), {
    ok: true,
  });
  assert.deepEqual(checkCredentialSet("openai", {}), { ok: true });
});
