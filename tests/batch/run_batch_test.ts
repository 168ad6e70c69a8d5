import assert from "node:assert/strict";
import { oneReplyModel } from "../_support/one_reply_model.ts";
import {
  type BatchDependencies,
  type BatchOptions,
  describeSummary,
  type ItemModel,
  runBatch,
} from "../../src/batch/run_batch.ts";
import type { BatchItem } from "../../src/batch/parse_batch_line.ts";
import { idKey } from "../../src/batch/result_line.ts";
import {
  AuthRejectedError,
  InterruptedError,
  RateLimitError,
  SilentError,
} from "../../src/core/errors.ts";
import type { GenerateRequest, LanguageModel } from "../../src/providers/language_model.ts";
import { createIo } from "../../src/core/io.ts";
import { classifyStreamError } from "../../src/providers/classify_stream_error.ts";
import { memoryContext } from "../cli/_memory_io.ts";
import { openaiProjectKey } from "../credentials/_canaries.ts";
import { clearKnownSecrets, registerSecret } from "../../src/security/redact.ts";
import { knownCanaries, leakedPart } from "../security/_leak_checks.ts";

/**
 * A model that answers `reply: <prompt>` after the delay named in the prompt
 * (`wait=MS`), or once the item named in it (`after=ID`) has its result
 * journaled: an order of completion that no timer decides.
 */
function fakeModel(track: Track): LanguageModel {
  return {
    provider: "fake",
    modelId: "fake-1",
    async *stream(request) {
      track.requests.push(request);
      track.changes?.notify();
      track.inFlight++;
      track.max = Math.max(track.max, track.inFlight);
      try {
        const prompt = request.messages[0].content;
        const after = /after=(\S+)/.exec(prompt)?.[1];
        if (after !== undefined) await track.changes!.until(() => track.journaled!.has(after));
        const wait = Number(/wait=(\d+)/.exec(prompt)?.[1] ?? 0);
        await new Promise((resolve, reject) => {
          const timer = setTimeout(resolve, wait);
          request.signal?.addEventListener("abort", () => {
            clearTimeout(timer);
            reject(request.signal!.reason);
          });
        });
        if (prompt.includes("fail-auth")) throw new AuthRejectedError("fake: key rejected");
        if (prompt.includes("fail-rate")) throw new RateLimitError("fake: rate limited");
        yield { type: "text-delta", text: "reply: " };
        if (prompt.includes("fail-midstream")) {
          throw classifyStreamError(
            { type: "error", error: { type: "overloaded_error", message: "Overloaded" } },
            "anthropic",
          );
        }
        yield { type: "text-delta", text: prompt };
        yield {
          type: "finish",
          finishReason: "stop",
          usage: { inputTokens: 10, outputTokens: 5, cachedInputTokens: 1 },
        };
      } finally {
        track.inFlight--;
      }
    },
  };
}

/** What the fake model saw; `changes` is told of each request it starts. */
interface Track {
  inFlight: number;
  max: number;
  requests: GenerateRequest[];
  changes?: Changes;
  /** The ids whose results were journaled, as text (the harness's runs). */
  journaled?: Set<string>;
}

/**
 * Waits for a state to hold, checked each time something tells `notify`
 * (a request started, a result journaled): an event, never a sleep or a poll.
 */
