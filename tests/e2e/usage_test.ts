import assert from "node:assert/strict";
import { createUsageRecord } from "../../src/usage/usage_record.ts";
import { openaiProjectKey } from "../credentials/_canaries.ts";
import { assertNoCanary } from "./_canary_checks.ts";
import { runInProcess } from "./_in_process.ts";
import { tempWorkspace } from "./_workspace.ts";

/** Seeds the ledger as recordUsage would write it (the ask path is wired by the lead). */
async function seedLedger(home: string, model: string): Promise<void> {
  const now = Date.now();
  // The recent records stay within today (UTC), whatever the hour: just after midnight, an hour
  // ago was yesterday, and `--by day` found three days instead of two.
  const today = now - now % 86_400_000;
  const recent = (ago: number) => Math.max(now - ago, today);
  const lines = [
    ["openai", "gpt-4o-mini", now - 40 * 86_400_000, undefined],
    ["openai", "gpt-4o-mini", recent(3_600_000), undefined],
    ["openai", "gpt-4o-mini", recent(1_800_000), new TypeError("x")],
    ["anthropic", model, recent(600_000), undefined],
  ].map(([provider, modelId, time, error]) =>
    JSON.stringify(createUsageRecord({
      time: new Date(time as number),
      provider: provider as string,
      model: modelId as string,
      key: "fp:0123456789ab",
      inputTokens: 1234,
      outputTokens: 567,
      durationMs: 900,
      error,
    }, new Date()))
  );
  await Deno.mkdir(home, { recursive: true, mode: 0o700 });
  await Deno.writeTextFile(`${home}/usage.jsonl`, lines.join("\n") + "\n", { mode: 0o600 });
}

Deno.test("omn usage: totals and groups from the ledger, --since, --by, --json", async () => {
  await using workspace = await tempWorkspace();
  await seedLedger(workspace.home, "claude-unpriced");
  const text = await runInProcess(["usage"], workspace);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^openai\t3\t1\t3,702\t1,701\t0\t\$0\.0016\n/);
  assert.match(text.stdout, /\nanthropic\s+1\s+0\s+1,234\s+567\s+0\s+unknown\n/);
  assert.match(text.stdout, /\ntotal\s+4\s+1\s+4,936\s+2,268\s+0\s+\$0\.0016 \+ 1 unpriced\n$/);
  const json = await runInProcess(["usage", "--since", "7d", "--by", "model", "--json"], workspace);
  assert.equal(json.code, 0, json.stderr);
  const summary = JSON.parse(json.stdout);
  assert.equal(summary.by, "model");
  assert.equal(summary.total.requests, 3);
  assert.deepEqual(summary.groups.map((group: { group: string }) => group.group), [
    "openai/gpt-4o-mini",
    "anthropic/claude-unpriced",
  ]);
  const day = await runInProcess(["usage", "--by", "day", "--json"], workspace);
  assert.equal(JSON.parse(day.stdout).groups.length, 2);
});

Deno.test("omn usage: a bad --since is a usage error; a missing ledger is no error", async () => {
  await using workspace = await tempWorkspace();
  const bad = await runInProcess(["usage", "--since", "last tuesday"], workspace);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr.trim().split("\n").length, 1);
  const empty = await runInProcess(["usage"], workspace);
  assert.equal(empty.code, 0, empty.stderr);
  assert.equal(empty.stdout, "");
  assert.match(empty.stderr, /No requests recorded yet/);
});

Deno.test("omn usage: a secret that found its way into a ledger line is masked in the output", async () => {
  await using workspace = await tempWorkspace();
  const canary = openaiProjectKey("USAGE");
  await seedLedger(workspace.home, canary);
  const result = await runInProcess(["usage", "--by", "model"], workspace);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /anthropic\/sk-proj-\*\*\*/);
  assertNoCanary({ stdout: result.stdout, stderr: result.stderr }, [canary]);
});
