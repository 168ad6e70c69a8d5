import assert from "node:assert/strict";
import { join } from "node:path";
import { openaiProjectKey } from "../credentials/_canaries.ts";
import { startOpenAIDelayFake } from "../fakes/openai_delay_fake.ts";
import { fingerprint } from "../../src/security/fingerprint.ts";
import { assertNoCanary, assertNoCanaryInTree } from "./_canary_checks.ts";
import { loopbackOnlyFetch, runInProcess } from "./_in_process.ts";
import { instantClock } from "../_support/instant_clock.ts";
import { runOmn, spawnOmn, tempWorkspace, type Workspace } from "./_omn.ts";

const KEY = openaiProjectKey("BATCH");
const ENV = { OPENAI_API_KEY: KEY };

const lines = (text: string) => text.trim() === "" ? [] : text.trim().split("\n");
const parse = (text: string) => lines(text).map((line) => JSON.parse(line));
const modeOf = async (path: string) => (await Deno.stat(path)).mode! & 0o777;
const journalOf = (workspace: Workspace, job: string) =>
  join(workspace.home, "jobs", `${job}.jsonl`);

/** What a batch run in a child process printed and how it ended. */
interface ChildBatch {
  code: number;
  signal: Deno.Signal | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts `omn args…` under the release permission set, feeding it `stdin`.
 * `printed(count)` waits until it has printed `count` result lines (each is
 * journaled before it is printed), however long that takes (no time limit: on
 * a busy machine the process start alone takes seconds); `end()` waits for its
 * end and collects the rest of its output.
 */
async function startBatch(args: string[], workspace: Workspace, stdin: string) {
  const child = spawnOmn(args, { ...workspace, env: ENV }, "piped");
  const stderr = new Response(child.stderr).text();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(stdin));
  await writer.close();
  const stdout = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let printed = "";
  return {
    child,
    /** Waits until `count` whole result lines are printed; false when the process ended first. */
    async printed(count: number): Promise<boolean> {
      while (lines(printed).length < count || !printed.endsWith("\n")) {
        const next = await stdout.read();
        if (next.done) return false;
        printed += next.value;
      }
      return true;
    },
    /** Waits for the end of the process; what it printed, and how it ended. */
    async end(): Promise<ChildBatch> {
      for (let next = await stdout.read(); !next.done; next = await stdout.read()) {
        printed += next.value;
      }
      const status = await child.status;
      return { code: status.code, signal: status.signal, stdout: printed, stderr: await stderr };
    },
  };
}