class Changes {
  #waiting: { condition: () => boolean; resolve: () => void }[] = [];
  notify(): void {
    const still = this.#waiting.filter((waiter) => !waiter.condition());
    for (const waiter of this.#waiting) if (!still.includes(waiter)) waiter.resolve();
    this.#waiting = still;
  }
  until(condition: () => boolean): Promise<void> {
    if (condition()) return Promise.resolve();
    const { promise, resolve } = Promise.withResolvers<void>();
    this.#waiting.push({ condition, resolve });
    return promise;
  }
}

interface Harness {
  options: BatchOptions;
  dependencies: BatchDependencies;
  journal: string[];
  track: Track;
  changes: Changes;
  stdout: () => Promise<string>;
  stderr: () => string;
}

function harness(
  lines: string[],
  overrides: Partial<BatchOptions> = {},
  dependencyOverrides: Partial<BatchDependencies> = {},
): Harness {
  const context = memoryContext();
  const journal: string[] = [];
  const changes = new Changes();
  const track: Track = { inFlight: 0, max: 0, requests: [], changes, journaled: new Set() };
  const model = fakeModel(track);
  return {
    options: { job: "t", ordered: false, concurrency: 4, onSecret: "redact", ...overrides },
    dependencies: {
      io: context.io,
      lines: (async function* () {
        yield* lines;
      })(),
      append: (line) => {
        journal.push(line);
        for (const result of line.trim().split("\n")) {
          track.journaled!.add(String(JSON.parse(result).id));
        }
        changes.notify();
        return Promise.resolve();
      },
      done: new Set(),
      previousFailures: 0,
      modelFor: () => Promise.resolve({ model }),
      now: () => performance.now(),
      ...dependencyOverrides,
    },
    journal,
    track,
    changes,
    stdout: async () => {
      await context.io.close();
      return context.stdout();
    },
    stderr: context.stderr,
  };
}

const item = (id: string | number, prompt: string, extra: Partial<BatchItem> = {}) =>
  JSON.stringify({ id, prompt, ...extra });
const parseLines = (text: string) => text.trim().split("\n").map((line) => JSON.parse(line));

Deno.test("runBatch: one result per line, in the journal and on stdout, as items finish", async () => {
  const run = harness([item("slow", "after=3"), item("fast", "wait=0"), item(3, "after=fast")]);
  const summary = await runBatch(run.options, run.dependencies);
  const stdout = await run.stdout();
  assert.deepEqual(parseLines(stdout).map((result) => result.id), ["fast", 3, "slow"]);
  assert.equal(run.journal.join(""), stdout);
  assert.deepEqual(parseLines(stdout)[0], {
    id: "fast",
    text: "reply: wait=0",
    usage: { input_tokens: 10, output_tokens: 5, cached_input_tokens: 1 },
    finish_reason: "stop",
  });
  assert.equal(summary.results, 3);
  assert.equal(summary.failed, 0);
  assert.match(run.stderr(), /^batch t: 3 results, 0 failed in \d+\.\ds\n$/);
});

Deno.test("runBatch --ordered: results in input order", async () => {
  const run = harness(
    [item("slow", "wait=60"), item("fast", "wait=0"), "garbage", item(3, "wait=20")],
    { ordered: true },
  );
  await assert.rejects(runBatch(run.options, run.dependencies), SilentError);
  assert.deepEqual(parseLines(await run.stdout()).map((result) => result.id), [
    "slow",
    "fast",
    3,
    3,
  ]);
});

Deno.test("runBatch: never more items in flight than the concurrency", async () => {
  const lines = Array.from({ length: 30 }, (_, index) => item(index, "wait=5"));
  const run = harness(lines, { concurrency: 3 });
  await runBatch(run.options, run.dependencies);
  assert.equal(run.track.max, 3);
  assert.equal(run.journal.length, 30);
  const single = harness(lines.slice(0, 5), { concurrency: 1 });
  await runBatch(single.options, single.dependencies);
  assert.equal(single.track.max, 1);
});

Deno.test("runBatch: malformed lines and failures are results with their exit code; exit 1", async () => {
  const run = harness([
    item("ok", "hello"),
    "{not json",
    "",
    '{"prompt": "no id"}',
    item("auth", "fail-auth"),
    item("rate", "fail-rate"),
    item("ok", "again"),
  ]);
  await assert.rejects(
    runBatch(run.options, run.dependencies),
    (error) => error instanceof SilentError && error.exitCode === 1,
  );
  const results = parseLines(await run.stdout());
  const byId = new Map(results.map((result) => [JSON.stringify(result.id), result]));
  assert.equal(byId.get('"ok"').text, "reply: hello");
  assert.equal(byId.get("2").error.exit_code, 2);
  assert.match(byId.get("2").error.message, /^Line 2: not JSON/);
  assert.deepEqual(byId.get("4").error, { message: 'Line 4: "id": required', exit_code: 2 });
  assert.deepEqual(byId.get('"auth"').error, {
    message: "fake: key rejected",
    exit_code: 4,
    error_type: "auth_rejected",
  });
  assert.deepEqual(byId.get('"rate"').error, {
    message: "fake: rate limited",
    exit_code: 5,
    error_type: "rate_limited",
  });
  // The duplicate is reported on stdout but not journaled: the journal keeps one result per id.
  const duplicate = results.find((result) => result.error?.message.includes("duplicate"));
  assert.deepEqual(duplicate, {
    id: "ok",
    error: { message: 'Line 7: duplicate id "ok" (first on line 1): not run', exit_code: 2 },
  });
  assert.equal(results.length, 6);
  assert.equal(run.journal.length, 5);
  assert.match(run.stderr(), /batch t: 6 results, 5 failed/);
  assert.match(run.stderr(), /error: 5 items of job "t" failed; their errors are in the results/);
});

Deno.test("runBatch: a mid-stream error is the item's error with its message, exit code and error_type", async () => {
  const run = harness([item("mid", "fail-midstream")]);
  await assert.rejects(runBatch(run.options, run.dependencies), SilentError);
  const [result] = parseLines(await run.stdout());
  assert.equal(result.error.exit_code, 5);
  assert.equal(result.error.error_type, "overloaded");
  assert.match(
    result.error.message,
    /anthropic sent an error in the reply stream: overloaded_error/,
  );
  assert.doesNotMatch(result.error.message, /object Object/);
});

Deno.test("runBatch --resume: ids already in the journal are skipped; their failures count", async () => {
  const run = harness([item("a", "x"), item("b", "y"), item(3, "z")], {}, {
    done: new Set([idKey("a"), idKey(3)]),
    previousFailures: 1,
  });
  await assert.rejects(runBatch(run.options, run.dependencies), SilentError);
  assert.deepEqual(parseLines(await run.stdout()).map((result) => result.id), ["b"]);
  assert.equal(run.track.requests.length, 1);
  assert.match(
    run.stderr(),
    /batch t: 1 result, 0 failed, 2 skipped \(already in the journal\), 1 failed in earlier runs/,
  );
});

Deno.test("runBatch: the batch's system, temperature and max tokens apply to items that set none", async () => {
  const run = harness([
    item("a", "x"),
    item("b", "y", { system: "own", temperature: 0.1, max_tokens: 7 }),
  ], { system: "default", temperature: 1, maxTokens: 99, concurrency: 1 });
  await runBatch(run.options, run.dependencies);
  const [first, second] = run.track.requests;
  assert.deepEqual([first.system, first.temperature, first.maxTokens], ["default", 1, 99]);
  assert.deepEqual([second.system, second.temperature, second.maxTokens], ["own", 0.1, 7]);
});

Deno.test("runBatch: secrets in prompts are masked before sending, or fail the item with block", async () => {
  const key = openaiProjectKey("BATCH");
  const masked = harness([item("a", `use ${key}`)]);
  await runBatch(masked.options, masked.dependencies);
  assert.ok(!masked.track.requests[0].messages[0].content.includes(key.slice(0, 24)));
  assert.match(
    masked.stderr(),
    /warning: Item "a": Masked secrets in the request before sending \(openai in the prompt\)/,
  );
  const blocked = harness([item("a", `use ${key}`), item("b", "fine")], { onSecret: "block" });
  await assert.rejects(runBatch(blocked.options, blocked.dependencies), SilentError);
  const results = parseLines(await blocked.stdout());
  assert.equal(results.find((result) => result.id === "a").error.exit_code, 3);
  assert.equal(results.find((result) => result.id === "b").text, "reply: fine");
  assert.equal(blocked.track.requests.length, 1);
  for (const text of [...blocked.journal, await masked.stdout(), masked.stderr()]) {
    assert.ok(!text.includes(key.slice(0, 24)));
  }
});

Deno.test("runBatch: a reply cut at max tokens inside a key keeps no part of it", async () => {
  clearKnownSecrets();
  const [known] = knownCanaries("BATCHMAX");
  registerSecret(known.value, "MISTRAL_API_KEY");
  const model = oneReplyModel(`the key is ${known.value.slice(0, 12)}`, "length");
  const run = harness([item(1, "hi")], {}, { modelFor: () => Promise.resolve({ model }) });
  await runBatch(run.options, run.dependencies);
  const stdout = await run.stdout();
  for (const [where, text] of [["stdout", stdout], ["the journal", run.journal.join("")]]) {
    const part = leakedPart(text, known);
    if (part !== undefined) assert.fail(`reached ${where}: "${part}"`);
  }
  assert.equal(parseLines(stdout)[0].text, "the key is ***");
  clearKnownSecrets();
});

Deno.test("runBatch: the rate limits are asked before each request and told the real usage", async () => {
  const calls: string[] = [];
  const track = { inFlight: 0, max: 0, requests: [] as GenerateRequest[] };
  const limited: ItemModel = {
    model: fakeModel(track),
    acquire: (tokens) => {
      calls.push(`acquire ${tokens}`);
      return Promise.resolve();
    },
    settle: (tokens) => {
      calls.push(`settle ${tokens}`);
      return Promise.resolve();
    },
  };
  const run = harness([item("a", "x".repeat(40), { max_tokens: 100 })], {}, {
    modelFor: () => Promise.resolve(limited),
  });
  await runBatch(run.options, run.dependencies);
  // Estimate: 40 characters / 4 + 100 reply tokens = 110; real: 10 + 5 = 15.
  assert.deepEqual(calls, ["acquire 110", "settle -95"]);
});

Deno.test("runBatch: an item whose model cannot be created fails alone", async () => {
  const run = harness([item("a", "x"), item("b", "y", { provider: "nope" })], {}, {
    modelFor: (batchItem) =>
      batchItem.provider === "nope"
        ? Promise.reject(new AuthRejectedError("no such key"))
        : Promise.resolve({
          model: fakeModel({ inFlight: 0, max: 0, requests: [] }),
        }),
  });
  await assert.rejects(runBatch(run.options, run.dependencies), SilentError);
  const results = parseLines(await run.stdout());
  assert.equal(results.length, 2);
  assert.deepEqual(results.find((result) => result.id === "b").error, {
    message: "no such key",
    exit_code: 4,
    error_type: "auth_rejected",
  });
});

Deno.test("runBatch: a journal that cannot be written stops the batch with that error", async () => {
  let appended = 0;
  const lines = Array.from({ length: 20 }, (_, index) => item(index, "wait=1"));
  const run = harness(lines, { concurrency: 2 }, {
    append: () => ++appended > 3 ? Promise.reject(new Error("disk full")) : Promise.resolve(),
  });
  await assert.rejects(runBatch(run.options, run.dependencies), /disk full/);
  assert.ok(run.track.requests.length < 20);
});

const CLEAR_LINE = "\r\u001b[2K";

function terminalIo(stdoutIsTerminal: boolean) {
  let stderr = "";
  const io = createIo({
    stdin: new Blob([]).stream(),
    stdout: new WritableStream(),
    writeStderr: (bytes) => void (stderr += new TextDecoder().decode(bytes)),
    stdinIsTerminal: false,
    stdoutIsTerminal,
    stderrIsTerminal: true,
  }, { quiet: false, verbose: false, color: false });
  return { io, stderr: () => stderr };
}

Deno.test("runBatch: progress goes to stderr only when it is a terminal and stdout is not", async () => {
  const lines = Array.from({ length: 8 }, (_, index) => item(index, "wait=100"));
  const terminal = terminalIo(false);
  const run = harness(lines, { concurrency: 2 }, { io: terminal.io });
  await runBatch(run.options, run.dependencies);
  const drawn = terminal.stderr().split(CLEAR_LINE);
  assert.equal(drawn[0], "");
  assert.ok(drawn.length >= 3, JSON.stringify(terminal.stderr()));
  assert.match(drawn[1], /^batch t: \d+\/(…|8 \(\d+%\)) · 0 failed · [\d.]+\/s/);
  assert.match(drawn.at(-1)!, /^batch t: 8 results, 0 failed in [\d.]+s\n$/);
  const piped = harness(lines.slice(0, 4), { concurrency: 1 });
  await runBatch(piped.options, piped.dependencies);
  assert.doesNotMatch(piped.stderr(), /\r/);
  const both = terminalIo(true);
  const shared = harness(lines.slice(0, 4), { concurrency: 1 }, { io: both.io });
  await runBatch(shared.options, shared.dependencies);
  assert.doesNotMatch(both.stderr(), /\r/);
});

Deno.test("runBatch: the input is read ahead, so progress shows the total and an ETA", async () => {
  const lines = Array.from({ length: 8 }, (_, index) => item(index, "wait=100"));
  const terminal = terminalIo(false);
  const run = harness(lines, { concurrency: 2 }, { io: terminal.io });
  await runBatch(run.options, run.dependencies);
  const drawn = terminal.stderr().split(CLEAR_LINE).slice(1, -1).filter((line) => line !== "");
  assert.ok(drawn.length >= 2, JSON.stringify(terminal.stderr()));
  for (const line of drawn) assert.match(line, /^batch t: \d+\/8 \(\d+%\) · 0 failed/);
  assert.ok(drawn.some((line) => / · ETA \d+s$/.test(line)), JSON.stringify(drawn));
});

Deno.test("runBatch: Ctrl-C aborts the items in flight, which get no result, and ends with 130", async () => {
  const controller = new AbortController();
  const lines = [
    item("fast-1", "wait=0"),
    item("fast-2", "wait=0"),
    item("slow-1", "wait=5000"),
    item("slow-2", "wait=5000"),
    item("never", "wait=0"),
  ];
  const run = harness(lines, { concurrency: 2, ordered: true }, { signal: controller.signal });
  const running = runBatch(run.options, run.dependencies);
  // Two items finished and two in flight: waited for as a state, not guessed with a sleep.
  await run.changes.until(() => run.journal.length === 2 && run.track.requests.length === 4);
  controller.abort(new InterruptedError());
  await assert.rejects(
    running,
    (error) =>
      error instanceof InterruptedError && error.exitCode === 130 &&
      /Interrupted: the 2 results of this run are in the journal; run the same command with --resume/
        .test(error.message),
  );
  assert.deepEqual(run.journal.map((line) => JSON.parse(line).id), ["fast-1", "fast-2"]);
  assert.deepEqual(parseLines(await run.stdout()).map((result) => result.id), ["fast-1", "fast-2"]);
  assert.equal(run.track.requests.length, 4);
  assert.match(run.stderr(), /batch t: 2 results, 0 failed/);
});

Deno.test("runBatch: Ctrl-C while the input is still arriving stops reading it", async () => {
  const controller = new AbortController();
  const journal: string[] = [];
  const changes = new Changes();
  const track: Track = { inFlight: 0, max: 0, requests: [] };
  const context = memoryContext();
  const running = runBatch({ job: "t", ordered: false, concurrency: 2, onSecret: "redact" }, {
    io: context.io,
    lines: (async function* () {
      yield item("a", "x");
      await new Promise(() => {}); // stdin left open
    })(),
    append: (line) => {
      journal.push(line);
      changes.notify();
      return Promise.resolve();
    },
    done: new Set(),
    previousFailures: 0,
    modelFor: () => Promise.resolve({ model: fakeModel(track) }),
    now: () => performance.now(),
    signal: controller.signal,
  });
  await changes.until(() => journal.length === 1);
  controller.abort(new InterruptedError());
  await assert.rejects(running, InterruptedError);
  assert.equal(journal.length, 1);
});

Deno.test("describeSummary", () => {
  assert.equal(
    describeSummary("j", {
      results: 1,
      failed: 0,
      skipped: 0,
      previousFailures: 0,
      elapsedMs: 1234,
    }),
    "batch j: 1 result, 0 failed in 1.2s",
  );
});
