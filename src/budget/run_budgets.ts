/**
 * The spending limits of one run: the profile's `budgets` caps and, with
 * `--max-cost`, the run's own cap. `ask`, `chat` and `batch` open them the
 * same way.
 *
 * @module
 */
import type { Config } from "../config/schema.ts";
import { PeriodBudget } from "./period_budget.ts";
import { SpendingCap } from "./spending_cap.ts";

/** What {@linkcode runBudgets} needs. */
export interface RunBudgetsOptions {
  /** The config directory, where `spend.jsonl` is. */
  dir: string;
  /** The profile whose `budgets` apply. */
  profile: string;
  config: Config;
  /** `--max-cost`, when given. */
  maxCost?: number;
  /** `--allow-unpriced`. */
  allowUnpriced?: boolean;
  /** After the first refusal of `--max-cost`, refuse every later request (`batch`). */
  stopAtFirstRefusal?: boolean;
  /** Told once per unpriced model used under `--allow-unpriced`. */
  onWarning: (message: string) => void;
}

/** The run's `budgets` caps, and its `--max-cost` cap when one was given. */
export function runBudgets(
  options: RunBudgetsOptions,
): { periodBudget: PeriodBudget; cap?: SpendingCap } {
  const allowUnpriced = options.allowUnpriced === true;
  const periodBudget = new PeriodBudget({
    dir: options.dir,
    profile: options.profile,
    config: options.config,
    allowUnpriced,
  });
  const cap = options.maxCost === undefined ? undefined : new SpendingCap({
    capUsd: options.maxCost,
    allowUnpriced,
    stopAtFirstRefusal: options.stopAtFirstRefusal,
    onWarning: options.onWarning,
  });
  return { periodBudget, cap };
}
