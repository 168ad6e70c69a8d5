import assert from "node:assert/strict";
import { UsageError } from "../../src/core/errors.ts";
import type { Config } from "../../src/config/schema.ts";
import { resolveModelChoice, splitProviderModel } from "../../src/providers/model_choice.ts";

const CONFIG: Config = {
  version: 1,
  providers: { gateway: { base_url: "https://llm.example.com/v1" } },
  model_aliases: { fast: "openai/gpt-4o-mini", sonnet: "openrouter/anthropic/claude-sonnet-4.5" },
};

Deno.test("PROVIDER/MODEL chooses the provider when the prefix is a known provider", () => {
  assert.deepEqual(resolveModelChoice({ model: "openai/gpt-4o-mini" }, CONFIG), {
    provider: "openai",
    model: "gpt-4o-mini",
  });
  assert.deepEqual(resolveModelChoice({ model: "Claude/claude-haiku-4-5" }, CONFIG), {
    provider: "anthropic",
    model: "claude-haiku-4-5",
  });
  assert.deepEqual(resolveModelChoice({ model: "gateway/my-model" }, CONFIG), {
    provider: "gateway",
    model: "my-model",
  });
  // Only the first slash splits: the rest is the provider's own id.
  assert.deepEqual(
    resolveModelChoice({ model: "openrouter/anthropic/claude-sonnet-4.5" }, CONFIG),
    {
      provider: "openrouter",
      model: "anthropic/claude-sonnet-4.5",
    },
  );
});

Deno.test("an id whose prefix is no provider, or given with --provider, passes through whole", () => {
  assert.deepEqual(resolveModelChoice({ model: "library/llama3" }, CONFIG), {
    model: "library/llama3",
  });
  assert.deepEqual(resolveModelChoice({ model: "meta-llama/llama-3-70b" }, CONFIG), {
    model: "meta-llama/llama-3-70b",
  });
  assert.deepEqual(
    resolveModelChoice({ provider: "openrouter", model: "anthropic/claude-sonnet-4.5" }, CONFIG),
    { provider: "openrouter", model: "anthropic/claude-sonnet-4.5" },
  );
  assert.deepEqual(resolveModelChoice({ provider: "ollama", model: "library/x" }, CONFIG), {
    provider: "ollama",
    model: "library/x",
  });
  for (const odd of ["/gpt-4o", "openai/", "gpt-4o"]) {
    assert.deepEqual(resolveModelChoice({ model: odd }, CONFIG), { model: odd });
  }
  assert.equal(splitProviderModel("unknown/x", CONFIG), undefined);
  assert.deepEqual(resolveModelChoice({ provider: "mock" }, CONFIG), { provider: "mock" });
});

Deno.test("an alias resolves to its provider and model, also with the same --provider", () => {
  assert.deepEqual(resolveModelChoice({ model: "fast" }, CONFIG), {
    provider: "openai",
    model: "gpt-4o-mini",
    alias: "fast",
  });
  assert.deepEqual(resolveModelChoice({ model: "sonnet", provider: "OpenRouter" }, CONFIG), {
    provider: "openrouter",
    model: "anthropic/claude-sonnet-4.5",
    alias: "sonnet",
  });
});

Deno.test("an alias with another --provider, or whose provider is gone, is a usage error", () => {
  assert.throws(
    () => resolveModelChoice({ model: "fast", provider: "anthropic" }, CONFIG),
    (error: unknown) =>
      error instanceof UsageError &&
      error.message ===
        'Cannot use model alias "fast" with --provider anthropic: it stands for openai/gpt-4o-mini; drop --provider or give a model id',
  );
  const gone: Config = { version: 1, model_aliases: { mine: "gateway/my-model" } };
  assert.throws(() => resolveModelChoice({ model: "mine" }, gone), UsageError);
});
