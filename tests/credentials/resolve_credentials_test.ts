import assert from "node:assert/strict";
import {
  credentialEnvNames,
  PROVIDER_CREDENTIALS,
} from "../../src/permissions/provider_credentials.ts";
import {
  type CredentialSources,
  missingCredentialMessage,
  resolveCredentials,
  type StoredCredentials,
} from "../../src/credentials/resolve_credentials.ts";
import * as canary from "./_canaries.ts";

interface SourceData {
  env?: Record<string, string>;
  dotenvCwd?: Record<string, string>;
  dotenvConfig?: Record<string, string>;
  config?: StoredCredentials;
}

/** Sources over plain records; the env reader refuses names outside the permission set. */
function sources(data: SourceData): CredentialSources {
  const allowed = new Set(credentialEnvNames());
  const env = data.env ?? {};
  return {
    env: (name) => {
      assert.ok(allowed.has(name), `read ${name}, which is not in credentialEnvNames()`);
      return Object.hasOwn(env, name) ? env[name] : undefined;
    },
    dotenvCwd: data.dotenvCwd ?? {},
    dotenvConfig: data.dotenvConfig ?? {},
    config: data.config,
  };
}

/** Real-shaped values, distinct for each tag (tags are made of [A-Z]). */
const VALUE_MAKERS: Record<string, Record<string, (tag: string) => string>> = {
  openai: { api_key: canary.openaiProjectKey },
  anthropic: { api_key: canary.anthropicKey },
  gemini: { api_key: canary.geminiKey },
  vertex: {
    credentials_file: (tag) => `/secrets/${canary.MARKER}${tag}.json`,
    service_account: canary.serviceAccountJson,
  },
  bedrock: {
    access_key_id: (tag) => canary.awsAccessKeyId(tag),
    secret_access_key: canary.awsSecretAccessKey,
    session_token: canary.awsSessionToken,
    api_key: canary.bedrockApiKey,
    region: (tag) => `us-${tag.toLowerCase()}-1`,
  },
  azure: { api_key: canary.azureNewKey },
  mistral: { api_key: canary.mistralKey },
  xai: { api_key: canary.xaiKey },
  perplexity: { api_key: canary.perplexityKey },
  openrouter: { api_key: (tag) => canary.openrouterKey(hexOf(tag)) },
};

/** The letters of a tag as hexadecimal digits, for hex-only formats. */
function hexOf(tag: string): string {
  return [...tag].map((letter) => letter.charCodeAt(0).toString(16)).join("");
}

Deno.test("each source beats every later one, for every field of every provider", () => {
  for (const spec of Object.values(PROVIDER_CREDENTIALS)) {
    for (const fieldSpec of spec.fields) {
      const make = VALUE_MAKERS[spec.provider][fieldSpec.field];
      // Every slot, in the documented order: env, ./.env, config-dir .env (each in
      // table order), then the config file.
      const slots: {
        kind: "env" | "dotenvCwd" | "dotenvConfig" | "config";
        name: string;
        tag: string;
      }[] = [];
      for (
        const [kind, tag] of [["env", "ENV"], ["dotenvCwd", "CWD"], [
          "dotenvConfig",
          "DIR",
        ]] as const
      ) {
        fieldSpec.envNames.forEach((name, position) =>
          slots.push({ kind, name, tag: tag + "ABCDEF"[position] })
        );
      }
      if (fieldSpec.configKey !== undefined) {
        slots.push({ kind: "config", name: fieldSpec.configKey, tag: "CONFIG" });
      }
      const values = slots.map((slot) => make(slot.tag));
      assert.equal(new Set(values).size, values.length, `distinct canaries for ${spec.provider}`);

      for (let first = 0; first < slots.length; first++) {
        const data: Required<SourceData> = {
          env: {},
          dotenvCwd: {},
          dotenvConfig: {},
          config: { key_updated_at: "2026-01-02T03:04:05Z" },
        };
        for (let index = first; index < slots.length; index++) {
          const slot = slots[index];
          if (slot.kind === "config") {
            data.config = { ...data.config, [slot.name]: values[index] };
          } else data[slot.kind][slot.name] = values[index];
        }
        const resolved = resolveCredentials(spec.provider, sources(data));
        const winner = resolved.fields[fieldSpec.field];
        const label = `${spec.provider}/${fieldSpec.field} with slot ${first} first`;
        assert.ok(winner, label);
        assert.equal(winner.value, values[first], label);
        assert.equal(winner.variable, slots[first].name, label);
        const expectedSource = {
          env: "env",
          dotenvCwd: ".env",
          dotenvConfig: "config-dir .env",
          config: "config",
        }[slots[first].kind];
        assert.equal(winner.source, expectedSource, label);
        assert.equal(
          winner.updatedAt,
          slots[first].kind === "config" ? "2026-01-02T03:04:05Z" : undefined,
          label,
        );
      }
    }
  }
});

