/**
 * Fault injection end to end: the real CLI against a fake OpenAI server that
 * misbehaves on command. For each fault: how many requests the fake saw (so
 * how many retries), the waits asked for between them, the exit code, the
 * partial output, no canary anywhere.
 *
 * The faults run the command code in process (`runInProcess`) with a clock
 * that never waits (`instantClock`): the waits are asserted exactly, never
 * measured. What an interruption does to the output and to a retry's wait
 * runs in process too, with interruptions the test fires itself; a real
 * SIGINT and SIGTERM, a second SIGINT and a closed stdout need a real
 * process (`spawnOmn`).
 *
 * @module
 */
import assert from "node:assert/strict";
import { openaiProjectKey } from "../credentials/_canaries.ts";
import { DEFAULT_REPLY } from "../fakes/_fake_server.ts";
import {
  apiError,
  type Fault,
  type FaultFake,
  INVALID_UTF8_TEXT,
  largeReply,
  partialReply,
  proxyErrorPage,
  rateLimited,
  serverError,
  startFaultFake,
} from "../fakes/fault_fake.ts";
import { assertNoCanary, assertNoCanaryInTree } from "./_canary_checks.ts";
import { runInProcess } from "./_in_process.ts";
import { type OmnResult, spawnOmn, tempWorkspace, type Workspace } from "./_omn.ts";
import { instantClock } from "../_support/instant_clock.ts";
import { createInterrupts } from "../../src/core/interrupts.ts";
import { abortableSleep, type Clock } from "../../src/core/clock.ts";
import { REPEAT_WINDOW_MS } from "../../src/core/interrupts.ts";

const KEY = openaiProjectKey("RESILIENCE");
const ENV = { OPENAI_API_KEY: KEY };
/** Short waits between retries, so that the tests stay fast. */
const FAST = ["--max-retry-wait", "0.05"];
interface Run extends OmnResult {
  fake: FaultFake;
  /** The waits between retries that omn asked for, in milliseconds. */
  waits: number[];
}

/** Runs `omn ask` in process against a fault fake, and checks that no canary leaked. */
async function ask(
  script: Fault[],
  args: string[],
  check: (run: Run) => void | Promise<void>,
  then?: Fault,
): Promise<void> {
  await using workspace = await tempWorkspace();
  await using fake = await startFaultFake({ apiKey: KEY, script, then });
  const clock = instantClock();
  const result = await runInProcess(
    ["ask", "--provider", "openai", "--base-url", fake.baseURL, ...args, "Say hello"],
    { ...workspace, env: ENV, clock },
  );
  await check({ ...result, fake, waits: clock.waits });
  assert.deepEqual(fake.violations, []);
  await assertNoLeak(result, workspace);
}

async function assertNoLeak(result: OmnResult, workspace: Workspace): Promise<void> {
  assertNoCanary({ stdout: result.stdout, stderr: result.stderr }, [KEY]);
  await assertNoCanaryInTree(workspace.root, [KEY]);
}

function stderrLines(run: OmnResult): string[] {
  return run.stderr.trimEnd().split("\n").filter((line) => line !== "");
}

function events(run: OmnResult): Record<string, unknown>[] {
  return run.stdout.trim().split("\n").map((line) => JSON.parse(line));
}

const retryLine = (reason: string, attempt: number, of: number) =>
  new RegExp(
    `^retrying in \\d+(\\.\\d)? m?s after ${reason} from openai \\(retry ${attempt} of ${of}\\)$`,
  );

// ---------------------------------------------------------------------------
// Retries

Deno.test("a 429 storm without Retry-After: backoff, --max-retries retries, then exit 5", async () => {
  await ask([], ["--max-retries", "2", ...FAST], (run) => {
    assert.equal(run.code, 5, run.stderr);
    assert.equal(run.fake.requests.length, 3);
    assert.equal(run.stdout, "");
    const lines = stderrLines(run);
    assert.equal(lines.length, 3, run.stderr);
    assert.match(lines[0], retryLine("429", 1, 2));
    assert.match(lines[1], retryLine("429", 2, 2));
    assert.match(
      lines[2],
      /^error: openai rate limited the request \(429: Rate limit reached for gpt-4o-mini .*\) after 2 retries$/,
    );
  }, rateLimited());
});

