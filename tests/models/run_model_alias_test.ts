import assert from "node:assert/strict";
import { RefusalError, UsageError } from "../../src/core/errors.ts";
import { runModelAlias } from "../../src/models/run_model_alias.ts";
import { runModels } from "../../src/models/run_models.ts";
import { resolveModelChoice } from "../../src/providers/model_choice.ts";
import { memoryContext } from "../cli/_memory_io.ts";
import { modeOf, namesIn } from "../config/_helpers.ts";
import { openaiProjectKey } from "../credentials/_canaries.ts";

async function workspace() {
  const root = await Deno.makeTempDir({ prefix: "omn-alias-test-" });
  const home = `${root}/home`;
  const run = async (
    name?: string,
    target?: string,
    extra: { remove?: boolean; json?: boolean } = {},
  ) => {
    const context = memoryContext({ env: { OMNIMANCER_HOME: home } });
    await runModelAlias(
      { name, target, remove: extra.remove ?? false, json: extra.json ?? false },
      context,
    );
    await context.io.close();
    return context;
  };
  return { root, home, run, [Symbol.asyncDispose]: () => Deno.remove(root, { recursive: true }) };
}

Deno.test("models alias adds, shows, lists and removes aliases in the config (0600, backed up)", async () => {
  await using test = await workspace();
  await test.run("fast", "OpenAI/gpt-4o-mini");
  await test.run("sonnet", "openrouter/anthropic/claude-sonnet-4.5");
  assert.equal(
    (await test.run()).stdout(),
    "fast\topenai/gpt-4o-mini\nsonnet\topenrouter/anthropic/claude-sonnet-4.5\n",
  );
  assert.deepEqual(JSON.parse((await test.run("fast", undefined, { json: true })).stdout()), {
    fast: "openai/gpt-4o-mini",
  });
  const file = `${test.home}/config.json`;
  assert.equal(await modeOf(file), 0o600);
  assert.deepEqual(JSON.parse(await Deno.readTextFile(file)).model_aliases, {
    fast: "openai/gpt-4o-mini",
    sonnet: "openrouter/anthropic/claude-sonnet-4.5",
  });
  assert.ok((await namesIn(`${test.home}/backups`)).length >= 1, "the previous file is backed up");
  const models = memoryContext({ env: { OMNIMANCER_HOME: test.home } });
  await runModels({ provider: "openai", json: true, refresh: false }, models);
  await models.io.close();
  assert.deepEqual(JSON.parse(models.stdout()).aliases, { fast: "openai/gpt-4o-mini" });
  await test.run("fast", undefined, { remove: true });
  assert.equal((await test.run()).stdout(), "sonnet\topenrouter/anthropic/claude-sonnet-4.5\n");
  await test.run("sonnet", undefined, { remove: true });
  assert.equal("model_aliases" in JSON.parse(await Deno.readTextFile(file)), false);
});

Deno.test("models alias refuses bad names, unknown providers, missing aliases (exit 2) and secrets (exit 3)", async () => {
  await using test = await workspace();
  for (
    const [name, target] of [["a/b", "openai/x"], ["../x", "openai/x"], ["ok", "nowhere/x"], [
      "ok",
      "gpt-4o",
    ], ["ok", "openai/"]]
  ) {
    await assert.rejects(test.run(name, target), UsageError, `${name} ${target}`);
  }
  await assert.rejects(test.run("missing", undefined, { remove: true }), UsageError);
  const key = openaiProjectKey("a");
  const refused = test.run("leak", `openai/${key}`);
  await assert.rejects(
    refused,
    (error: unknown) => error instanceof RefusalError && !String(error).includes(key),
  );
  const keyId = "AKIA" + "QWERTYUIOPASDFGH";
  await assert.rejects(test.run(keyId, "openai/gpt-4o"), RefusalError);
  const exists = await Deno.stat(`${test.home}/config.json`).then(() => true, () => false);
  if (exists) assert.ok(!(await Deno.readTextFile(`${test.home}/config.json`)).includes(key));
});

Deno.test("a model alias named like a property every object has is an alias like any other", async () => {
  // review: aliases[name] read Object's properties: --rm toString said it removed an alias that
  // was not there, and -m toString with any alias set was read as an alias with no provider.
  await using test = await workspace();
  await test.run("fast", "openai/gpt-4o-mini");
  await assert.rejects(test.run("toString", undefined, { remove: true }), UsageError);
  await assert.rejects(test.run("constructor"), UsageError);
  const config = JSON.parse(await Deno.readTextFile(`${test.home}/config.json`));
  assert.deepEqual(resolveModelChoice({ provider: "mock", model: "toString" }, config), {
    provider: "mock",
    model: "toString",
  });
});
