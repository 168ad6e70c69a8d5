/**
 * Schema of `budgets` (in the config's top level for the `default` profile,
 * and in each profile): daily and monthly caps in USD, for the profile and
 * optionally for each provider.
 *
 * @module
 */
import { z } from "zod";

const usdCap = z.number({ error: "expected an amount of US dollars, 0 or more" }).nonnegative({
  error: "expected an amount of US dollars, 0 or more",
});

/** A daily and a monthly cap (UTC days and months). */
export const PeriodCapsSchema = z.strictObject({
  daily_usd: usdCap.optional(),
  monthly_usd: usdCap.optional(),
});

/** Schema of `budgets`. */
export const BudgetsSchema = z.strictObject({
  daily_usd: usdCap.optional(),
  monthly_usd: usdCap.optional(),
  /** Caps of one provider's spend within the profile. */
  providers: z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/), PeriodCapsSchema).optional(),
});

/** The `budgets` of a profile. */
export type Budgets = z.infer<typeof BudgetsSchema>;
