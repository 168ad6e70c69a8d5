import assert from "node:assert/strict";
import { type AskOptions, runAsk } from "../../src/ask/run_ask.ts";
import { AskRetryNotices } from "../../src/ask/ask_retry_notices.ts";
import { createInterrupts } from "../../src/core/interrupts.ts";
import { InterruptedError } from "../../src/core/errors.ts";
import { createIo } from "../../src/core/io.ts";
import type { RetryEvent } from "../../src/net/retrying_fetch.ts";
import type {
  GenerateRequest,
  LanguageModel,
  ModelEvent,
} from "../../src/providers/language_model.ts";
import { memoryContext } from "../cli/_memory_io.ts";

const RETRY: RetryEvent = {
  provider: "fake",
  attempt: 1,
  maxRetries: 4,
  delayMs: 1000,
  status: 429,
  reason: "429",
};

/** A model whose request is retried once (as the fetch layer would announce it), then answers. */
function retriedModel(
  notify: () => ((event: RetryEvent) => Promise<void>) | undefined,
): LanguageModel {
  return {
    provider: "fake",
    modelId: "fake-1",
    async *stream(): AsyncIterable<ModelEvent> {
      await notify()?.(RETRY);
      yield { type: "text-delta", text: "Hello" };
      yield {
        type: "finish",
        finishReason: "stop",
        usage: { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0 },
      };
    },
  };
}

function options(output: AskOptions["output"], stream = true): AskOptions {
  return { words: ["hi"], output, stream, onSecret: "redact" };
}

async function runRetried(output: AskOptions["output"]) {
  const context = memoryContext();
  const retries = new AskRetryNotices(context.io, output);
  await runAsk(options(output), {
    io: context.io,
    model: retriedModel(() => retries.notify),
    now: () => 0,
    sessionId: "s",
    retries,
  });
  await context.io.close();
  return context;
}

Deno.test("a retry is one line on stderr in text mode", async () => {
  const context = await runRetried("text");
  assert.equal(context.stdout(), "Hello\n");
  assert.equal(context.stderr(), "retrying in 1.0 s after 429 from fake (retry 1 of 4)\n");
});

Deno.test("a retry is a retry event in stream-json, and counted in the result", async () => {
  const context = await runRetried("stream-json");
  const events = context.stdout().trim().split("\n").map((line) => JSON.parse(line));
  assert.deepEqual(events.map((event) => event.type), ["system", "retry", "text_delta", "result"]);
  assert.deepEqual(events[1], {
    type: "retry",
    attempt: 1,
    delay_ms: 1000,
    status: 429,
    reason: "429",
  });
  assert.equal(events[3].retries, 1);
  assert.equal(context.stderr(), "");
});

Deno.test("json: the result object counts the retries", async () => {
  const context = await runRetried("json");
  const result = JSON.parse(context.stdout());
  assert.equal(result.retries, 1);
  assert.equal(result.is_error, false);
});

/**
 * A model that sends "Hello " and, once the run has taken it and asks for more, calls `taken`
 * and waits until its request is aborted.
 */
function stallingModel(taken: () => void): LanguageModel {
  return {
    provider: "fake",
    modelId: "fake-1",
    async *stream(request: GenerateRequest): AsyncIterable<ModelEvent> {
      yield { type: "text-delta", text: "Hello " };
      taken();
      await new Promise((_, reject) => {
        request.signal?.addEventListener("abort", () => reject(request.signal!.reason), {
          once: true,
        });
      });
    },
  };
}

/** Interruptions whose signals the test sends itself; the first one must never exit. */
function signalledInterrupts() {
  let handler: ((signal: string) => void) | undefined;
  const interrupts = createInterrupts({
    listen: (listener) => void (handler = listener),
    exit: () => assert.fail("the first signal must not exit"),
  });
  return { interrupts, send: (signal: string) => handler!(signal) };
}

async function runInterrupted(output: AskOptions["output"], stream = true) {
  const context = memoryContext();
  const { interrupts, send } = signalledInterrupts();
  // The signal comes once runAsk has taken "Hello " and asks for more: an event, not a 10 ms
  // timer that had to outrun the run's handling of the first delta.
  const model = stallingModel(() => setTimeout(() => send("SIGINT"), 0));
  await assert.rejects(
    runAsk(options(output, stream), {
      io: context.io,
      model,
      now: () => 0,
      sessionId: "s",
      interrupts,
    }),
    (error: Error) => error instanceof InterruptedError && error.message === "interrupted",
  );
  await context.io.close();
  return context;
}

