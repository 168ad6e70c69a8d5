/**
 * `--max-cost USD`: one run's spending cap. Before each request its cost is
 * estimated (the prompt, with its system prompt and `--schema`, at four characters a token, plus `--max-tokens`, or
 * {@linkcode DEFAULT_REPLY_TOKENS} without it, at the model's price) and the
 * request is refused when the run's spend plus the estimate would pass the
 * cap; after each reply its real cost is added, so a reply that passed the
 * cap stops every later request. The estimates of requests in flight count
 * until their reply is priced, so items running at once cannot together
 * pass the cap on their estimates.
 *
 * @module
 */
import type { Config } from "../config/schema.ts";
import type { GenerateRequest, LanguageModel, ModelEvent } from "../providers/language_model.ts";
import { BudgetError } from "./budget_error.ts";
import { type ModelPrice, modelPrice, priceOf } from "./model_price.ts";

/** The reply tokens a request is estimated at when it sets no `--max-tokens`. */
export const DEFAULT_REPLY_TOKENS = 1024;

/** Formats USD for messages: up to six decimals, no trailing zeros; a positive amount below a millionth as "under $0.000001". */
export function usd(value: number): string {
  // Six decimals would print a cap such as --max-cost 0.0000001 as "$0".
  if (value > 0 && value < 0.000001) return "under $0.000001";
  return `$${Number(value.toFixed(6))}`;
}

/** The settings of a run's cap. */
export interface SpendingCapOptions {
  /** The cap in USD. */
  capUsd: number;
  /** `--allow-unpriced`: a model without a price is used, its cost counted as 0. */
  allowUnpriced: boolean;
  /**
   * After the first refusal, refuse every later request (`batch` stops
   * starting items, so that `--resume` with a higher cap finishes in order).
   */
  stopAtFirstRefusal?: boolean;
  /** Told once per unpriced model used under `allowUnpriced`. */
  onWarning?: (message: string) => void;
}

/** The spend of one run against its `--max-cost`. */
export class SpendingCap {
  readonly capUsd: number;
  #spent = 0;
  /** The estimates of the requests in flight (batch items run at once). */
  #reserved = 0;
  #stopped = false;
  #options: SpendingCapOptions;
  #warned = new Set<string>();

  constructor(options: SpendingCapOptions) {
    this.capUsd = options.capUsd;
    this.#options = options;
  }

  /** What the run has spent so far, in USD. */
  get spentUsd(): number {
    return this.#spent;
  }

  /** Whether the run's spend has passed the cap. */
  get passed(): boolean {
    return this.#spent > this.capUsd;
  }

  /** `model` refusing each request the cap does not allow, and counting each reply's cost. */
  wrap(model: LanguageModel, config: Config): LanguageModel {
    const price = modelPrice(model.provider, model.modelId, config);
    // The returned object's methods need this cap, not the object they are called on.
    // deno-lint-ignore no-this-alias
    const cap = this;
    const name = `${model.provider}/${model.modelId}`;
    return {
      provider: model.provider,
      modelId: model.modelId,
      async *stream(request: GenerateRequest): AsyncIterable<ModelEvent> {
        if (price === undefined && !cap.#options.allowUnpriced) {
          throw new BudgetError(
            `Cannot check --max-cost for model "${name}": it has no price; set models.${model.modelId}.input_usd_per_mtok and output_usd_per_mtok in the config file (omn config path names it; omn config set does not take prices), or pass --allow-unpriced`,
            "budget_unpriced",
          );
        }
        if (price === undefined && !cap.#warned.has(name)) {
          cap.#warned.add(name);
          cap.#options.onWarning?.(
            `Model "${name}" has no price: its cost is not counted against --max-cost (--allow-unpriced)`,
          );
        }
        const estimate = price === undefined ? 0 : estimateUsd(price, request);
        if (cap.#stopped || cap.#spent + cap.#reserved + estimate > cap.capUsd) {
          if (cap.#options.stopAtFirstRefusal) cap.#stopped = true;
          throw new BudgetError(
            `Cannot send the request: --max-cost ${usd(cap.capUsd)} reached (spent ${
              usd(cap.#spent)
            }, this request estimated at ${
              usd(estimate)
            }); raise --max-cost, or lower --max-tokens`,
          );
        }
        cap.#reserved += estimate;
        let reserved = true;
        let priced = false;
        const release = () => {
          if (reserved) cap.#reserved -= estimate;
          reserved = false;
        };
        try {
          for await (const event of model.stream(request)) {
            if (event.type === "finish") {
              release();
              // A usage that cannot be priced is counted at the request's estimate.
              if (price !== undefined) cap.#spent += priceOf(price, event.usage) ?? estimate;
              priced = true;
            }
            yield event;
          }
        } finally {
          // A reply that ends without a usage (an error, a cut stream) is counted at its estimate.
          if (!priced && reserved) cap.#spent += estimate;
          release();
        }
      },
    };
  }
}

/** The estimated cost of a request: its prompt at four characters a token, plus its reply tokens. */
export function estimateUsd(price: ModelPrice, request: GenerateRequest): number {
  return priceOf(price, {
    inputTokens: Math.ceil(promptCharacters(request) / 4),
    outputTokens: request.maxTokens ?? DEFAULT_REPLY_TOKENS,
  }) ?? Number.POSITIVE_INFINITY;
}

/** The characters a request sends: its system prompt, every message and its `--schema`. */
export function promptCharacters(request: GenerateRequest): number {
  return (request.system?.length ?? 0) +
    request.messages.reduce((sum, message) => sum + message.content.length, 0) +
    (request.jsonSchema === undefined ? 0 : JSON.stringify(request.jsonSchema).length);
}
