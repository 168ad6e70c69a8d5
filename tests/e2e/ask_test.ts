import assert from "node:assert/strict";
import { openaiProjectKey } from "../credentials/_canaries.ts";
import { assertNoCanary } from "./_canary_checks.ts";
import { runInProcess } from "./_in_process.ts";
import { tempWorkspace } from "./_workspace.ts";

Deno.test("ask on the mock provider streams a deterministic reply to stdout", async () => {
  await using workspace = await tempWorkspace();
  const result = await runInProcess(["ask", "--provider", "mock", "hello", "there"], workspace);
  assert.equal(result.code, 0, result.stderr);
  assert.match(
    result.stdout,
    /^Hello from the mock provider\. Your prompt had 2 words, starting "hello there"\./,
  );
  assert.ok(result.stdout.endsWith("\n"));
  assert.equal(result.stderr, "");
  const again = await runInProcess(["ask", "--provider", "mock", "hello", "there"], workspace);
  assert.equal(again.stdout, result.stdout);
});

Deno.test("ask reads stdin first, then the instruction; -p is ask", async () => {
  await using workspace = await tempWorkspace();
  const result = await runInProcess(["-p", "review", "this", "--provider", "mock"], {
    ...workspace,
    stdin: "diff line\n",
  });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /4 words, starting "diff line review this"/);
});

Deno.test("ask --output json prints one result object", async () => {
  await using workspace = await tempWorkspace();
  const result = await runInProcess(
    ["ask", "--provider", "mock", "--output", "json", "hi"],
    workspace,
  );
  assert.equal(result.code, 0, result.stderr);
  const object = JSON.parse(result.stdout);
  assert.equal(object.type, "result");
  assert.equal(object.subtype, "success");
  assert.equal(object.is_error, false);
  assert.match(object.result, /^Hello from the mock provider/);
  assert.match(object.session_id, /^[0-9a-f-]{36}$/);
  assert.equal(object.provider, "mock");
  assert.equal(object.model, "mock-1");
  assert.deepEqual(Object.keys(object.usage).sort(), [
    "cached_input_tokens",
    "input_tokens",
    "output_tokens",
    "total_cost_usd",
  ]);
  assert.ok(object.usage.output_tokens > 0);
  assert.equal(object.stop_reason, "stop");
  assert.equal(typeof object.duration_ms, "number");
});

Deno.test("ask --output-format stream-json prints init, deltas and the result, one per line", async () => {
  await using workspace = await tempWorkspace();
  const result = await runInProcess(
    ["-p", "hi", "--provider", "mock", "--output-format", "stream-json"],
    workspace,
  );
  assert.equal(result.code, 0, result.stderr);
  const events = result.stdout.trim().split("\n").map((line) => JSON.parse(line));
  assert.equal(events[0].type, "system");
  assert.equal(events[0].subtype, "init");
  const deltas = events.filter((event) => event.type === "text_delta");
  assert.ok(deltas.length > 3, "several chunks");
  const last = events.at(-1);
  assert.equal(last.type, "result");
  assert.equal(last.result, deltas.map((event) => event.text).join(""));
  assert.equal(last.session_id, events[0].session_id);
});

Deno.test("ask --no-stream prints the same text at once", async () => {
  await using workspace = await tempWorkspace();
  const streamed = await runInProcess(["ask", "--provider", "mock", "hi"], workspace);
  const whole = await runInProcess(["ask", "--provider", "mock", "--no-stream", "hi"], workspace);
  assert.equal(whole.code, 0);
  assert.equal(whole.stdout, streamed.stdout);
});

Deno.test("a provider error still prints a valid JSON result, and exits 1", async () => {
  await using workspace = await tempWorkspace();
  for (const output of ["json", "stream-json"]) {
    const result = await runInProcess([
      "ask",
      "--provider",
      "mock",
      "--model",
      "mock-error",
      "-o",
      output,
      "hi",
    ], workspace);
    assert.equal(result.code, 1);
    const last = JSON.parse(result.stdout.trim().split("\n").at(-1)!);
    assert.equal(last.type, "result");
    assert.equal(last.subtype, "error");
    assert.equal(last.is_error, true);
    assert.match(last.error, /mock-error model failed/);
    assert.equal(last.result, "Hello ");
    assert.match(result.stderr, /^error: mock: the mock-error model failed/m);
  }
});

