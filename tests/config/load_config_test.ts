/**
 * `loadConfig` (zod loaded only when a config holds more than its version)
 * gives what `parseConfig` gives: the same config, or the same error.
 */
import assert from "node:assert/strict";
import { loadConfig } from "../../src/config/load_config.ts";
import { parseConfig } from "../../src/config/parse_config.ts";
import { isEmptyConfigJson } from "../../src/config/read_config_json.ts";
import { PROFILE_FIELDS } from "../../src/config/config_constants.ts";
import { ProfileSchema } from "../../src/config/schema.ts";

const TEXTS = [
  '{ "version": 1 }',
  '\uFEFF{"version":1}',
  '{ "version": 1, "settings": { "color": false } }',
  '{ "version": 1, "settings": { "colour": false } }',
  '{ "version": 1, "providers": { "openai": { "base_url": "ftp://x" } } }',
  '{ "version": "1" }',
  '{ "version": 1.0 }',
  '{ "version": 2 }',
  '{ "version": 0 }',
  "{}",
  "[]",
  "null",
  "1",
  '"version"',
  "",
  "{",
  '{ "version": 1, }',
  '{ "version": 1, "version": 1 }',
  '{ "version": 1, "__proto__": {} }',
  '{ "version": 1, "profiles": {} }',
  '{ "version": 1, "default_provider": "Bad Id" }',
];

async function outcome(run: () => unknown): Promise<unknown> {
  try {
    return { config: await run() };
  } catch (error) {
    return { error: (error as Error).constructor.name, message: (error as Error).message };
  }
}

Deno.test("loadConfig gives the config or the error parseConfig gives", async () => {
  for (const text of TEXTS) {
    const lazy = await outcome(() => loadConfig(text, "/home/config.json"));
    const eager = await outcome(() => parseConfig(text, "/home/config.json"));
    assert.deepEqual(lazy, eager, text);
  }
});

Deno.test("only { version: 1 } and nothing else is the empty config", () => {
  assert.equal(isEmptyConfigJson({ version: 1 }), true);
  for (
    const data of [{}, { version: 2 }, { version: "1" }, { version: 1, settings: {} }, [1], null]
  ) {
    assert.equal(isEmptyConfigJson(data), false, JSON.stringify(data));
  }
  assert.equal(isEmptyConfigJson(JSON.parse('{ "version": 1, "__proto__": {} }')), false);
});

Deno.test("PROFILE_FIELDS are the keys of the profile schema", () => {
  assert.deepEqual([...PROFILE_FIELDS], Object.keys(ProfileSchema.shape));
});

Deno.test("a __proto__ key anywhere is refused, never dropped by the next write", async () => {
  // JSON.parse keeps it as an own key; the validated config made it a prototype, so the entry
  // was invisible to omn and "config set" then rewrote the file without it.
  for (
    const [text, where] of [
      ['{ "version": 1, "templates": { "__proto__": { "prompt": "x" } } }', "templates.__proto__"],
      ['{ "version": 1, "providers": { "__proto__": { "openai": {} } } }', "providers.__proto__"],
      ['{ "version": 1, "__proto__": { "version": 1 } }', "__proto__"],
    ]
  ) {
    await assert.rejects(
      loadConfig(text, "config.json"),
      (error) =>
        error instanceof Error &&
        error.message.startsWith(
          `Invalid config "config.json": ${where}: "__proto__" cannot be a key (fix the file`,
        ),
    );
  }
});