Deno.test("a 429 storm in json mode: one error result counting the retries", async () => {
  await ask([], ["--max-retries", "1", ...FAST, "-o", "json"], (run) => {
    assert.equal(run.code, 5, run.stderr);
    assert.equal(run.fake.requests.length, 2);
    const result = JSON.parse(run.stdout);
    assert.equal(result.is_error, true);
    assert.equal(result.retries, 1);
    assert.match(result.error, /rate limited the request \(429: .*\) after 1 retry$/);
  }, rateLimited());
});

Deno.test("a 429 with Retry-After: 1 waits the second it asks for, then the reply", async () => {
  await ask([rateLimited({ retryAfter: "1" })], [], (run) => {
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.fake.requests.length, 2);
    assert.equal(run.stdout, `${DEFAULT_REPLY}\n`);
    assert.equal(run.stderr, "retrying in 1.0 s after 429 from openai (retry 1 of 4)\n");
    assert.deepEqual(run.waits, [1000], "it waited the second, no more, no less");
  });
});

Deno.test("a 429 whose limit resets later than --max-retry-wait: exit 5 at once, saying when", async () => {
  await ask([], FAST, (run) => {
    assert.equal(run.code, 5, run.stderr);
    assert.equal(run.fake.requests.length, 1);
    assert.match(
      run.stderr,
      /^error: openai rate limited the request \(429: .*\); it asks to wait 6 min 0 s, longer than the 50 ms omn waits at most \(--max-retry-wait\); the limit resets in 6 min 0 s \(at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)\n$/,
    );
  }, rateLimited({ resetRequests: "6m0s" }));
});

Deno.test("a 500 and a 503, then success: in stream-json, two retry events and the whole reply", async () => {
  await ask([serverError(500), serverError(503)], [...FAST, "-o", "stream-json"], (run) => {
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.fake.requests.length, 3);
    const lines = events(run);
    assert.deepEqual(lines.slice(0, 3).map((line) => [line.type, line.status, line.attempt]), [
      ["system", undefined, undefined],
      ["retry", 500, 1],
      ["retry", 503, 2],
    ]);
    assert.ok(typeof lines[1].delay_ms === "number");
    const deltas = lines.filter((line) => line.type === "text_delta");
    assert.equal(deltas.map((line) => line.text).join(""), DEFAULT_REPLY);
    const result = lines.at(-1)!;
    assert.equal(result.type, "result");
    assert.equal(result.retries, 2);
    assert.equal(run.stderr, "");
  });
});

Deno.test("a proxy's HTML 502 to the end: exit 5 naming the page, never printing it", async () => {
  await ask([], ["--max-retries", "1", ...FAST], (run) => {
    assert.equal(run.code, 5, run.stderr);
    assert.equal(run.fake.requests.length, 2);
    assert.equal(
      stderrLines(run).at(-1),
      'error: openai returned 502: an HTML page "502 Bad Gateway" after 1 retry',
    );
    assert.ok(!run.stderr.includes("<"), run.stderr);
  }, proxyErrorPage());
});

Deno.test("400, 403, 404 and 422 are never retried (exit 1); 401 neither (exit 4)", async () => {
  for (const [status, code] of [[400, 1], [401, 4], [403, 4], [404, 1], [422, 1]]) {
    await ask([apiError(status)], FAST, (run) => {
      assert.equal(run.code, code, `${status}: ${run.stderr}`);
      assert.equal(run.fake.requests.length, 1, `${status}`);
      assert.equal(stderrLines(run).length, 1, run.stderr);
      assert.doesNotMatch(run.stderr, /retrying/);
    });
  }
});

Deno.test("connections reset before the response are retried, then the reply", async () => {
  const reset: Fault = { kind: "reset-before-response" };
  await ask([reset, reset], FAST, (run) => {
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.fake.requests.length, 3);
    assert.equal(run.stdout, `${DEFAULT_REPLY}\n`);
    const lines = stderrLines(run);
    assert.match(lines[0], retryLine("a dropped connection", 1, 4));
    assert.match(lines[1], retryLine("a dropped connection", 2, 4));
  });
});

Deno.test("connections reset to the end: exit 5 naming the endpoint", async () => {
  await ask([], ["--max-retries", "1", ...FAST], (run) => {
    assert.equal(run.code, 5, run.stderr);
    assert.equal(run.fake.requests.length, 2);
    assert.match(
      stderrLines(run).at(-1)!,
      /^error: Cannot reach openai at "http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions": connection closed before message completed after 1 retry$/,
    );
  }, { kind: "reset-before-response" });
});

// ---------------------------------------------------------------------------
// Faults after the reply started: never retried, the partial text kept

