import assert from "node:assert/strict";
import { runUsage } from "../../src/usage/run_usage.ts";
import { recordUsage } from "../../src/usage/record_usage.ts";
import { memoryContext } from "../cli/_memory_io.ts";

async function seeded() {
  const root = await Deno.makeTempDir();
  const home = `${root}/home`;
  for (
    const [time, provider, model] of [
      ["2026-11-01T10:00:00Z", "openai", "gpt-4o-mini"],
      ["2026-11-28T10:00:00Z", "openai", "gpt-4o-mini"],
      ["2026-11-28T11:00:00Z", "anthropic", "claude-unknown"],
    ]
  ) {
    await recordUsage(home, {
      time: new Date(time),
      provider,
      model,
      key: "fp:0123456789ab",
      inputTokens: 1234,
      outputTokens: 567,
      durationMs: 10,
    });
  }
  return { root, home };
}

Deno.test("runUsage prints the groups and the total, with unknown costs named", async () => {
  const { root, home } = await seeded();
  try {
    const context = memoryContext({ env: { OMNIMANCER_HOME: home } });
    await runUsage({ by: "provider", json: false }, context);
    await context.io.close();
    assert.equal(
      context.stdout(),
      [
        "openai\t2\t0\t2,468\t1,134\t0\t$0.0011",
        "anthropic\t1\t0\t1,234\t567\t0\tunknown",
        "total\t3\t0\t3,702\t1,701\t0\t$0.0011 + 1 unpriced",
        "",
      ].join("\n"),
      "piped: tab-separated rows, no header",
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("runUsage --since --json prints the summary as JSON", async () => {
  const { root, home } = await seeded();
  try {
    const context = memoryContext({ env: { OMNIMANCER_HOME: home } });
    await runUsage({ by: "day", json: true, since: new Date("2026-11-20T00:00:00Z") }, context);
    await context.io.close();
    const summary = JSON.parse(context.stdout());
    assert.equal(summary.since, "2026-11-20T00:00:00.000Z");
    assert.equal(summary.total.requests, 2);
    assert.equal(summary.total.unpriced, 1);
    assert.deepEqual(summary.groups.map((group: { group: string }) => group.group), [
      "2026-11-28",
    ]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("runUsage without a ledger says so on stderr and prints nothing", async () => {
  // A fresh path: a fixed one such as /nonexistent/omn can exist (root may create it).
  const root = await Deno.makeTempDir();
  const context = memoryContext({ env: { OMNIMANCER_HOME: `${root}/missing` } });
  await runUsage({ by: "provider", json: false }, context);
  await context.io.close();
  assert.equal(context.stdout(), "");
  assert.match(context.stderr(), /No requests recorded yet/);
  await Deno.remove(root);
});

Deno.test("runUsage piped: the caps go to stderr, so stdout holds only the usage rows", async () => {
  const { root, home } = await seeded();
  try {
    await Deno.writeTextFile(
      `${home}/config.json`,
      JSON.stringify({
        version: 1,
        budgets: { daily_usd: 5, providers: { openai: { daily_usd: 2 } } },
      }),
      { mode: 0o600 },
    );
    const context = memoryContext({ env: { OMNIMANCER_HOME: home } });
    await runUsage({ by: "provider", json: false }, context);
    await context.io.close();
    const rows = context.stdout().trimEnd().split("\n");
    assert.deepEqual(rows.map((row) => row.split("\t")[0]), ["openai", "anthropic", "total"]);
    assert.ok(rows.every((row) => row.split("\t").length === 7), context.stdout());
    assert.match(context.stderr(), /^cap +period +limit +spent +left$/m);
    assert.match(context.stderr(), /^profile +daily +\$5 +\$0 +\$5$/m);
    assert.match(context.stderr(), /^openai +daily +\$2 +\$0 +\$2$/m);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
