import assert from "node:assert/strict";
import { budgetStatus } from "../../src/budget/budget_status.ts";
import {
  applicableCaps,
  periodStart,
  type SpendLine,
  spentAgainst,
  STALE_RESERVATION_MS,
} from "../../src/budget/period_spend.ts";

const NOW = new Date("2026-11-29T12:00:00Z");
const line = (fields: Partial<SpendLine>): SpendLine => ({
  type: "settle",
  id: crypto.randomUUID(),
  time: NOW.toISOString(),
  profile: "default",
  provider: "openai",
  usd: 1,
  ...fields,
});

Deno.test("applicable caps: the profile's daily and monthly, and the provider's own", () => {
  const budgets = { daily_usd: 5, monthly_usd: 50, providers: { openai: { daily_usd: 2 } } };
  assert.deepEqual(applicableCaps(budgets, "openai").map((cap) => cap.key), [
    "budgets.daily_usd",
    "budgets.monthly_usd",
    "budgets.providers.openai.daily_usd",
  ]);
  assert.deepEqual(applicableCaps(budgets, "anthropic").length, 2);
  assert.deepEqual(applicableCaps(undefined, "openai"), []);
  assert.equal(periodStart("daily", NOW).toISOString(), "2026-11-29T00:00:00.000Z");
  assert.equal(periodStart("monthly", NOW).toISOString(), "2026-11-01T00:00:00.000Z");
});

Deno.test("spend counts settled costs and open reservations in the period, of the profile (and provider)", () => {
  const open = line({ type: "reserve", usd: 0.5 });
  const closed = line({ type: "reserve", usd: 9 });
  const lines = [
    line({ usd: 1 }),
    line({ usd: 2, provider: "anthropic" }),
    line({ usd: 4, profile: "work" }),
    line({ usd: 8, time: "2026-11-28T23:59:59Z" }), // yesterday: this month only
    line({ usd: 16, time: "2026-10-31T12:00:00Z" }), // last month
    open,
    closed,
    line({ id: closed.id, usd: 0.25 }),
    line({
      type: "reserve",
      usd: 32,
      time: new Date(NOW.getTime() - STALE_RESERVATION_MS - 1).toISOString(),
    }),
  ];
  const [daily, monthly, openaiDaily] = applicableCaps(
    { daily_usd: 100, monthly_usd: 100, providers: { openai: { daily_usd: 100 } } },
    "openai",
  );
  assert.equal(spentAgainst(lines, daily, "default", NOW), 1 + 2 + 0.5 + 0.25);
  assert.equal(spentAgainst(lines, monthly, "default", NOW), 1 + 2 + 8 + 0.5 + 0.25);
  assert.equal(spentAgainst(lines, openaiDaily, "default", NOW), 1 + 0.5 + 0.25);
  assert.equal(spentAgainst(lines, daily, "work", NOW), 4);
  assert.deepEqual(
    budgetStatus(
      { daily_usd: 5, providers: { openai: { monthly_usd: 10 } } },
      "default",
      lines,
      NOW,
    ),
    [
      {
        key: "budgets.daily_usd",
        period: "daily",
        provider: null,
        cap_usd: 5,
        spent_usd: 3.75,
        remaining_usd: 1.25,
      },
      {
        key: "budgets.providers.openai.monthly_usd",
        period: "monthly",
        provider: "openai",
        cap_usd: 10,
        spent_usd: 9.75,
        remaining_usd: 0.25,
      },
    ],
  );
});
