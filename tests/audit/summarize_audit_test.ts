import assert from "node:assert/strict";
import { summarizeAudit } from "../../src/audit/summarize_audit.ts";
import type { AuditRecord } from "../../src/audit/audit_record.ts";

Deno.test("summarizeAudit counts records by event, most frequent first, with the time span", () => {
  const record = (time: string, event: AuditRecord["event"]): AuditRecord => ({
    time,
    event,
    command: "x",
    pid: 1,
    user: "uid:1",
  });
  assert.deepEqual(
    summarizeAudit([
      record("2026-11-02T00:00:00Z", "config.set"),
      record("2026-11-01T00:00:00Z", "key.set"),
      record("2026-11-03T00:00:00Z", "config.set"),
    ]),
    {
      records: 3,
      first: "2026-11-01T00:00:00Z",
      last: "2026-11-03T00:00:00Z",
      events: { "config.set": 2, "key.set": 1 },
    },
  );
});