Deno.test("the environment beats .env files and the config file for OpenAI", () => {
  const resolved = resolveCredentials(
    "openai",
    sources({
      env: { OPENAI_API_KEY: canary.openaiProjectKey("env") },
      dotenvCwd: { OMNIMANCER_OPENAI_API_KEY: canary.openaiProjectKey("cwd") },
      dotenvConfig: { OMNIMANCER_OPENAI_API_KEY: canary.openaiProjectKey("dir") },
      config: { api_key: canary.openaiProjectKey("config"), key_updated_at: "2026-01-01" },
    }),
  );
  assert.deepEqual(resolved, {
    provider: "openai",
    fields: {
      api_key: {
        value: canary.openaiProjectKey("env"),
        source: "env",
        variable: "OPENAI_API_KEY",
      },
    },
    missing: [],
  });
});

Deno.test(".env never overrides a variable already set in the environment", () => {
  const fromEnvironment = canary.anthropicKey("environment");
  for (const name of ["ANTHROPIC_API_KEY", "CLAUDE_API_KEY"]) {
    const resolved = resolveCredentials(
      "anthropic",
      sources({
        env: { [name]: fromEnvironment },
        dotenvCwd: { [name]: canary.anthropicKey("cwd"), ANTHROPIC_API_KEY: canary.anthropicKey() },
        dotenvConfig: { [name]: canary.anthropicKey("dir") },
      }),
    );
    assert.equal(resolved.fields.api_key?.value, fromEnvironment);
    assert.equal(resolved.fields.api_key?.source, "env");
    assert.equal(resolved.fields.api_key?.variable, name);
  }
});

Deno.test("./.env beats the config-dir .env, which beats the stored key", () => {
  const cwd = canary.geminiKey("cwd");
  const dir = canary.geminiKey("dir");
  const stored = canary.geminiKey("config");
  const both = resolveCredentials(
    "gemini",
    sources({
      dotenvCwd: { GOOGLE_API_KEY: cwd },
      dotenvConfig: { OMNIMANCER_GEMINI_API_KEY: dir },
      config: { api_key: stored },
    }),
  );
  assert.deepEqual(both.fields.api_key, { value: cwd, source: ".env", variable: "GOOGLE_API_KEY" });
  const dirOnly = resolveCredentials(
    "gemini",
    sources({ dotenvConfig: { GEMINI_API_KEY: dir }, config: { api_key: stored } }),
  );
  assert.deepEqual(dirOnly.fields.api_key, {
    value: dir,
    source: "config-dir .env",
    variable: "GEMINI_API_KEY",
  });
  const storedOnly = resolveCredentials(
    "gemini",
    sources({ config: { api_key: stored, key_updated_at: "2026-03-01T00:00:00Z" } }),
  );
  assert.deepEqual(storedOnly.fields.api_key, {
    value: stored,
    source: "config",
    variable: "api_key",
    updatedAt: "2026-03-01T00:00:00Z",
  });
});

Deno.test("an empty value counts as unset in every source", () => {
  const stored = canary.xaiKey("config");
  const resolved = resolveCredentials(
    "xai",
    sources({
      env: { OMNIMANCER_XAI_API_KEY: "", XAI_API_KEY: "" },
      dotenvCwd: { XAI_API_KEY: "" },
      config: { api_key: stored },
    }),
  );
  assert.equal(resolved.fields.api_key?.value, stored);
  const none = resolveCredentials("xai", sources({ config: { api_key: "" } }));
  assert.deepEqual(none, { provider: "xai", fields: {}, missing: ["api_key"] });
});