Deno.test("a reset in the middle of the stream: not retried, exit 1, the partial text kept", async () => {
  const fault: Fault = { kind: "reset-mid-stream", afterChunks: 3 };
  await ask([fault], FAST, (run) => {
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.fake.requests.length, 1);
    assert.equal(run.stdout, `${partialReply(3)}\n`);
    assert.equal(
      run.stderr,
      "error: openai: the connection was lost while the reply was streaming (error reading a body from connection)\n",
    );
  });
  await ask([fault], [...FAST, "-o", "json"], (run) => {
    assert.equal(run.code, 1, run.stderr);
    const result = JSON.parse(run.stdout);
    assert.equal(result.is_error, true);
    assert.equal(result.result, partialReply(3));
    assert.equal(result.retries, 0);
  });
});

Deno.test("a stream that stalls: the idle timeout fires, exit 5 naming it, the partial text kept", async () => {
  await ask([{ kind: "stall-mid-stream", afterChunks: 2 }], ["--idle-timeout", "0.3"], (run) => {
    assert.equal(run.code, 5, run.stderr);
    assert.equal(run.fake.requests.length, 1);
    assert.equal(run.stdout, `${partialReply(2)}\n`);
    assert.equal(
      run.stderr,
      "error: openai: timed out while streaming: no data for 300 ms (idle timeout; raise it with --idle-timeout)\n",
    );
  });
});

Deno.test("a truncated stream (no finish, no [DONE]): exit 1, the partial text kept", async () => {
  await ask([{ kind: "truncated-stream", afterChunks: 3 }], [], (run) => {
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.fake.requests.length, 1);
    assert.equal(run.stdout, `${partialReply(3)}\n`);
    assert.equal(
      run.stderr,
      "error: openai: the reply stream ended before the reply was complete\n",
    );
  });
});

Deno.test("malformed JSON in the stream: exit 1, one line on stderr, the partial text kept", async () => {
  await ask([{ kind: "malformed-json", afterChunks: 2 }], [], (run) => {
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stdout, `${partialReply(2)}\n`);
    assert.equal(
      run.stderr,
      "error: openai: the reply stream carried an event that is not JSON\n",
    );
  });
});

// ---------------------------------------------------------------------------
// Timeouts before the reply

Deno.test("no response at all: the connect timeout fires on each attempt, exit 5 naming it", async () => {
  await ask([], ["--connect-timeout", "0.2", "--max-retries", "1", ...FAST], (run) => {
    assert.equal(run.code, 5, run.stderr);
    assert.equal(run.fake.requests.length, 2);
    assert.match(stderrLines(run)[0], retryLine("a connect timeout", 1, 1));
    assert.equal(
      stderrLines(run)[1],
      "error: openai: timed out waiting for the response to start (connect timeout, 200 ms; raise it with --connect-timeout) after 1 retry",
    );
  }, { kind: "stall-before-response" });
});

Deno.test("headers but no body: the first-byte timeout fires and the request is retried", async () => {
  await ask([{ kind: "stall-before-body" }], ["--first-byte-timeout", "0.3", ...FAST], (run) => {
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.fake.requests.length, 2);
    assert.equal(run.stdout, `${DEFAULT_REPLY}\n`);
    assert.deepEqual(stderrLines(run).length, 1, run.stderr);
    assert.match(stderrLines(run)[0], retryLine("a first-byte timeout", 1, 4));
  });
});

Deno.test("--timeout bounds the whole request, retries and waits included", async () => {
  await ask(
    [],
    ["--timeout", "0.6", "--max-retries", "100", "--max-retry-wait", "0.2"],
    (run) => {
      assert.equal(run.code, 5, run.stderr);
      assert.ok(run.fake.requests.length >= 2, `${run.fake.requests.length} requests`);
      assert.match(stderrLines(run).at(-1)!, /total time limit of 600 ms \(--timeout\)|--timeout/);
      const waited = run.waits.reduce((sum, wait) => sum + wait, 0);
      assert.ok(waited <= 600, `the waits stay within the limit: ${run.waits.join(", ")}`);
    },
    serverError(503),
  );
});

// ---------------------------------------------------------------------------
// Odd replies

Deno.test("a 10 MB reply arrives whole", async () => {
  const reply = largeReply(10 * 1024 * 1024);
  await ask([{ kind: "ok", reply, chunkSize: 16 * 1024 }], [], (run) => {
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.length, reply.length + (reply.endsWith("\n") ? 0 : 1));
    assert.ok(run.stdout.startsWith(reply), "the reply, byte for byte");
  });
});

