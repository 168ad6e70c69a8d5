/**
 * The pipeline promises of the README: `omn ask -`, `-c` in CI, and
 * `omn audit ack`.
 *
 * @module
 */
import assert from "node:assert/strict";
import { tempWorkspace } from "./_omn.ts";
import { runInProcess } from "./_in_process.ts";
import { onTerminal, scriptTool } from "./_terminal.ts";
import { startOpenAIDelayFake } from "../fakes/openai_delay_fake.ts";
import { assertNoCanary } from "./_canary_checks.ts";
import { openaiProjectKey } from "../credentials/_canaries.ts";

Deno.test('omn ask - reads the prompt from stdin, and "-" is never prompt text', async () => {
  await using workspace = await tempWorkspace();
  const result = await runInProcess(["ask", "--provider", "mock", "-"], {
    ...workspace,
    stdin: "summarise these notes\n",
  });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /3 words, starting "summarise these notes"/);
  const empty = await runInProcess(["ask", "--provider", "mock", "-"], { ...workspace, stdin: "" });
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /No prompt/);
});

Deno.test("-c in CI says that history is off in CI and how to turn it on", async () => {
  await using workspace = await tempWorkspace();
  const result = await runInProcess(["ask", "--provider", "mock", "-c", "again"], {
    ...workspace,
    env: { CI: "true" },
  });
  assert.equal(result.code, 2);
  assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
  assert.match(result.stderr, /history is off in CI .*omn config set settings\.history true/);
  // Following the advice makes -c work in CI.
  assert.equal(
    (await runInProcess(["config", "set", "settings.history", "true"], workspace)).code,
    0,
  );
  const first = await runInProcess(["ask", "--provider", "mock", "first"], {
    ...workspace,
    env: { CI: "true" },
  });
  assert.equal(first.code, 0, first.stderr);
  const again = await runInProcess(["ask", "--provider", "mock", "-c", "again"], {
    ...workspace,
    env: { CI: "true" },
  });
  assert.equal(again.code, 0, again.stderr);
});

Deno.test("omn audit ack acknowledges an open alert, so audit --check and doctor pass", async () => {
  await using workspace = await tempWorkspace();
  assert.equal((await runInProcess(["config", "init"], workspace)).code, 0);
  const failure = (minutesAgo: number) =>
    JSON.stringify({
      time: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
      command: "ask",
      event: "auth.failed",
      provider: "openai",
      fingerprint: "fp:0123456789ab",
      pid: 1,
      user: "uid:1",
    }) + "\n";
  await Deno.writeTextFile(`${workspace.home}/audit.jsonl`, failure(9) + failure(5) + failure(1), {
    append: true,
  });
  const check = await runInProcess(["audit", "--check"], workspace);
  assert.equal(check.code, 1);
  const id = /\(id ([0-9a-f]{8})\)/.exec(check.stdout)?.[1];
  assert.ok(id, check.stdout);
  const doctorBefore = await runInProcess(["doctor", "--json"], workspace);
  assert.ok(
    JSON.parse(doctorBefore.stdout).checks.some((entry: { id: string; fix?: string }) =>
      entry.id === "audit-alerts.auth-failures" && entry.fix?.includes(`omn audit ack ${id}`)
    ),
    doctorBefore.stdout,
  );
  const wrong = await runInProcess(["audit", "ack", "ffffffff"], workspace);
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, new RegExp(`the open ones are ${id}`));
  const ack = await runInProcess(["audit", "ack", id], workspace);
  assert.equal(ack.code, 0, ack.stderr);
  assert.match(ack.stderr, new RegExp(`Acknowledged alert ${id} \\(auth-failures\\)`));
  assert.equal((await runInProcess(["audit", "--check"], workspace)).code, 0);
  const doctorAfter = await runInProcess(["doctor", "--json"], workspace);
  assert.ok(
    !JSON.parse(doctorAfter.stdout).checks.some((entry: { id: string }) =>
      entry.id.startsWith("audit-alerts.")
    ),
  );
  const audit = await runInProcess(["audit", "--json"], workspace);
  assert.equal(JSON.parse(audit.stdout).events["alert.acknowledged"], 1);
  // A new burst raises a new alert.
  await Deno.writeTextFile(
    `${workspace.home}/audit.jsonl`,
    failure(0.6) + failure(0.4) + failure(0.2),
    {
      append: true,
    },
  );
  assert.equal((await runInProcess(["audit", "--check"], workspace)).code, 1);
});

Deno.test("loopback addresses other than 127.0.0.1 are refused in one line naming the variable that allows them", async () => {
  await using workspace = await tempWorkspace();
  const key = openaiProjectKey("LOOP");
  const result = await runInProcess(
    ["ask", "--provider", "openai", "--base-url", "http://127.0.0.2:8443/v1", "hi"],
    { ...workspace, env: { OPENAI_API_KEY: key } },
  );
  assert.equal(result.code, 3);
  assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
  assert.match(result.stderr, /loopback \(127\.0\.0\.1, localhost, \[::1\]\)/);
  assert.match(result.stderr, /OMNIMANCER_EXTRA_HOSTS=127\.0\.0\.2 /);
  assertNoCanary({ stderr: result.stderr, stdout: result.stdout }, [key]);
});

Deno.test({
  name:
    `batch progress on a terminal shows the total and an ETA while results go to a file${scriptTool.suffix}`,
  ignore: scriptTool.ignore,
  async fn() {
    await using workspace = await tempWorkspace();
    const key = openaiProjectKey("PROGRESS");
    await using fake = await startOpenAIDelayFake({ apiKey: key, delayFor: () => 300 });
    const stored = await runInProcess(["keys", "set", "openai", "--stdin"], {
      ...workspace,
      stdin: key,
    });
    assert.equal(stored.code, 0, stored.stderr);
    await Deno.writeTextFile(
      `${workspace.cwd}/prompts.jsonl`,
      Array.from({ length: 8 }, (_, index) => JSON.stringify({ id: `${index}`, prompt: "hi" }))
        .join("\n") + "\n",
    );
    const { code, screen } = await onTerminal(
      workspace,
      `batch --job progress --provider openai --base-url ${fake.baseURL} --model gpt-4o-mini ` +
        "--concurrency 2 < prompts.jsonl > results.jsonl",
      [],
    );
    assert.equal(code, 0, screen);
    // From the first line drawn: the input was read ahead, so the total is known at once.
    // The escape character ends the progress line on the terminal screen.
    // deno-lint-ignore no-control-regex
    const first = /batch progress: [^\r\n\u001b]*/.exec(screen)?.[0] ?? "";
    assert.match(first, /^batch progress: \d\/8 \(\d+%\) · 0 failed/, screen);
    assert.match(screen, /batch progress: \d\/8 \(\d+%\) · 0 failed · [\d.]+\/s · ETA \d+s/);
    assert.ok(!screen.includes(key.slice(8, 30)));
    const results = (await Deno.readTextFile(`${workspace.cwd}/results.jsonl`)).trim().split("\n");
    assert.equal(results.length, 8);
  },
});