Deno.test("an interruption keeps the text received, in every mode, and ends with a valid result", async () => {
  assert.equal((await runInterrupted("text")).stdout(), "Hello \n");
  assert.equal((await runInterrupted("text", false)).stdout(), "Hello \n");
  const json = JSON.parse((await runInterrupted("json")).stdout());
  assert.equal(json.is_error, true);
  assert.equal(json.error, "interrupted");
  assert.equal(json.result, "Hello ");
  const lines = (await runInterrupted("stream-json")).stdout().trim().split("\n");
  const last = JSON.parse(lines.at(-1)!);
  assert.equal(last.type, "result");
  assert.equal(last.error, "interrupted");
  assert.equal(last.result, "Hello ");
});

Deno.test("an interruption while a delta waits for stdout ends the run as interrupted, not with an uncaught failure", async () => {
  // A reader slower than the reply (`omn ask … | slow-consumer`): the second large delta waits for
  // stdout, the signal comes, then stdout takes it and the loop asks the stream for more. The
  // stream, aborted, fails that step (as the AI SDK's providers do); nothing took that failure.
  const { interrupts, send } = signalledInterrupts();
  const stdoutFree = Promise.withResolvers<void>();
  let writes = 0;
  let stdout = "";
  const decoder = new TextDecoder();
  const io = createIo({
    stdin: new Blob([""]).stream(),
    stdout: new WritableStream({
      async write(chunk) {
        stdout += decoder.decode(chunk, { stream: true });
        if (writes++ > 0) return;
        // The signal comes while stdout is busy with the first delta, and the second waits;
        // stdout takes it a turn after the signal, in that order by construction (not a 10 ms
        // timer that must fire before a 30 ms one).
        setTimeout(() => {
          send("SIGINT");
          setTimeout(() => stdoutFree.resolve(), 0);
        }, 0);
        await stdoutFree.promise;
      },
    }),
    writeStderr: () => {},
    stdinIsTerminal: false,
    stdoutIsTerminal: false,
    stderrIsTerminal: false,
  }, { quiet: false, verbose: false, color: false });
  const delta = "word ".repeat(20_000); // over the 64 KiB stdout takes without holding up the reply
  const model: LanguageModel = {
    provider: "fake",
    modelId: "fake-1",
    async *stream(request: GenerateRequest): AsyncIterable<ModelEvent> {
      yield { type: "text-delta", text: delta };
      yield { type: "text-delta", text: delta };
      request.signal?.throwIfAborted();
      yield { type: "text-delta", text: "never" };
    },
  };
  await assert.rejects(
    runAsk(options("text"), { io, model, now: () => 0, sessionId: "s", interrupts }),
    InterruptedError,
  );
  await io.close();
  // An unhandled rejection would fail this test when the event loop next turns.
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.equal(stdout, `${delta}${delta}\n`);
});

Deno.test("a signal after the reply streamed, while the history saves it, ends the run as interrupted", async () => {
  // The stream is over but the run is not: Ctrl-C there was taken by the reply's watch, which
  // nothing was racing any more, so the run went on and ended 0 with a success result.
  const context = memoryContext();
  const { interrupts, send } = signalledInterrupts();
  const saving = Promise.withResolvers<void>();
  let saved = false;
  await assert.rejects(
    runAsk(options("json"), {
      io: context.io,
      model: retriedModel(() => undefined),
      now: () => 0,
      sessionId: "s",
      interrupts,
      onReply: async () => {
        setTimeout(() => send("SIGTERM"), 0);
        await saving.promise;
        saved = true;
      },
    }),
    (error: Error) => error instanceof InterruptedError && error.cause === "SIGTERM",
  );
  await context.io.close();
  const result = JSON.parse(context.stdout());
  assert.deepEqual(
    [result.is_error, result.error, result.error_type, result.result],
    [true, "interrupted", "interrupted", "Hello"],
  );
  assert.equal(saved, false, "the run ended without waiting for the save");
  saving.resolve();
});

Deno.test("a run interrupted before the reply's watch (reading stdin) prints nothing more and sends nothing", async () => {
  // The run's watch took the signal and printed the result; the command went on (stdin ended
  // with the same Ctrl-C), printed its init event after that result and started the request.
  const context = memoryContext();
  const { interrupts, send } = signalledInterrupts();
  using _run = interrupts.watch();
  send("SIGINT");
  let streams = 0;
  const model: LanguageModel = {
    ...retriedModel(() => undefined),
    stream(request) {
      streams += 1;
      return retriedModel(() => undefined).stream(request);
    },
  };
  await assert.rejects(
    runAsk(options("stream-json"), {
      io: context.io,
      model,
      now: () => 0,
      sessionId: "s",
      interrupts,
    }),
    InterruptedError,
  );
  await context.io.close();
  assert.equal(context.stdout(), "");
  assert.equal(streams, 0, "no request");
});
