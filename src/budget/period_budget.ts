/**
 * The daily and monthly caps of the config's `budgets` (per profile, and
 * per provider within it), checked against the spend ledger before each
 * request, across every `omn` process: a request whose estimate would take
 * a cap's spend past it is refused (exit 5, `budget_exceeded`); a request
 * allowed reserves its estimate in the ledger, and its reply settles the
 * reservation with its real cost.
 *
 * @module
 */
import type { Config } from "../config/schema.ts";
import type { GenerateRequest, LanguageModel, ModelEvent } from "../providers/language_model.ts";
import { BudgetError } from "./budget_error.ts";
import { modelPrice, priceOf } from "./model_price.ts";
import { applicableCaps, type PeriodCap, type SpendLine, spentAgainst } from "./period_spend.ts";
import { withSpendLedger } from "./spend_ledger.ts";
import { estimateUsd, usd } from "./spending_cap.ts";

/** What a {@linkcode PeriodBudget} needs. */
export interface PeriodBudgetOptions {
  /** The config directory, where `spend.jsonl` is. */
  dir: string;
  /** The profile whose `budgets` apply. */
  profile: string;
  config: Config;
  /** `--allow-unpriced`. */
  allowUnpriced: boolean;
  now?: () => Date;
}

/** The `budgets` caps of one run's profile. */
export class PeriodBudget {
  #options: PeriodBudgetOptions;

  constructor(options: PeriodBudgetOptions) {
    this.#options = options;
  }

  /** `model` checked against the caps before each request, its replies recorded in the ledger. */
  wrap(model: LanguageModel): LanguageModel {
    const { config, profile, dir } = this.#options;
    const caps = applicableCaps(config.budgets, model.provider);
    if (caps.length === 0) return model;
    const now = this.#options.now ?? (() => new Date());
    const price = modelPrice(model.provider, model.modelId, config);
    const allowUnpriced = this.#options.allowUnpriced;
    return {
      provider: model.provider,
      modelId: model.modelId,
      async *stream(request: GenerateRequest): AsyncIterable<ModelEvent> {
        if (price === undefined && !allowUnpriced) {
          throw new BudgetError(
            `Cannot check ${
              caps[0].key
            } for model "${model.provider}/${model.modelId}": it has no price; set models.${model.modelId}.input_usd_per_mtok and output_usd_per_mtok in the config file (omn config path names it; omn config set does not take prices), or pass --allow-unpriced`,
            "budget_unpriced",
          );
        }
        const estimate = price === undefined ? 0 : estimateUsd(price, request);
        const id = crypto.randomUUID();
        const line = (type: SpendLine["type"], amount: number): SpendLine => ({
          type,
          id,
          time: now().toISOString(),
          profile,
          provider: model.provider,
          usd: Number(amount.toFixed(8)),
        });
        await withSpendLedger(dir, (lines) => {
          for (const cap of caps) {
            const spent = spentAgainst(lines, cap, profile, now());
            if (spent + estimate > cap.usd) throw refusal(cap, profile, spent, estimate);
          }
          return [line("reserve", estimate)];
        });
        // A reply that ends without a usage (an error, a cut stream) is counted at its estimate.
        let cost = estimate;
        try {
          for await (const event of model.stream(request)) {
            if (event.type === "finish" && price !== undefined) {
              // A usage that cannot be priced is counted at the request's estimate.
              cost = priceOf(price, event.usage) ?? estimate;
            }
            yield event;
          }
        } finally {
          await withSpendLedger(dir, () => [line("settle", cost)]);
        }
      },
    };
  }
}

/** The refusal of a request that would pass `cap`. */
function refusal(cap: PeriodCap, profile: string, spent: number, estimate: number): BudgetError {
  const whose = cap.provider === undefined
    ? `profile "${profile}"`
    : `provider ${cap.provider} in profile "${profile}"`;
  const when = cap.period === "daily" ? "today (UTC)" : "this month (UTC)";
  return new BudgetError(
    `Cannot send the request: the ${cap.period} cap of ${whose} is ${usd(cap.usd)} (${cap.key}), ${
      usd(spent)
    } spent ${when}, this request estimated at ${
      usd(estimate)
    }; raise ${cap.key} in the config file (omn config path), or wait for the next ${
      cap.period === "daily" ? "day" : "month"
    }`,
  );
}