Deno.test("batch on mock: a result per line, failures and malformed lines as results, exit 1", async () => {
  await using workspace = await tempWorkspace();
  const input = [
    JSON.stringify({ id: "a", prompt: "hello there" }),
    JSON.stringify({ id: "b", prompt: "fails", model: "mock-error" }),
    "{not json",
    "",
    JSON.stringify({ prompt: "no id" }),
    JSON.stringify({ id: "c", prompt: `secret ${KEY}`, system: "be brief" }),
    JSON.stringify({ id: 7, prompt: "x", temperature: 5 }),
  ].join("\n");
  const run = await runInProcess(["batch", "--job", "mock-job", "--provider", "mock"], {
    ...workspace,
    stdin: input,
    env: ENV,
  });
  assert.equal(run.code, 1, run.stderr);
  const results = parse(run.stdout);
  assert.deepEqual(results.map((result) => result.id).sort(), [3, 5, 7, "a", "b", "c"].sort());
  const byId = new Map(results.map((result) => [result.id, result]));
  assert.match(byId.get("a").text, /^Hello from the mock provider\. Your prompt had 2 words/);
  assert.equal(byId.get("a").finish_reason, "stop");
  assert.ok(byId.get("a").usage.output_tokens > 0);
  assert.deepEqual(byId.get("b").error.exit_code, 1);
  assert.match(byId.get(3).error.message, /^Line 3: not JSON/);
  assert.deepEqual(byId.get(5).error, { message: 'Line 5: "id": required', exit_code: 2 });
  assert.deepEqual(byId.get(7).error, {
    message: 'Line 7: "temperature": expected a number from 0 to 2',
    exit_code: 2,
  });
  assert.match(byId.get("c").text, /starting "secret sk-proj-\*\*\*"/);
  assert.match(run.stderr, /warning: Item "c": Masked secrets in the request before sending/);
  assert.match(run.stderr, /batch mock-job: 6 results, 4 failed in/);
  assert.match(run.stderr, /error: 4 items of job "mock-job" failed/);

  const journal = journalOf(workspace, "mock-job");
  assert.equal(await modeOf(journal), 0o600);
  assert.equal(await modeOf(join(workspace.home, "jobs")), 0o700);
  assert.deepEqual(
    lines(await Deno.readTextFile(journal)).sort(),
    lines(run.stdout).sort(),
  );

  const exported = await runInProcess(["batch", "--job", "mock-job", "--export"], workspace);
  assert.equal(exported.code, 0, exported.stderr);
  assert.deepEqual(lines(exported.stdout), lines(await Deno.readTextFile(journal)));

  const again = await runInProcess(["batch", "--job", "mock-job", "--provider", "mock"], {
    ...workspace,
    stdin: input,
  });
  assert.equal(again.code, 2);
  assert.match(again.stderr, /^error: Job "mock-job" already has 6 results: pass --resume/);

  await assertNoCanaryInTree(workspace.home, [KEY]);
  assert.match(await Deno.readTextFile(journal), /sk-proj-\*\*\*/);

  const listed = await runInProcess(["batch", "--list"], workspace);
  assert.equal(listed.code, 0, listed.stderr);
  // Piped: tab-separated rows without a header.
  assert.match(listed.stdout, /^mock-job\t6\t4\t\S+\tidle\n$/);
  const removed = await runInProcess(["batch", "--rm", "mock-job"], workspace);
  assert.equal(removed.code, 0, removed.stderr);
  await assert.rejects(Deno.stat(journal), Deno.errors.NotFound);
  const empty = await runInProcess(["batch", "--list"], workspace);
  assert.equal(empty.stdout, "");
  assert.equal((await runInProcess(["batch", "--rm", "mock-job"], workspace)).code, 2);

  assertNoCanary({ stdout: run.stdout, stderr: run.stderr, export: exported.stdout }, [KEY]);
});