Deno.test("Bedrock resolves each field on its own and reports what is missing", () => {
  const id = canary.awsAccessKeyId();
  const secret = canary.awsSecretAccessKey();
  const resolved = resolveCredentials(
    "bedrock",
    sources({
      env: { AWS_ACCESS_KEY_ID: id, AWS_DEFAULT_REGION: "eu-west-3" },
      dotenvCwd: { AWS_SECRET_ACCESS_KEY: secret, AWS_REGION: "us-west-2" },
      config: { aws_session_token: canary.awsSessionToken(), region: "ap-south-1" },
    }),
  );
  assert.deepEqual(resolved.fields.access_key_id, {
    value: id,
    source: "env",
    variable: "AWS_ACCESS_KEY_ID",
  });
  assert.deepEqual(resolved.fields.secret_access_key, {
    value: secret,
    source: ".env",
    variable: "AWS_SECRET_ACCESS_KEY",
  });
  assert.deepEqual(resolved.fields.region, {
    value: "eu-west-3",
    source: "env",
    variable: "AWS_DEFAULT_REGION",
  });
  assert.equal(resolved.fields.session_token?.source, "config");
  assert.equal(resolved.fields.session_token?.variable, "aws_session_token");
  assert.deepEqual(resolved.missing, []);

  assert.deepEqual(resolveCredentials("bedrock", sources({})).missing, [
    "access_key_id",
    "secret_access_key",
    "region",
  ]);
  assert.deepEqual(
    resolveCredentials("bedrock", sources({ env: { AWS_ACCESS_KEY_ID: id } })).missing,
    ["secret_access_key", "region"],
  );
  assert.deepEqual(
    resolveCredentials(
      "bedrock",
      sources({ env: { AWS_BEARER_TOKEN_BEDROCK: canary.bedrockApiKey() } }),
    )
      .missing,
    ["region"],
  );
  assert.deepEqual(
    resolveCredentials(
      "bedrock",
      sources({ config: { api_key: canary.bedrockApiKey(), region: "us-east-1" } }),
    ).missing,
    [],
  );
});

Deno.test("aliases, custom providers and providers without credentials", () => {
  const claude = resolveCredentials(
    "claude",
    sources({ env: { CLAUDE_API_KEY: canary.anthropicKey() } }),
  );
  assert.equal(claude.provider, "anthropic");
  assert.equal(claude.fields.api_key?.variable, "CLAUDE_API_KEY");

  const custom = resolveCredentials("my-proxy", {
    env: (name) => name === "OMNIMANCER_MY_PROXY_API_KEY" ? "CANARYproxy" : undefined,
    dotenvCwd: { OPENAI_API_KEY: canary.openaiProjectKey() },
    dotenvConfig: {},
    config: undefined,
  });
  assert.deepEqual(custom, {
    provider: "my-proxy",
    fields: {
      api_key: { value: "CANARYproxy", source: "env", variable: "OMNIMANCER_MY_PROXY_API_KEY" },
    },
    missing: [],
  });

  for (const provider of ["ollama", "mock"]) {
    assert.deepEqual(
      resolveCredentials(provider, sources({ env: { OPENAI_API_KEY: canary.openaiProjectKey() } })),
      { provider, fields: {}, missing: [] },
    );
  }
});

Deno.test("config fields that are not strings are ignored", () => {
  const resolved = resolveCredentials(
    "mistral",
    sources({ config: { api_key: 42 as unknown as string, key_updated_at: "2026-01-01" } }),
  );
  assert.deepEqual(resolved.missing, ["api_key"]);
});

Deno.test("missingCredentialMessage names the variable and the command that fix it", () => {
  assert.equal(
    missingCredentialMessage("openai"),
    'No API key for openai: set OPENAI_API_KEY or run "omn keys set openai"',
  );
  assert.equal(
    missingCredentialMessage("claude"),
    'No API key for anthropic: set ANTHROPIC_API_KEY or run "omn keys set anthropic"',
  );
  assert.equal(
    missingCredentialMessage("azure"),
    'No API key for azure: set AZURE_OPENAI_KEY or run "omn keys set azure"',
  );
  assert.equal(
    missingCredentialMessage("bedrock"),
    "No AWS credentials for bedrock: set AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_REGION" +
      ' or run "omn keys set bedrock"',
  );
  assert.equal(
    missingCredentialMessage("bedrock", ["region"]),
    'No AWS region for bedrock: set AWS_REGION or run "omn keys set bedrock"',
  );
  assert.equal(
    missingCredentialMessage("vertex"),
    "No service account file for vertex: set GOOGLE_APPLICATION_CREDENTIALS" +
      ' or run "omn keys set vertex"',
  );
  assert.equal(
    missingCredentialMessage("my-proxy"),
    'No API key for my-proxy: set OMNIMANCER_MY_PROXY_API_KEY or run "omn keys set my-proxy"',
  );
  assert.equal(missingCredentialMessage("ollama"), "Ollama does not use credentials");
});

Deno.test("Vertex takes a service account file or a stored service account key", () => {
  assert.deepEqual(resolveCredentials("vertex", sources({})).missing, ["credentials_file"]);
  const path = resolveCredentials(
    "vertex",
    sources({ dotenvCwd: { GOOGLE_APPLICATION_CREDENTIALS: "/secrets/CANARY.json" } }),
  );
  assert.deepEqual(path.missing, []);
  assert.equal(path.fields.credentials_file?.source, ".env");
  const stored = resolveCredentials(
    "vertex",
    sources({ config: { service_account: canary.serviceAccountJson() } }),
  );
  assert.deepEqual(stored.missing, []);
  assert.equal(stored.fields.service_account?.variable, "service_account");
});
