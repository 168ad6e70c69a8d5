import assert from "node:assert/strict";
import { modelsCommand } from "../../../src/cli/commands/models.ts";
import type { ModelAliasOptions } from "../../../src/models/run_model_alias.ts";
import type { ModelsOptions } from "../../../src/models/run_models.ts";
import { memoryContext } from "../_memory_io.ts";

async function parse(argv: string[]): Promise<ModelsOptions | ModelAliasOptions> {
  let parsed: ModelsOptions | ModelAliasOptions | undefined;
  const capture = (options: ModelsOptions | ModelAliasOptions) => {
    parsed = options;
    return Promise.resolve();
  };
  const command = modelsCommand(memoryContext(), capture, capture)
    .exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  await command.parseAsync(argv, { from: "user" });
  assert.ok(parsed, "the action ran");
  return parsed;
}

Deno.test("models: --json lists the catalogue as JSON; --refresh and a provider pass through", async () => {
  assert.deepEqual(await parse([]), { provider: undefined, json: false, refresh: false });
  assert.deepEqual(await parse(["openai", "--json", "--refresh"]), {
    provider: "openai",
    json: true,
    refresh: true,
  });
});

Deno.test("models alias: --json after the verb prints JSON (README: omn models alias --json)", async () => {
  for (const argv of [["alias", "--json"], ["--json", "alias"]]) {
    assert.deepEqual(await parse(argv), {
      name: undefined,
      target: undefined,
      remove: false,
      json: true,
    }, argv.join(" "));
  }
  assert.deepEqual(await parse(["alias", "fast", "openai/gpt-4o-mini"]), {
    name: "fast",
    target: "openai/gpt-4o-mini",
    remove: false,
    json: false,
  });
  assert.deepEqual(await parse(["alias", "--rm", "fast"]), {
    name: "fast",
    target: undefined,
    remove: true,
    json: false,
  });
});
