import assert from "node:assert/strict";
import {
  DEFAULT_RETENTION_DAYS,
  historySettings,
  isCi,
} from "../../src/history/history_settings.ts";

const envOf = (values: Record<string, string>) => (name: string) => values[name];

Deno.test("history is on by default, with 30 days of retention", () => {
  assert.deepEqual(historySettings({ version: 1 }, envOf({})), {
    enabled: true,
    retentionDays: DEFAULT_RETENTION_DAYS,
  });
  assert.equal(DEFAULT_RETENTION_DAYS, 30);
});

Deno.test("history: --no-history and settings.history false turn it off", () => {
  assert.equal(historySettings({ version: 1 }, envOf({}), { history: false }).enabled, false);
  const off = { version: 1 as const, settings: { history: false } };
  assert.equal(historySettings(off, envOf({})).enabled, false);
  const on = { version: 1 as const, settings: { history: true } };
  assert.equal(historySettings(on, envOf({}), { history: false }).enabled, false);
});

Deno.test("history: off when CI is set, unless the config turns it on", () => {
  assert.equal(historySettings({ version: 1 }, envOf({ CI: "true" })).enabled, false);
  assert.equal(historySettings({ version: 1 }, envOf({ CI: "1" })).enabled, false);
  const on = { version: 1 as const, settings: { history: true } };
  assert.equal(historySettings(on, envOf({ CI: "true" })).enabled, true);
  for (const value of ["", "0", "false", "FALSE"]) assert.equal(isCi(envOf({ CI: value })), false);
});

Deno.test("history: the retention comes from the config", () => {
  const config = { version: 1 as const, settings: { history_retention_days: 7 } };
  assert.equal(historySettings(config, envOf({})).retentionDays, 7);
});
