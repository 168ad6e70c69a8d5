/**
 * Error messages built from input never quote a key, whole or in part: the
 * class is every message that names what the user gave (a batch line that
 * is not JSON, an unknown field or config key, a bad value, a conversation
 * id, a schema or conversation file that does not parse). Each is tried
 * with keys no rule recognises without context (Mistral, Azure hex, an AWS
 * secret, a Vault token), never loaded, and with keys known by pattern.
 */
import assert from "node:assert/strict";
import { loadSchema } from "../../src/templates/load_schema.ts";
import { parseBatchLine } from "../../src/batch/parse_batch_line.ts";
import { parseConfig } from "../../src/config/parse_config.ts";
import { getConfigValue, setConfigValue } from "../../src/config/schema.ts";
import { checkConversationId } from "../../src/history/conversation_id.ts";
import { parseConversation } from "../../src/history/parse_conversation.ts";
import { clearKnownSecrets, redact } from "../../src/security/redact.ts";
import { looksLikeName, quoteName } from "../../src/security/quote_input.ts";
import { xaiKey } from "../credentials/_canaries.ts";
import { assertNoLeak, knownCanaries, type LeakCanary, patternCanaries } from "./_leak_checks.ts";

/** Every canary, none of them registered: the redactor knows none by value. */
function unloaded(): LeakCanary[] {
  clearKnownSecrets();
  return [
    ...knownCanaries("Q"),
    ...patternCanaries("Q"),
    { name: "xAI key", value: xaiKey("Q"), publicPrefix: "xai-" },
  ];
}

/** The message of what `run` throws (or returns), as the user would see it: redacted. */
async function messageOf(run: () => unknown): Promise<string> {
  try {
    const value = await run();
    return redact(typeof value === "string" ? value : JSON.stringify(value));
  } catch (error) {
    return redact(error instanceof Error ? error.message : String(error));
  }
}

Deno.test("looksLikeName: names are quoted, keys never", () => {
  for (const name of ["colour", "first_byte_timeout_ms", "Open AI", "sytem", "gpt-4o-mini", "v1"]) {
    assert.ok(looksLikeName(name), name);
    assert.equal(quoteName(name), `"${name}"`);
  }
  for (const canary of unloaded()) {
    assert.ok(!looksLikeName(canary.value), canary.name);
    assert.equal(quoteName(canary.value, "field"), `a field of ${canary.value.length} characters`);
  }
});

Deno.test("batch: a line that is a key, or holds one as a field name, is never quoted", async () => {
  for (const canary of unloaded()) {
    for (
      const line of [
        canary.value,
        `${canary.value} {"id": 1}`,
        `{"id": 1, "prompt": "hi", "${canary.value}": 1}`,
        `{"id": 1, "prompt": "hi"} ${canary.value}`,
      ]
    ) {
      const parsed = parseBatchLine(line, 3);
      assert.equal(parsed.kind, "malformed");
      const message = await messageOf(() => parsed);
      assertNoLeak(message, canary, `batch line ${JSON.stringify(line.slice(0, 20))}`);
      assert.match(message, /Line 3: /);
    }
  }
  assert.deepEqual(parseBatchLine("xai-123", 2), {
    kind: "malformed",
    id: 2,
    message: 'Line 2: not JSON: unexpected "x" at column 1',
  });
});

Deno.test("config: an unknown property or key named by a key is never quoted", async () => {
  for (const canary of unloaded()) {
    const texts = [
      `{"version": 1, "${canary.value}": 1}`,
      `{"version": 1, "settings": {"${canary.value}": true}}`,
      `{"version": 1, "providers": {"openai": {"${canary.value}": "x"}}}`,
      `{"version": 1, ${canary.value}}`,
      `${canary.value}`,
    ];
    for (const text of texts) {
      assertNoLeak(
        await messageOf(() => parseConfig(text, "/c.json")),
        canary,
        `config ${text.slice(0, 30)}`,
      );
    }
    for (
      const key of [
        canary.value,
        `settings.${canary.value}`,
        `providers.openai.${canary.value}`,
        `providers.${canary.value}.api_key`,
      ]
    ) {
      assertNoLeak(
        await messageOf(() => getConfigValue({ version: 1 }, key)),
        canary,
        `config get ${key.slice(0, 20)}`,
      );
      assertNoLeak(
        await messageOf(() => setConfigValue({ version: 1 }, key, "x")),
        canary,
        `config set ${key.slice(0, 20)}`,
      );
    }
    assertNoLeak(
      await messageOf(() => setConfigValue({ version: 1 }, "settings.color", canary.value)),
      canary,
      "a bad boolean value",
    );
  }
});

Deno.test("conversation ids, --schema and conversation files: no key quoted", async () => {
  for (const canary of unloaded()) {
    assertNoLeak(await messageOf(() => checkConversationId(`${canary.value}/x`)), canary, "an id");
    assertNoLeak(
      await messageOf(() => checkConversationId(`.${canary.value}`)),
      canary,
      "an id",
    );
    assertNoLeak(
      await messageOf(() => loadSchema(`{"type": ${canary.value}}`)),
      canary,
      "--schema",
    );
    assertNoLeak(
      await messageOf(() => parseConversation(`${canary.value}`, "/c.json")),
      canary,
      "a conversation file",
    );
  }
});

Deno.test("provider names and provider settings: a key given as one is never quoted, not even lowercased", async () => {
  const { canonicalProvider, createModel } = await import("../../src/providers/registry.ts");
  const { vertexEndpoint } = await import("../../src/providers/vertex.ts");
  for (const canary of unloaded()) {
    const message = await messageOf(() => canonicalProvider(canary.value));
    assertNoLeak(message, canary, "an unknown provider");
    const lower = canary.value.toLowerCase();
    for (let start = 0; start + 12 <= lower.length; start++) {
      assert.ok(!message.includes(lower.slice(start, start + 12)), `${canary.name} lowercased`);
    }
    assert.match(message, /providers\.NAME\.base_url/);
    assertNoLeak(
      await messageOf(() =>
        createModel({ provider: "mock", modelId: canary.value, config: { version: 1 } } as never)
      ),
      canary,
      "an unknown mock model",
    );
    assertNoLeak(
      await messageOf(() => vertexEndpoint("project", canary.value)),
      canary,
      "a location",
    );
    assertNoLeak(
      await messageOf(() => vertexEndpoint(canary.value, "global")),
      canary,
      "a project",
    );
  }
  assert.match(
    await messageOf(() => canonicalProvider("my-gateway")),
    /Unknown provider "my-gateway".*providers\.my-gateway\.base_url/,
  );
});
