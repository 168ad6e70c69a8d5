import assert from "node:assert/strict";
import { modelResolver } from "../../src/batch/model_resolver.ts";
import type { ItemModelContext, ItemModelTarget } from "../../src/batch/create_item_model.ts";
import type { ItemModel } from "../../src/batch/run_batch.ts";
import type { BatchFlags } from "../../src/batch/batch_flags.ts";
import type { LoadedSources } from "../../src/credentials/load_credential_sources.ts";
import { RefusalError, UsageError } from "../../src/core/errors.ts";
import { memoryContext } from "../cli/_memory_io.ts";

const flags: BatchFlags = {
  resume: false,
  retryFailed: false,
  ordered: false,
  concurrency: 4,
  export: false,
  list: false,
  model: "gpt-batch",
  baseUrl: "http://127.0.0.1:9/v1",
};

/** A resolver whose models are the targets they were created for, counted. */
function resolver(batchProvider: string | undefined) {
  const created: ItemModelTarget[] = [];
  const context: ItemModelContext = {
    flags,
    config: { version: 1 },
    sourcesFor: (() => {
      throw new Error("not used");
    }) as unknown as LoadedSources,
    configDir: "/nonexistent",
    io: memoryContext().io,
  };
  const models = modelResolver(batchProvider, context, {
    create: (target) => {
      created.push(target);
      return Promise.resolve({ model: target } as unknown as ItemModel);
    },
  });
  return { models, created };
}

Deno.test("items of the batch's provider get --model and --base-url; other providers neither", async () => {
  const { models, created } = resolver("openai");
  assert.deepEqual((await models.forBatch())?.model, {
    provider: "openai",
    modelId: "gpt-batch",
    baseUrl: "http://127.0.0.1:9/v1",
  });
  assert.deepEqual((await models.forItem({ id: 1, prompt: "p", model: "gpt-item" })).model, {
    provider: "openai",
    modelId: "gpt-item",
    baseUrl: "http://127.0.0.1:9/v1",
  });
  assert.deepEqual((await models.forItem({ id: 2, prompt: "p", provider: "mock" })).model, {
    provider: "mock",
    modelId: undefined,
    baseUrl: undefined,
  });
  assert.equal(created.length, 3);
});

Deno.test("each combination of provider, model and endpoint is created once", async () => {
  const { models, created } = resolver("openai");
  const first = models.forBatch();
  await Promise.all([
    first,
    models.forItem({ id: 1, prompt: "p" }),
    models.forItem({ id: 2, prompt: "p", provider: "openai", model: "gpt-batch" }),
    models.forItem({ id: 3, prompt: "p", provider: "mock" }),
    models.forItem({ id: 4, prompt: "p", provider: "mock" }),
  ]);
  assert.equal(models.forItem({ id: 5, prompt: "p" }), first);
  assert.deepEqual(created.map((target) => target.provider), ["openai", "mock"]);
});

Deno.test("without a batch provider, forBatch is undefined and an item without one fails naming the fix", async () => {
  const { models, created } = resolver(undefined);
  assert.equal(models.forBatch(), undefined);
  await assert.rejects(models.forItem({ id: 1, prompt: "p" }), (error: Error) => {
    assert.ok(error instanceof RefusalError, String(error));
    assert.match(error.message, /set "provider" in the item, pass --provider NAME/);
    return true;
  });
  await assert.rejects(models.forItem({ id: 2, prompt: "p", provider: "nosuch" }), UsageError);
  assert.deepEqual(created, []);
});