Deno.test("batch: completion order by default, input order with --ordered", async () => {
  await using workspace = await tempWorkspace();
  // The order the answers complete in, set by events rather than delays: each prompt's answer
  // waits at a gate that opens when the answer before it is done (printed, or, with --ordered,
  // which prints nothing early, received whole).
  const completion = ["wait 0", "wait 200", "wait 300", "wait 400"];
  let gates = new Map<string, PromiseWithResolvers<void>>();
  const labelOf = (text: string) => /wait \d+/.exec(text)?.[0] ?? "";
  const done = (label: string) => gates.get(completion[completion.indexOf(label) + 1])?.resolve();
  await using fake = await startOpenAIDelayFake({
    apiKey: KEY,
    holdFor: (prompt) => gates.get(labelOf(prompt))?.promise,
  });
  const newGates = () =>
    gates = new Map(completion.slice(1).map((label) => [label, Promise.withResolvers<void>()]));
  const input = [["slow", 400], ["medium", 200], ["fast", 0]]
    .map(([id, wait]) => JSON.stringify({ id, prompt: `wait ${wait}` })).join("\n") +
    `\n${JSON.stringify({ id: "secret", prompt: `wait 300 ${KEY}` })}`;
  const labels = new Map([["slow", "wait 400"], ["medium", "wait 200"], ["fast", "wait 0"], [
    "secret",
    "wait 300",
  ]]);
  const args = ["--provider", "openai", "--base-url", fake.baseURL, "--model", "gpt-4o-mini"];
  newGates();
  let printed = "";
  const unordered = await runInProcess(["batch", "--job", "u", ...args], {
    ...workspace,
    stdin: input,
    env: ENV,
    onStdout(text) {
      printed += text;
      while (printed.includes("\n")) {
        const line = printed.slice(0, printed.indexOf("\n"));
        printed = printed.slice(line.length + 1);
        done(labels.get(JSON.parse(line).id) ?? "");
      }
    },
  });
  assert.equal(unordered.code, 0, unordered.stderr);
  assert.deepEqual(parse(unordered.stdout).map((result) => result.id), [
    "fast",
    "medium",
    "secret",
    "slow",
  ]);
  newGates();
  // With --ordered nothing is printed before the first item's result: an answer is done
  // when omn has received all of it.
  const receiving: typeof fetch = async (input, init) => {
    const raw = init?.body;
    const body = typeof raw === "string"
      ? raw
      : raw instanceof ArrayBuffer || ArrayBuffer.isView(raw)
      ? new TextDecoder().decode(raw)
      : input instanceof Request
      ? await input.clone().text()
      : "";
    const label = labelOf(body);
    // Fail at once rather than wait at a gate that nothing opens.
    if (label === "") throw new Error("Cannot tell which item this request is for");
    const response = await loopbackOnlyFetch(input, init);
    if (!response.body) return response;
    const whole = response.body.pipeThrough(new TransformStream({ flush: () => done(label) }));
    return new Response(whole, response);
  };
  const ordered = await runInProcess(["batch", "--job", "o", "--ordered", ...args], {
    ...workspace,
    stdin: input,
    env: ENV,
    fetch: receiving,
  });
  assert.equal(ordered.code, 0, ordered.stderr);
  assert.deepEqual(parse(ordered.stdout).map((result) => result.id), [
    "slow",
    "medium",
    "fast",
    "secret",
  ]);
  assert.deepEqual(parse(ordered.stdout)[0], {
    id: "slow",
    text: "echo: wait 400",
    usage: { input_tokens: 2, output_tokens: 4, cached_input_tokens: 0 },
    finish_reason: "stop",
  });
  assert.equal(parse(ordered.stdout)[3].text, "echo: wait 300 sk-proj-***");
  assert.deepEqual(fake.violations, []);
  assertNoCanary({
    unordered: unordered.stdout + unordered.stderr,
    ordered: ordered.stdout + ordered.stderr,
    "prompts received by the provider": fake.prompts.join("\n"),
  }, [KEY]);
  await assertNoCanaryInTree(workspace.home, [KEY]);
});

Deno.test("batch: 1,000 items, injected failures, kill -9 mid-run, --resume: one result per id", async () => {
  await using workspace = await tempWorkspace();
  // The first 200 prompts are answered at once, the others only once the first run is killed:
  // it dies with requests in flight, whatever the machine's speed, and no delay is waited.
  const killed = Promise.withResolvers<void>();
  await using fake = await startOpenAIDelayFake({
    apiKey: KEY,
    holdFor: (prompt) => Number(prompt.slice("prompt ".length)) >= 200 ? killed.promise : undefined,
    failWith: (prompt) => prompt.endsWith("7") ? 400 : undefined,
  });
  const ids = Array.from({ length: 1000 }, (_, index) => `item-${index}`);
  const input =
    ids.map((id, index) => JSON.stringify({ id, prompt: `prompt ${index}` })).join("\n") +
    "\n";
  const args = [
    "batch",
    "--job",
    "big",
    "--provider",
    "openai",
    "--base-url",
    fake.baseURL,
    "--concurrency",
    "8",
  ];
  const journal = journalOf(workspace, "big");

  // First run, killed with SIGKILL once 200 results are in the journal, 8 requests in flight.
  const firstRun = await startBatch(args, workspace, input);
  assert.ok(await firstRun.printed(200), "the first run printed 200 results");
  firstRun.child.kill("SIGKILL");
  const first = await firstRun.end();
  killed.resolve();
  assert.equal(first.signal, "SIGKILL");
  const beforeResume = lines(await Deno.readTextFile(journal));
  assert.equal(beforeResume.length, 200);
  // Every line in the journal is whole.
  for (const line of beforeResume) JSON.parse(line);

  const resumed = await runInProcess([...args, "--resume"], {
    ...workspace,
    stdin: input,
    env: ENV,
  });
  assert.equal(resumed.code, 1, resumed.stderr); // the injected failures
  assert.equal(lines(resumed.stdout).length, 1000 - beforeResume.length, resumed.stderr);
  assert.match(
    resumed.stderr,
    new RegExp(`${beforeResume.length} skipped \\(already in the journal\\)`),
  );

  const results = parse(await Deno.readTextFile(journal));
  assert.equal(results.length, 1000);
  assert.deepEqual(results.map((result) => result.id).sort(), [...ids].sort());
  for (const result of results) {
    if (result.id.endsWith("7")) {
      assert.equal(result.error?.exit_code, 1, JSON.stringify(result));
    } else {
      assert.equal(result.text, `echo: prompt ${result.id.slice("item-".length)}`);
    }
  }
  const exported = await runInProcess(["batch", "--job", "big", "--export"], workspace);
  assert.equal(exported.code, 0, exported.stderr);
  assert.deepEqual(
    parse(exported.stdout).map((result) => result.id).sort(),
    [...ids].sort(),
  );
  // A second resume has nothing left to do.
  const nothing = await runInProcess([...args, "--resume"], {
    ...workspace,
    stdin: input,
    env: ENV,
  });
  assert.equal(nothing.stdout, "");
  assert.match(nothing.stderr, /0 results, 0 failed, 1000 skipped/);
  assert.ok(fake.requests >= 1000);
  assert.deepEqual(fake.violations, []);
  assertNoCanary({
    first: first.stdout + first.stderr,
    resumed: resumed.stdout + resumed.stderr,
    exported: exported.stdout,
  }, [KEY]);
  await assertNoCanaryInTree(workspace.home, [KEY]);
});

