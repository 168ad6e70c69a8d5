import assert from "node:assert/strict";
import { pruneAuditLines } from "../../src/audit/prune_audit_lines.ts";

const NOW = new Date("2026-11-29T12:00:00Z");
const line = (time: string, pad = "") => JSON.stringify({ time, event: "config.set", pad });

Deno.test("pruneAuditLines drops records older than the age limit and keeps every newer one", () => {
  const lines = [
    line("2026-01-01T00:00:00Z"),
    "a torn line after an old record",
    line("2026-11-28T00:00:00Z"),
    "a torn line after a fresh record",
    line("2026-11-29T11:00:00Z"),
    "",
  ];
  assert.deepEqual(pruneAuditLines(lines, { maxAgeDays: 30, maxBytes: 1e6 }, NOW), [
    lines[2],
    lines[3],
    lines[4],
  ]);
});

Deno.test("pruneAuditLines drops the oldest records beyond the size limit, never the newest", () => {
  const lines = Array.from(
    { length: 10 },
    (_, index) => line(`2026-11-29T0${index}:00:00Z`, "x".repeat(50)),
  );
  const size = new TextEncoder().encode(lines[0]).length + 1;
  const kept = pruneAuditLines(lines, { maxAgeDays: 30, maxBytes: size * 3 + 10 }, NOW);
  assert.deepEqual(kept, lines.slice(7));
  assert.deepEqual(pruneAuditLines(lines, { maxAgeDays: 30, maxBytes: 1 }, NOW), lines.slice(9));
  assert.deepEqual(pruneAuditLines(lines, { maxAgeDays: 30, maxBytes: size * 10 }, NOW), lines);
});
