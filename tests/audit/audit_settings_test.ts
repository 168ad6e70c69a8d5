import assert from "node:assert/strict";
import {
  auditSettingsFrom,
  DEFAULT_AUDIT_SETTINGS,
  readAuditSettings,
} from "../../src/audit/audit_settings.ts";

Deno.test("auditSettingsFrom takes whole numbers above 0 and defaults the rest", () => {
  assert.deepEqual(auditSettingsFrom(undefined), DEFAULT_AUDIT_SETTINGS);
  assert.deepEqual(
    auditSettingsFrom({
      audit_max_age_days: 30,
      audit_max_bytes: 0,
      audit_auth_failures: 5,
      audit_auth_window_minutes: 2.5,
      audit_alert_hours: "12",
    }),
    { ...DEFAULT_AUDIT_SETTINGS, maxAgeDays: 30, authFailures: 5 },
  );
});

Deno.test("readAuditSettings reads the config leniently: missing or broken gives the defaults", async () => {
  const dir = await Deno.makeTempDir();
  try {
    assert.deepEqual(await readAuditSettings(dir), DEFAULT_AUDIT_SETTINGS);
    await Deno.writeTextFile(`${dir}/config.json`, "{ broken");
    assert.deepEqual(await readAuditSettings(dir), DEFAULT_AUDIT_SETTINGS);
    await Deno.writeTextFile(
      `${dir}/config.json`,
      JSON.stringify({ version: 1, settings: { audit_alert_hours: 2 } }),
    );
    assert.equal((await readAuditSettings(dir)).alertHours, 2);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