Deno.test("batch --retry-failed runs only the failed items again; --export and --list show each id's last result", async () => {
  await using workspace = await tempWorkspace();
  let failing = true;
  await using fake = await startOpenAIDelayFake({
    apiKey: KEY,
    failWith: (prompt) => failing && prompt.endsWith("2") ? 400 : undefined,
  });
  const input = Array.from(
    { length: 6 },
    (_, index) => JSON.stringify({ id: index, prompt: `prompt ${index}` }),
  ).join("\n") + "\n";
  const args = ["batch", "--job", "retry", "--provider", "openai", "--base-url", fake.baseURL];
  const run = (extra: string[]) =>
    runInProcess([...args, ...extra], { ...workspace, stdin: input, env: ENV });

  const first = await run([]);
  assert.equal(first.code, 1, first.stderr);
  assert.deepEqual(
    parse(first.stdout).filter((result) => result.error).map((result) => result.id),
    [2],
  );

  // --resume keeps the failure; --retry-failed asks again for item 2 alone.
  const resumed = await run(["--resume"]);
  assert.equal(resumed.code, 1, resumed.stderr);
  assert.equal(resumed.stdout, "");
  failing = false;
  const before = fake.prompts.length;
  const retried = await run(["--retry-failed"]);
  assert.equal(retried.code, 0, retried.stderr);
  assert.deepEqual(fake.prompts.slice(before), ["prompt 2"]);
  const retriedResults = parse(retried.stdout);
  assert.equal(retriedResults.length, 1, retried.stdout);
  assert.equal(retriedResults[0].id, 2);
  assert.equal(retriedResults[0].text, "echo: prompt 2");

  const journal = parse(await Deno.readTextFile(journalOf(workspace, "retry")));
  assert.equal(journal.length, 7); // the failure stays in the journal, followed by its retry
  const exported = await runInProcess(["batch", "--job", "retry", "--export"], workspace);
  assert.equal(exported.code, 0, exported.stderr);
  const results = parse(exported.stdout);
  assert.deepEqual(results.map((result) => result.id).sort(), [0, 1, 2, 3, 4, 5]);
  assert.ok(results.every((result) => result.error === undefined), exported.stdout);
  const listed = await runInProcess(["batch", "--list"], workspace);
  assert.match(listed.stdout, /^retry\t6\t0\t/m);
  assertNoCanary({ first: first.stderr, retried: retried.stdout + retried.stderr }, [KEY]);
});