Deno.test("invalid UTF-8 in the reply becomes U+FFFD; the run succeeds", async () => {
  await ask([{ kind: "invalid-utf8" }], [], (run) => {
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, `${INVALID_UTF8_TEXT}\n`);
  });
});

// ---------------------------------------------------------------------------
// Interruptions in process: what the command does with one

/** Interruptions that the test fires itself, as Ctrl-C or SIGTERM would. */
function testInterrupts() {
  let handler: ((signal: string) => void) | undefined;
  const exits: number[] = [];
  const interrupts = createInterrupts({
    listen: (listener) => void (handler = listener),
    exit: (code) => void exits.push(code),
  });
  return {
    interrupts,
    /** Exits asked for at once (a signal while nothing was watched). */
    exits,
    send(signal: string): void {
      assert.ok(handler, "omn watches for interruptions while it asks");
      handler(signal);
    },
  };
}

Deno.test("SIGINT in stream-json: exit 130 and a final result object after the deltas", async () => {
  await using workspace = await tempWorkspace();
  await using fake = await startFaultFake({
    apiKey: KEY,
    script: [{ kind: "stall-mid-stream", afterChunks: 2 }],
  });
  const signals = testInterrupts();
  let seen = "";
  let sent = false;
  const result = await runInProcess(
    ["ask", "--provider", "openai", "--base-url", fake.baseURL, "-o", "stream-json", "Say hello"],
    {
      ...workspace,
      env: ENV,
      interrupts: signals.interrupts,
      onStdout(text) {
        seen += text;
        if (!sent && seen.split('"text_delta"').length === 3) {
          sent = true;
          // As a real signal does: after the write, not inside it.
          setTimeout(() => signals.send("SIGINT"), 0);
        }
      },
    },
  );
  assert.equal(result.code, 130, result.stderr);
  assert.deepEqual(signals.exits, [], "the first signal ends the request, not the process");
  const result_ = events(result).at(-1)!;
  assert.equal(result_.type, "result");
  assert.equal(result_.is_error, true);
  assert.equal(result_.error, "interrupted");
  assert.equal(result_.result, partialReply(2));
  await assertNoLeak(result, workspace);
});

Deno.test("SIGINT during a retry's wait ends it at once: exit 130", async () => {
  await using workspace = await tempWorkspace();
  await using fake = await startFaultFake({
    apiKey: KEY,
    script: [rateLimited({ retryAfter: "30" })],
  });
  const signals = testInterrupts();
  const waits: { milliseconds: number; endedByTheSignal: boolean }[] = [];
  // Ctrl-C arrives as the wait starts: the wait must end with it, not after 30 s.
  const clock: Clock = {
    now: () => Date.now(),
    async sleep(milliseconds, signal) {
      signals.send("SIGINT");
      const endedByTheSignal = signal?.aborted === true;
      waits.push({ milliseconds, endedByTheSignal });
      if (!endedByTheSignal) return; // Never wait the 30 s; the assertion below fails instead.
      await abortableSleep(milliseconds, signal);
    },
  };
  const result = await runInProcess(
    ["ask", "--provider", "openai", "--base-url", fake.baseURL, "Say hello"],
    { ...workspace, env: ENV, interrupts: signals.interrupts, clock },
  );
  assert.equal(result.code, 130, result.stderr);
  assert.match(result.stderr, /retrying in 30\.0 s/);
  assert.deepEqual(waits, [{ milliseconds: 30_000, endedByTheSignal: true }]);
  assert.deepEqual(signals.exits, []);
  assert.equal(fake.requests.length, 1);
  assert.equal(result.stdout, "");
  await assertNoLeak(result, workspace);
});

// ---------------------------------------------------------------------------
// Signals and a closed stdout

/** Reads a stream until `done(text)` holds; returns the text so far. */
async function readUntil(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  done: (text: string) => boolean,
): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  while (!done(text)) {
    const next = await reader.read();
    if (next.done) break;
    text += decoder.decode(next.value, { stream: true });
  }
  return text;
}

/** Starts omn against a fake and hands both to `act`, then checks for leaks. */
async function interact(
  script: Fault[],
  args: string[],
  act: (child: Deno.ChildProcess, fake: FaultFake) => Promise<OmnResult>,
): Promise<void> {
  await using workspace = await tempWorkspace();
  await using fake = await startFaultFake({ apiKey: KEY, script });
  const child = spawnOmn(
    ["ask", "--provider", "openai", "--base-url", fake.baseURL, ...args, "Say hello"],
    { ...workspace, env: ENV },
  );
  // No time limit: on a busy machine a process start alone can take seconds.
  const result = await act(child, fake);
  await assertNoLeak(result, workspace);
}

