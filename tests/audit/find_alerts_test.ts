import assert from "node:assert/strict";
import { findAlerts, type FindAlertsOptions } from "../../src/audit/find_alerts.ts";
import type { AuditRecord } from "../../src/audit/audit_record.ts";
import { createUsageRecord, type UsageRecord } from "../../src/usage/usage_record.ts";

const OPTIONS: FindAlertsOptions = {
  since: new Date("2026-11-28T12:00:00Z"),
  authFailures: 3,
  authWindowMinutes: 10,
};

const failure = (time: string, provider = "openai"): AuditRecord => ({
  time,
  command: "ask",
  event: "auth.failed",
  provider,
  fingerprint: "fp:0123456789ab",
  pid: 1,
  user: "uid:1000",
});

const use = (
  time: string,
  key = "fp:aaaaaaaaaaaa",
  provider = "openai",
  host: string | null = "api.openai.com",
): UsageRecord =>
  createUsageRecord({
    time: new Date(time),
    provider,
    model: "gpt-4o-mini",
    key,
    host,
    inputTokens: 1,
    outputTokens: 1,
    durationMs: 1,
  }, new Date());

Deno.test("3 authentication failures within 10 minutes raise one alert; spread out, none", () => {
  const burst = ["12:00", "12:04", "12:09", "12:09:30"].map((hour) =>
    failure(`2026-11-29T${hour}:00Z`.replace(":30:00Z", ":30Z"))
  );
  const alerts = findAlerts(burst, [], OPTIONS);
  assert.equal(alerts.length, 1);
  assert.equal(alerts[0].kind, "auth-failures");
  assert.equal(alerts[0].time, "2026-11-29T12:09:00Z");
  assert.equal(alerts[0].key, "fp:0123456789ab");
  assert.match(alerts[0].message, /^3 authentication failures within 10 minutes \(openai; fp:/);
  const spread = ["12:00", "12:11", "12:22"].map((hour) => failure(`2026-11-29T${hour}:00Z`));
  assert.deepEqual(findAlerts(spread, [], OPTIONS), []);
  assert.equal(findAlerts(spread, [], { ...OPTIONS, authWindowMinutes: 30 }).length, 1);
  assert.equal(findAlerts(burst, [], { ...OPTIONS, authFailures: 5 }).length, 0);
});

Deno.test("an alert raised before `since` is closed", () => {
  const old = ["10:00", "10:01", "10:02"].map((hour) => failure(`2026-11-27T${hour}:00Z`));
  assert.deepEqual(findAlerts(old, [], OPTIONS), []);
  assert.equal(findAlerts(old, [], { ...OPTIONS, since: new Date(0) }).length, 1);
});

Deno.test("an hour far above the key's trailing median raises a request-rate alert", () => {
  const usage: UsageRecord[] = [];
  // A week of 2 requests in each of 10 active hours, then 40 in one hour.
  for (let day = 20; day < 25; day++) {
    for (const hour of ["09", "15"]) {
      usage.push(use(`2026-11-${day}T${hour}:10:00Z`), use(`2026-11-${day}T${hour}:20:00Z`));
    }
  }
  for (let minute = 0; minute < 40; minute++) {
    usage.push(use(`2026-11-29T03:${String(minute).padStart(2, "0")}:00Z`));
  }
  const alerts = findAlerts([], usage, OPTIONS);
  assert.deepEqual(alerts.map((alert) => [alert.kind, alert.time, alert.key]), [
    ["request-rate", "2026-11-29T03:00:00.000Z", "fp:aaaaaaaaaaaa"],
  ]);
  assert.match(alerts[0].message, /made 40 requests .* against a median of 2/);
  assert.deepEqual(findAlerts([], usage, { ...OPTIONS, rateFactor: 25 }), []);
  assert.deepEqual(findAlerts([], usage.slice(0, 30), OPTIONS), []);
});

Deno.test("a key used with a new provider or sent to a new host raises an alert; keyless use never does", () => {
  const usage = [
    use("2026-11-20T10:00:00Z"),
    use("2026-11-29T10:00:00Z", "fp:aaaaaaaaaaaa", "azure", "corp.openai.azure.com"),
    use("2026-11-29T10:05:00Z", "fp:aaaaaaaaaaaa", "azure", "corp.openai.azure.com"),
    use("2026-11-29T11:00:00Z", "fp:bbbbbbbbbbbb"),
    use("2026-11-20T10:00:00Z", "none", "mock", null),
    use("2026-11-29T11:00:00Z", "none", "ollama", "localhost"),
  ];
  const alerts = findAlerts([], usage, OPTIONS);
  assert.deepEqual(alerts.map((alert) => [alert.kind, alert.key]), [
    ["new-provider", "fp:aaaaaaaaaaaa"],
    ["new-host", "fp:aaaaaaaaaaaa"],
  ]);
  assert.match(alerts[0].message, /used with azure for the first time .* \(before: openai\)/);
  assert.match(
    alerts[1].message,
    /sent to corp\.openai\.azure\.com .* \(before: api\.openai\.com\)/,
  );
});
