/**
 * The refusal of a request that a spending cap does not allow (exit 5, like
 * a rate limit: it means "not now, not at this price"), with the
 * `error_type` the JSON result names.
 *
 * @module
 */
import { ExitCode, OmnError } from "../core/errors.ts";

/** Why a cap refused: the spend would pass it, or the model has no price to check it with. */
export type BudgetErrorType = "budget_exceeded" | "budget_unpriced";

/** A request refused under a spending cap (exit 5). */
export class BudgetError extends OmnError {
  /** The `error_type` of the JSON result. */
  readonly errorType: BudgetErrorType;
  constructor(message: string, errorType: BudgetErrorType = "budget_exceeded") {
    super(message, ExitCode.RateLimited);
    this.errorType = errorType;
  }
}
