/**
 * Which model runs each item of `omn batch`: the item's provider and model,
 * else the batch's, each combination created once.
 *
 * @module
 */
import { chooseProvider } from "../providers/choose_provider.ts";
import { type ModelChoice, resolveModelChoice } from "../providers/model_choice.ts";
import type { BatchItem } from "./parse_batch_line.ts";
import type { ItemModel } from "./run_batch.ts";
import { createItemModel, type ItemModelContext } from "./create_item_model.ts";

/** Creates each item's model, once per combination. */
export interface ModelResolver {
  /** The model of an item (rejects with the error that fails the item). */
  forItem(item: BatchItem): Promise<ItemModel>;
  /** The model of the items that set no provider or model (undefined without a batch provider). */
  forBatch(): Promise<ItemModel> | undefined;
}

/**
 * The model of each item: its provider (else `--provider`, else the
 * config's default), its model (else, for items of the batch's provider,
 * `--model`), the batch's `--base-url` for items of the batch's provider,
 * and the rate limits of that provider and key. Each combination is created
 * once; an item whose model cannot be created fails with that error.
 *
 * @param batchProvider the batch's provider (`--provider`, else the config's default), if any.
 * @param options.create creates one model; injectable for tests.
 */
export function modelResolver(
  batchProvider: string | undefined,
  context: ItemModelContext,
  options: { create?: typeof createItemModel } = {},
): ModelResolver {
  const create = options.create ?? createItemModel;
  const { flags, config } = context;
  const models = new Map<string, Promise<ItemModel>>();
  const modelFor = (provider: string, modelId: string | undefined) => {
    const baseUrl = provider === batchProvider ? flags.baseUrl : undefined;
    const key = JSON.stringify([provider, modelId ?? null, baseUrl ?? null]);
    let model = models.get(key);
    if (!model) {
      model = create({ provider, modelId, baseUrl }, context);
      models.set(key, model);
    }
    return model;
  };
  return {
    forItem(item) {
      let provider: string;
      let itemChoice: ModelChoice;
      try {
        itemChoice = resolveModelChoice(item, config);
        provider = chooseProvider(
          [itemChoice.provider, batchProvider],
          config,
          'set "provider" in the item, pass --provider NAME, or set default_provider in the config',
        );
      } catch (error) {
        return Promise.reject(error);
      }
      return modelFor(
        provider,
        itemChoice.model ?? (provider === batchProvider ? flags.model : undefined),
      );
    },
    forBatch() {
      return batchProvider === undefined ? undefined : modelFor(batchProvider, flags.model);
    },
  };
}