Deno.test("usage errors exit 2 with one line", async () => {
  await using workspace = await tempWorkspace();
  for (
    const args of [
      ["ask", "--provider", "mock", "--temperature", "3", "hi"],
      ["ask", "--provider", "mock", "--output", "yaml", "hi"],
      ["ask", "--provider", "mock"],
      ["ask", "--provider", "nosuch", "hi"],
      ["nosuchcommand"],
    ]
  ) {
    const result = await runInProcess(args, workspace);
    assert.equal(result.code, 2, `${args.join(" ")}: ${result.stderr}`);
    assert.match(result.stderr, /^error: /);
    assert.equal(result.stdout, "");
  }
});

Deno.test("ask with no provider chosen exits 3 naming the fix", async () => {
  await using workspace = await tempWorkspace();
  const result = await runInProcess(["ask", "hi"], workspace);
  assert.equal(result.code, 3);
  assert.match(result.stderr, /--provider/);
  assert.match(result.stderr, /omn config set default_provider/);
});

Deno.test("secrets in the prompt are masked before sending, and never printed", async () => {
  await using workspace = await tempWorkspace();
  const canary = openaiProjectKey("ASK");
  const prompt = `my key is ${canary} please`;
  const masked = await runInProcess(["ask", "--provider", "mock", "-o", "json"], {
    ...workspace,
    stdin: prompt,
  });
  assert.equal(masked.code, 0, masked.stderr);
  assert.match(
    masked.stderr,
    /warning: Masked secrets in the request before sending \(openai in the prompt/,
  );
  assert.match(JSON.parse(masked.stdout).result, /sk-proj-\*\*\*/);
  const blocked = await runInProcess(["ask", "--provider", "mock", "--on-secret", "block"], {
    ...workspace,
    stdin: prompt,
  });
  assert.equal(blocked.code, 3);
  assert.match(blocked.stderr, /Request not sent/);
  assert.equal(blocked.stdout, "");
  const allowed = await runInProcess(["ask", "--provider", "mock", "--on-secret", "allow"], {
    ...workspace,
    stdin: prompt,
  });
  assert.equal(allowed.code, 0);
  assert.match(allowed.stderr, /sending them as asked/);
  assertNoCanary({
    "masked stdout": masked.stdout,
    "masked stderr": masked.stderr,
    "blocked stderr": blocked.stderr,
    "allowed stdout (echoed by the mock, redacted on output)": allowed.stdout,
    "allowed stderr": allowed.stderr,
  }, [canary]);
});

Deno.test("the config's default provider and model are used; flags override them for one run", async () => {
  await using workspace = await tempWorkspace();
  assert.equal(
    (await runInProcess(["config", "set", "default_provider", "mock"], workspace)).code,
    0,
  );
  const result = await runInProcess(["ask", "-o", "json", "hi"], workspace);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(JSON.parse(result.stdout).provider, "mock");
  const other = await runInProcess(["ask", "-o", "json", "--model", "mock-error", "hi"], workspace);
  assert.equal(other.code, 1);
  const config = JSON.parse(await Deno.readTextFile(`${workspace.home}/config.json`));
  assert.deepEqual(config, { version: 1, default_provider: "mock" });
});

Deno.test("--quiet silences warnings and information but keeps data and errors; help is not wrapped when piped", async () => {
  await using workspace = await tempWorkspace();
  const canary = openaiProjectKey("QUIET");
  const quiet = await runInProcess(
    ["--quiet", "ask", "--provider", "mock", `key ${canary}`],
    workspace,
  );
  assert.equal(quiet.code, 0);
  assert.equal(quiet.stderr, "");
  assert.match(quiet.stdout, /^Hello from the mock provider/);
  const failing = await runInProcess(["--quiet", "ask", "--provider", "nosuch", "hi"], workspace);
  assert.match(failing.stderr, /^error: Unknown provider/);
  const help = await runInProcess(["ask", "--help"], workspace);
  const line = help.stdout.split("\n").find((text) => text.includes("--on-secret"))!;
  assert.match(line, /redact \(default\), block or allow/, "the description stays on one line");
});