Deno.test("batch: Ctrl-C stops cleanly (exit 130, the finished results journaled); --resume finishes", async () => {
  await using workspace = await tempWorkspace();
  // The first 20 prompts are answered at once, the others only once the run is interrupted:
  // the interruption finds requests in flight, whatever the machine's speed.
  const interrupted = Promise.withResolvers<void>();
  await using fake = await startOpenAIDelayFake({
    apiKey: KEY,
    holdFor: (prompt) => Number(prompt.slice("p ".length)) >= 20 ? interrupted.promise : undefined,
  });
  const input = Array.from(
    { length: 40 },
    (_, index) => JSON.stringify({ id: index, prompt: `p ${index}` }),
  )
    .join("\n");
  const args = ["batch", "--job", "int", "--provider", "openai", "--base-url", fake.baseURL];
  const journal = journalOf(workspace, "int");
  const run = await startBatch(args, workspace, input);
  assert.ok(await run.printed(20), "20 results printed");
  run.child.kill("SIGINT");
  const stopped = await run.end();
  interrupted.resolve();
  assert.equal(stopped.code, 130, stopped.stderr);
  assert.match(
    stopped.stderr,
    /error: Interrupted: the 20 results of this run are in the journal; run the same command with --resume/,
  );
  const before = lines(await Deno.readTextFile(journal));
  assert.equal(before.length, 20);
  // Every result printed is journaled, and every journaled line is a whole success.
  assert.deepEqual([...lines(stopped.stdout)].sort(), [...before].sort());
  for (const line of before) assert.ok(JSON.parse(line).text.startsWith("echo: p "));
  const resumed = await runInProcess([...args, "--resume"], {
    ...workspace,
    stdin: input,
    env: ENV,
  });
  assert.equal(resumed.code, 0, resumed.stderr);
  const ids = parse(await Deno.readTextFile(journal)).map((result) => result.id);
  assert.deepEqual(
    ids.sort((left, right) => left - right),
    Array.from({ length: 40 }, (_, index) => index),
  );
  assert.deepEqual(fake.violations, []);
});

Deno.test("batch: the config's rate limit holds requests back; the state file holds no key", async () => {
  await using workspace = await tempWorkspace();
  await using fake = await startOpenAIDelayFake({ apiKey: KEY });
  const set = await runInProcess(
    ["config", "set", "providers.openai.requests_per_minute", "120"],
    workspace,
  );
  assert.equal(set.code, 0, set.stderr);
  // 120 a minute: a burst of 20, then one every 500 ms: the last two items wait 500 ms each,
  // on the clock (instantClock: it records the waits and moves time, without waiting).
  const input = Array.from(
    { length: 22 },
    (_, index) => JSON.stringify({ id: index, prompt: "hi" }),
  )
    .join("\n");
  const clock = instantClock();
  const run = await runInProcess(
    ["batch", "--job", "limited", "--provider", "openai", "--base-url", fake.baseURL],
    { ...workspace, stdin: input, env: ENV, clock },
  );
  assert.equal(run.code, 0, run.stderr);
  assert.equal(lines(run.stdout).length, 22);
  assert.deepEqual(clock.waits, [500, 500]);
  const state = join(workspace.home, "rate_limits.json");
  assert.equal(await modeOf(state), 0o600);
  const text = await Deno.readTextFile(state);
  assert.ok(text.includes(`"openai ${fingerprint(KEY)}"`), text);
  await assertNoCanaryInTree(workspace.home, [KEY]);
});

Deno.test("batch: input from a file outside the permission set is refused with the stdin way", async () => {
  await using workspace = await tempWorkspace();
  const outside = join(workspace.root, "prompts.jsonl");
  await Deno.writeTextFile(outside, JSON.stringify({ id: 1, prompt: "hi" }));
  const refused = await runOmn(["batch", "--job", "f", "--provider", "mock", outside], workspace);
  assert.equal(refused.code, 3);
  assert.equal(
    refused.stderr,
    `error: Cannot read "${outside}": omn may read only its config directory and ./.env; ` +
      `give it on stdin: omn batch --job f - < "${outside}"\n`,
  );
  const badName = await runInProcess(["batch", "--job", "../escape", "--provider", "mock"], {
    ...workspace,
    stdin: "",
  });
  assert.equal(badName.code, 2);
  assert.match(badName.stderr, /^error: Invalid job name "\.\.\/escape"/);
  const noJob = await runInProcess(["batch", "--provider", "mock"], { ...workspace, stdin: "" });
  assert.equal(noJob.code, 2);
  assert.match(noJob.stderr, /^error: No job name: pass --job NAME/);
});
