import assert from "node:assert/strict";
import { runInProcess } from "./_in_process.ts";
import { tempWorkspace, type Workspace } from "./_workspace.ts";

/** mock-1 at $10,000 per million tokens: a cent a token. */
async function pricedMock(workspace: Workspace): Promise<void> {
  await Deno.mkdir(workspace.home, { mode: 0o700 });
  await Deno.writeTextFile(
    `${workspace.home}/config.json`,
    JSON.stringify({
      version: 1,
      default_provider: "mock",
      models: { "mock/mock-1": { input_usd_per_mtok: 10_000, output_usd_per_mtok: 10_000 } },
    }),
    { mode: 0o600 },
  );
}

Deno.test("ask --max-cost refuses a request estimated past the cap: exit 5, error_type in the JSON result", async () => {
  await using workspace = await tempWorkspace();
  await pricedMock(workspace);
  // Estimate: 1 prompt token + 50 reply tokens = $0.51.
  const refused = await runInProcess([
    "ask",
    "-o",
    "json",
    "--max-cost",
    "0.5",
    "--max-tokens",
    "50",
    "hi",
  ], workspace);
  assert.equal(refused.code, 5, refused.stderr);
  const result = JSON.parse(refused.stdout);
  assert.equal(result.is_error, true);
  assert.equal(result.error_type, "budget_exceeded");
  assert.match(
    result.error,
    /--max-cost \$0\.5 reached \(spent \$0, this request estimated at \$0\.51\); raise --max-cost/,
  );
  assert.equal(result.usage.output_tokens, 0, "nothing was sent");
  const allowed = await runInProcess(
    ["ask", "--max-cost", "0.52", "--max-tokens", "50", "hi"],
    workspace,
  );
  assert.equal(allowed.code, 0, allowed.stderr);
  const unpriced = await runInProcess([
    "ask",
    "-o",
    "json",
    "--max-cost",
    "1",
    "--model",
    "mock-code",
    "hi",
  ], workspace);
  assert.equal(unpriced.code, 0, "the catalogue prices mock-code at 0");
  assert.equal((await runInProcess(["ask", "--max-cost", "0", "hi"], workspace)).code, 2);
});

Deno.test("batch --max-cost stops starting items, journals them as not run, and --resume with a higher cap finishes", async () => {
  await using workspace = await tempWorkspace();
  await pricedMock(workspace);
  const input = ["a", "b", "c", "d"].map((id) => JSON.stringify({ id, prompt: "hi" })).join("\n") +
    "\n";
  const args = [
    "batch",
    "--job",
    "capped",
    "--concurrency",
    "1",
    "--ordered",
    "--max-tokens",
    "30",
  ];
  // Each item: estimated 1 + 30 tokens ($0.31), spends about 1 + 25 ($0.26).
  const first = await runInProcess([...args, "--max-cost", "0.6"], { ...workspace, stdin: input });
  assert.equal(first.code, 5, first.stderr);
  const lines = first.stdout.trim().split("\n").map((line) => JSON.parse(line));
  assert.deepEqual(lines.map((line) => line.id), ["a", "b", "c", "d"]);
  assert.ok(lines[0].text && lines[1].text);
  for (const line of lines.slice(2)) {
    assert.equal(line.error.error_type, "budget_exceeded");
    assert.equal(line.error.exit_code, 5);
  }
  assert.match(
    first.stderr,
    /2 items of job "capped" not run: a spending cap was reached \(--max-cost or budgets\); run the same command with --resume once the cap allows it/,
  );
  const resumed = await runInProcess([...args, "--resume", "--max-cost", "5"], {
    ...workspace,
    stdin: input,
  });
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.deepEqual(resumed.stdout.trim().split("\n").map((line) => JSON.parse(line).id), [
    "c",
    "d",
  ]);
  const exported = await runInProcess(["batch", "--job", "capped", "--export"], workspace);
  const all = exported.stdout.trim().split("\n").map((line) => JSON.parse(line));
  assert.deepEqual(all.map((line) => line.id).sort(), ["a", "b", "c", "d"]);
  assert.ok(all.every((line) => typeof line.text === "string"));
});

Deno.test("chat --max-cost answers until the next message's estimate would pass the cap, then exits 5", async () => {
  await using workspace = await tempWorkspace();
  await pricedMock(workspace);
  const chat = await runInProcess(["chat", "--max-cost", "0.1", "--max-tokens", "5"], {
    ...workspace,
    stdin: "hi\nhi again\n",
  });
  assert.equal(chat.code, 5, chat.stderr);
  assert.match(chat.stdout, /^Hello/);
  assert.equal(chat.stdout.trim().split("\n").length, 1, "one reply");
  assert.match(chat.stderr, /--max-cost \$0\.1 reached/);
});
