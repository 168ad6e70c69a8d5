import assert from "node:assert/strict";
import { keyAgeDays, needsRotation, ROTATION_DAYS } from "../../src/credentials/key_age.ts";

const NOW = new Date("2026-03-31T12:00:00Z");

Deno.test("keyAgeDays counts whole days", () => {
  assert.equal(keyAgeDays("2026-03-31T12:00:00Z", NOW), 0);
  assert.equal(keyAgeDays("2026-03-30T12:00:01Z", NOW), 0);
  assert.equal(keyAgeDays("2026-03-30T12:00:00Z", NOW), 1);
  assert.equal(keyAgeDays("2026-03-01T12:00:00Z", NOW), 30);
  assert.equal(keyAgeDays(new Date("2025-03-31T12:00:00Z"), NOW), 365);
});

Deno.test("keyAgeDays treats a date in the future as new", () => {
  assert.equal(keyAgeDays("2026-04-30T00:00:00Z", NOW), 0);
});

Deno.test("keyAgeDays refuses what is not a date", () => {
  assert.throws(() => keyAgeDays("last tuesday", NOW), {
    name: "RangeError",
    message: 'Cannot read key date "last tuesday": expected an ISO 8601 timestamp',
  });
  assert.throws(() => keyAgeDays("2026-01-01", new Date(Number.NaN)), RangeError);
});

Deno.test("needsRotation is due from ROTATION_DAYS days on", () => {
  assert.equal(ROTATION_DAYS, 30);
  assert.equal(needsRotation("2026-03-02T12:00:00Z", NOW), false);
  assert.equal(needsRotation("2026-03-01T12:00:00Z", NOW), true);
  assert.equal(needsRotation("2025-01-01T00:00:00Z", NOW), true);
  assert.equal(needsRotation("2026-03-24T12:00:00Z", NOW, { rotationDays: 7 }), true);
});

Deno.test("needsRotation never reports a key without a date", () => {
  assert.equal(needsRotation(undefined, NOW), false);
});