/** Waits for the end of the process and the rest of its output. */
async function finish(
  child: Deno.ChildProcess,
  stdoutSoFar: string,
  stdout: ReadableStreamDefaultReader<Uint8Array>,
): Promise<OmnResult> {
  const rest = await readUntil(stdout, () => false);
  const [status, stderr] = await Promise.all([child.status, new Response(child.stderr).text()]);
  return { code: status.code, stdout: stdoutSoFar + rest, stderr };
}

Deno.test("SIGINT after the first text: exit 130, the text received kept on stdout", async () => {
  const stall: Fault = { kind: "stall-mid-stream", afterChunks: 3 };
  await interact([stall], [], async (child) => {
    const stdout = child.stdout.getReader();
    const seen = await readUntil(stdout, (text) => text === partialReply(3));
    child.kill("SIGINT");
    const result = await finish(child, seen, stdout);
    assert.equal(result.code, 130, result.stderr);
    assert.equal(result.stdout, `${partialReply(3)}\n`);
    assert.equal(result.stderr, "error: interrupted\n");
    return result;
  });
});

for (const signal of ["SIGTERM", "SIGHUP"] as const) {
  Deno.test(`${signal} in json mode: exit 130 and one valid result object with the text received`, async () => {
    const stall: Fault = { kind: "stall-mid-stream", afterChunks: 3 };
    await interact([stall], ["-o", "json"], async (child, fake) => {
      await fake.stalled;
      await new Promise((resolve) => setTimeout(resolve, 300)); // the last bytes reach omn
      child.kill(signal);
      const stdout = child.stdout.getReader();
      const result = await finish(child, "", stdout);
      assert.equal(result.code, 130, result.stderr);
      const object = JSON.parse(result.stdout);
      assert.equal(object.is_error, true);
      assert.equal(object.error, "interrupted");
      assert.equal(object.result, partialReply(3));
      return result;
    });
  });
}

Deno.test("a second SIGINT exits at once when the first cannot finish (stdout not read)", async () => {
  // One event of 2 MB, then a stall: once its first bytes are on stdout, omn holds 2 MB to
  // write to a pipe that takes 64 KB and that the test no longer reads, so the first SIGINT
  // cannot finish. No sleep decides it: each step waits for the event it needs.
  const reply = largeReply(2 * 1024 * 1024);
  const stall: Fault = { kind: "stall-mid-stream", afterChunks: 1, chunks: [reply] };
  await interact([stall], [], async (child, fake) => {
    const stdout = child.stdout.getReader();
    const first = await readUntil(stdout, (text) => text.length > 0);
    assert.ok(reply.startsWith(first), "the reply's first bytes");
    child.kill("SIGINT");
    // omn gave up the request: it took the first SIGINT, and is still writing to stdout.
    await fake.abandoned;
    // A signal within REPEAT_WINDOW_MS of the first counts as the same one, delivered twice
    // (interrupts.ts); the first was taken before the connection closed.
    await new Promise((resolve) => setTimeout(resolve, REPEAT_WINDOW_MS));
    child.kill("SIGINT");
    const status = await child.status;
    assert.equal(status.code, 130);
    // It ended in the middle of the write: the first SIGINT could not finish, the second ended it.
    const rest = await readUntil(stdout, () => false);
    assert.ok(first.length + rest.length < reply.length, `${first.length + rest.length} bytes`);
    assert.ok(reply.startsWith(first + rest));
    const stderr = await new Response(child.stderr).text();
    return { code: status.code, stdout: first + rest, stderr };
  });
});

Deno.test("a closed stdout (omn ask … | head -1) ends quietly: exit 0, nothing on stderr", async () => {
  const lines = Array.from({ length: 300 }, (_, index) => `line ${index}\n`).join("");
  await interact(
    [{ kind: "ok", reply: lines, delayMilliseconds: 2 }],
    [],
    async (child) => {
      const stdout = child.stdout.getReader();
      const first = await readUntil(stdout, (text) => text.includes("\n"));
      await stdout.cancel();
      const [status, stderr] = await Promise.all([child.status, new Response(child.stderr).text()]);
      assert.ok(first.startsWith("line 0\n"));
      assert.equal(stderr, "");
      assert.equal(status.code, 0);
      return { code: status.code, stdout: first, stderr };
    },
  );
});
