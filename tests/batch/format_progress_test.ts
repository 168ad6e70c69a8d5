import assert from "node:assert/strict";
import { formatDuration, formatProgress } from "../../src/batch/format_progress.ts";

Deno.test("formatProgress: done/total, failures, rate and ETA", () => {
  assert.equal(
    formatProgress({ job: "j", done: 250, total: 1000, failed: 3, elapsedMs: 5000 }),
    "batch j: 250/1000 (25%) · 3 failed · 50.0/s · ETA 15s",
  );
});

Deno.test("formatProgress: the total is unknown until the input has been read", () => {
  assert.equal(
    formatProgress({ job: "j", done: 10, failed: 0, elapsedMs: 2000 }),
    "batch j: 10/… · 0 failed · 5.0/s",
  );
  assert.equal(
    formatProgress({ job: "j", done: 0, total: 0, failed: 0, elapsedMs: 0 }),
    "batch j: 0/0 (100%) · 0 failed · 0.0/s",
  );
});

Deno.test("formatDuration: seconds, minutes, hours", () => {
  assert.equal(formatDuration(14_600), "15s");
  assert.equal(formatDuration(245_000), "4m05s");
  assert.equal(formatDuration(7_380_000), "2h03m");
});
