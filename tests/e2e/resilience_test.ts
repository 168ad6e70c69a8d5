/**
 * Fault injection end to end: the real CLI against a fake OpenAI server that
 * misbehaves on command. For each fault: how many requests the fake saw (so
 * how many retries), the waits asked for between them, the exit code, the
 * partial output, no canary anywhere.
 *
 * The faults run the command code in process (`runInProcess`) with a clock
 * that never waits (`instantClock`): the waits are asserted exactly, never
 * measured. Signals and a closed stdout need a real process (`spawnOmn`).
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

Deno.test("SIGINT in stream-json: exit 130 and a final result object after the deltas", async () => {
  const stall: Fault = { kind: "stall-mid-stream", afterChunks: 2 };
  await interact([stall], ["-o", "stream-json"], async (child) => {
    const stdout = child.stdout.getReader();
    const seen = await readUntil(stdout, (text) => text.split('"text_delta"').length === 3);
    child.kill("SIGINT");
    const result = await finish(child, seen, stdout);
    assert.equal(result.code, 130, result.stderr);
    const result_ = events(result).at(-1)!;
    assert.equal(result_.type, "result");
    assert.equal(result_.is_error, true);
    assert.equal(result_.error, "interrupted");
    assert.equal(result_.result, partialReply(2));
    return result;
  });
});

Deno.test("SIGTERM in json mode: exit 130 and one valid result object with the text received", async () => {
  const stall: Fault = { kind: "stall-mid-stream", afterChunks: 3 };
  await interact([stall], ["-o", "json"], async (child, fake) => {
    await fake.stalled;
    await new Promise((resolve) => setTimeout(resolve, 300)); // the last bytes reach omn
    child.kill("SIGTERM");
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

Deno.test("SIGINT during a retry's wait ends it at once: exit 130", async () => {
  await interact([rateLimited({ retryAfter: "30" })], [], async (child, fake) => {
    const stderr = child.stderr.getReader();
    const seen = await readUntil(stderr, (text) => text.includes("retrying in 30.0 s"));
    child.kill("SIGINT");
    const status = await child.status;
    const rest = await readUntil(stderr, () => false);
    const stdout = await new Response(child.stdout).text();
    assert.equal(status.code, 130, seen + rest);
    // Had it waited the 30 s out, it would have sent the retry: no clock needed to see it.
    assert.equal(fake.requests.length, 1, "it did not wait the 30 s and retry");
    assert.equal(stdout, "");
    return { code: status.code, stdout, stderr: seen + rest };
  });
});

Deno.test("a second SIGINT exits at once when the first cannot finish (stdout not read)", async () => {
  const reply = largeReply(4 * 1024 * 1024);
  await interact([{ kind: "ok", reply, chunkSize: 16 * 1024 }], [], async (child, fake) => {
    while (fake.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 500)); // stdout's pipe fills up
    child.kill("SIGINT");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = performance.now();
    try {
      child.kill("SIGINT");
    } catch {
      // It had already ended after the first.
    }
    const status = await child.status;
    assert.equal(status.code, 130);
    assert.ok(performance.now() - started < 2000, "the second signal ended it at once");
    await child.stdout.cancel();
    const stderr = await new Response(child.stderr).text();
    return { code: status.code, stdout: "", stderr };
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
