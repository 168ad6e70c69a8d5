/**
 * Appends records from a child process, for the concurrency tests of the
 * audit log and the usage ledger: `audit DIR TAG COUNT` or `usage DIR TAG COUNT`.
 *
 * In `audit` mode each kept record is preceded by a large filler record
 * dated two days back, so the log keeps growing past its size limit and
 * every few appends prune it while the other processes append.
 *
 * @module
 */
import { appendAudit } from "../../src/audit/append_audit.ts";
import { recordUsage } from "../../src/usage/record_usage.ts";

const [mode, dir, tag, countText] = Deno.args;
const count = Number(countText);
const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
for (let index = 0; index < count; index++) {
  if (mode === "audit") {
    await appendAudit(dir, {
      command: "filler",
      event: "permission.refused",
      target: "f".repeat(4000),
    }, { now: () => twoDaysAgo, settings: { maxAgeDays: 1, maxBytes: 1e9 } });
    await appendAudit(dir, {
      command: "worker",
      event: "config.set",
      key: tag,
      value: String(index),
    }, { settings: { maxAgeDays: 1, maxBytes: 40_000 } });
  } else {
    await recordUsage(dir, {
      provider: "mock",
      model: `model-${tag}`,
      key: "none",
      inputTokens: index,
      outputTokens: 1,
      durationMs: 1,
    });
  }
}
