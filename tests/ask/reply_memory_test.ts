/**
 * Memory stays bounded whatever the provider sends: a long streamed reply is
 * written out whole, while the copies omn keeps (the JSON result, history, a
 * batch result, a chat conversation) stop at the keep limit and say so. The
 * limit is injected small so the test stays fast; `scripts/bench_reply_memory.ts`
 * measures the memory of a real 256 MiB reply.
 */
import assert from "node:assert/strict";
import { type AskOptions, runAsk } from "../../src/ask/run_ask.ts";
import { runBatch } from "../../src/batch/run_batch.ts";
import { ReplyWriter } from "../../src/chat/reply_writer.ts";
import { ProviderError } from "../../src/core/errors.ts";
import { openAskHistory } from "../../src/ask/ask_history.ts";
import type { LanguageModel, ModelEvent } from "../../src/providers/language_model.ts";
import { memoryContext } from "../cli/_memory_io.ts";

const LIMIT = 5000;
const DELTAS = 400;
const DELTA = "0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ.\n".repeat(4);
const TOTAL = DELTAS * DELTA.length;

function longModel(): LanguageModel {
  return {
    provider: "fake",
    modelId: "fake-1",
    async *stream(): AsyncIterable<ModelEvent> {
      for (let index = 0; index < DELTAS; index++) yield { type: "text-delta", text: DELTA };
      yield {
        type: "finish",
        finishReason: "stop",
        usage: { inputTokens: 1, outputTokens: DELTAS, cachedInputTokens: 0 },
      };
    },
  };
}

async function ask(output: AskOptions["output"], stream = true, extra: Partial<AskOptions> = {}) {
  const context = memoryContext();
  const run = runAsk({
    words: ["hi"],
    output,
    stream,
    onSecret: "redact",
    keepLimit: LIMIT,
    ...extra,
  }, {
    io: context.io,
    model: longModel(),
    now: () => 0,
    sessionId: "s",
  });
  const error = await run.then(() => undefined, (failure) => failure);
  await context.io.close();
  return { stdout: context.stdout(), error };
}

Deno.test("ask text: a reply longer than the keep limit is written out whole", async () => {
  assert.equal((await ask("text")).stdout, DELTA.repeat(DELTAS));
  assert.equal((await ask("text", false)).stdout, DELTA.repeat(DELTAS), "--no-stream too");
});

Deno.test("ask json: the result keeps the limit and says truncated", async () => {
  const result = JSON.parse((await ask("json")).stdout);
  assert.equal(result.result.length, LIMIT);
  assert.equal(result.truncated, true);
  assert.equal(result.is_error, false);
});

Deno.test("ask stream-json: the deltas carry the whole reply, the result only the limit", async () => {
  const events = (await ask("stream-json")).stdout.trim().split("\n").map((line) =>
    JSON.parse(line)
  );
  const deltas = events.filter((event) => event.type === "text_delta");
  assert.equal(deltas.map((event) => event.text).join("").length, TOTAL);
  const result = events.at(-1);
  assert.equal(result.type, "result");
  assert.equal(result.result.length, LIMIT);
  assert.equal(result.truncated, true);
});

Deno.test("ask: a short reply's result has no truncated field", async () => {
  const result = JSON.parse((await ask("json", true, { keepLimit: TOTAL })).stdout);
  assert.equal(result.result.length, TOTAL);
  assert.equal("truncated" in result, false);
});

Deno.test("ask --schema: a reply longer than the limit cannot be checked, exit 1", async () => {
  const { error } = await ask("json", true, { jsonSchema: { type: "object" } });
  assert.ok(error instanceof ProviderError);
  assert.match(
    error.message,
    /^Cannot check the reply against --schema: it is longer than the 5000 characters omn keeps$/,
  );
});

Deno.test("history: the stored reply keeps the limit and a note", async () => {
  const root = await Deno.makeTempDir({ prefix: "omn-reply-memory-" });
  try {
    const context = memoryContext({ env: { OMNIMANCER_HOME: `${root}/home` } });
    // As `omn ask` does: runAsk streams through the history's model and hands it the reply.
    const history = await openAskHistory({}, context, { version: 1 });
    const kept = await runAsk(
      { words: ["hi"], output: "text", stream: true, onSecret: "redact", keepLimit: LIMIT },
      {
        io: context.io,
        model: history.wrap(longModel()),
        now: () => 0,
        sessionId: history.sessionId,
      },
    );
    await history.save(kept);
    const saved = JSON.parse(
      await Deno.readTextFile(`${root}/home/conversations/${history.sessionId}.json`),
    );
    const reply: string = saved.messages[1].content;
    assert.ok(reply.startsWith(DELTA.repeat(DELTAS).slice(0, LIMIT)));
    assert.match(
      reply.slice(LIMIT),
      /^\n\[omn: reply truncated: only its first 5000 characters were kept\]$/,
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("batch: the result keeps the limit and says truncated", async () => {
  const journal: string[] = [];
  const context = memoryContext();
  await runBatch({
    job: "long",
    ordered: false,
    concurrency: 1,
    onSecret: "redact",
    keepLimit: LIMIT,
  }, {
    io: context.io,
    lines: ReadableStream.from(['{"id": 1, "prompt": "hi"}']),
    append: (line) => Promise.resolve(void journal.push(line)),
    done: new Set(),
    previousFailures: 0,
    modelFor: () => Promise.resolve({ model: longModel() }),
    now: () => 0,
  });
  const result = JSON.parse(journal[0]);
  assert.equal(result.text.length, LIMIT);
  assert.equal(result.truncated, true);
});

Deno.test("chat: the reply is written whole and kept only up to the limit", async () => {
  let written = 0;
  const writer = new ReplyWriter(
    new WritableStream({ write: (chunk) => void (written += chunk.length) }),
    { keepLimit: LIMIT },
  );
  for (let index = 0; index < DELTAS; index++) await writer.write(DELTA);
  const kept = await writer.end();
  assert.equal(written, TOTAL);
  assert.equal(
    kept.length,
    LIMIT + "\n[omn: reply truncated: only its first 5000 characters were kept]".length,
  );
});
