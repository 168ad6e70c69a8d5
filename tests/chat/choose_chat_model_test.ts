import assert from "node:assert/strict";
import { chooseChatModel } from "../../src/chat/choose_chat_model.ts";
import type { Config } from "../../src/config/schema.ts";
import { testSession } from "./_chat_helpers.ts";

const config: Config = {
  version: 1,
  model_aliases: {
    fast: "openai/gpt-4o-mini",
    claude: "anthropic/claude-haiku-4-5",
    bad: "nowhere/x",
  },
};

Deno.test("chooseChatModel: an alias opens its provider and model", () => {
  assert.deepEqual(chooseChatModel("fast", "mock", config), {
    provider: "openai",
    model: "gpt-4o-mini",
  });
  assert.deepEqual(chooseChatModel("claude", "openai", config), {
    provider: "anthropic",
    model: "claude-haiku-4-5",
  });
});

Deno.test("chooseChatModel: PROVIDER/MODEL switches provider when the prefix is a known provider", () => {
  assert.deepEqual(chooseChatModel("anthropic/claude-sonnet-4-5", "openai", config), {
    provider: "anthropic",
    model: "claude-sonnet-4-5",
  });
  assert.deepEqual(chooseChatModel("Claude/claude-sonnet-4-5", "openai", config), {
    provider: "anthropic",
    model: "claude-sonnet-4-5",
  });
  // Not a provider: the whole id goes to the session's provider.
  assert.deepEqual(chooseChatModel("library/llama3", "ollama", config), {
    provider: "ollama",
    model: "library/llama3",
  });
  assert.deepEqual(chooseChatModel("gpt-4o", "openai", config), {
    provider: "openai",
    model: "gpt-4o",
  });
});

Deno.test("chooseChatModel: on OpenRouter a vendor/model id stays on OpenRouter", () => {
  assert.deepEqual(chooseChatModel("anthropic/claude-sonnet-4.5", "openrouter", config), {
    provider: "openrouter",
    model: "anthropic/claude-sonnet-4.5",
  });
  assert.deepEqual(chooseChatModel("openrouter/openai/gpt-4o-mini", "openai", config), {
    provider: "openrouter",
    model: "openai/gpt-4o-mini",
  });
  // An alias still wins on OpenRouter.
  assert.deepEqual(chooseChatModel("fast", "openrouter", config).provider, "openai");
});

Deno.test("chooseChatModel: a custom endpoint of the config counts as a provider", () => {
  const custom: Config = { version: 1, providers: { lab: { base_url: "http://127.0.0.1:9/v1" } } };
  assert.deepEqual(chooseChatModel("lab/qwen", "openai", custom), {
    provider: "lab",
    model: "qwen",
  });
});

Deno.test("chooseChatModel: an alias whose target names no provider is a usage error", () => {
  assert.throws(() => chooseChatModel("bad", "openai", config), /Cannot use model alias "bad"/);
});

Deno.test("/model resolves aliases and PROVIDER/MODEL in a session", async () => {
  await using test = await testSession({ config });
  await test.session.command("model", "fast");
  assert.equal(test.session.model.provider, "openai");
  assert.equal(test.session.model.modelId, "gpt-4o-mini");
  await test.session.command("model", "anthropic/claude-sonnet-4-5");
  assert.equal(test.session.model.provider, "anthropic");
  assert.equal(test.session.model.modelId, "claude-sonnet-4-5");
  await test.session.command("model", "claude-x");
  assert.deepEqual(test.opened, [
    "openai/gpt-4o-mini",
    "anthropic/claude-sonnet-4-5",
    "anthropic/claude-x",
  ]);
  assert.match(test.context.stderr(), /Provider anthropic, model claude-x/);
});
