import assert from "node:assert/strict";
import { createItemModel, type ItemModelContext } from "../../src/batch/create_item_model.ts";
import type { BatchFlags } from "../../src/batch/batch_flags.ts";
import type { Config } from "../../src/config/schema.ts";
import type { LoadedSources } from "../../src/credentials/load_credential_sources.ts";
import { fingerprint } from "../../src/security/fingerprint.ts";
import { memoryContext } from "../cli/_memory_io.ts";
import { openaiProjectKey } from "../credentials/_canaries.ts";

const KEY = openaiProjectKey("ITEMMODEL");

const flags: BatchFlags = {
  resume: false,
  retryFailed: false,
  ordered: false,
  concurrency: 4,
  export: false,
  list: false,
};

/** A context over a temporary config directory, the OpenAI key in the environment. */
async function itemContext(config: Config, batchFlags: BatchFlags = flags) {
  const configDir = await Deno.makeTempDir({ prefix: "omn-item-model-" });
  const prepared: string[] = [];
  const env: Record<string, string> = { OPENAI_API_KEY: KEY };
  const sourcesFor = ((provider: string) => ({
    env: (name: string) => env[name],
    dotenvCwd: {},
    dotenvConfig: {},
    config: config.providers?.[provider],
  })) as LoadedSources;
  sourcesFor.prepare = (provider) => {
    prepared.push(provider);
    return Promise.resolve();
  };
  const memory = memoryContext();
  const context: ItemModelContext = {
    flags: batchFlags,
    config,
    sourcesFor,
    configDir,
    io: memory.io,
  };
  return { context, prepared, configDir, memory };
}

async function textsIn(dir: string): Promise<string> {
  let all = "";
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile) all += await Deno.readTextFile(`${dir}/${entry.name}`);
  }
  return all;
}

Deno.test("mock and loopback endpoints get no default batch limits; the provider is prepared first", async () => {
  const { context, prepared, configDir } = await itemContext({ version: 1 });
  const mock = await createItemModel({ provider: "mock" }, context);
  assert.equal(mock.acquire, undefined);
  assert.equal(mock.settle, undefined);
  const local = await createItemModel(
    { provider: "openai", baseUrl: "http://127.0.0.1:9/v1" },
    context,
  );
  assert.equal(local.acquire, undefined);
  assert.deepEqual(prepared, ["mock", "openai"]);
  await Deno.remove(configDir, { recursive: true });
});

Deno.test("a remote endpoint gets the batch limits, shared under the key's fingerprint, never the key", async () => {
  const { context, configDir, memory } = await itemContext({ version: 1 });
  const item = await createItemModel({ provider: "openai" }, context);
  assert.ok(item.acquire && item.settle, "limited");
  await item.acquire(100);
  await item.settle(-20);
  const state = await textsIn(configDir);
  assert.ok(state.includes(fingerprint(KEY)), state);
  assert.ok(!state.includes(KEY) && !state.includes("ITEMMODEL"), state);
  assert.ok(!memory.stderr().includes("ITEMMODEL"), memory.stderr());
  await Deno.remove(configDir, { recursive: true });
});

Deno.test("configured limits apply even on loopback; 0 from a flag lifts them", async () => {
  const config: Config = {
    version: 1,
    providers: { openai: { base_url: "http://127.0.0.1:9/v1", requests_per_minute: 5 } },
  };
  const limited = await itemContext(config);
  assert.ok((await createItemModel({ provider: "openai" }, limited.context)).acquire);
  const lifted = await itemContext(config, { ...flags, requestsPerMinute: 0 });
  assert.equal((await createItemModel({ provider: "openai" }, lifted.context)).acquire, undefined);
  await Deno.remove(limited.configDir, { recursive: true });
  await Deno.remove(lifted.configDir, { recursive: true });
});
