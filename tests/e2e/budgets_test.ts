import assert from "node:assert/strict";
import { openaiProjectKey } from "../credentials/_canaries.ts";
import { startFaultFake } from "../fakes/fault_fake.ts";
import { assertNoCanary, assertNoCanaryInTree } from "./_canary_checks.ts";
import { runInProcess } from "./_in_process.ts";
import { runOmn, spawnOmn, tempWorkspace, type Workspace } from "./_omn.ts";

/** Processes started at once against one daily cap that fits two requests: one at least is refused. */
const PROCESSES = 3;

/** mock-1 at a cent a token, under the given `budgets`. */
async function budgeted(workspace: Workspace, budgets: unknown): Promise<void> {
  await Deno.mkdir(workspace.home, { mode: 0o700 });
  await Deno.writeTextFile(
    `${workspace.home}/config.json`,
    JSON.stringify({
      version: 1,
      default_provider: "mock",
      budgets,
      models: { "mock/mock-1": { input_usd_per_mtok: 10_000, output_usd_per_mtok: 10_000 } },
    }),
    { mode: 0o600 },
  );
}

Deno.test("a daily cap holds across processes running at once: no overspend beyond one request's estimate", async () => {
  await using workspace = await tempWorkspace();
  await budgeted(workspace, { daily_usd: 0.6 });
  // Each request: estimated 1 + 30 tokens ($0.31), spends about 1 + 25 ($0.26).
  // Real processes: the cap is shared through the config directory's lock, not through memory.
  const runs = await Promise.all(
    Array.from(
      { length: PROCESSES },
      () => runOmn(["ask", "-o", "json", "--max-tokens", "30", "hi"], workspace),
    ),
  );
  const ok = runs.filter((run) => run.code === 0);
  const refused = runs.filter((run) => run.code === 5);
  assert.equal(ok.length + refused.length, PROCESSES, runs.map((run) => run.stderr).join("\n"));
  assert.ok(ok.length >= 1 && ok.length <= 2, `${ok.length} ran`);
  for (const run of refused) {
    const result = JSON.parse(run.stdout);
    assert.equal(result.error_type, "budget_exceeded");
    assert.match(
      result.error,
      /the daily cap of profile "default" is \$0\.6 \(budgets\.daily_usd\), \$[\d.]+ spent today \(UTC\), this request estimated at \$0\.31; raise budgets\.daily_usd/,
    );
  }
  const spent = ok.reduce((sum, run) => sum + JSON.parse(run.stdout).usage.output_tokens + 1, 0) *
    0.01;
  assert.ok(spent <= 0.6 + 0.31, `spent ${spent}`);
  const usage = await runInProcess(["usage", "--json"], workspace);
  const [daily] = JSON.parse(usage.stdout).budgets;
  assert.equal(daily.key, "budgets.daily_usd");
  assert.equal(daily.cap_usd, 0.6);
  assert.ok(Math.abs(daily.spent_usd - spent) < 1e-6, `${daily.spent_usd} vs ${spent}`);
  const text = await runInProcess(["usage"], workspace);
  // Piped, the caps are on stderr and stdout holds only the usage rows.
  assert.match(text.stderr, /^profile +daily +\$0\.6 +\$[\d.]+ +\$[\d.]+$/m);
});

Deno.test("a provider's cap applies to that provider's requests, naming the cap", async () => {
  await using workspace = await tempWorkspace();
  await budgeted(workspace, { providers: { mock: { monthly_usd: 0.1 } } });
  const refused = await runInProcess(["ask", "--max-tokens", "30", "hi"], workspace);
  assert.equal(refused.code, 5);
  assert.match(refused.stderr, /the monthly cap of provider mock in profile "default" is \$0\.1/);
  // mock-code's catalogue price is 0: it fits any cap.
  assert.equal((await runInProcess(["ask", "--model", "mock-code", "hi"], workspace)).code, 0);
});

/** The lines of a JSON-lines file of the config directory. */
async function jsonLines(workspace: Workspace, name: string): Promise<Record<string, unknown>[]> {
  const text = await Deno.readTextFile(`${workspace.home}/${name}`);
  return text.trim().split("\n").map((line) => JSON.parse(line));
}

for (
  const [command, args] of [
    ["ask", ["ask", "-o", "json", "hi"]],
    ["chat", ["chat"]],
  ] as const
) {
  Deno.test(`${command} ended by Ctrl-C settles its reservation and records its request before omn exits`, async () => {
    // Both ran as the reply's stream stopped, which omn did not wait for: the process exited
    // first, the reservation counted against the cap for an hour, and chat's request was missing
    // from usage.jsonl.
    await using workspace = await tempWorkspace();
    await budgeted(workspace, { daily_usd: 5 });
    const key = openaiProjectKey("SETTLE");
    await using fake = await startFaultFake({
      apiKey: key,
      script: [{ kind: "stall-mid-stream", afterChunks: 2 }],
    });
    const [name, ...rest] = args;
    const argv = [name, "--provider", "openai", "--base-url", fake.baseURL, ...rest];
    const child = spawnOmn(argv, { ...workspace, env: { OPENAI_API_KEY: key } }, "piped");
    // chat reads its message from stdin, left open (a session going on).
    const stdin = child.stdin.getWriter();
    await stdin.write(new TextEncoder().encode(command === "chat" ? "hello\n" : ""));
    if (command === "ask") await stdin.close();
    await fake.stalled;
    await new Promise((resolve) => setTimeout(resolve, 300)); // the chunks reach omn
    child.kill("SIGINT");
    const [stdout, stderr, status] = await Promise.all([
      new Response(child.stdout).text(),
      new Response(child.stderr).text(),
      child.status,
    ]);
    assert.equal(status.code, 130, stderr);
    const spend = await jsonLines(workspace, "spend.jsonl");
    assert.deepEqual(spend.map((line) => line.type), ["reserve", "settle"]);
    // Without a usage, the reply is counted at its estimate.
    assert.equal(spend[1].usd, spend[0].usd);
    assert.equal(spend[1].id, spend[0].id);
    const usage = await jsonLines(workspace, "usage.jsonl");
    assert.equal(usage.length, 1);
    assert.equal(usage[0].provider, "openai");
    assertNoCanary({ stdout, stderr }, [key]);
    await assertNoCanaryInTree(workspace.root, [key]);
  });
}
